/**
 * The app's write pipeline for one record: field checks, defaults, required fields, validation
 * rules, duplicate rules, uniqueness, then the system fields. Each successful write returns an undo,
 * so a collection call with allOrNone can roll back.
 */
import { toId18 } from '../ids.js';
import { coerceValue } from './coerce.js';
import { sfError, type SfError } from './errors.js';
import type { ValidationRule } from './options.js';
import type { Row } from './soql/resolve.js';
import type { SalesforceStore } from './store.js';
import type { Table } from './table.js';

export interface WriteContext {
  store: SalesforceStore;
  duplicateRules: boolean;
  validationRules: ValidationRule[];
  /** Records another transaction holds, with how many more writes touching them fail (UNABLE_TO_LOCK_ROW). */
  locks: Map<string, number>;
}

/**
 * A write that touches a record another transaction holds (the record itself, or a parent it looks
 * up) waits and then fails with UNABLE_TO_LOCK_ROW, per record in a collection call (SOAP API
 * Developer Guide, Core Data Types, StatusCode: "UNABLE_TO_LOCK_ROW: A deadlock or timeout
 * condition has been detected"; Record Locking cheat sheet). Assumption: the message names the
 * first locked record as the app's does: "unable to obtain exclusive access to this record or 1 records: <id>".
 */
function lockedBy(ctx: WriteContext, ids: unknown[]): SfError | undefined {
  for (const id of ids) {
    const left = typeof id === 'string' ? ctx.locks.get(id) : undefined;
    if (!left) continue;
    if (left <= 1) ctx.locks.delete(id as string);
    else ctx.locks.set(id as string, left - 1);
    return sfError('UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${id as string}`, []);
  }
  return undefined;
}

/** The record and every parent it points at: what a write to it locks. */
const lockTargets = (table: Table, row: Row): unknown[] => [row.Id, ...table.spec.fields.filter((f) => f.type === 'reference').map((f) => row[f.name])];

export type Outcome = { ok: true; id: string; undo: () => void } | { ok: false; id?: string; errors: SfError[]; wholeRequest?: boolean };

const fail = (errors: SfError[], id?: string, wholeRequest = false): Outcome => ({ ok: false, id, errors, wholeRequest });
const DUPLICATE_RULE_OBJECTS = new Set(['Contact', 'Lead']);

/** Applies request fields onto `row`; returns errors (per record or for the whole request). */
function applyFields(ctx: WriteContext, table: Table, row: Row, input: Record<string, unknown>, creating: boolean): Outcome | undefined {
  const errors: SfError[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key === 'attributes') continue;
    if (key.toLowerCase() === 'id') {
      if (creating) errors.push(sfError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']));
      continue;
    }
    const spec = table.field(key);
    if (!spec) {
      errors.push(sfError('INVALID_FIELD', `No such column '${key}' on sobject of type ${table.name}`, [key]));
      continue;
    }
    if (spec.readOnly) {
      errors.push(
        sfError(
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${spec.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          [spec.name],
        ),
      );
      continue;
    }
    const coerced = coerceValue(spec, value);
    if (!coerced.ok) {
      if (coerced.wholeRequest) return fail([coerced.error], undefined, true);
      errors.push(coerced.error);
      continue;
    }
    if (spec.type === 'reference' && coerced.value) {
      const error = checkReference(ctx, spec.name, spec.referenceTo ?? [], coerced.value as string);
      if (error) errors.push(error);
    }
    row[spec.name] = coerced.value;
  }
  return errors.length ? fail(errors) : undefined;
}

function checkReference(ctx: WriteContext, field: string, referenceTo: string[], id: string): SfError | undefined {
  const known = referenceTo.filter((name) => ctx.store.table(name));
  if (!known.length) return undefined; // e.g. User: not modelled, any well-formed id is accepted
  const hit = ctx.store.get(id);
  if (hit && !known.includes(hit.table.name))
    return sfError('FIELD_INTEGRITY_EXCEPTION', `field integrity exception: ${field} (id value of incorrect type: ${id})`, [field]);
  if (!hit || hit.row.IsDeleted) return sfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field]);
  return undefined;
}

