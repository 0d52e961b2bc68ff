/**
 * A local Google People API: serves /v1/… at the root of a loopback port (the client drops any
 * path in rootUrl), so the unmodified @googleapis/people client works against it. It checks the
 * bearer token and the scopes it carries per method, meters the per-minute quotas and the fixed
 * one on full syncs' first pages, refuses a mutation while another is in progress, enforces batch
 * sizes and R32's limits, and can inject faults. Importing this module starts nothing.
 */
import { startHttpEmulator, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type HttpEmulator } from '../../shared/emulator-http.js';
import { GOOGLE_LIMITS, REQUIRED_SCOPES, type GoogleLimits } from '../limits.js';
import { apiError, concurrentMutation, fullSyncQuotaExceeded, insufficientScope, quotaExceeded, unauthenticated, unavailable } from './errors.js';
import { loadStore, persistTo, type Persistence } from './persist.js';
import { DEFAULT_QUOTAS, QuotaMeter, type QuotaOptions } from './quota.js';
import { findRoute, type RouteContext } from './routes/index.js';
import { seedStore, type GoogleSeed } from './seed.js';
import { GoogleStore } from './store.js';

/** The account a Google emulator signs in as unless told otherwise (a profile id's shape: 21 digits). */
export const DEFAULT_GOOGLE_ACCOUNT = '100000000000000000001';

export interface GoogleEmulatorOptions {
  port?: number;
  /** The bearer token accepted; when unset any non-empty token is. */
  accessToken?: string;
  /** The scopes `accessToken` (or any token, when it is unset) was granted; default what crmsync needs (limits.ts). */
  scopes?: string[];
  /** Further tokens, each with the scopes it was granted. */
  tokens?: Record<string, string[]>;
  /**
   * How long a mutation keeps the user busy (ms, default 0). A mutation arriving meanwhile is
   * refused (errors.ts, concurrentMutation); tests raise it to catch overlapping mutations.
   */
  mutateLatencyMs?: number;
  /** Sees every answer, by route name: contract tests check them against the client's types. */
  onResponse?: (route: string, response: EmulatorResponse) => void;
  /** The emulator's clock (sync-token expiry, quotas, updateTime); tests move it forward. */
  now?: () => number;
  /** Overrides of limits.ts (batch sizes, maxContacts, maxContactBytes, syncTokenTtlMs, …). */
  limits?: Partial<GoogleLimits>;
  quotas?: Partial<QuotaOptions>;
  /** See RouteContext.renewSyncTokens. */
  renewSyncTokens?: boolean;
  /** See RouteContext.syncLagMs (default 0). */
  syncLagMs?: number;
  faults?: FaultOptions | null;
  /** Generated contacts to start with (ignored when `file` already holds data). */
  seed?: GoogleSeed;
  /** A JSON file to load on start and save to after changes and on close. */
  file?: string;
  /** The signed-in account's person id (`people/me` resolves to `people/<account>`); emulators with different ids are different accounts. */
  account?: string;
}

