/**
 * `/sobjects`: describeGlobal, describe, single-record create/read/update/delete, and the
 * replication calls getUpdated / getDeleted (apis.md §2.2, §2.5, §2.7), and upsert by External ID.
 */
import { formatSfDateTime, parseSfDateTime } from '../../datetime.js';
import { toId18 } from '../../ids.js';
import { RECYCLE_BIN_RETENTION_MS, REPLICATION_WINDOW_MS } from '../../limits.js';
import type { EmulatorResponse } from '../../../shared/emulator-http.js';
import { describeGlobalEntry, describeObject } from '../describe.js';
import { entityIsDeleted, errorResponse, notFound, sfError } from '../errors.js';
import { createRecord, deleteRecord, updateRecord, type Outcome } from '../records.js';
import type { Table } from '../table.js';
import { externalIdField, upsertRecord } from '../upsert.js';
import type { EmulatorState, RestRequest } from './state.js';

export function describeGlobal(state: EmulatorState, req: RestRequest): EmulatorResponse {
  return {
    status: 200,
    body: { encoding: 'UTF-8', maxBatchSize: 200, sobjects: state.store.allTables().map((t) => describeGlobalEntry(t.spec, req.version)) },
  };
}

function tableOr404(state: EmulatorState, name: string): Table | EmulatorResponse {
  return state.store.table(name) ?? errorResponse(404, sfError('NOT_FOUND', 'The requested resource does not exist'));
}

export function describe(state: EmulatorState, req: RestRequest, name: string): EmulatorResponse {
  const table = tableOr404(state, name);
  if (!('spec' in table)) return table;
  const children = state.store.allTables().flatMap((t) =>
    t
      .visibleFields()
      .filter((f) => f.referenceTo?.includes(table.name))
      .map((f) => ({ object: t.name, field: f.name, relationshipName: t.name === 'Contact' && f.name === 'AccountId' ? 'Contacts' : null })),
  );
  // Field-level security: the describe lists only the fields the user can see.
  return { status: 200, body: describeObject({ ...table.spec, fields: table.visibleFields() }, req.version, children) };
}

/** GET /sobjects/{T}: the object's basic information. */
export function basicInfo(state: EmulatorState, req: RestRequest, name: string): EmulatorResponse {
  const table = tableOr404(state, name);
  if (!('spec' in table)) return table;
  return { status: 200, body: { objectDescribe: describeGlobalEntry(table.spec, req.version), recentItems: [] } };
}

function writeFailed(outcome: Extract<Outcome, { ok: false }>): EmulatorResponse {
  const code = outcome.errors[0]?.statusCode;
  if (code === 'NOT_FOUND') return notFound();
  if (code === 'ENTITY_IS_DELETED') return entityIsDeleted();
  return errorResponse(400, outcome.errors);
}

function jsonObject(req: RestRequest): Record<string, unknown> | undefined {
  return req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : undefined;
}

const badJson = () => errorResponse(400, sfError('JSON_PARSER_ERROR', 'The request body is not a JSON object'));

export function createOne(state: EmulatorState, req: RestRequest, name: string): EmulatorResponse {
  const table = state.store.table(name);
  if (!table) return notFound();
  const body = jsonObject(req);
  if (!body) return badJson();
  const outcome = createRecord(state.write, table, body, state.store.nextStamp());
  if (!outcome.ok) return writeFailed(outcome);
  state.changed();
  return { status: 201, body: { id: outcome.id, success: true, errors: [] } };
}

export function readOne(state: EmulatorState, req: RestRequest, name: string, rawId: string): EmulatorResponse {
  const table = state.store.table(name);
  const id = toId18(rawId);
  if (!table || !id) return notFound();
  const hit = state.store.get(id);
  if (!hit || hit.table !== table) return notFound();
  if (hit.row.IsDeleted) return entityIsDeleted();
  const wanted = req.url.searchParams
    .get('fields')
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const specs = wanted ? wanted.map((f) => table.field(f) ?? f) : table.visibleFields();
  const unknown = specs.filter((f): f is string => typeof f === 'string');
  if (unknown.length) return errorResponse(400, sfError('INVALID_FIELD', `No such column '${unknown[0]}' on sobject of type ${table.name}`));
  const record: Record<string, unknown> = { attributes: { type: table.name, url: `/services/data/v${req.version}/sobjects/${table.name}/${id}` } };
  for (const f of specs) if (typeof f !== 'string') record[f.name] = hit.row[f.name] ?? null;
  return { status: 200, body: record };
}

