/** Salesforce's registry entry: what the core may know about it, and how a connection opens. */
import ms from 'ms';
import type { AppEntry } from '../app-entry.js';
import type { SalesforceConnection } from '../../config/schema-types.js';
import { closingWith, SANDBOX_TOKEN, sandboxCustomObjects, sandboxFile, sandboxSeed } from '../sandbox.js';
import { rateLimited, retryHooksOf, secretValue } from '../secrets.js';
import { SANDBOX_MARKER_FIELD, salesforceCustomObject, salesforceSandboxServer } from './sandbox.js';
import type { SandboxCustomObject } from '../../config/schema-types.js';
import { salesforceStaticCatalogue } from './catalogue.js';
import { checkSalesforceCredentials, missingSalesforceCredentials } from './credentials.js';
import type { CustomObjectOptions } from './emulator/options.js';
import { withSuffix } from './emulator/schema.js';
import { SALESFORCE_STANDARD_FIELDS } from './vocabulary.js';
import { MAX_IN_FLIGHT, PRODUCTION_LOGIN_URL, SANDBOX_LOGIN_URL } from './limits.js';

const person = { email: 'Email', firstName: 'FirstName', lastName: 'LastName' };

/** The sandbox's custom objects: those it declares with fields, and any other a sync names. */
function sandboxObjects(named: string[], declared: SandboxCustomObject[]) {
  const known = new Set(declared.map((o) => withSuffix(o.name)));
  return [...declared.map(salesforceCustomObject), ...named.filter((n) => !known.has(withSuffix(n))).map((name) => ({ name }))];
}

export const salesforceApp = {
  label: 'Salesforce',
  // R6: Salesforce contacts are leads or contacts; the first name is the default.
  objects: { contacts: ['Contact', 'Lead'], companies: ['Account'], deals: ['Opportunity'], tasks: ['Task'], custom: [] },
  catalogue: salesforceStaticCatalogue,
  // R26: Salesforce accounts have no domain field, so they match by name alone.
  matchRoles: { Contact: person, Lead: person, Account: { name: 'Name' }, Opportunity: { name: 'Name' } },
  mappings: 'app',
  standardFields: SALESFORCE_STANDARD_FIELDS,
  capabilities: {
    lists: false,
    folders: false,
    createFields: false,
    emailFirstImport: true,
    fieldSecurity: true,
    completeCatalogue: false,
    marker: { kind: 'field' },
    customObjects: 'source',
    activityTasks: 'Task',
  },
  credentials: {
    missing: (config) => missingSalesforceCredentials(config as SalesforceConnection),
    check: (config, name, report) => checkSalesforceCredentials(config as SalesforceConnection, name, report),
    template: ['# environment: sandbox', '# client_id: { env: SF_CLIENT_ID }', '# client_secret: { env: SF_CLIENT_SECRET }'],
    url: 'login_url',
  },
  hints: {
    customObject: 'add `object: Invoice__c` (the Salesforce API name)',
    hiddenField: (object, field) =>
      `grant the connection's user read (and edit) access to ${object}.${field} (Setup → Object Manager → ${object} → Fields → Set Field-Level Security, or a permission set), or remove this mapping`,
  },
  async open(conn, options) {
    const config = conn.config as SalesforceConnection;
    const token = secretValue(conn, 'access_token', options);
    const loginUrl = config.login_url ?? (config.environment === 'sandbox' ? SANDBOX_LOGIN_URL : PRODUCTION_LOGIN_URL);
    // The org's limits are the org's: connections with the same address and credential share them.
    const gate = options.gates?.for(
      ['salesforce', token ? config.instance_url : loginUrl, token ?? secretValue(conn, 'client_id', options), secretValue(conn, 'username', options)],
      MAX_IN_FLIGHT,
    );
    const { createSalesforceConnector } = await import('./connector.js');
    return createSalesforceConnector({
      ...(gate ? { gate } : {}),
      name: conn.name,
      ...(token ? { accessToken: token, instanceUrl: config.instance_url } : {}),
      // R4: a sandbox org logs in at test.salesforce.com.
      loginUrl,
      username: secretValue(conn, 'username', options),
      password: secretValue(conn, 'password', options),
      securityToken: secretValue(conn, 'security_token', options),
      // OAuth 2.0 client credentials or JWT bearer (auth.ts).
      clientId: secretValue(conn, 'client_id', options),
      clientSecret: secretValue(conn, 'client_secret', options),
      privateKey: secretValue(conn, 'private_key', options),
      audience: config.environment === 'sandbox' ? SANDBOX_LOGIN_URL : PRODUCTION_LOGIN_URL,
      ...(config.version ? { version: config.version } : {}),
      ...(config.api_budget_share ? { maxDailyShare: config.api_budget_share } : {}),
      ...rateLimited(config),
      customObjects: options.customObjects,
      markerFields: options.markers ?? {},
      ...(config.lookback ? { overlapMs: ms(config.lookback as ms.StringValue) } : {}),
      ...retryHooksOf(conn.name, options),
    });
  },
  async sandbox(conn, options) {
    const { sandbox } = conn.config as SalesforceConnection;
    // The demo org is set up as the README asks of a real one: an External ID field for the
    // idempotency marker on the objects crmsync creates records in.
    const marker = { name: SANDBOX_MARKER_FIELD, type: 'string' as const, length: 64, externalId: true, unique: true };
    const [{ createSalesforceConnector }, { startSalesforceEmulator }] = await Promise.all([import('./connector.js'), import('./emulator/server.js')]);
    const emulator = await startSalesforceEmulator({
      accessToken: SANDBOX_TOKEN,
      persistPath: sandboxFile(options.root, conn.name),
      seed: sandboxSeed(sandbox) ?? { contacts: 40, companies: 8, from: 20 },
      customObjects: sandboxObjects(options.customObjects ?? [], sandboxCustomObjects(sandbox)).map((o) => ({
        ...o,
        fields: [...((o as CustomObjectOptions).fields ?? []), marker],
      })),
      customFields: Object.fromEntries(['Contact', 'Account', 'Lead', 'Opportunity', 'Task'].map((o) => [o, [marker]])),
    });
    const connector = createSalesforceConnector({
      name: conn.name,
      instanceUrl: emulator.url,
      accessToken: SANDBOX_TOKEN,
      customObjects: options.customObjects,
      markerFields: options.markers ?? {},
      ...retryHooksOf(conn.name, options),
    });
    return closingWith(connector, () => emulator.close());
  },
  sandboxServer: salesforceSandboxServer,
} satisfies AppEntry;
