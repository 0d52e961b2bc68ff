/**
 * Upsert by an External ID field (REST API Developer Guide, "Insert or Update (Upsert) a Record
 * Using an External ID" and "Upsert Records Using sObject Collections"): no record holds the value,
 * one is created; exactly one does, it is updated; several do, nothing is written (a single upsert
 * answers 300 with their URLs). Only an External ID field (or Id) may be named.
 */
import { sfError, type SfError } from './errors.js';
import { createRecord, updateRecord, type Outcome, type WriteContext } from './records.js';
import type { Table } from './table.js';

export type UpsertOutcome = (Outcome & { created?: boolean }) | { ok: false; several: string[]; errors: SfError[] };

/** The named field when it is an External ID field the user can see, else the app's error. */
export function externalIdField(table: Table, name: string): { name: string } | SfError {
  const spec = table.field(name);
  if (!spec?.externalId) {
    // Assumption: the message the app gives for a field that is not an External ID field.
    return sfError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`);
  }
  return spec;
}

export function upsertRecord(ctx: WriteContext, table: Table, field: string, value: unknown, input: Record<string, unknown>, stamp: string): UpsertOutcome {
  if (value === undefined || value === null || value === '') {
    // Assumption: the code for a record that carries no external id value in a collection upsert.
    return { ok: false, errors: [sfError('MISSING_ARGUMENT', `${field} not specified`, [field])] };
  }
  const holders = table.findLive(field, value);
  if (holders.length > 1) {
    // Assumption: in a collection the per-record code is DUPLICATE_EXTERNAL_ID, as the SOAP upsert() gives.
    return {
      ok: false,
      several: holders.map((r) => r.Id as string),
      errors: [
        sfError('DUPLICATE_EXTERNAL_ID', `${field}: more than one record found for external id field: ${holders.map((r) => r.Id as string).join(', ')}`, [
          field,
        ]),
      ],
    };
  }
  const fields = { ...input, [field]: value };
  if (holders.length === 1) {
    const outcome = updateRecord(ctx, holders[0]!.Id, fields, stamp, table.name);
    return outcome.ok ? { ...outcome, created: false } : outcome;
  }
  const outcome = createRecord(ctx, table, fields, stamp);
  return outcome.ok ? { ...outcome, created: true } : outcome;
}
