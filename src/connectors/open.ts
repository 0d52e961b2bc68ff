/**
 * Creating connectors from compiled connections (the I/O edge): secrets are resolved here, from
 * the environment or the secrets file, and never stored anywhere else.
 */
import { join, resolve } from 'node:path';
import type { CompiledConnection } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import { createLocalConnector } from './local/connector.js';
import { seedLocalStore } from './local/seed.js';
import type { Connector } from './types.js';
import { createGoogleConnector } from './google/connector.js';
import { createHubSpotConnector } from './hubspot/connector.js';
import { createSalesforceConnector } from './salesforce/connector.js';
import { startSalesforceEmulator } from './salesforce/emulator/server.js';
import type { CustomObjectOptions } from './salesforce/emulator/options.js';
import { withSuffix } from './salesforce/emulator/schema.js';
import { PRODUCTION_LOGIN_URL, SANDBOX_LOGIN_URL } from './salesforce/limits.js';
import { startHubSpotEmulator } from './hubspot/emulator/server.js';
import { startGoogleEmulator } from './google/emulator/server.js';
import { closingWith, hubspotCustomObject, SANDBOX_MARKER_FIELD, salesforceCustomObject, SANDBOX_TOKEN, sandboxCustomObjects, sandboxFile, sandboxSearchLagMs, sandboxSeed } from './sandbox.js';
import type { SandboxCustomObject } from '../config/schema-types.js';
import type { LimiterOptions } from './shared/limiter.js';
import type { AccountGates } from './shared/account-gate.js';
import { DEFAULT_BASE_URL as HUBSPOT_BASE_URL, MAX_IN_FLIGHT as HUBSPOT_IN_FLIGHT } from './hubspot/limits.js';
import { MAX_IN_FLIGHT as SALESFORCE_IN_FLIGHT } from './salesforce/limits.js';
import { MAX_IN_FLIGHT as GOOGLE_IN_FLIGHT } from './google/limits.js';
import { DEFAULT_ROOT_URL as GOOGLE_ROOT_URL } from './google/client.js';
import ms from 'ms';

const limiterOf = (rate: { max: number; window: string } | undefined): LimiterOptions | undefined =>
  rate ? { max: rate.max, windowMs: ms(rate.window as ms.StringValue) } : undefined;

export interface OpenOptions {
  /** Google (R20): read Other contacts too only when some sync asks for folder: all. */
  googleFolder?: 'contacts' | 'all';
  /** Salesforce custom objects the syncs name (R7). */
  customObjects?: string[];
  /** Associations to read with records, by object (R27). */
  associations?: Record<string, string[]>;
  /** The field that keeps the create marker, by object (`marker_property`). */
  markers?: Record<string, string>;
  root: string;
  env: NodeJS.ProcessEnv;
  secrets: Record<string, string>;
  /** Told before each retry wait (a rate limit, a passing error), to report it. */
  onRetry?: (connection: string, attempt: number, waitMs: number, error: unknown) => void;
  /**
   * The run's gates by account: connections that reach the same account (same address and
   * credential) share its rate limiters and in-flight cap. Without it, each connection has its own.
   */
  gates?: AccountGates;
}

const ownString = (from: Record<string, unknown>, key: string): string | undefined => {
  const v = Object.hasOwn(from, key) ? from[key] : undefined;
  return typeof v === 'string' ? v : undefined;
};

export function secretValue(conn: CompiledConnection, key: string, options: OpenOptions): string | undefined {
  const ref = (conn.config as unknown as Record<string, unknown>)[key] as { env?: string; secret?: string } | undefined;
  if (!ref) return undefined;
  // Own keys only: `{ env: constructor }` must not find Object's constructor.
  const value = ref.env !== undefined ? ownString(options.env, ref.env) : ownString(options.secrets, ref.secret!);
  if (value === undefined || value === '') {
    throw new CrmsyncError('secret-missing',
      `connection \`${conn.name}\` (${conn.source.file}:${conn.source.line}:${conn.source.col}) needs ${key}, but ${ref.env !== undefined ? `environment variable ${ref.env}` : `secret ${ref.secret} in the secrets file`} is not set`,
      ref.env !== undefined ? `export ${ref.env}=… before running crmsync` : `add ${ref.secret}=… to the secrets file`);
  }
  return value;
}

/** The Salesforce sandbox's custom objects: those it declares with fields, and any other a sync names. */
function salesforceCustomObjects(named: string[], declared: SandboxCustomObject[]) {
  const known = new Set(declared.map((o) => withSuffix(o.name)));
  return [...declared.map(salesforceCustomObject), ...named.filter((n) => !known.has(withSuffix(n))).map((name) => ({ name }))];
}

