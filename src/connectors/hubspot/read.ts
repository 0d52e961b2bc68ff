/**
 * Reads. Full: page through GET /crm/v3/objects/{object} (100 a page). Incremental: search for
 * records modified at or after (cursor − lookback), oldest first, by a keyset on the modified time
 * (one sort rule, no offsets; see readModifiedSince); then page the archived listing for deletions,
 * since archived records never appear in search (apis.md §1.5).
 * A no-change run costs one search and one archived page per object (while under 100 archived).
 * Archived records are purged after 90 days; a cursor that old reads in full (archiveOutlived).
 */
import { ConnectorFailure, type ReadRequest, type ReadResult, type RemoteRecord } from '../types.js';
import { readAssociations } from './associations.js';
import { decodeRecord, MERGED_IDS_PROPERTY, type FieldTypes } from './codec.js';
import type { HubSpotContext } from './context.js';
import { decodeCursor, encodeCursor, type HubSpotCursor } from './cursor.js';
import { toConnectorError } from './errors.js';
import { listPage, type PlainPage } from './plain.js';
import { ARCHIVE_RETENTION_MS, BATCH_SIZE, LIST_PAGE_SIZE, modifiedProperty, SEARCH_PAGE_SIZE } from './limits.js';

type Filter = { propertyName: string; operator: string; value: string };

/** The properties to ask for: the mapped fields plus what the connector itself needs (reads and lookups). */
export function propertiesFor(ctx: HubSpotContext, object: string, fields: string[]): string[] {
  const marker = ctx.marker(object);
  return [...new Set([...fields, 'hs_object_id', modifiedProperty(object), MERGED_IDS_PROPERTY, ...(marker ? [marker] : [])])];
}

/** Adds meta.associations (primary first) for the objects configured for `object`. */
async function attachAssociations(ctx: HubSpotContext, object: string, records: RemoteRecord[]): Promise<void> {
  const targets = ctx.settings.associations[object] ?? [];
  if (!targets.length || !records.length) return;
  for (const to of targets) {
    const linked = await readAssociations(
      ctx,
      object,
      to,
      records.map((r) => r.id),
    );
    for (const r of records) r.meta = { ...r.meta, associations: { ...r.meta?.associations, [to]: linked.get(r.id) ?? [] } };
  }
}

export async function read(ctx: HubSpotContext, request: ReadRequest): Promise<ReadResult> {
  const types = await ctx.types(request.object, request.fields);
  ctx.readFields.set(request.object, request.fields);
  if (request.mode === 'incremental') {
    const cursor = decodeCursor(request.cursor);
    if (cursor && !archiveOutlived(ctx, cursor)) return readChanges(ctx, request, types, cursor);
  }
  return readAll(ctx, request, types);
}

/** A day's margin under the 90 days, for clocks that disagree. */
const PURGE_MARGIN_MS = 24 * 3_600_000;

/**
 * Deletes are found in the archived listing, which holds a record for 90 days only: a cursor older
 * than that may have missed records archived and purged since, so the read is full instead, and
 * whatever is gone is found missing (R30).
 */
function archiveOutlived(ctx: HubSpotContext, cursor: HubSpotCursor): boolean {
  return Date.now() - (cursor.archived - ctx.settings.lookbackMs) >= ARCHIVE_RETENTION_MS - PURGE_MARGIN_MS;
}

/**
 * The object's record count, for progress only: the list endpoint gives no total, a search does
 * (`total`). One search call, made only when someone shows progress; the index may lag a few
 * seconds, which a progress bar can afford. Any failure leaves the total unknown.
 */
async function countAll(ctx: HubSpotContext, path: string): Promise<number | undefined> {
  try {
    const body = { filterGroups: [], properties: ['hs_object_id'], limit: 1 };
    const page = await ctx.calls.call('search', () => ctx.calls.sdk.crm.objects.searchApi.doSearch(path, body as never), { search: true });
    return typeof page.total === 'number' ? page.total : undefined;
  } catch {
    return undefined;
  }
}

