/**
 * Reading contacts. A full read pages connections.list (1000 a page) asking for a sync token,
 * which Google hands out on the last page only; an incremental read replays that token and gets
 * exactly the people changed since, deleted ones flagged metadata.deleted. A sync token has no
 * clock boundary, so no lookback is needed. When Google says the token expired (7 days after the
 * full read) the connector reads everything again and says so with mode 'full'.
 * R20's filters (Contacts folder, starred) are applied here.
 */
import type { ConnectorError, ReadRequest, ReadResult, RemoteRecord } from '../types.js';
import type { GoogleClient } from './client.js';
import { describeFailure, isExpiredSyncToken, toConnectorError } from './errors.js';
import { GOOGLE_LIMITS, OTHER_CONTACT_FIELDS, STARRED } from './limits.js';
import { personToRecord, READ_PERSON_FIELDS, type Person } from './mapping.js';

/** R20: which contacts this connection syncs. */
export interface GoogleFilter {
  /** 'contacts': only the Contacts folder (the myContacts group); 'all' adds Other contacts. */
  folder: 'contacts' | 'all';
  /** Only starred contacts. */
  starred: boolean;
}

export interface ReadContext {
  client: GoogleClient;
  filter: GoogleFilter;
  /** The people as last read or written, by resource name: the base later updates are applied onto. */
  cache: Map<string, Person>;
  /** Set once the cache holds every contact (a complete full listing), kept current by later reads and writes. */
  snapshot: { contacts: boolean };
}

export type Source = 'contact' | 'other';

/** The stored cursor: one sync token per listing read. */
interface Cursor {
  v: 1;
  contacts: string;
  other?: string;
}

interface Listing {
  persons: Person[];
  syncToken?: string;
  error?: unknown;
}

/**
 * Pages one listing to its end (or first failure); Google gives the sync token on the last page
 * only. `sync: false` lists without asking for a sync token: not a sync request, so it does not
 * draw on the fixed quota of full syncs' first pages [D].
 */
export async function listPeople(
  ctx: Pick<ReadContext, 'client'>,
  source: Source,
  syncToken?: string,
  onPage?: (page: Person[], total?: number) => void,
  sync = true,
): Promise<Listing> {
  const { api } = ctx.client;
  const persons: Person[] = [];
  let pageToken: string | undefined;
  try {
    for (;;) {
      let page: Person[];
      let next: { nextPageToken?: string | null; nextSyncToken?: string | null };
      let total: number | undefined;
      if (source === 'contact') {
        const data = await ctx.client.call('list', () =>
          api.people.connections.list({
            resourceName: 'people/me',
            personFields: READ_PERSON_FIELDS.join(','),
            pageSize: GOOGLE_LIMITS.pageSize,
            ...(sync ? { requestSyncToken: true } : {}),
            sources: ['READ_SOURCE_TYPE_CONTACT'],
            ...(pageToken ? { pageToken } : {}),
            ...(syncToken ? { syncToken } : {}),
          }),
        );
        page = data.connections ?? [];
        next = data;
        total = data.totalItems ?? data.totalPeople ?? undefined;
      } else {
        const data = await ctx.client.call('list/other', () =>
          api.otherContacts.list({
            readMask: OTHER_CONTACT_FIELDS.filter((f) => f !== 'photos').join(','),
            pageSize: GOOGLE_LIMITS.pageSize,
            requestSyncToken: true,
            ...(pageToken ? { pageToken } : {}),
            ...(syncToken ? { syncToken } : {}),
          }),
        );
        page = data.otherContacts ?? [];
        next = data;
        total = data.totalSize ?? undefined;
      }
      persons.push(...page);
      onPage?.(page, total);
      if (!next.nextPageToken) return { persons, syncToken: next.nextSyncToken ?? undefined };
      pageToken = next.nextPageToken;
    }
  } catch (error) {
    return { persons, error };
  }
}

