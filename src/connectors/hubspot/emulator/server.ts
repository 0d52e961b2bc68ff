/**
 * A HubSpot CRM API emulator on loopback that the unmodified @hubspot/api-client talks to: CRM v3
 * objects (standard and custom), search, properties, schemas, associations v4 and lists v3, with
 * HubSpot's status codes, error bodies, batch and search limits, rate limits (ten-second window,
 * search per second, daily) and injectable faults. It has no side effects on import.
 */
import { randomUUID } from 'node:crypto';
import { startHttpEmulator, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type HttpEmulator } from '../../shared/emulator-http.js';
import { RATE_LIMIT_MESSAGES, RATE_LIMIT_POLICIES, SEARCH_RESULT_CAP } from '../limits.js';
import { hsError, validation } from './errors.js';
import { debouncedSaver, loadInto, saveNow } from './persist.js';
import { DEFAULT_RATE_LIMITS, RateGate, type HubSpotRateLimits } from './rate-gate.js';
import { accountRoutes } from './routes/account.js';
import { associationRoutes } from './routes/associations.js';
import { batchRoutes } from './routes/batch.js';
import { listRoutes } from './routes/lists.js';
import { objectRoutes } from './routes/objects.js';
import { propertyRoutes } from './routes/properties.js';
import { match, type Route } from './routes/route.js';
import { defineSchema, schemaRoutes, type SchemaEgg } from './routes/schemas.js';
import { searchRoutes, type SearchSettings } from './routes/search.js';
import { ALL_SCOPES, missingScopes, requiredScopes } from './scopes.js';
import { SearchCache } from './search-cache.js';
import { seedStore, type HubSpotSeed } from './seed.js';
import { HubSpotStore } from './store.js';

/** The token the emulator accepts unless told otherwise. */
export const HUBSPOT_EMULATOR_TOKEN = 'pat-na1-00000000-0000-4000-8000-000000000001';

export interface HubSpotEmulatorOptions {
  port?: number;
  /** Accepted private-app tokens (Authorization: Bearer …); anything else gets a 401. */
  tokens?: string[];
  /** The scopes each token was granted (by token); a token not listed has every scope (ALL_SCOPES). */
  scopes?: Record<string, string[]>;
  portalId?: number;
  /** Rate limits of this instance; defaults are HubSpot's Starter tier. */
  limits?: Partial<HubSpotRateLimits>;
  /** Results one search can page through (HubSpot: 10,000). */
  searchResultCap?: number;
  /** Records changed within this many ms are not yet visible to search (HubSpot's index lag). */
  searchLagMs?: number;
  faults?: FaultOptions | null;
  seed?: HubSpotSeed;
  /** Custom objects (R7) defined at start when the portal lacks them; existing ones are kept. */
  customObjects?: SchemaEgg[];
  /** Load from this JSON file on start (when it exists) and save changes back to it. */
  persistPath?: string;
  saveDelayMs?: number;
  /** The emulator's clock (timestamps and rate windows). */
  now?: () => number;
  /** Sees every answer (contract tests check them against the client's models). */
  observe?: (exchange: { route: string; method: string; path: string; status: number; body: unknown }) => void;
}