async function readAll(ctx: HubSpotContext, request: ReadRequest, types: FieldTypes): Promise<ReadResult> {
  const { object, fields } = request;
  // Changes made while paging have later timestamps than this, so the next incremental read sees them.
  const started = Date.now();
  const properties = propertiesFor(ctx, object, fields);
  const records: RemoteRecord[] = [];
  let pending: Promise<PlainPage> | undefined;
  try {
    const path = await ctx.path(object);
    const total = request.onProgress ? await countAll(ctx, path) : undefined;
    const fetchPage = (after: string | undefined): Promise<PlainPage> => {
      // As plain JSON (plain.ts): the SDK's models cost more than the decoding below.
      const page = ctx.calls.call('list', () => listPage(ctx.calls, path, LIST_PAGE_SIZE, after, properties));
      page.catch(() => undefined); // awaited below; a failure is handled there
      return page;
    };
    for (pending = fetchPage(undefined); pending; ) {
      const page: PlainPage = await pending;
      // The next page is asked for before this one is decoded (and its associations read): the
      // pages are a chain, and nothing else need wait in it.
      const after = page.paging?.next?.after;
      pending = after ? fetchPage(after) : undefined;
      const batch = page.results.map((r) => decodeRecord(object, r, fields, types, ctx.marker(object)));
      await attachAssociations(ctx, object, batch);
      records.push(...batch);
      request.onProgress?.(records.length, total);
    }
  } catch (error) {
    // A page asked for ahead ends before the read does, so no call outlives it.
    await pending?.catch(() => undefined);
    return { mode: 'full', records, cursor: null, complete: false, error: toConnectorError(error, object) };
  }
  return { mode: 'full', records, cursor: encodeCursor({ modified: started, archived: started }), complete: true };
}

const filter = (propertyName: string, operator: string, value: string | number): Filter => ({ propertyName, operator, value: String(value) });

/** Extra margin under the lookback before the cursor may move up to the read's own start. */
const SETTLE_GUARD_MS = 1000;

/**
 * One search request: HubSpot applies a single sort rule ("Only one sorting rule can be applied to
 * any search", search guide), so paging is a keyset on that one property, never an offset: a record
 * modified while the read runs cannot shift a later one out of view, and the 10,000-result cap of
 * offset paging never applies.
 */
type Search = (filters: Filter[], sort: string) => Promise<RemoteRecord[]>;

/**
 * Every record modified at or after `from`, oldest first. Each page asks again from the newest
 * timestamp seen (its records come again and collapse by id); a page whose records all share one
 * timestamp cannot move the keyset on, so that timestamp is drained by hs_object_id instead, and
 * the walk goes on strictly after it. However many records share a timestamp, none is skipped.
 */
async function readModifiedSince(search: Search, modified: string, from: number, seen: (batch: RemoteRecord[]) => void): Promise<void> {
  let lower = filter(modified, 'GTE', from);
  for (;;) {
    const batch = await search([lower], modified);
    seen(batch);
    if (batch.length < SEARCH_PAGE_SIZE) return;
    const first = timeOf(batch[0]!);
    const last = timeOf(batch[batch.length - 1]!);
    if (last > first) {
      lower = filter(modified, 'GTE', last);
      continue;
    }
    await drainTimestamp(search, modified, last, seen);
    lower = filter(modified, 'GT', last);
  }
}

/** All records modified exactly at `ms`, by ascending hs_object_id. */
async function drainTimestamp(search: Search, modified: string, ms: number, seen: (batch: RemoteRecord[]) => void): Promise<void> {
  let afterId = '0';
  for (;;) {
    const batch = await search([filter(modified, 'EQ', ms), filter('hs_object_id', 'GT', afterId)], 'hs_object_id');
    seen(batch);
    if (batch.length < SEARCH_PAGE_SIZE) return;
    afterId = batch[batch.length - 1]!.id;
  }
}

const timeOf = (r: RemoteRecord): number => (r.modifiedAt ? Date.parse(r.modifiedAt) : 0);

