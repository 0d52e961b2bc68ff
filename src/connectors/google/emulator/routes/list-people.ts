/**
 * The paging and sync logic shared by connections.list and otherContacts.list (apis.md §3.4).
 * A listing covers a snapshot of the change sequence; pages in last-modified order continue
 * after the last sequence number returned, so edits between pages neither skip nor repeat
 * anyone (an edited contact drops out and shows up in the next sync instead). nextSyncToken comes
 * on the last page only, and only when requestSyncToken was set; a sync (syncToken) returns the
 * people changed since, deleted ones as metadata.deleted.
 */
import type { EmulatorResponse } from '../../../shared/emulator-http.js';
import { expiredSyncToken, invalidArgument } from '../errors.js';
import { renderDeleted, renderPerson } from '../render.js';
import type { StoredPerson } from '../store.js';
import { decodeToken, encodeToken, isPageToken, isSyncToken, type PageToken, type SyncToken } from '../tokens.js';
import type { RouteContext } from './context.js';

export interface ListQuery {
  listing: SyncToken['k'];
  fields: string[];
  pageSize: number;
  pageToken?: string;
  syncToken?: string;
  requestSyncToken: boolean;
  sortOrder: string;
  /** Hash of the parameters later pages and syncs must repeat. */
  hash: string;
}

export interface ListPage {
  items: Record<string, unknown>[];
  nextPageToken?: string;
  nextSyncToken?: string;
  total: number;
}

const byName = (key: string) => (p: StoredPerson) => String((p.data.names?.[0] as Record<string, unknown> | undefined)?.[key] ?? '').toLowerCase();

function order(sortOrder: string): ((a: StoredPerson, b: StoredPerson) => number) | undefined {
  if (sortOrder === 'LAST_MODIFIED_DESCENDING') return (a, b) => b.seq - a.seq;
  if (sortOrder === 'FIRST_NAME_ASCENDING') return (a, b) => byName('givenName')(a).localeCompare(byName('givenName')(b)) || a.seq - b.seq;
  if (sortOrder === 'LAST_NAME_ASCENDING') return (a, b) => byName('familyName')(a).localeCompare(byName('familyName')(b)) || a.seq - b.seq;
  return undefined; // last-modified ascending: the sequence order itself
}

export function listPeople(ctx: RouteContext, q: ListQuery): ListPage | EmulatorResponse {
  const { store } = ctx;
  const kind = q.listing === 'connections' ? 'contact' : 'other';
  let page: PageToken;
  if (q.pageToken) {
    const decoded = decodeToken<PageToken>(q.pageToken, isPageToken);
    if (!decoded) return invalidArgument('Invalid pageToken.', [{ field: 'page_token', description: 'Invalid pageToken.' }]);
    if (decoded.h !== q.hash) return invalidArgument('Parameters other than pageToken must match the call that returned it.');
    // Assumption: a sync's later pages expire with the token that started it (7 days after the full sync).
    if (decoded.f !== undefined && ctx.now() - decoded.t > ctx.limits.syncTokenTtlMs) return expiredSyncToken();
    page = decoded;
  } else if (q.syncToken) {
    const sync = decodeToken<SyncToken>(q.syncToken, isSyncToken);
    if (!sync || sync.k !== q.listing) return invalidArgument('Invalid sync token.', [{ field: 'sync_token', description: 'Invalid sync token.' }]);
    if (ctx.now() - sync.t > ctx.limits.syncTokenTtlMs) return expiredSyncToken();
    if (sync.h !== q.hash) return invalidArgument('Parameters other than syncToken must match the call that returned it.');
    const visible = ctx.syncLagMs ? Math.max(sync.s, store.seqAt(ctx.now() - ctx.syncLagMs)) : store.seq;
    page = { h: q.hash, u: visible, f: sync.s, t: ctx.renewSyncTokens ? ctx.now() : sync.t };
  } else {
    // Assumption: a "full sync request" is one that asks for a sync token without holding one; a
    // plain listing (no requestSyncToken) is not a sync and does not draw on the fixed quota.
    if (q.requestSyncToken) {
      const spent = ctx.takeFullSync();
      if (spent) return spent;
    }
    page = { h: q.hash, u: store.seq, t: ctx.now() };
    if (q.requestSyncToken && ctx.syncLagMs) page.l = store.seqAt(ctx.now() - ctx.syncLagMs);
  }

  const syncing = page.f !== undefined;
  const candidates: StoredPerson[] = [];
  for (const p of store.people.values()) {
    if (p.kind !== kind || p.seq > page.u) continue;
    if (syncing ? p.seq > page.f! : p.state === 'live') candidates.push(p);
  }
  const sort = syncing ? undefined : order(q.sortOrder);
  let slice: StoredPerson[];
  let next: PageToken | undefined;
  if (sort) {
    candidates.sort(sort);
    const offset = page.o ?? 0;
    slice = candidates.slice(offset, offset + q.pageSize);
    if (offset + q.pageSize < candidates.length) next = { ...page, o: offset + q.pageSize };
  } else {
    candidates.sort((a, b) => a.seq - b.seq);
    const after = page.a ?? 0;
    const rest = candidates.filter((p) => p.seq > after);
    slice = rest.slice(0, q.pageSize);
    if (rest.length > q.pageSize) next = { ...page, a: slice[slice.length - 1]!.seq };
  }
  const items = slice.map((p) => (p.state === 'live' ? renderPerson(store, p, q.fields, syncing) : renderDeleted(store, p)));
  const result: ListPage = { items, total: candidates.length };
  if (next) result.nextPageToken = encodeToken(next);
  else if (q.requestSyncToken) result.nextSyncToken = encodeToken({ k: q.listing, h: q.hash, s: page.l ?? page.u, t: page.t });
  return result;
}

/** Parses pageSize: 0 or absent is the default; more than the maximum is refused. */
export function readPageSize(value: string | null, max: number, fallback: number): number | EmulatorResponse {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    return invalidArgument(`pageSize must be between 1 and ${max}.`, [{ field: 'page_size', description: `pageSize must be between 1 and ${max}.` }]);
  }
  return n === 0 ? fallback : n;
}
