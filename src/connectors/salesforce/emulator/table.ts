/**
 * One sObject type in the emulator: its schema (case-insensitive field and relationship lookup)
 * and its rows, live and in the recycle bin, with lazily built value indexes for the lookups the
 * app does on every write (duplicate rules on Email, unique and external-id fields).
 */
import type { SfFieldSpec, SfObjectSpec } from '../standard-objects.js';
import type { Row, SoqlTable } from './soql/resolve.js';

export class Table implements SoqlTable {
  readonly name: string;
  readonly rows = new Map<string, Row>();
  /** Recycle bin: id → deletion time (ms). */
  readonly deletedAt = new Map<string, number>();
  /**
   * Fields field-level security hides from the API user (lower-cased names): describe leaves them
   * out and every call naming them answers as if they did not exist, INVALID_FIELD ("No such
   * column"), as Salesforce does for fields "inaccessible to you by field-level security" (REST API
   * Developer Guide, Get Field Values from a Standard Object Record:
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/dome_get_field_values.htm;
   * describe returns "only the fields that the user has access to", Change Data Capture guide,
   * Field-Level Security).
   */
  readonly hidden = new Set<string>();
  private readonly fields = new Map<string, SfFieldSpec>();
  private readonly relationships = new Map<string, SfFieldSpec>();
  /** Value (lower-cased) → the id holding it, or the ids when several do (most values are held once). */
  private readonly indexes = new Map<string, Map<string, string | Set<string>>>();

  constructor(readonly spec: SfObjectSpec) {
    this.name = spec.name;
    for (const f of spec.fields) {
      this.fields.set(f.name.toLowerCase(), f);
      if (f.type === 'reference' && f.relationshipName) this.relationships.set(f.relationshipName.toLowerCase(), f);
    }
  }

  /** A field the API user can see. */
  field(name: string): SfFieldSpec | undefined {
    return this.hidden.has(name.toLowerCase()) ? undefined : this.fields.get(name.toLowerCase());
  }

  /** The fields the API user can see, in schema order. */
  visibleFields(): SfFieldSpec[] {
    return this.spec.fields.filter((f) => !this.hidden.has(f.name.toLowerCase()));
  }

  relationship(name: string): SfFieldSpec | undefined {
    const rel = this.relationships.get(name.toLowerCase());
    return rel && !this.hidden.has(rel.name.toLowerCase()) ? rel : undefined;
  }

  /** Live rows whose `field` equals `value` (case-insensitive), through an index built on first use. */
  findLive(field: string, value: unknown): Row[] {
    if (value === null || value === undefined) return [];
    const held = this.index(field).get(String(value).toLowerCase());
    const ids = held === undefined ? [] : typeof held === 'string' ? [held] : [...held];
    return ids.map((id) => this.rows.get(id)!).filter((row) => !row.IsDeleted);
  }

  /**
   * The index of `field`, built now if it is not yet. A seed builds the ones writes look up, so the
   * first write after seeding a million rows does not wait for a walk over all of them.
   */
  index(field: string): Map<string, string | Set<string>> {
    let index = this.indexes.get(field);
    if (!index) {
      index = new Map();
      for (const [id, row] of this.rows) addTo(index, row[field], id);
      this.indexes.set(field, index);
    }
    return index;
  }

  /** Inserts or replaces a row, keeping indexes current. */
  put(row: Row): void {
    const id = row.Id as string;
    const old = this.rows.get(id);
    for (const [field, index] of this.indexes) {
      if (old) removeFrom(index, old[field], id);
      addTo(index, row[field], id);
    }
    this.rows.set(id, row);
  }

  /** Removes a row for good (undo of a create, recycle-bin purge). */
  remove(id: string): void {
    const old = this.rows.get(id);
    if (!old) return;
    for (const [field, index] of this.indexes) removeFrom(index, old[field], id);
    this.rows.delete(id);
    this.deletedAt.delete(id);
  }
}

function addTo(index: Map<string, string | Set<string>>, value: unknown, id: string): void {
  if (value === null || value === undefined) return;
  const key = String(value).toLowerCase();
  const held = index.get(key);
  if (held === undefined || held === id) index.set(key, id);
  else if (typeof held === 'string') index.set(key, new Set([held, id]));
  else held.add(id);
}

function removeFrom(index: Map<string, string | Set<string>>, value: unknown, id: string): void {
  if (value === null || value === undefined) return;
  const key = String(value).toLowerCase();
  const held = index.get(key);
  if (held === id) index.delete(key);
  else if (typeof held === 'object') held.delete(id);
}
