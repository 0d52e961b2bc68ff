/**
 * CRM search semantics (apis.md §1.5): filters inside a group are ANDed, groups are ORed; values
 * compare by property type (numbers numerically, dates and datetimes as instants given in epoch
 * milliseconds or ISO-8601, text case-insensitively); sorts come as objects or as strings (`-name`
 * descending); archived records never match.
 */
import { ENGAGEMENT_QUERY_PROPERTIES } from '../engagement-properties.js';
import { SEARCH_MAX_FILTER_GROUPS, SEARCH_MAX_FILTERS, SEARCH_MAX_FILTERS_PER_GROUP, SEARCH_MAX_SORTS } from '../limits.js';
import type { HsObjectType, HsProperty, HsRecord } from './model.js';
import { parseTime } from './values.js';

export interface SearchFilter {
  propertyName?: string;
  operator?: string;
  value?: string | number | boolean;
  highValue?: string | number | boolean;
  values?: Array<string | number | boolean>;
}
export type SearchSort = string | { propertyName?: string; direction?: string };
export interface SearchBody {
  filterGroups?: Array<{ filters?: SearchFilter[] }>;
  sorts?: SearchSort[];
  query?: string;
  properties?: string[];
  limit?: number;
  after?: string;
}

const OPERATORS = new Set([
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
]);
const QUERY_PROPERTIES: Record<string, string[]> = {
  contacts: ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company'],
  companies: ['name', 'domain', 'website', 'phone'],
  deals: ['dealname'],
  ...ENGAGEMENT_QUERY_PROPERTIES,
};