/** Fields the app computes. */
function derive(table: Table, row: Row): void {
  if (table.name === 'Contact' || table.name === 'Lead') row.Name = [row.FirstName, row.LastName].filter(Boolean).join(' ') || null;
  if (table.name === 'Opportunity') {
    row.IsClosed = typeof row.StageName === 'string' && row.StageName.startsWith('Closed');
    row.IsWon = row.StageName === 'Closed Won';
  }
  if (table.name === 'Task') row.IsClosed = row.Status === 'Completed';
}

/** Required fields, validation rules, duplicate rules and unique fields, in the app's order. */
function checkRules(ctx: WriteContext, table: Table, row: Row, previous: Row | undefined): Outcome | undefined {
  const missing = table.spec.fields.filter((f) => f.required && (row[f.name] === null || row[f.name] === undefined)).map((f) => f.name);
  if (missing.length) return fail([sfError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing)], previous?.Id as string);

  const broken = ctx.validationRules.filter((r) => r.object.toLowerCase() === table.name.toLowerCase() && r.when(row, previous));
  if (broken.length)
    return fail(
      broken.map((r) => sfError('FIELD_CUSTOM_VALIDATION_EXCEPTION', r.message, r.field ? [r.field] : [])),
      previous?.Id as string,
    );

  if (ctx.duplicateRules && DUPLICATE_RULE_OBJECTS.has(table.name) && row.Email) {
    const others = table.findLive('Email', row.Email).filter((r) => r.Id !== row.Id);
    if (others.length) {
      const duplicateResult = {
        allowSave: false,
        duplicateRule: `Standard_${table.name}_Duplicate_Rule`,
        duplicateRuleEntityType: table.name,
        errorMessage: 'Use one of these records?',
        matchResults: [
          {
            entityType: table.name,
            matchEngine: 'FuzzyMatchEngine',
            matchRecords: others.map((r) => ({ record: { attributes: { type: table.name }, Id: r.Id } })),
            size: others.length,
            success: true,
          },
        ],
      };
      return fail([sfError('DUPLICATES_DETECTED', 'Use one of these records?', [], { duplicateResult })], previous?.Id as string);
    }
  }

  for (const f of table.spec.fields.filter((f) => f.unique && row[f.name] !== null && row[f.name] !== undefined)) {
    const other = table.findLive(f.name, row[f.name]).find((r) => r.Id !== row.Id);
    if (other)
      return fail(
        [sfError('DUPLICATE_VALUE', `duplicate value found: ${f.name} duplicates value on record with id: ${other.Id as string}`, [])],
        previous?.Id as string,
      );
  }
  return undefined;
}

export function createRecord(ctx: WriteContext, table: Table, input: Record<string, unknown>, stamp: string): Outcome {
  const row: Row = {};
  const failed = applyFields(ctx, table, row, input, true);
  if (failed) return failed;
  for (const f of table.spec.fields) {
    if (row[f.name] !== undefined) continue;
    row[f.name] = f.defaultValue ?? (f.type === 'boolean' ? false : null);
  }
  const id = ctx.store.newId(table);
  Object.assign(row, {
    Id: id,
    IsDeleted: false,
    CreatedDate: stamp,
    CreatedById: ctx.store.userId,
    LastModifiedDate: stamp,
    LastModifiedById: ctx.store.userId,
    SystemModstamp: stamp,
  });
  row.OwnerId ??= ctx.store.userId;
  if (table.spec.custom) row.Name ??= id;
  derive(table, row);
  const broken = checkRules(ctx, table, row, undefined);
  if (broken) return broken;
  const locked = lockedBy(ctx, lockTargets(table, row));
  if (locked) return fail([locked]);
  table.put(row);
  return { ok: true, id, undo: () => table.remove(id) };
}

/** Finds a live record for update or delete, or the app's error for it. */
function findForWrite(ctx: WriteContext, rawId: unknown, type: string | undefined): { table: Table; row: Row } | Outcome {
  const id = typeof rawId === 'string' ? toId18(rawId) : null;
  if (!id) return fail([sfError('MALFORMED_ID', `malformed id ${String(rawId)}`, [])]);
  const hit = ctx.store.get(id);
  if (!hit || (type && hit.table.name.toLowerCase() !== type.toLowerCase()))
    return fail([sfError('NOT_FOUND', 'The requested resource does not exist', [])], id);
  if (hit.row.IsDeleted) return fail([sfError('ENTITY_IS_DELETED', 'entity is deleted', [])], id);
  return hit;
}