export function updateOne(state: EmulatorState, req: RestRequest, name: string, rawId: string): EmulatorResponse {
  if (!state.store.table(name)) return notFound();
  const body = jsonObject(req);
  if (!body) return badJson();
  const outcome = updateRecord(state.write, rawId, body, state.store.nextStamp(), name);
  if (!outcome.ok) return writeFailed(outcome);
  state.changed();
  return { status: 204 };
}

export function deleteOne(state: EmulatorState, _req: RestRequest, name: string, rawId: string): EmulatorResponse {
  if (!state.store.table(name)) return notFound();
  const outcome = deleteRecord(state.write, rawId, state.store.nextStamp(), name);
  if (!outcome.ok) return writeFailed(outcome);
  state.changed();
  return { status: 204 };
}

const MINUTE = 60_000;

/** The start/end window of getUpdated/getDeleted, truncated to whole minutes, or the app's error. */
function window(state: EmulatorState, req: RestRequest): { start: number; end: number } | EmulatorResponse {
  const start = parseSfDateTime(req.url.searchParams.get('start') ?? '');
  const end = parseSfDateTime(req.url.searchParams.get('end') ?? '');
  if (Number.isNaN(start) || Number.isNaN(end)) return errorResponse(400, sfError('MALFORMED_QUERY', 'start and end must be valid dateTime values'));
  const s = Math.floor(start / MINUTE) * MINUTE;
  const e = Math.floor(end / MINUTE) * MINUTE;
  if (e <= s) return errorResponse(400, sfError('INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute'));
  if (s < state.store.now() - REPLICATION_WINDOW_MS)
    return errorResponse(400, sfError('INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago'));
  return { start: s, end: e };
}

export function updatedIds(state: EmulatorState, req: RestRequest, name: string): EmulatorResponse {
  const table = tableOr404(state, name);
  if (!('spec' in table)) return table;
  const w = window(state, req);
  if (!('start' in w)) return w;
  const [lo, hi] = [formatSfDateTime(w.start), formatSfDateTime(w.end)];
  const ids = [...table.rows.values()].filter((r) => !r.IsDeleted && (r.SystemModstamp as string) >= lo && (r.SystemModstamp as string) < hi).map((r) => r.Id);
  return { status: 200, body: { ids, latestDateCovered: hi } };
}

export function deletedIds(state: EmulatorState, req: RestRequest, name: string): EmulatorResponse {
  const table = tableOr404(state, name);
  if (!('spec' in table)) return table;
  const w = window(state, req);
  if (!('start' in w)) return w;
  state.store.purgeRecycleBin();
  const deletedRecords = [...table.deletedAt].filter(([, at]) => at >= w.start && at < w.end).map(([id, at]) => ({ id, deletedDate: formatSfDateTime(at) }));
  let earliest = state.store.now() - RECYCLE_BIN_RETENTION_MS;
  for (const at of table.deletedAt.values()) earliest = Math.min(earliest, at);
  return { status: 200, body: { deletedRecords, earliestDateAvailable: formatSfDateTime(earliest), latestDateCovered: formatSfDateTime(w.end) } };
}

/**
 * PATCH /sobjects/{T}/{field}/{value}: upsert by External ID. 201 with `created: true` for a new
 * record, 200 with `created: false` for an update (API 46.0 and later), 300 with the matching
 * records' URLs when several hold the value, 404 when the field is not an External ID field.
 */
export function upsertOne(state: EmulatorState, req: RestRequest, name: string, fieldName: string, value: string): EmulatorResponse {
  const table = state.store.table(name);
  if (!table) return notFound();
  const field = externalIdField(table, fieldName);
  if (!('name' in field)) return errorResponse(404, field);
  const body = jsonObject(req);
  if (!body) return badJson();
  const outcome = upsertRecord(state.write, table, field.name, value, body, state.store.nextStamp());
  if (!outcome.ok && 'several' in outcome)
    return { status: 300, body: outcome.several.map((id) => `/services/data/v${req.version}/sobjects/${table.name}/${id}`) };
  if (!outcome.ok) return writeFailed(outcome);
  state.changed();
  return { status: outcome.created ? 201 : 200, body: { id: outcome.id, success: true, errors: [], created: outcome.created } };
}