/** R20: drops people outside the configured folder or without a star; deletions always pass. */
function passes(filter: GoogleFilter, record: RemoteRecord): boolean {
  if (record.deleted) return true;
  if (filter.starred && !record.meta?.groups?.includes(STARRED)) return false;
  if (filter.folder === 'contacts' && record.meta?.folder !== 'contacts') return false;
  return true;
}

export function toRecords(ctx: Pick<ReadContext, 'cache'>, source: Source, persons: Person[], filter?: GoogleFilter): RemoteRecord[] {
  const out: RemoteRecord[] = [];
  for (const person of persons) {
    const record = personToRecord(person, source);
    if (record.deleted) ctx.cache.delete(record.id);
    else ctx.cache.set(record.id, person);
    for (const id of record.meta?.formerIds ?? []) ctx.cache.delete(id);
    if (!filter) {
      out.push(record);
      continue;
    }
    if (passes(filter, record)) out.push(record);
  }
  return out;
}

function parseCursor(cursor: string | null | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const c = JSON.parse(cursor) as Cursor;
    return c?.v === 1 && typeof c.contacts === 'string' ? c : undefined;
  } catch {
    return undefined;
  }
}

async function readAll(ctx: ReadContext, request: ReadRequest, mode: 'full' | 'incremental', cursor?: Cursor): Promise<ReadResult | 'expired'> {
  const sources: Source[] = ctx.filter.folder === 'all' ? ['contact', 'other'] : ['contact'];
  let seen = 0;
  // With both folders read, the total is the sum of each listing's (each known after its first page).
  const totals: Partial<Record<Source, number>> = {};
  let source: Source = sources[0]!;
  const onPage = (page: Person[], total?: number) => {
    if (total !== undefined) totals[source] = total;
    const known = Object.values(totals);
    request.onProgress?.((seen += page.length), known.length === sources.length ? known.reduce((a, b) => a + b, 0) : undefined);
  };
  const records: RemoteRecord[] = [];
  const next: Cursor = { v: 1, contacts: '' };
  for (source of sources) {
    const token = cursor ? (source === 'contact' ? cursor.contacts : cursor.other) : undefined;
    const listing = await listPeople(ctx, source, token, onPage);
    records.push(...toRecords(ctx, source, listing.persons, ctx.filter));
    if (listing.error !== undefined) {
      if (cursor && isExpiredSyncToken(describeFailure(listing.error))) return 'expired';
      return incomplete(mode, records, toConnectorError(listing.error), mode === 'incremental' ? request.cursor : null);
    }
    if (!listing.syncToken) {
      const error: ConnectorError = { code: 'NO_SYNC_TOKEN', category: 'unknown', retryable: true, message: 'Google ended the listing without a sync token.' };
      return incomplete(mode, records, error, mode === 'incremental' ? request.cursor : null);
    }
    if (source === 'contact') next.contacts = listing.syncToken;
    else next.other = listing.syncToken;
    if (source === 'contact' && mode === 'full') ctx.snapshot.contacts = true;
  }
  return { mode, records, cursor: JSON.stringify(next), complete: true };
}

function incomplete(mode: 'full' | 'incremental', records: RemoteRecord[], error: ConnectorError, cursor: string | null | undefined): ReadResult {
  return { mode, records, cursor: cursor ?? null, complete: false, error };
}

/** Reads contacts per the request; falls back to a full read when the sync token is unusable. */
export async function readContacts(ctx: ReadContext, request: ReadRequest): Promise<ReadResult> {
  if (request.mode === 'incremental') {
    const cursor = parseCursor(request.cursor);
    // A cursor written under another folder filter lacks a token for Other contacts: read all again.
    const usable = cursor && (ctx.filter.folder === 'contacts' || cursor.other !== undefined);
    if (usable) {
      const result = await readAll(ctx, request, 'incremental', cursor);
      if (result !== 'expired') return result;
    }
  }
  ctx.cache.clear();
  ctx.snapshot.contacts = false;
  return (await readAll(ctx, request, 'full')) as ReadResult;
}
