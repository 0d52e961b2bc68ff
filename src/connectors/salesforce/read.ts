/**
 * Reads: a full read pages through `query` over every page (no maxFetch cap, so nothing stops at
 * jsforce's default of 10 000); an incremental read asks `queryAll` once for everything whose
 * SystemModstamp moved since the cursor, which returns changes and deletions (IsDeleted = true)
 * together, so a no-op run costs one query call (plus one describe when cold).
 */
import type { QueryResult, Record as SfRecord } from 'jsforce';
import type { ConnectorError, FieldDef, Fields, ReadRequest, ReadResult, RemoteRecord } from '../types.js';
import { ConnectorFailure } from '../types.js';
import { DATE_HEADER_RESOLUTION_MS } from './app-clock.js';
import { CursorBuilder, parseCursor } from './cursor.js';
import { parseSfDateTime, sfDateTimeToIso } from './datetime.js';
import { MASTER_RECORD_FIELD, type ObjectInfo } from './describe.js';
import { toConnectorError } from './errors.js';
import { KEY_PREFIXES, QUERY_PAGE_SIZE, QUERY_OPTIONS_HEADER, RECYCLE_BIN_RETENTION_MS, RECYCLE_BIN_SAFETY_MS } from './limits.js';
import type { SalesforceSession } from './session.js';
import { buildSelect, soqlDateTime } from './soql.js';
import { DECODE_SLICE, yieldToIo } from '../shared/bounded.js';
import { decodeValue, readPath } from './values.js';

export interface ReadSettings {
  overlapMs: number;
  /** The client's clock (tests set it), for the cursor's retention check. */
  now?: () => number;
  /** Where the fall-back to a full read is said. */
  onWarning?: (message: string) => void;
  markerField?: string;
  pageSize?: number;
}

/** Resolves the requested names against the catalogue: canonical names, or the unknown ones. */
function resolveFields(info: ObjectInfo, requested: string[]): { fields: Array<{ as: string; name: string; def?: FieldDef }>; unknown: string[] } {
  const fields: Array<{ as: string; name: string; def?: FieldDef }> = [];
  const unknown: string[] = [];
  for (const as of requested) {
    if (as.includes('.'))
      fields.push({ as, name: as }); // a related field; the app checks it
    else {
      const def = info.byName.get(as.toLowerCase());
      if (def) fields.push({ as, name: def.name, def });
      else unknown.push(as);
    }
  }
  return { fields, unknown };
}

/** A record as the engine sees it. */
export function toRemote(record: SfRecord, fields: Array<{ as: string; name: string; def?: FieldDef }>, info: ObjectInfo, markerField?: string): RemoteRecord {
  const out: Fields = {};
  for (const f of fields) out[f.as] = decodeValue(f.name.includes('.') ? readPath(record, f.name) : record[f.name], f.def);
  const remote: RemoteRecord = { id: String(record.Id), fields: out };
  // The two-way rule compares user changes: LastModifiedDate moves only when a user (or an
  // integration) edits the record, SystemModstamp also on system updates (roll-ups, recalculated
  // formulas, sharing), which must not make stale values look newest (apis.md §2.7).
  const modified = typeof record.LastModifiedDate === 'string' ? record.LastModifiedDate : record.SystemModstamp;
  if (typeof modified === 'string') remote.modifiedAt = sfDateTimeToIso(modified);
  const associations: Record<string, string[]> = {};
  for (const ref of info.references) {
    const id = record[ref.field];
    // Associations are the record's lookups, keyed by the object they point at (R27). A polymorphic
    // lookup (Task.WhoId: Contact or Lead, R9) points where the id's key prefix says.
    const to = typeof id !== 'string' ? undefined : ref.to.length === 1 ? ref.to[0] : ref.to.find((o) => KEY_PREFIXES[o] === id.slice(0, 3));
    if (typeof id === 'string' && to) (associations[to] ??= []).push(id);
  }
  if (Object.keys(associations).length) remote.meta = { associations };
  const marker = markerField ? record[markerField] : undefined;
  if (typeof marker === 'string') remote.meta = { ...remote.meta, marker };
  return remote;
}

function failed(name: string, error: ConnectorError, request: ReadRequest, mode: ReadResult['mode'], records: RemoteRecord[]): ReadResult {
  // Authentication failures are not a partial read: nothing can be read until the user reconnects.
  if (error.category === 'authentication') throw new ConnectorFailure(error, name);
  return { mode, records, cursor: request.cursor ?? null, complete: false, error };
}