/** A comparable form of a value of `property`: a number for numeric and time types, else lower-cased text. */
function comparable(property: HsProperty | undefined, raw: string): number | string | undefined {
  switch (property?.type) {
    case 'number':
      return Number.isFinite(Number(raw)) ? Number(raw) : undefined;
    case 'date':
    case 'datetime':
      return parseTime(raw);
  }
  return raw.toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The reason a search body is refused, or undefined. */
export function searchProblem(type: HsObjectType, body: SearchBody): string | undefined {
  const groups = body.filterGroups ?? [];
  if (groups.length > SEARCH_MAX_FILTER_GROUPS) return `Too many filter groups: ${groups.length}. The maximum is ${SEARCH_MAX_FILTER_GROUPS}.`;
  let total = 0;
  for (const group of groups) {
    const filters = group.filters ?? [];
    total += filters.length;
    if (filters.length > SEARCH_MAX_FILTERS_PER_GROUP) return `Too many filters in a group: ${filters.length}. The maximum is ${SEARCH_MAX_FILTERS_PER_GROUP}.`;
    for (const f of filters) {
      if (!f.operator || !OPERATORS.has(f.operator)) return `Invalid operator: ${f.operator}`;
      if (!f.propertyName || !type.properties.has(f.propertyName)) return `Property "${f.propertyName}" does not exist`;
    }
  }
  if (total > SEARCH_MAX_FILTERS) return `Too many filters: ${total}. The maximum is ${SEARCH_MAX_FILTERS}.`;
  // Assumption: the guide says only one sort applies and that refusals are VALIDATION_ERRORs, but
  // does not quote the message.
  if ((body.sorts ?? []).length > SEARCH_MAX_SORTS) return `Only one sort is supported; got ${body.sorts!.length}.`;
  return undefined;
}

/**
 * A multi-value enumeration (hs_additional_emails, multi-checkboxes) matches EQ and IN on any one of
 * its semicolon-separated values: "searching for hs_additional_emails worked" for a contact's
 * secondary address (HubSpot, hubspot-api-nodejs#24). Assumption: `email` matches the primary
 * address only; that thread says so, while a later community report saw EQ on `email` also return
 * contacts holding the address in hs_additional_emails.
 */
function storedParts(property: HsProperty | undefined, stored: string): string[] {
  return property?.type === 'enumeration' && property.fieldType === 'checkbox' ? stored.split(';') : [stored];
}

function tokenMatch(stored: string, raw: string): boolean {
  const needle = raw.toLowerCase();
  if (needle.includes('*')) {
    const re = new RegExp(
      `^${needle
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return (
      re.test(stored.toLowerCase()) ||
      stored
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .some((t) => re.test(t))
    );
  }
  return (
    stored.toLowerCase() === needle ||
    stored
      .toLowerCase()
      .split(/[^\p{L}\p{N}@.]+|[@.]/u)
      .includes(needle)
  );
}

/**
 * IN and NOT_IN on a string property: "the searched values must be lowercase" (search guide,
 * Filter search results). The index holds string values lower-cased and compares the searched
 * value as sent, so a value with capitals never matches. Enumerations compare case-sensitively
 * under every operator (same guide).
 */
function inMatch(property: HsProperty | undefined, stored: string, raw: unknown): boolean {
  if (property?.type === 'enumeration') return storedParts(property, stored).includes(String(raw));
  if (property?.type === 'string' || property?.type === 'phone_number') return stored.toLowerCase() === String(raw);
  const a = comparable(property, stored);
  return a !== undefined && a === comparable(property, String(raw));
}

function matches(type: HsObjectType, record: HsRecord, f: SearchFilter): boolean {
  const property = type.properties.get(f.propertyName!);
  const stored = record.properties[f.propertyName!] ?? '';
  const has = stored !== '';
  const cmp = (raw: unknown) => {
    const a = comparable(property, stored);
    const b = comparable(property, String(raw));
    return a === undefined || b === undefined || typeof a !== typeof b ? undefined : compare(a, b);
  };
  const eq = (raw: unknown) =>
    storedParts(property, stored).some((part) => {
      const a = comparable(property, part);
      const b = comparable(property, String(raw));
      return a !== undefined && a === b;
    });
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'EQ':
      return has && eq(f.value);
    case 'NEQ':
      return !(has && eq(f.value));
    case 'IN':
      return has && (f.values ?? []).some((v) => inMatch(property, stored, v));
    case 'NOT_IN':
      return !(has && (f.values ?? []).some((v) => inMatch(property, stored, v)));
    case 'CONTAINS_TOKEN':
      return has && tokenMatch(stored, String(f.value ?? ''));
    case 'NOT_CONTAINS_TOKEN':
      return !(has && tokenMatch(stored, String(f.value ?? '')));
  }
  if (!has) return false;
  const c = cmp(f.value);
  if (c === undefined) return false;
  switch (f.operator) {
    case 'LT':
      return c < 0;
    case 'LTE':
      return c <= 0;
    case 'GT':
      return c > 0;
    case 'GTE':
      return c >= 0;
    case 'BETWEEN': {
      const high = cmp(f.highValue);
      return c >= 0 && high !== undefined && high <= 0;
    }
  }
  return false;
}

function matchesQuery(type: HsObjectType, record: HsRecord, query: string): boolean {
  const fields = type.custom ? [type.primaryDisplayProperty, ...type.searchableProperties] : (QUERY_PROPERTIES[type.name] ?? []);
  const haystack = fields
    .map((f) => (f ? (record.properties[f] ?? '') : ''))
    .join(' ')
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((t) => haystack.includes(t));
}

function sortKeys(sorts: SearchSort[] | undefined): Array<{ name: string; desc: boolean }> {
  return (sorts ?? []).map((s) =>
    typeof s === 'string'
      ? { name: s.replace(/^-/, ''), desc: s.startsWith('-') }
      : { name: s.propertyName ?? 'hs_object_id', desc: s.direction === 'DESCENDING' },
  );
}

/**
 * The record as the search index holds it at `visibleBefore`: itself when its last change is
 * older, else its newest earlier version that is (a record created since is not indexed yet).
 * Assumption: HubSpot documents only that search results lag writes ("a few moments"); that the
 * index serves the previous version until then is how an index that lags behaves.
 */
function indexed(record: HsRecord, visibleBefore: number): HsRecord | undefined {
  if (Date.parse(record.updatedAt) <= visibleBefore) return record;
  const versions = record.versions ?? [];
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i]!;
    if (Date.parse(v.updatedAt) <= visibleBefore) return { ...record, properties: v.properties, updatedAt: v.updatedAt, archived: v.archived };
  }
  return undefined;
}

/** Every live record matching the body, sorted; `visibleBefore` shows records as the lagging index holds them. */
export function runSearch(type: HsObjectType, body: SearchBody, visibleBefore = Infinity): HsRecord[] {
  const groups = (body.filterGroups ?? []).filter((g) => (g.filters ?? []).length > 0);
  const query = body.query?.trim();
  const hits: HsRecord[] = [];
  for (const live of type.records.values()) {
    const record = indexed(live, visibleBefore);
    if (!record || record.archived) continue;
    if (groups.length && !groups.some((g) => g.filters!.every((f) => matches(type, record, f)))) continue;
    if (query && !matchesQuery(type, record, query)) continue;
    hits.push(record);
  }
  const keys = sortKeys(body.sorts);
  return hits.sort((x, y) => {
    for (const { name, desc } of keys) {
      const property = type.properties.get(name);
      const a = x.properties[name] ? comparable(property, x.properties[name]!) : undefined;
      const b = y.properties[name] ? comparable(property, y.properties[name]!) : undefined;
      if (a === undefined || b === undefined) {
        if (a !== b) return a === undefined ? 1 : -1; // empty values sort last
        continue;
      }
      const c = compare(a, b);
      if (c) return desc ? -c : c;
    }
    return Number(x.id) - Number(y.id);
  });
}