export async function openConnector(conn: CompiledConnection, options: OpenOptions): Promise<Connector> {
  const config = conn.config;
  const onRetry = options.onRetry;
  const hooks = onRetry ? { retryHooks: { onRetry: (attempt: number, waitMs: number, error: unknown) => onRetry(conn.name, attempt, waitMs, error) } } : {};
  switch (config.app) {
    case 'local': {
      const path = resolve(options.root, config.path ?? join('.crmsync', 'local', `${conn.name}.json`));
      if (config.sandbox) await seedLocalStore(path, config.sandbox === true ? {} : config.sandbox.seed ?? {});
      return createLocalConnector({ name: conn.name, path });
    }
    case 'hubspot': {
      const extra = { ...(options.associations ? { associations: options.associations } : {}), ...(config.lookback ? { lookbackMs: ms(config.lookback as ms.StringValue) } : {}), markerProperties: options.markers ?? {} };
      if (config.sandbox) {
        const emulator = await startHubSpotEmulator({ tokens: [SANDBOX_TOKEN], persistPath: sandboxFile(options.root, conn.name), seed: sandboxSeed(config.sandbox) ?? { contacts: 40, companies: 8, from: 0 }, customObjects: sandboxCustomObjects(config.sandbox).map(hubspotCustomObject), searchLagMs: sandboxSearchLagMs(config.sandbox) });
        const connector = createHubSpotConnector({ name: conn.name, accessToken: SANDBOX_TOKEN, baseUrl: emulator.url, ...extra, ...hooks });
        return closingWith(connector, () => emulator.close());
      }
      const accessToken = secretValue(conn, 'access_token', options)!;
      // HubSpot counts its ten-second limit per app and account: one token, one budget.
      const gate = options.gates?.for(['hubspot', config.base_url ?? HUBSPOT_BASE_URL, accessToken], HUBSPOT_IN_FLIGHT);
      return createHubSpotConnector({ name: conn.name, accessToken, ...(config.base_url ? { baseUrl: config.base_url } : {}), ...(config.rate_limit ? { limiter: limiterOf(config.rate_limit) } : {}), ...(gate ? { gate } : {}), ...extra, ...hooks });
    }
    case 'salesforce': {
      if (config.sandbox) {
        const customObjects = salesforceCustomObjects(options.customObjects ?? [], sandboxCustomObjects(config.sandbox));
        // The demo org is set up as the README asks of a real one: an External ID field for the
        // idempotency marker on the objects crmsync creates records in.
        const marker = { name: SANDBOX_MARKER_FIELD, type: 'string' as const, length: 64, externalId: true, unique: true };
        const emulator = await startSalesforceEmulator({
          accessToken: SANDBOX_TOKEN, persistPath: sandboxFile(options.root, conn.name), seed: sandboxSeed(config.sandbox) ?? { contacts: 40, companies: 8, from: 20 },
          customObjects: customObjects.map((o) => ({ ...o, fields: [...((o as CustomObjectOptions).fields ?? []), marker] })),
          customFields: Object.fromEntries(['Contact', 'Account', 'Lead', 'Opportunity', 'Task'].map((o) => [o, [marker]])),
        });
        const connector = createSalesforceConnector({ name: conn.name, instanceUrl: emulator.url, accessToken: SANDBOX_TOKEN, customObjects: options.customObjects, markerFields: options.markers ?? {}, ...hooks });
        return closingWith(connector, () => emulator.close());
      }
      const token = secretValue(conn, 'access_token', options);
      const loginUrl = config.login_url ?? (config.environment === 'sandbox' ? SANDBOX_LOGIN_URL : PRODUCTION_LOGIN_URL);
      // The org's limits are the org's: connections with the same address and credential share them.
      const gate = options.gates?.for(['salesforce', token ? config.instance_url : loginUrl, token ?? secretValue(conn, 'client_id', options), secretValue(conn, 'username', options)], SALESFORCE_IN_FLIGHT);
      return createSalesforceConnector({
        ...(gate ? { gate } : {}),
        name: conn.name,
        ...(token ? { accessToken: token, instanceUrl: config.instance_url } : {}),
        // R4: a sandbox org logs in at test.salesforce.com.
        loginUrl: config.login_url ?? (config.environment === 'sandbox' ? SANDBOX_LOGIN_URL : PRODUCTION_LOGIN_URL),
        username: secretValue(conn, 'username', options),
        password: secretValue(conn, 'password', options),
        securityToken: secretValue(conn, 'security_token', options),
        // OAuth 2.0 client credentials or JWT bearer (connectors/salesforce/auth.ts).
        clientId: secretValue(conn, 'client_id', options),
        clientSecret: secretValue(conn, 'client_secret', options),
        privateKey: secretValue(conn, 'private_key', options),
        audience: config.environment === 'sandbox' ? SANDBOX_LOGIN_URL : PRODUCTION_LOGIN_URL,
        ...(config.version ? { version: config.version } : {}),
        ...(config.api_budget_share ? { maxDailyShare: config.api_budget_share } : {}),
        ...(config.rate_limit ? { limiter: limiterOf(config.rate_limit) } : {}),
        customObjects: options.customObjects,
        markerFields: options.markers ?? {},
        ...(config.lookback ? { overlapMs: ms(config.lookback as ms.StringValue) } : {}),
        ...hooks,
      });
    }
    case 'google': {
      if (config.sandbox) {
        const emulator = await startGoogleEmulator({ accessToken: SANDBOX_TOKEN, file: sandboxFile(options.root, conn.name), seed: sandboxSeed(config.sandbox) ?? { contacts: 40, from: 20 } });
        const connector = createGoogleConnector({ name: conn.name, accessToken: SANDBOX_TOKEN, rootUrl: `${emulator.url}/`, limiter: { max: 1000, windowMs: 1000 }, filter: { folder: options.googleFolder ?? 'contacts' }, ...hooks });
        return closingWith(connector, () => emulator.close());
      }
      const accessToken = secretValue(conn, 'access_token', options)!;
      // Quotas and the order of mutations are per user: one token, one gate.
      const gate = options.gates?.for(['google', config.root_url ?? GOOGLE_ROOT_URL, accessToken], GOOGLE_IN_FLIGHT);
      return createGoogleConnector({ name: conn.name, accessToken, ...(gate ? { gate } : {}), filter: { folder: options.googleFolder ?? 'contacts' }, ...(config.root_url ? { rootUrl: config.root_url } : {}), ...(config.rate_limit ? { limiter: limiterOf(config.rate_limit) } : {}), ...hooks });
    }
    default: {
      const unknown: never = config;
      throw new CrmsyncError('connection-failed', `connection \`${conn.name}\`: unknown app ${JSON.stringify((unknown as { app: string }).app)}`, 'use local, hubspot, salesforce or google');
    }
  }
}