export async function readRecords(session: SalesforceSession, info: ObjectInfo, request: ReadRequest, settings: ReadSettings): Promise<ReadResult> {
  const startedAt = (settings.now ?? Date.now)();
  const object = info.catalogue.object;
  const verdict = request.mode === 'incremental' ? parseCursor(request.cursor, object, startedAt) : { cursor: undefined };
  const previous = verdict.cursor;
  // An unusable cursor (missing, corrupt, older than the recycle bin) means a full read.
  const mode = previous ? 'incremental' : 'full';
  if ('reason' in verdict && verdict.reason === 'expired') {
    settings.onWarning?.(
      `Salesforce connection '${session.name}': ${object} was last read incrementally over ${Math.round((RECYCLE_BIN_RETENTION_MS - RECYCLE_BIN_SAFETY_MS) / 86_400_000)} days ago, and Salesforce empties its recycle bin (where deletions are seen) after about 15 days; reading ${object} in full instead, so no deletion is missed.`,
    );
  }
  const { fields, unknown } = resolveFields(info, request.fields);
  if (unknown.length) {
    return failed(
      session.name,
      {
        code: 'INVALID_FIELD',
        category: 'property-value',
        retryable: false,
        message: `No such field on Salesforce object ${object}: ${unknown.join(', ')}`,
        hint: 'Check the field names in the mapping against the object (custom fields end in __c).',
      },
      request,
      mode,
      [],
    );
  }
  // Incremental reads see deletions; MasterRecordId tells a merge from a delete (R30).
  const merges = mode === 'incremental' && info.byName.has(MASTER_RECORD_FIELD.toLowerCase());
  const system = [
    'Id',
    'SystemModstamp',
    ...(info.byName.has('lastmodifieddate') ? ['LastModifiedDate'] : []),
    ...(mode === 'incremental' ? ['IsDeleted'] : []),
    ...(merges ? [MASTER_RECORD_FIELD] : []),
    ...(settings.markerField && info.byName.has(settings.markerField.toLowerCase()) ? [settings.markerField] : []),
  ];
  // Lookup fields come along so that associations (R27) are known without another query.
  const select = [...new Set([...system, ...fields.map((f) => f.name), ...info.references.map((r) => r.field)])];
  const soql = previous
    ? buildSelect({
        fields: select,
        object,
        where: `SystemModstamp >= ${soqlDateTime(Math.max(0, previous.since - settings.overlapMs))}`,
        orderBy: 'SystemModstamp ASC, Id ASC',
      })
    : buildSelect({ fields: select, object });
  const headers: Record<string, string> = {};
  if (settings.pageSize && settings.pageSize !== QUERY_PAGE_SIZE) headers[QUERY_OPTIONS_HEADER] = `batchSize=${settings.pageSize}`;

  const cursor = new CursorBuilder(previous, startedAt);
  const records: RemoteRecord[] = [];
  const fetchPage = (kind: string, url: string) => {
    const page = session.request<QueryResult<SfRecord>>(kind, { method: 'GET', url, headers }, true);
    page.catch(() => undefined); // awaited below; a failure is handled there
    return page;
  };
  let pending: Promise<QueryResult<SfRecord>> | undefined = fetchPage(
    mode === 'incremental' ? 'queryAll' : 'query',
    `/${mode === 'incremental' ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`,
  );
  while (pending) {
    let page: QueryResult<SfRecord>;
    try {
      page = await pending;
    } catch (error) {
      return failed(session.name, toConnectorError(error), request, mode, records);
    }
    // The next page is asked for before this one is decoded: decoding is off the chain of pages.
    pending = page.done || !page.nextRecordsUrl ? undefined : fetchPage('queryMore', page.nextRecordsUrl);
    for (const [i, record] of page.records.entries()) {
      if (i > 0 && i % DECODE_SLICE === 0) await yieldToIo();
      const stamp = parseSfDateTime(String(record.SystemModstamp));
      cursor.observe(String(record.Id), stamp);
      if (previous && cursor.alreadySeen(String(record.Id), stamp)) continue;
      const remote = toRemote(record, fields, info, settings.markerField);
      if (record.IsDeleted === true) {
        remote.deleted = true;
        // A record merged away: the link moves to the survivor instead of the delete propagating.
        if (typeof record[MASTER_RECORD_FIELD] === 'string') remote.meta = { ...remote.meta, mergedInto: record[MASTER_RECORD_FIELD] as string };
      }
      records.push(remote);
    }
    request.onProgress?.(records.length, page.totalSize);
  }
  const offset = await session.clockOffset();
  // When the read started on the org's clock, known to the Date header's whole second.
  const orgStartedAt = offset === undefined ? undefined : startedAt + offset - DATE_HEADER_RESOLUTION_MS;
  return { mode, records, cursor: cursor.build(object, settings.overlapMs, orgStartedAt), complete: true };
}
