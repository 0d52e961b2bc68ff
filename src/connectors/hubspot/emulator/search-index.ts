/**
 * Sorted indexes for the searches a sync makes over a large portal: one numeric property (a
 * modified time, hs_object_id) as a range, the results sorted by it ascending, ties by id. Such a
 * search's hits are one contiguous run of the index, so a page costs a binary search and a slice
 * instead of a scan and a sort of every record. An index is built on first use and again after the
 * store changed (a read pages through an unchanging store; a sync's writes come after its reads).
 * Every other search goes through search-engine.ts's scan, whose answers these must equal.
 */
import type { HsObjectType, HsProperty, HsRecord } from './model.js';
import type { SearchBody, SearchFilter } from './search-engine.js';
import type { HubSpotStore } from './store.js';
import { parseTime } from './values.js';

const ID = 'hs_object_id';
const RANGE_OPERATORS = new Set(['EQ', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN']);

/** The hits of a search, in result order, without materialising them all. */
export interface Hits {
  total: number;
  slice(from: number, to: number): HsRecord[];
}

export const arrayHits = (records: HsRecord[]): Hits => ({ total: records.length, slice: (from, to) => records.slice(from, to) });

interface Built {
  version: number;
  keys: Float64Array;
  ids: Float64Array;
  records: HsRecord[];
}

/** A numeric comparable value, as search-engine.ts compares numbers and times. */
function numeric(property: HsProperty, raw: string): number | undefined {
  if (property.type === 'number') return Number.isFinite(Number(raw)) ? Number(raw) : undefined;
  return parseTime(raw);
}

const isNumeric = (property: HsProperty | undefined): property is HsProperty =>
  property?.type === 'number' || property?.type === 'date' || property?.type === 'datetime';

export class SearchIndexes {
  private readonly built = new Map<string, Built>();
  /** Records visited building indexes, for tests that count the work a page costs. */
  visited = 0;

  constructor(private readonly store: HubSpotStore) {}

  /** The hits when the index answers this search exactly, else undefined (the caller scans). */
  search(type: HsObjectType, body: SearchBody): Hits | undefined {
    if (body.query?.trim()) return undefined;
    const groups = (body.filterGroups ?? []).filter((g) => (g.filters ?? []).length > 0);
    if (groups.length > 1 || (body.sorts ?? []).length > 1) return undefined;
    const filters = groups[0]?.filters ?? [];
    const sort = body.sorts?.[0];
    const sortName = sort === undefined ? ID : typeof sort === 'string' ? sort : (sort.propertyName ?? ID);
    const descending = typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING';
    if (descending) return undefined;
    // The indexed property: the one filtered on other than the id, else the sorted one.
    const names = new Set(filters.map((f) => f.propertyName));
    names.delete(ID);
    if (names.size > 1) return undefined;
    const name = names.size ? [...names][0]! : sortName;
    const property = type.properties.get(name);
    const idProperty = type.properties.get(ID);
    if (!isNumeric(property) || !isNumeric(idProperty)) return undefined;
    if (filters.some((f) => !RANGE_OPERATORS.has(f.operator ?? ''))) return undefined;
    const own = filters.filter((f) => f.propertyName === name);
    const byId = name === ID ? [] : filters.filter((f) => f.propertyName === ID);
    // Id filters, and an id order, hold within one value of the property only (the index's ties).
    const point = own.some((f) => f.operator === 'EQ');
    if ((byId.length || (sortName === ID && name !== ID)) && !point) return undefined;
    if (sortName !== name && sortName !== ID) return undefined;
    // Unfiltered, a sort puts records without a value last; the index holds only those with one.
    if (name !== ID && !own.length) return undefined;

    const index = this.index(type, name, property);
    let start = 0;
    let end = index.records.length;
    const narrow = (range: [number, number] | undefined) => {
      if (!range) end = start;
      else [start, end] = [Math.max(start, range[0]), Math.min(end, range[1])];
    };
    for (const f of own) narrow(propertyRange(index, property, f));
    if (byId.length) {
      const at = numeric(property, String(own.find((f) => f.operator === 'EQ')!.value));
      for (const f of byId) narrow(at === undefined ? undefined : idRange(index, at, idProperty, f));
    }
    const total = Math.max(0, end - start);
    return { total, slice: (from, to) => index.records.slice(start + from, Math.min(start + to, start + total)) };
  }

  private index(type: HsObjectType, name: string, property: HsProperty): Built {
    const key = `${type.objectTypeId}|${name}`;
    const cached = this.built.get(key);
    if (cached && cached.version === this.store.version) return cached;
    const entries: Array<{ key: number; id: number; record: HsRecord }> = [];
    for (const record of type.records.values()) {
      this.visited++;
      if (record.archived) continue;
      const raw = record.properties[name];
      const value = raw ? numeric(property, raw) : undefined;
      if (value !== undefined) entries.push({ key: value, id: Number(record.id), record });
    }
    entries.sort((a, b) => a.key - b.key || a.id - b.id);
    const built: Built = {
      version: this.store.version,
      keys: Float64Array.from(entries, (e) => e.key),
      ids: Float64Array.from(entries, (e) => e.id),
      records: entries.map((e) => e.record),
    };
    this.built.set(key, built);
    return built;
  }
}

/** The first position whose (key, id) is after (key, id), or at it when `at` is set. */
function position(index: Built, key: number, id: number, at: boolean): number {
  let lo = 0;
  let hi = index.keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = index.keys[mid]!;
    const i = index.ids[mid]!;
    const before = k < key || (k === key && (at ? i < id : i <= id));
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Positions of the records a filter on the indexed property keeps; undefined when none can match. */
function propertyRange(index: Built, property: HsProperty, f: SearchFilter): [number, number] | undefined {
  const n = index.keys.length;
  const value = f.value === undefined ? undefined : numeric(property, String(f.value));
  if (value === undefined) return undefined;
  const from = (v: number) => position(index, v, -Infinity, true);
  const after = (v: number) => position(index, v, Infinity, false);
  switch (f.operator) {
    case 'EQ':
      return [from(value), after(value)];
    case 'GT':
      return [after(value), n];
    case 'GTE':
      return [from(value), n];
    case 'LT':
      return [0, from(value)];
    case 'LTE':
      return [0, after(value)];
    case 'BETWEEN': {
      const high = f.highValue === undefined ? undefined : numeric(property, String(f.highValue));
      return high === undefined ? undefined : [from(value), after(high)];
    }
  }
  return undefined;
}

/** Positions, among the records holding `key`, that an id filter keeps. */
function idRange(index: Built, key: number, idProperty: HsProperty, f: SearchFilter): [number, number] | undefined {
  const id = f.value === undefined ? undefined : numeric(idProperty, String(f.value));
  if (id === undefined) return undefined;
  const from = (v: number) => position(index, key, v, true);
  const after = (v: number) => position(index, key, v, false);
  const all: [number, number] = [from(-Infinity), after(Infinity)];
  switch (f.operator) {
    case 'EQ':
      return [from(id), after(id)];
    case 'GT':
      return [after(id), all[1]];
    case 'GTE':
      return [from(id), all[1]];
    case 'LT':
      return [all[0], from(id)];
    case 'LTE':
      return [all[0], after(id)];
    case 'BETWEEN': {
      const high = f.highValue === undefined ? undefined : numeric(idProperty, String(f.highValue));
      return high === undefined ? undefined : [from(id), after(high)];
    }
  }
  return undefined;
}
