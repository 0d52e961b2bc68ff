/**
 * A local Google People API: serves /v1/… at the root of a loopback port (the client drops any
 * path in rootUrl), so the unmodified @googleapis/people client works against it. It checks the
 * bearer token, meters per-minute quotas, enforces batch sizes and R32's limits, and can inject
 * faults. Importing this module starts nothing.
 */
import { startHttpEmulator, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type HttpEmulator } from '../../shared/emulator-http.js';
import { GOOGLE_LIMITS, type GoogleLimits } from '../limits.js';
import { apiError, quotaExceeded, unauthenticated, unavailable } from './errors.js';
import { loadStore, persistTo, type Persistence } from './persist.js';
import { DEFAULT_QUOTAS, QuotaMeter, type QuotaOptions } from './quota.js';
import { findRoute, type RouteContext } from './routes/index.js';
import { seedStore, type GoogleSeed } from './seed.js';
import { GoogleStore } from './store.js';

export interface GoogleEmulatorOptions {
  port?: number;
  /** The only bearer token accepted; when unset any non-empty token is. */
  accessToken?: string;
  /** The emulator's clock (sync-token expiry, quotas, updateTime); tests move it forward. */
  now?: () => number;
  /** Overrides of limits.ts (batch sizes, maxContacts, maxContactBytes, syncTokenTtlMs, …). */
  limits?: Partial<GoogleLimits>;
  quotas?: Partial<QuotaOptions>;
  /** See RouteContext.renewSyncTokens. */
  renewSyncTokens?: boolean;
  faults?: FaultOptions | null;
  /** Generated contacts to start with (ignored when `file` already holds data). */
  seed?: GoogleSeed;
  /** A JSON file to load on start and save to after changes and on close. */
  file?: string;
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

function authorised(req: EmulatorRequest, expected: string | undefined): EmulatorResponse | undefined {
  const header = req.headers.authorization;
  const token = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : '';
  if (!token) return unauthenticated(true);
  if (expected !== undefined && token !== expected) return unauthenticated(false);
  return undefined;
}

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
  const ctx: RouteContext = { store, limits, now, renewSyncTokens: options.renewSyncTokens ?? false };

  const handler = (req: EmulatorRequest): EmulatorResponse => {
    const found = findRoute(req.method, routePath(req));
    if (!found) return apiError(404, 'NOT_FOUND', `Method not found: ${req.method} ${req.path}`);
    const refused = authorised(req, options.accessToken);
    if (refused) return refused;
    const spent = quota.take(found.route.quota(req));
    if (spent) return quotaExceeded(spent, quota.options.consumer);
    return found.route.handle(ctx, req, found.params);
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