async function readChanges(ctx: HubSpotContext, request: ReadRequest, types: FieldTypes, cursor: HubSpotCursor): Promise<ReadResult> {
  const { object, fields } = request;
  const { calls } = ctx;
  const lookback = ctx.settings.lookbackMs;
  const modified = modifiedProperty(object);
  const properties = propertiesFor(ctx, object, fields);
  // Duplicates from the overlap and from keyset restarts collapse here, the newest version winning.
  const byId = new Map<string, RemoteRecord>();
  // Everything modified a lookback before this read started was visible to it (index lag and clock
  // skew stay within the lookback), so the cursor moves up to there even when nothing changed;
  // otherwise every later run would re-read the last burst of changes. A lag longer than the
  // lookback is what the sync's periodic full read (reconcile_every) is for.
  const settled = Date.now() - lookback - SETTLE_GUARD_MS;
  let newestModified = Math.max(cursor.modified, settled);
  let newestArchived = Math.max(cursor.archived, settled);
  try {
    const path = await ctx.path(object);
    let total: number | undefined;
    const search: Search = async (filters, sort) => {
      const body = { filterGroups: [{ filters }], sorts: [{ propertyName: sort, direction: 'ASCENDING' }], properties, limit: SEARCH_PAGE_SIZE };
      // The SDK types `sorts` as string[]; HubSpot takes (and the SDK passes through) sort objects.
      const page = await calls.call('search', () => calls.sdk.crm.objects.searchApi.doSearch(path, body as never), { search: true });
      // The first search counts every record modified since the cursor; later ones re-ask a subset.
      total ??= page.total;
      const batch = page.results.map((r) => decodeRecord(object, r, fields, types, ctx.marker(object)));
      await attachAssociations(ctx, object, batch);
      return batch;
    };
    await readModifiedSince(search, modified, cursor.modified - lookback, (batch) => {
      for (const record of batch) {
        const previous = byId.get(record.id);
        if (!previous || timeOf(record) >= timeOf(previous)) byId.set(record.id, record);
        newestModified = Math.max(newestModified, timeOf(record) || cursor.modified);
      }
      request.onProgress?.(byId.size, total);
    });
    let after: string | undefined;
    do {
      const page = await calls.call('list/archived', () =>
        calls.sdk.crm.objects.basicApi.getPage(path, LIST_PAGE_SIZE, after, [modified], undefined, undefined, true),
      );
      for (const r of page.results) {
        const at = (r.archivedAt ?? r.updatedAt).getTime();
        if (at < cursor.archived - lookback) continue;
        newestArchived = Math.max(newestArchived, at);
        byId.set(String(r.id), { id: String(r.id), fields: {}, deleted: true, modifiedAt: new Date(at).toISOString() });
      }
      after = page.paging?.next?.after;
    } while (after);
  } catch (error) {
    // Not advanced: the next run repeats this window.
    return { mode: 'incremental', records: [...byId.values()], cursor: request.cursor ?? null, complete: false, error: toConnectorError(error, object) };
  }
  return { mode: 'incremental', records: [...byId.values()], cursor: encodeCursor({ modified: newestModified, archived: newestArchived }), complete: true };
}

/**
 * The records with these ids, through POST /crm/v3/objects/{object}/batch/read (100 a call): the
 * members an inclusion list gained without being modified since the last read (R21). Ids HubSpot
 * no longer has (a 207 listing them as not found) are left out.
 */
export async function readByIds(ctx: HubSpotContext, object: string, ids: string[], fields: string[]): Promise<RemoteRecord[]> {
  const types = await ctx.types(object, fields);
  const properties = propertiesFor(ctx, object, fields);
  const out: RemoteRecord[] = [];
  try {
    const path = await ctx.path(object);
    for (let i = 0; i < ids.length; i += BATCH_SIZE) {
      const inputs = ids.slice(i, i + BATCH_SIZE).map((id) => ({ id }));
      const answer = await ctx.calls.call('batch/read', () =>
        ctx.calls.sdk.crm.objects.batchApi.read(path, { inputs, properties, propertiesWithHistory: [] }, false),
      );
      const batch = answer.results.map((r) => decodeRecord(object, r, fields, types, ctx.settings.markerProperty));
      await attachAssociations(ctx, object, batch);
      out.push(...batch);
    }
  } catch (error) {
    throw new ConnectorFailure(toConnectorError(error, object), ctx.settings.name);
  }
  return out;
}
