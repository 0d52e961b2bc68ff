/**
 * What every route handler gets, and the shape of a route: method, path pattern, a name for the
 * call counters, and the quotas it draws on.
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import type { GoogleLimits, QuotaBucket } from '../../limits.js';
import type { GoogleStore } from '../store.js';

export interface RouteContext {
  store: GoogleStore;
  limits: GoogleLimits;
  now: () => number;
  /**
   * When false (the default) a sync token expires 7 days after the full sync that started its
   * chain, however often it was renewed; when true, 7 days after it was issued. Google's words
   * ("7 days after the full sync") fit the first reading.
   */
  renewSyncTokens: boolean;
  /** The signed-in account's profile id: `people/me` is `people/<account>`. */
  account: string;
}

export interface Route {
  method: string;
  /** Matched against the decoded path; capture groups become `params`. */
  pattern: RegExp;
  name: string;
  quota: (req: EmulatorRequest) => QuotaBucket[];
  handle: (ctx: RouteContext, req: EmulatorRequest, params: string[]) => EmulatorResponse;
}

export const ok = (body: unknown = {}): EmulatorResponse => ({ status: 200, body });

/** A mutation draws on the write quota, and on the read quota too when it reads the person back [C]. */
export const writeQuota = (readsBack: (req: EmulatorRequest) => boolean) => (req: EmulatorRequest): QuotaBucket[] =>
  readsBack(req) ? ['write', 'read'] : ['write'];
export const readQuota = (): QuotaBucket[] => ['read'];

/** A query parameter given once (the last one wins, as Google's front end does). */
export const param = (req: EmulatorRequest, name: string) => req.url.searchParams.get(name);