export interface GoogleEmulator {
  url: string;
  port: number;
  /** Direct access to the data, to inspect and change contacts without HTTP. */
  store: GoogleStore;
  /** Requests served, by route name (`people.batchCreateContacts`). */
  calls: HttpEmulator['calls'];
  /** The HTTP server, for tests that watch requests as they come. */
  server: HttpEmulator['server'];
  setFaults(faults: FaultOptions | null): void;
  setQuotas(quotas: Partial<QuotaOptions>): void;
  /** Saves to `file` now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The scopes the request's bearer token carries, or the 401 when it carries no valid token. */
function authorised(
  req: EmulatorRequest,
  grants: Map<string, readonly string[]>,
  anyToken: readonly string[] | undefined,
): readonly string[] | EmulatorResponse {
  const header = req.headers.authorization;
  const token = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : '';
  if (!token) return unauthenticated(true);
  return grants.get(token) ?? anyToken ?? unauthenticated(false);
}

/** What crmsync needs (README): the scopes a sandbox token is granted by default. */
export const DEFAULT_SCOPES: readonly string[] = REQUIRED_SCOPES.map((s) => s.scope);

/** The request path with `%3A` and `%2F` decoded, so `people%2Fc1%3AupdateContact` routes too. */
function routePath(req: EmulatorRequest): string {
  try {
    return decodeURIComponent(req.path);
  } catch {
    return req.path;
  }
}

export async function startGoogleEmulator(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const now = options.now ?? Date.now;
  const limits: GoogleLimits = { ...GOOGLE_LIMITS, ...options.limits };
  let persistence: Persistence | undefined;
  const store = new GoogleStore(now, limits, () => persistence?.changed());
  if (options.file) loadStore(store, options.file);
  const seeding = !!options.seed && store.people.size === 0;
  if (seeding) seedStore(store, options.seed!);
  if (options.file) persistence = persistTo(options.file, () => store);
  // A new sandbox is saved even when nothing writes to it, so its seeded data can be inspected.
  if (seeding) persistence?.changed();
  const quota = new QuotaMeter({ ...DEFAULT_QUOTAS, ...options.quotas }, now);
  const ctx: RouteContext = {
    store,
    limits,
    now,
    renewSyncTokens: options.renewSyncTokens ?? false,
    account: options.account ?? DEFAULT_GOOGLE_ACCOUNT,
    syncLagMs: options.syncLagMs ?? 0,
    takeFullSync: () => (quota.take(['fullSync']) ? fullSyncQuotaExceeded(quota.options.consumer) : undefined),
  };
  const granted = options.scopes ?? DEFAULT_SCOPES;
  const grants = new Map<string, readonly string[]>(Object.entries(options.tokens ?? {}));
  if (options.accessToken !== undefined) grants.set(options.accessToken, granted);
  const anyToken = options.accessToken === undefined ? granted : undefined;
  // One account, so one user: the mutation in progress, if any.
  let mutating = false;

  const serve = async (req: EmulatorRequest): Promise<EmulatorResponse> => {
    const found = findRoute(req.method, routePath(req));
    if (!found) return apiError(404, 'NOT_FOUND', `Method not found: ${req.method} ${req.path}`);
    const scopes = authorised(req, grants, anyToken);
    if (!Array.isArray(scopes)) return scopes as EmulatorResponse;
    const { route } = found;
    if (!route.scopes.some((s) => scopes.includes(s))) return insufficientScope(route.rpc, route.scopes);
    const spent = quota.take(route.quota(req));
    if (spent) return quotaExceeded(spent, quota.options.consumer);
    if (!route.mutates) return route.handle(ctx, req, found.params);
    if (mutating) return concurrentMutation();
    mutating = true;
    try {
      const answer = route.handle(ctx, req, found.params);
      if (options.mutateLatencyMs) await new Promise((r) => setTimeout(r, options.mutateLatencyMs));
      return answer;
    } finally {
      mutating = false;
    }
  };
  const handler = async (req: EmulatorRequest): Promise<EmulatorResponse> => {
    const answer = await serve(req);
    options.onResponse?.(findRoute(req.method, routePath(req))?.route.name ?? `${req.method} ${req.path}`, answer);
    return answer;
  };

  const http = await startHttpEmulator({
    port: options.port,
    handler,
    routeName: (req) => findRoute(req.method, routePath(req))?.route.name ?? `${req.method} ${req.path}`,
    faults: options.faults ?? null,
    faultResponses: { rateLimit: () => quotaExceeded('read', quota.options.consumer), serverError: unavailable },
  });

  return {
    url: http.url,
    port: http.port,
    store,
    calls: http.calls,
    server: http.server,
    setFaults: (faults) => http.setFaults(faults),
    setQuotas(next) {
      quota.options = { ...quota.options, ...next };
      quota.reset();
    },
    flush: async () => persistence?.flush(),
    async close() {
      await http.close();
      await persistence?.flush();
    },
  };
}

export type { GoogleSeed } from './seed.js';
export type { QuotaOptions } from './quota.js';