export function updateRecord(ctx: WriteContext, rawId: unknown, input: Record<string, unknown>, stamp: string, type?: string): Outcome {
  const hit = findForWrite(ctx, rawId, type);
  if ('ok' in hit) return hit;
  const { table, row: previous } = hit;
  const row: Row = { ...previous };
  const failed = applyFields(ctx, table, row, input, false);
  if (failed && !failed.ok) return { ...failed, id: previous.Id as string };
  if (table.spec.custom && !row.Name) row.Name = previous.Id;
  derive(table, row);
  const broken = checkRules(ctx, table, row, previous);
  if (broken) return broken;
  const locked = lockedBy(ctx, lockTargets(table, row));
  if (locked) return fail([locked], previous.Id as string);
  Object.assign(row, { LastModifiedDate: stamp, LastModifiedById: ctx.store.userId, SystemModstamp: stamp });
  table.put(row);
  return { ok: true, id: row.Id as string, undo: () => table.put(previous) };
}

/**
 * A merge, as a user does it in the app or with SOAP merge(): up to two losers are folded into the
 * master; their child records are re-parented to it, and the losers go to the recycle bin with
 * MasterRecordId set to the master, so queryAll shows them as deleted rows that say where they went
 * (SOAP API Developer Guide, merge(): a master and at most two more records of the same type; the
 * merged records are deleted with MasterRecordId set). Only Account, Contact and Lead can be merged.
 * Assumption: the error codes for a bad request here (INVALID_ID_FIELD, LIMIT_EXCEEDED).
 */
export function mergeRecords(ctx: WriteContext, masterId: string, loserIds: string[], stamp: string): Outcome {
  const master = ctx.store.get(masterId);
  if (!master || master.row.IsDeleted) return fail([sfError('INVALID_ID_FIELD', `invalid record id: ${masterId}`, [])]);
  if (!master.table.field('MasterRecordId')) return fail([sfError('INVALID_TYPE', `merge is not supported on ${master.table.name}`, [])]);
  if (!loserIds.length || loserIds.length > 2) return fail([sfError('LIMIT_EXCEEDED', 'A merge request can merge up to three records', [])]);
  const losers = loserIds.map((id) => ctx.store.get(id));
  if (losers.some((l) => !l || l.row.IsDeleted || l.table !== master.table || l.row.Id === master.row.Id))
    return fail([sfError('INVALID_ID_FIELD', 'invalid record id among the records to merge', [])]);
  const gone = new Set(losers.map((l) => l!.row.Id as string));
  for (const table of ctx.store.allTables()) {
    const refs = table.spec.fields.filter((f) => f.type === 'reference' && f.name !== 'MasterRecordId' && f.referenceTo?.includes(master.table.name));
    for (const row of table.rows.values()) {
      const moved = refs.filter((f) => gone.has(row[f.name] as string));
      if (moved.length && !row.IsDeleted)
        table.put({ ...row, ...Object.fromEntries(moved.map((f) => [f.name, master.row.Id])), LastModifiedDate: stamp, SystemModstamp: stamp });
    }
  }
  for (const loser of losers) {
    loser!.table.put({ ...loser!.row, IsDeleted: true, MasterRecordId: master.row.Id, LastModifiedDate: stamp, SystemModstamp: stamp });
    loser!.table.deletedAt.set(loser!.row.Id as string, ctx.store.now());
  }
  master.table.put({ ...master.row, LastModifiedDate: stamp, SystemModstamp: stamp });
  return { ok: true, id: master.row.Id as string, undo: () => undefined };
}

/** Moves a record to the recycle bin; SystemModstamp moves too, so queryAll finds the deletion. */
export function deleteRecord(ctx: WriteContext, rawId: unknown, stamp: string, type?: string): Outcome {
  const hit = findForWrite(ctx, rawId, type);
  if ('ok' in hit) return hit;
  const { table, row: previous } = hit;
  const id = previous.Id as string;
  const locked = lockedBy(ctx, [id]);
  if (locked) return fail([locked], id);
  table.put({ ...previous, IsDeleted: true, LastModifiedDate: stamp, SystemModstamp: stamp });
  table.deletedAt.set(id, ctx.store.now());
  return {
    ok: true,
    id,
    undo: () => {
      table.put(previous);
      table.deletedAt.delete(id);
    },
  };
}
