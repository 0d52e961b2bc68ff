/** Which records take part (R18-R21), evaluated on an app's raw record. Pure. */
import type { CompiledCondition, CompiledSide, CompiledSync, SideName } from '../config/model.js';
import type { FieldValue, RemoteRecord } from '../connectors/types.js';
import type { Reason } from './types.js';
import { fieldOf, foldKey } from './values.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const validEmail = (value: FieldValue | undefined) => typeof value === 'string' && EMAIL.test(value.trim());

/** A value as conditions compare it: trimmed, NFC, case-folded (the same fold as matching, R24). */
const text = (v: unknown) => foldKey(Array.isArray(v) ? v.join(';') : v === null || v === undefined ? '' : String(v));

function compare(a: FieldValue | undefined, b: unknown): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== null && a !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return text(a).localeCompare(text(b));
}

export function meets(record: RemoteRecord, c: CompiledCondition): boolean {
  const v = fieldOf(record.fields, c.field);
  const values = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.op) {
    case 'exists':
      return v !== null && v !== undefined && v !== '';
    case 'not-exists':
      return v === null || v === undefined || v === '';
    case 'equals':
      return text(v) === text(c.value);
    case 'not-equals':
      return text(v) !== text(c.value);
    case 'in':
      return values.some((x) => text(v) === text(x));
    case 'not-in':
      return !values.some((x) => text(v) === text(x));
    case 'contains':
      return text(v).includes(text(c.value));
    case 'gt':
      return compare(v, c.value) > 0;
    case 'gte':
      return compare(v, c.value) >= 0;
    case 'lt':
      return compare(v, c.value) < 0;
    case 'lte':
      return compare(v, c.value) <= 0;
    case 'in-list':
      return record.meta?.lists?.includes(String(c.value)) ?? false;
  }
}

/** R20: the folder and starred filters of an app with folders (Google), from the record's meta. */
function inFolder(side: CompiledSide, record: RemoteRecord): boolean {
  if (!side.capabilities.folders) return true;
  if ((side.folder ?? 'contacts') === 'contacts' && record.meta?.folder && record.meta.folder !== 'contacts') return false;
  if (side.starred && !(record.meta?.groups ?? []).includes('contactGroups/starred')) return false;
  return true;
}

export type Exclusion = Reason | undefined;

const notInList = (sync: CompiledSync, side: SideName, c: CompiledCondition): Exclusion => ({
  rule: 'R21',
  message: `is not in ${sync[side].app} list ${String(c.value)} (the inclusion list)`,
});

/** The list ids that `in-list` conditions of one side test, initial and inclusion filters alike. */
export function listIdsOf(sync: CompiledSync, side: SideName): Map<string, CompiledCondition> {
  const out = new Map<string, CompiledCondition>();
  for (const c of [...sync.filters.initial[side], ...sync.filters.include[side]])
    if (c.op === 'in-list' && !out.has(String(c.value))) out.set(String(c.value), c);
  return out;
}

/** Dynamic criteria, checked on every run (R18 for unlinked records, R20, R21). */
export function excludedNow(sync: CompiledSync, side: SideName, record: RemoteRecord): Exclusion {
  if (!inFolder(sync[side], record)) return { rule: 'R20', message: 'outside the Google folder/starred filter' };
  const failed = sync.filters.include[side].find((c) => !meets(record, c));
  if (failed?.op === 'in-list') return notInList(sync, side, failed);
  if (failed) return { rule: 'R21', message: `does not meet the inclusion filter (${failed.field} ${failed.op})` };
  return undefined;
}

/**
 * R21 for a linked record no read returned this run: list membership is read in full every run,
 * and joining or leaving a list does not count as a change of the record, so an incremental read
 * does not bring it. Its other criteria are as they were at the last sync.
 */
export function outsideLists(sync: CompiledSync, side: SideName, id: string, lists: Readonly<Record<string, ReadonlySet<string>>> | undefined): Exclusion {
  if (!lists) return undefined;
  const failed = sync.filters.include[side].find((c) => c.op === 'in-list' && !lists[String(c.value)]?.has(id));
  return failed && notInList(sync, side, failed);
}

/** Criteria for a record that is not linked yet (R18, R19), on top of the dynamic ones. */
export function excludedBeforeLink(sync: CompiledSync, side: SideName, record: RemoteRecord, options: { include?: boolean } = {}): Exclusion {
  const email = sync.filters.requireEmail?.[side];
  if (email && !validEmail(fieldOf(record.fields, email))) return { rule: 'R18', message: 'has no valid email address' };
  const failed = sync.filters.initial[side].find((c) => !meets(record, c));
  if (failed) return { rule: 'R19', message: `does not meet the initial-sync criteria (${failed.field} ${failed.op})` };
  return options.include === false ? undefined : excludedNow(sync, side, record);
}
