/**
 * Writes through sObject Collections: creates, updates and deletes in calls of up to 200 records
 * with allOrNone false, so one bad record fails alone; each kind after the previous, several calls
 * of a kind in flight. A call the app refuses as a whole (400, e.g.
 * a value its JSON parser cannot read) is split in halves until the bad record is isolated. When
 * the daily budget runs out (R33) the remaining records fail with a retryable 'quota' error, and
 * the engine writes them on a later run; a refused session fails the rest the same way, so the
 * results of batches already written are never lost to a thrown error.
 */
import type { SaveResult } from 'jsforce';
import { mapBounded, WRITES_IN_FLIGHT } from '../shared/bounded.js';
import type { ConnectorError, WriteOp, WriteResult } from '../types.js';
import type { ObjectInfo } from './describe.js';
import { fromCode, toConnectorError } from './errors.js';
import { COLLECTION_MAX_RECORDS, LOCK_ROW_MAX_ATTEMPTS } from './limits.js';
import type { SalesforceSession } from './session.js';
import { encodeFields } from './values.js';

type Prepared = { op: WriteOp; record: Record<string, unknown> };
type Send = (batch: Prepared[]) => Promise<SaveResult[]>;

interface AppError {
  statusCode?: string;
  errorCode?: string;
  message: string;
  fields?: string[];
}

function toResult(item: Prepared, result: SaveResult | undefined): WriteResult {
  if (result?.success) return { ref: item.op.ref, ok: true, id: result.id ?? (item.op.kind === 'create' ? '' : item.op.id) };
  const errors = (result?.errors ?? []) as AppError[];
  const first = errors[0];
  // Deleting what is already in the recycle bin leaves the record where the engine wants it.
  if (item.op.kind === 'delete' && first && (first.statusCode ?? first.errorCode) === 'ENTITY_IS_DELETED')
    return { ref: item.op.ref, ok: true, id: item.op.id };
  const error: ConnectorError = first
    ? fromCode(first.statusCode ?? first.errorCode ?? 'UNKNOWN', errors.map((e) => e.message).join('; '), first.fields ?? [])
    : { code: 'UNKNOWN', category: 'unknown', retryable: true, message: 'Salesforce returned no result for this record', hint: 'Retried on the next run.' };
  return { ref: item.op.ref, ok: false, error };
}

/** Errors worth splitting a refused call for: they concern one record's content. */
const SPLITTABLE = new Set(['property-value', 'required-field', 'duplicate', 'permission']);

/** One write() call: once the session is gone or the budget is spent, later batches fail without a call. */
interface Run {
  stopped?: ConnectorError;
}

async function runBatch(run: Run, batch: Prepared[], send: Send): Promise<WriteResult[]> {
  if (run.stopped) return batch.map((item) => ({ ref: item.op.ref, ok: false, error: run.stopped! }));
  try {
    const results = await send(batch);
    return batch.map((item, i) => toResult(item, results[i]));
  } catch (thrown) {
    const error = toConnectorError(thrown);
    if (error.category === 'authentication' || error.category === 'quota') run.stopped = error;
    // A whole-call refusal about one record's content (a value the app's JSON parser cannot read):
    // split the batch until that record is alone.
    if (!error.retryable && SPLITTABLE.has(error.category) && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      return [...(await runBatch(run, batch.slice(0, half), send)), ...(await runBatch(run, batch.slice(half), send))];
    }
    return batch.map((item) => ({ ref: item.op.ref, ok: false, error }));
  }
}

/**
 * UNABLE_TO_LOCK_ROW: another transaction (a trigger, a data load, a user) held the record or its
 * parent, and nothing was saved. Only those records are sent again, after a backoff, a bounded
 * number of times; what is still locked then fails as a retryable 'conflict' for the next run.
 */
async function runWithLockRetries(session: SalesforceSession, run: Run, batch: Prepared[], send: Send): Promise<WriteResult[]> {
  const results = await runBatch(run, batch, send);
  for (let attempt = 1; attempt < Math.max(1, Math.min(session.attempts, LOCK_ROW_MAX_ATTEMPTS)); attempt++) {
    const locked = results.flatMap((r, i) => (!r.ok && r.error.code === 'UNABLE_TO_LOCK_ROW' ? [i] : []));
    if (!locked.length || run.stopped) break;
    await session.pause(attempt);
    const again = await runBatch(
      run,
      locked.map((i) => batch[i]!),
      send,
    );
    locked.forEach((i, j) => (results[i] = again[j]!));
  }
  return results;
}

