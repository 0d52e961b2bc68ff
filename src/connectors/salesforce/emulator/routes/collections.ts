/**
 * sObject Collections (`/composite/sobjects`): up to 200 records per call, HTTP 200 with one
 * result per record in input order, and allOrNone rolling everything back when any record fails
 * (apis.md §2.4). All records of one call are one transaction and share one SystemModstamp.
 */
import { COLLECTION_RETRIEVE_MAX_IDS } from '../../limits.js';
import type { EmulatorResponse } from '../../../shared/emulator-http.js';
import { errorResponse, invalidType, saveResult, sfError, type SfError } from '../errors.js';
import { createRecord, deleteRecord, updateRecord, type Outcome } from '../records.js';
import type { EmulatorState, RestRequest } from './state.js';
import { externalIdField, upsertRecord } from '../upsert.js';

const tooMany = (max: number) =>
  errorResponse(400, sfError('EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${max} records into this call`));
const ROLLED_BACK: SfError = sfError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
);

/** Runs one write per item; on allOrNone with any failure, undoes the successes. */
function runAll(
  state: EmulatorState,
  count: number,
  allOrNone: boolean,
  write: (i: number, stamp: string) => Outcome & { created?: boolean },
): EmulatorResponse {
  const stamp = state.store.nextStamp();
  const outcomes: Array<Outcome & { created?: boolean }> = [];
  for (let i = 0; i < count; i++) {
    const outcome = write(i, stamp);
    // A body the JSON deserialiser cannot read fails the whole request.
    if (!outcome.ok && outcome.wholeRequest) {
      for (const done of outcomes) if (done.ok) done.undo();
      return errorResponse(400, outcome.errors);
    }
    outcomes.push(outcome);
  }
  const anyFailed = outcomes.some((o) => !o.ok);
  if (allOrNone && anyFailed) for (const o of [...outcomes].reverse()) if (o.ok) o.undo();
  if (outcomes.some((o) => o.ok) && !(allOrNone && anyFailed)) state.changed();
  const results = outcomes.map((o) => {
    const result = o.ok ? (allOrNone && anyFailed ? saveResult(o.id, [ROLLED_BACK]) : saveResult(o.id, [])) : saveResult(o.id, o.errors);
    // An upsert's UpsertResult says whether the record was created.
    if (o.created !== undefined) result.created = o.ok && !(allOrNone && anyFailed) ? o.created : false;
    return result;
  });
  return { status: 200, body: results };
}

function recordsOf(req: RestRequest): { allOrNone: boolean; records: Record<string, unknown>[] } | undefined {
  const body = req.body as { allOrNone?: unknown; records?: unknown } | undefined;
  if (!body || !Array.isArray(body.records) || body.records.some((r) => !r || typeof r !== 'object')) return undefined;
  return { allOrNone: body.allOrNone === true, records: body.records as Record<string, unknown>[] };
}

const typeOf = (record: Record<string, unknown>) => (record.attributes as { type?: unknown } | undefined)?.type;
const badBody = () => errorResponse(400, sfError('JSON_PARSER_ERROR', 'The request body must be {"allOrNone": boolean, "records": [ … ]}'));

/** POST /composite/sobjects: create. */
export function createMany(state: EmulatorState, req: RestRequest): EmulatorResponse {
  const input = recordsOf(req);
  if (!input) return badBody();
  if (input.records.length > state.maxCollection) return tooMany(state.maxCollection);
  return runAll(state, input.records.length, input.allOrNone, (i, stamp) => {
    const record = input.records[i]!;
    const type = typeOf(record);
    const table = typeof type === 'string' ? state.store.table(type) : undefined;
    if (!table) return { ok: false, errors: [invalidType(String(type ?? ''))] };
    return createRecord(state.write, table, record, stamp);
  });
}

/** PATCH /composite/sobjects: update; each record carries `id` (jsforce sends it lower-case). */
export function updateMany(state: EmulatorState, req: RestRequest): EmulatorResponse {
  const input = recordsOf(req);
  if (!input) return badBody();
  if (input.records.length > state.maxCollection) return tooMany(state.maxCollection);
  return runAll(state, input.records.length, input.allOrNone, (i, stamp) => {
    const { id, Id, ...fields } = input.records[i]!;
    const type = typeOf(fields);
    return updateRecord(state.write, id ?? Id, fields, stamp, typeof type === 'string' ? type : undefined);
  });
}

/** DELETE /composite/sobjects?ids=a,b&allOrNone=true */
export function deleteMany(state: EmulatorState, req: RestRequest): EmulatorResponse {
  const ids = (req.url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
  if (!ids.length) return errorResponse(400, sfError('MISSING_ARGUMENT', 'ids parameter is required'));
  if (ids.length > state.maxCollection) return tooMany(state.maxCollection);
  const allOrNone = req.url.searchParams.get('allOrNone') === 'true';
  return runAll(state, ids.length, allOrNone, (i, stamp) => deleteRecord(state.write, ids[i], stamp));
}

/** POST /composite/sobjects/{T} with {ids, fields}: records aligned to ids, null where not found. */
export function retrieveMany(state: EmulatorState, req: RestRequest, name: string): EmulatorResponse {
  const table = state.store.table(name);
  if (!table) return errorResponse(400, invalidType(name));
  const body = req.body as { ids?: unknown; fields?: unknown } | undefined;
  if (!body || !Array.isArray(body.ids) || !Array.isArray(body.fields)) return badBody();
  if (body.ids.length > COLLECTION_RETRIEVE_MAX_IDS) return tooMany(COLLECTION_RETRIEVE_MAX_IDS);
  const specs = (body.fields as unknown[]).map((f) => table.field(String(f)) ?? String(f));
  const unknown = specs.find((f): f is string => typeof f === 'string');
  if (unknown) return errorResponse(400, sfError('INVALID_FIELD', `No such column '${unknown}' on sobject of type ${table.name}`));
  const records = (body.ids as unknown[]).map((id) => {
    const hit = typeof id === 'string' ? state.store.get(id) : undefined;
    if (!hit || hit.table !== table || hit.row.IsDeleted) return null;
    const out: Record<string, unknown> = {
      attributes: { type: table.name, url: `/services/data/v${req.version}/sobjects/${table.name}/${hit.row.Id as string}` },
    };
    for (const f of specs) if (typeof f !== 'string') out[f.name] = hit.row[f.name] ?? null;
    return out;
  });
  return { status: 200, body: records };
}

/**
 * PATCH /composite/sobjects/{T}/{ExternalIdField}: upsert up to 200 records of type T by an
 * External ID field (API 46.0 and later); one UpsertResult per record, in order, with `created`.
 */
export function upsertMany(state: EmulatorState, req: RestRequest, name: string, fieldName: string): EmulatorResponse {
  const table = state.store.table(name);
  if (!table) return errorResponse(400, invalidType(name));
  const field = externalIdField(table, fieldName);
  // Assumption: a field that is not an External ID field refuses the whole request, as the single upsert does, with 404.
  if (!('name' in field)) return errorResponse(404, field);
  const input = recordsOf(req);
  if (!input) return badBody();
  if (input.records.length > state.maxCollection) return tooMany(state.maxCollection);
  return runAll(state, input.records.length, input.allOrNone, (i, stamp) => {
    const record = input.records[i]!;
    // "The list can contain objects only of the type indicated in the request URI."
    if (typeOf(record) !== table.name) return { ok: false, created: false, errors: [invalidType(String(typeOf(record) ?? ''))] };
    const key = Object.keys(record).find((k) => k.toLowerCase() === field.name.toLowerCase());
    const { [key ?? field.name]: value, attributes: _a, ...fields } = record;
    const outcome = upsertRecord(state.write, table, field.name, value, fields, stamp);
    // Every UpsertResult says `created`, false for a failed record.
    return 'several' in outcome ? { ok: false, created: false, errors: outcome.errors } : { ...outcome, created: outcome.ok ? outcome.created : false };
  });
}
