/**
 * What every route handler gets, and the shape of a route: method, path pattern, a name for the
 * call counters, and the quotas it draws on.
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import { SCOPES, type GoogleLimits, type QuotaBucket } from '../../limits.js';
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
  /**
   * "Writes may have a propagation delay of several minutes for sync requests" [D]. Changes younger
   * than this reach sync listings only once they are this old: an incremental sync leaves them for
   * a later one, and a full sync lists them but hands out a token that delivers them again.
   * Assumption: plain listings (no sync token asked for) and reads by name see them at once.
   */
  syncLagMs: number;
  /** Takes one first page of a full sync from its fixed quota; the refusal when it is spent. */
  takeFullSync: () => EmulatorResponse | undefined;
  /** The signed-in account's profile id: `people/me` is `people/<account>`. */
  account: string;
}

export interface Route {
  method: string;
  /** Matched against the decoded path; capture groups become `params`. */
  pattern: RegExp;
  name: string;
  quota: (req: EmulatorRequest) => QuotaBucket[];
  /** The RPC behind the route (`PeopleService.ListConnections`), named in scope refusals. */
  rpc: string;
  /** The OAuth scopes the method accepts, any one of them [S: discovery document]. */
  scopes: readonly string[];
  /** Changes contacts: one at a time per user. */
  mutates?: boolean;
  handle: (ctx: RouteContext, req: EmulatorRequest, params: string[]) => EmulatorResponse;
}

/**
 * Contacts' read methods accept either contacts scope; their mutations only the full one [S].
 * (people.get and getBatchGet also accept profile scopes, for the user's own profile, which the
 * emulator does not serve.)
 */
export const READ_SCOPES = [SCOPES.contacts, SCOPES.contactsReadonly] as const;
export const WRITE_SCOPES = [SCOPES.contacts] as const;

export const ok = (body: unknown = {}): EmulatorResponse => ({ status: 200, body });

/** A mutation draws on the write quota, and on the read quota too when it reads the person back [C]. */
export const writeQuota =
  (readsBack: (req: EmulatorRequest) => boolean) =>
  (req: EmulatorRequest): QuotaBucket[] =>
    readsBack(req) ? ['write', 'read'] : ['write'];
export const readQuota = (): QuotaBucket[] => ['read'];

/** A query parameter given once (the last one wins, as Google's front end does). */
export const param = (req: EmulatorRequest, name: string) => req.url.searchParams.get(name);
