/**
 * Reads. Full: page through GET /crm/v3/objects/{object} (100 a page). Incremental: search for
 * records modified at or after (cursor − lookback), oldest first with hs_object_id breaking ties,
 * starting a fresh query from the last timestamp seen before the 10,000-result cap; then page the
 * archived listing for deletions, since archived records never appear in search (apis.md §1.5).
 * A no-change run costs one search and one archived page per object (while under 100 archived).
 */
import type { ReadRequest, ReadResult, RemoteRecord } from '../types.js';
import { readAssociations } from './associations.js';
import { decodeRecord, type FieldTypes } from './codec.js';
import type { HubSpotContext } from './context.js';
import { decodeCursor, encodeCursor, type HubSpotCursor } from './cursor.js';
import { toConnectorError } from './errors.js';
import { LIST_PAGE_SIZE, modifiedProperty, SEARCH_PAGE_SIZE, SEARCH_RESULT_CAP } from './limits.js';

type Filter = { propertyName: string; operator: string; value: string };
type FilterGroups = Array<{ filters: Filter[] }>;

/** The properties to ask for: the mapped fields plus what the connector itself needs. */
function propertiesFor(ctx: HubSpotContext, object: string, fields: string[]): string[] {
  const marker = ctx.settings.markerProperty;
  return [...new Set([...fields, 'hs_object_id', modifiedProperty(object), ...(marker ? [marker] : [])])];
}

/** Adds meta.associations (primary first) for the objects configured for `object`. */
async function attachAssociations(ctx: HubSpotContext, object: string, records: RemoteRecord[]): Promise<void> {
  const targets = ctx.settings.associations[object] ?? [];
  if (!targets.length || !records.length) return;
  for (const to of targets) {
    const linked = await readAssociations(ctx, object, to, records.map((r) => r.id));
    for (const r of records) r.meta = { ...r.meta, associations: { ...r.meta?.associations, [to]: linked.get(r.id) ?? [] } };
  }
}

export async function read(ctx: HubSpotContext, request: ReadRequest): Promise<ReadResult> {
  const types = await ctx.types(request.object, request.fields);
  if (request.mode === 'incremental') {
    const cursor = decodeCursor(request.cursor);
    if (cursor) return readChanges(ctx, request, types, cursor);
  }
  return readAll(ctx, request, types);
}

async function readAll(ctx: HubSpotContext, request: ReadRequest, types: FieldTypes): Promise<ReadResult> {
  const { object, fields } = request;
  // Changes made while paging have later timestamps than this, so the next incremental read sees them.
  const started = Date.now();
  const properties = propertiesFor(ctx, object, fields);
  const records: RemoteRecord[] = [];
  let after: string | undefined;
  try {
    const path = await ctx.path(object);
    do {
      const page = await ctx.calls.call('list', () => ctx.calls.sdk.crm.objects.basicApi.getPage(path, LIST_PAGE_SIZE, after, properties, undefined, undefined, false));
      const batch = page.results.map((r) => decodeRecord(object, r, fields, types, ctx.settings.markerProperty));
      await attachAssociations(ctx, object, batch);
      records.push(...batch);
      request.onProgress?.(records.length);
      after = page.paging?.next?.after;
    } while (after);
  } catch (error) {
    return { mode: 'full', records, cursor: null, complete: false, error: toConnectorError(error, object) };
  }
  return { mode: 'full', records, cursor: encodeCursor({ modified: started, archived: started }), complete: true };
}

const gte = (property: string, ms: number): FilterGroups => [{ filters: [{ propertyName: property, operator: 'GTE', value: String(ms) }] }];

/** After (ms, id) exactly: for a stretch of more records sharing one timestamp than a query can page through. */
const keyset = (property: string, ms: number, id: string): FilterGroups => [
  { filters: [{ propertyName: property, operator: 'GT', value: String(ms) }] },
  {
    filters: [
      { propertyName: property, operator: 'EQ', value: String(ms) },
      { propertyName: 'hs_object_id', operator: 'GT', value: id },
    ],
  },
];

/** Extra margin under the lookback before the cursor may move up to the read's own start. */
const SETTLE_GUARD_MS = 1000;

async function readChanges(ctx: HubSpotContext, request: ReadRequest, types: FieldTypes, cursor: HubSpotCursor): Promise<ReadResult> {
  const { object, fields } = request;
  const { calls } = ctx;
  const lookback = ctx.settings.lookbackMs;
  const modified = modifiedProperty(object);
  const properties = propertiesFor(ctx, object, fields);
  const sorts = [
    { propertyName: modified, direction: 'ASCENDING' },
    { propertyName: 'hs_object_id', direction: 'ASCENDING' },
  ];
  // Duplicates from the overlap and from restarts collapse here, the newest version winning.
  const byId = new Map<string, RemoteRecord>();
  // Everything modified a lookback before this read started was visible to it (index lag and clock
  // skew stay within the lookback), so the cursor moves up to there even when nothing changed;
  // otherwise every later run would re-read the last burst of changes.
  const settled = Date.now() - lookback - SETTLE_GUARD_MS;
  let newestModified = Math.max(cursor.modified, settled);
  let newestArchived = Math.max(cursor.archived, settled);
  try {
    const path = await ctx.path(object);
    let filterGroups = gte(modified, cursor.modified - lookback);
    let offset = 0;
    let segmentFirst: number | undefined;
    let last: { ms: number; id: string } | undefined;
    for (;;) {
      const body = { filterGroups, sorts, properties, limit: SEARCH_PAGE_SIZE, after: String(offset) };
      // The SDK types `sorts` as string[]; HubSpot takes (and the SDK passes through) sort objects.
      const page = await calls.call('search', () => calls.sdk.crm.objects.searchApi.doSearch(path, body as never), { search: true });
      const batch = page.results.map((r) => decodeRecord(object, r, fields, types, ctx.settings.markerProperty));
      await attachAssociations(ctx, object, batch);
      for (const record of batch) {
        byId.set(record.id, record);
        const ms = record.modifiedAt ? Date.parse(record.modifiedAt) : cursor.modified;
        newestModified = Math.max(newestModified, ms);
        segmentFirst ??= ms;
        last = { ms, id: record.id };
      }
      request.onProgress?.(byId.size);
      const next = page.paging?.next?.after;
      if (!next || !batch.length || !last) break;
      if (Number(next) < SEARCH_RESULT_CAP) {
        offset = Number(next);
        continue;
      }
      // Restart before the cap; the records at `last.ms` come again and collapse by id.
      filterGroups = segmentFirst === last.ms ? keyset(modified, last.ms, last.id) : gte(modified, last.ms);
      offset = 0;
      segmentFirst = undefined;
    }
    let after: string | undefined;
    do {
      const page = await calls.call('list/archived', () => calls.sdk.crm.objects.basicApi.getPage(path, LIST_PAGE_SIZE, after, [modified], undefined, undefined, true));
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