/** Collections of 200, several in flight (the session's gate bounds the org's requests in flight). */
async function runAll(session: SalesforceSession, run: Run, items: Prepared[], send: Send): Promise<WriteResult[]> {
  const batches: Prepared[][] = [];
  for (let i = 0; i < items.length; i += COLLECTION_MAX_RECORDS) batches.push(items.slice(i, i + COLLECTION_MAX_RECORDS));
  if (!batches.length) return [];
  // The first goes alone: an org out of allowance or a refused session costs one call, not several.
  const first = await runWithLockRetries(session, run, batches[0]!, send);
  return [...first, ...(await mapBounded(batches.slice(1), WRITES_IN_FLIGHT, (batch) => runWithLockRetries(session, run, batch, send))).flat()];
}

export async function writeRecords(session: SalesforceSession, info: ObjectInfo, ops: WriteOp[], markerField?: string): Promise<WriteResult[]> {
  const object = info.catalogue.object;
  const run: Run = {};
  const results: WriteResult[] = [];
  const creates: Prepared[] = [];
  const updates: Prepared[] = [];
  const deletes: Prepared[] = [];
  for (const op of ops) {
    if (op.kind === 'delete') {
      // The recycle bin is Salesforce's archive: 'delete' and 'archive' are the same call.
      deletes.push({ op, record: {} });
      continue;
    }
    const fields =
      op.kind === 'create' && op.marker && markerField && info.byName.has(markerField.toLowerCase()) ? { ...op.fields, [markerField]: op.marker } : op.fields;
    const encoded = encodeFields(fields, info.byName, object);
    if (!encoded.ok) results.push({ ref: op.ref, ok: false, error: encoded.error });
    else (op.kind === 'create' ? creates : updates).push({ op, record: op.kind === 'update' ? { Id: op.id, ...encoded.record } : encoded.record });
  }

  // With an External ID marker field, creates go through upsert on it: a create sent twice (its
  // first answer lost to a 5xx or a dropped connection) updates the record the first one made
  // instead of making a second, so it is safe to repeat (REST API, sObject Collections upsert).
  const upsertOn = markerField && info.byName.get(markerField.toLowerCase())?.externalId ? info.byName.get(markerField.toLowerCase())!.name : undefined;
  const [keyed, plain] = upsertOn ? [creates.filter((c) => c.record[upsertOn]), creates.filter((c) => !c.record[upsertOn])] : [[], creates];
  results.push(
    ...(await runAll(session, run, keyed, (batch) =>
      session.call(
        'collections/upsert',
        (conn) =>
          conn.upsert(
            object,
            batch.map((b) => b.record as Record<string, string>),
            upsertOn!,
            { allOrNone: false },
          ) as Promise<SaveResult[]>,
        true,
      ),
    )),
  );
  results.push(
    ...(await runAll(session, run, plain, (batch) =>
      session.call(
        'collections/create',
        (conn) =>
          conn.create(
            object,
            batch.map((b) => b.record),
            { allOrNone: false },
          ),
        false,
      ),
    )),
  );
  results.push(
    ...(await runAll(session, run, updates, (batch) =>
      session.call(
        'collections/update',
        (conn) =>
          conn.update(
            object,
            batch.map((b) => b.record as { Id: string }),
            { allOrNone: false },
          ),
        false,
      ),
    )),
  );
  results.push(
    ...(await runAll(session, run, deletes, (batch) => {
      const ids = batch.map((b) => encodeURIComponent((b.op as { id: string }).id)).join(',');
      // Sent raw so jsforce does not retry the DELETE itself with its long backoff.
      return session.request<SaveResult[]>('collections/delete', { method: 'DELETE', url: `/composite/sobjects?ids=${ids}&allOrNone=false` }, true);
    })),
  );
  return results;
}