export interface HubSpotEmulator {
  url: string;
  port: number;
  /** A token the emulator accepts. */
  token: string;
  /** The scopes a token carries. */
  scopesOf(token: string): readonly string[];
  store: HubSpotStore;
  calls: HttpEmulator['calls'];
  /** The HTTP server, for tests that watch requests as they come. */
  server: HttpEmulator['server'];
  rate: RateGate;
  search: SearchSettings;
  /** How searches are answered (index or scan), for tests that count the work a page costs. */
  searches: SearchCache;
  setFaults(faults: FaultOptions | null): void;
  setLimits(limits: Partial<HubSpotRateLimits>): void;
  /** Saves at once when persisting (close() does too). */
  save(): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json;charset=utf-8';

function bearer(req: EmulatorRequest): string | undefined {
  const header = req.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

export async function startHubSpotEmulator(options: HubSpotEmulatorOptions = {}): Promise<HubSpotEmulator> {
  const now = options.now ?? Date.now;
  const tokens = new Set(options.tokens ?? [HUBSPOT_EMULATOR_TOKEN]);
  const store = new HubSpotStore(options.portalId ?? 12345678, now);
  const fresh = !(options.persistPath && loadInto(store, options.persistPath));
  if (fresh && options.seed) seedStore(store, options.seed);
  const saver = options.persistPath ? debouncedSaver(store, options.persistPath, options.saveDelayMs ?? 500) : undefined;
  if (saver) store.onChange = () => saver.schedule();
  // A new sandbox is saved even when nothing writes to it, so its seeded data can be inspected.
  if (fresh && saver) saver.schedule();
  for (const egg of options.customObjects ?? []) if (!store.customNamed(egg.name!)) defineSchema(store, egg);

  const rate = new RateGate({ ...DEFAULT_RATE_LIMITS, ...options.limits }, now);
  const search: SearchSettings = { resultCap: options.searchResultCap ?? SEARCH_RESULT_CAP, lagMs: options.searchLagMs ?? 0 };
  store.keepVersions = search.lagMs > 0;
  const routes: Route[] = [
    ...batchRoutes,
    ...searchRoutes(search),
    ...objectRoutes,
    ...propertyRoutes,
    ...schemaRoutes,
    ...associationRoutes,
    ...listRoutes,
    ...accountRoutes,
  ];
  const cache = new SearchCache(store);
  let baseUrl = '';

  const scopesOf = (token: string): readonly string[] => options.scopes?.[token] ?? ALL_SCOPES;

  const handle = (req: EmulatorRequest): EmulatorResponse => {
    const token = bearer(req);
    if (!token || !tokens.has(token)) {
      return hsError(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    }
    // Assumption: a call refused for its scopes is not counted against the rate limits.
    const needed = requiredScopes(store, req.method, req.path);
    const granted = scopesOf(token);
    if (needed.length && !needed.some((scope) => granted.includes(scope))) return missingScopes(needed);
    const found = match(routes, req.method, req.path);
    const gate = rate.admit(token, found?.route.search === true);
    if (!gate.ok) return gate.response;
    const answer = (): EmulatorResponse => {
      if (!found) return hsError(404, 'OBJECT_NOT_FOUND', 'resource not found');
      if (req.rawBody && req.body === undefined) return validation(`Invalid input JSON on line 1, column 1: ${req.rawBody.slice(0, 40)}`);
      return found.route.handle({ store, req, params: found.params, search: cache, baseUrl });
    };
    const out = answer();
    return { ...out, headers: { ...gate.headers, ...out.headers } };
  };

  const http = await startHttpEmulator({
    port: options.port,
    faults: options.faults,
    handler: (req) => {
      const out = handle(req);
      options.observe?.({
        route: match(routes, req.method, req.path)?.route.name ?? `${req.method} ${req.path}`,
        method: req.method,
        path: req.path,
        status: out.status,
        body: out.body,
      });
      // The SDK parses every body, errors included, by Content-Type: never leave it out.
      return { ...out, headers: { 'content-type': JSON_TYPE, ...out.headers } };
    },
    routeName: (req) => match(routes, req.method, req.path)?.route.name ?? `${req.method} ${req.path}`,
    faultResponses: {
      rateLimit: () => ({
        status: 429,
        body: {
          status: 'error',
          message: RATE_LIMIT_MESSAGES.tenSecondly,
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          policyName: RATE_LIMIT_POLICIES.tenSecondly,
        },
      }),
      serverError: () => ({ status: 502, body: { status: 'error', message: 'internal error', correlationId: randomUUID() } }),
    },
  });
  baseUrl = http.url;

  return {
    url: http.url,
    port: http.port,
    token: [...tokens][0]!,
    scopesOf,
    store,
    calls: http.calls,
    server: http.server,
    rate,
    search,
    searches: cache,
    setFaults: (faults) => http.setFaults(faults),
    setLimits: (limits) => {
      rate.limits = { ...rate.limits, ...limits };
    },
    save: () => {
      if (options.persistPath) saveNow(store, options.persistPath);
    },
    close: async () => {
      saver?.flush();
      await http.close();
    },
  };
}
