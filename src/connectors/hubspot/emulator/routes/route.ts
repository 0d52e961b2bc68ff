/**
 * The shape of a route and the helpers every route file shares: path matching, object-type lookup
 * and batch-input checks.
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import { BATCH_SIZE } from '../../limits.js';
import { validation } from '../errors.js';
import type { HsObjectType } from '../model.js';
import type { SearchCache } from '../search-cache.js';
import type { HubSpotStore } from '../store.js';

export interface RouteContext {
  store: HubSpotStore;
  req: EmulatorRequest;
  /** Decoded path captures. */
  params: string[];
  search: SearchCache;
  /** Base URL for `paging.next.link`. */
  baseUrl: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** Name used by the call counters (`POST objects/search`). */
  name: string;
  /** Counts against the search limit instead of the ten-second one. */
  search?: boolean;
  handle(ctx: RouteContext): EmulatorResponse;
}

export function route(method: string, path: string, name: string, handle: Route['handle'], search = false): Route {
  // `:x` captures one segment; a trailing `/?` is written into the path where HubSpot accepts both.
  const pattern = new RegExp(`^${path.replace(/:[a-zA-Z]+/g, '([^/]+)')}$`);
  return { method, pattern, name, handle, search };
}

export function match(routes: Route[], method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return { route: r, params: m.slice(1).map((s) => decodeURIComponent(s)) };
  }
  return undefined;
}

/**
 * The object type named in a path, or HubSpot's 400 for a name it cannot resolve. Assumption: a
 * custom object's bare base name (refused since 2025-06-24) gets the same answer as any unknown
 * type; HubSpot's changelog does not quote the body.
 */
export function objectType(ctx: RouteContext, ref: string): HsObjectType | EmulatorResponse {
  return ctx.store.resolveType(ref) ?? validation(`Unable to infer object type from: ${ref}`);
}

export function isResponse(value: unknown): value is EmulatorResponse {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as EmulatorResponse).status === 'number';
}

/** The `inputs` of a batch body, or the 400 HubSpot gives for a missing or oversized one. */
export function batchInputs<T = Record<string, unknown>>(body: unknown, max = BATCH_SIZE): T[] | EmulatorResponse {
  const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
  if (!Array.isArray(inputs)) return validation('Invalid input JSON: the request body needs an "inputs" array');
  if (inputs.length > max) {
    return validation(`Too many inputs in batch request: ${inputs.length}. The maximum number of inputs supported in a batch request is ${max}.`, {
      context: { maxInputs: [String(max)] },
    });
  }
  return inputs as T[];
}

/** Batch envelope timestamps. */
export function batchTimes(ctx: RouteContext): { startedAt: string; completedAt: string } {
  const at = ctx.store.isoNow();
  return { startedAt: at, completedAt: at };
}
