/**
 * HubSpot sends and takes every property value as a string. Reads decode them by catalogue type
 * (numbers, booleans, dates as YYYY-MM-DD, datetimes as ISO UTC, multi-selects as lists, empty as
 * null); writes encode back, where '' clears a value.
 */
import type { FieldType, FieldValue, Fields, RemoteRecord } from '../types.js';
import { modifiedProperty } from './limits.js';

export type FieldTypes = Map<string, FieldType>;

/** The ids of the records merged into a record, `;`-separated. */
export const MERGED_IDS_PROPERTY = 'hs_merged_object_ids';

function toIso(raw: string): string | null {
  const ms = /^-?\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function decodeValue(type: FieldType | undefined, raw: string | null | undefined): FieldValue {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (type) {
    case 'number': {
      const n = Number(raw);
      // HubSpot sends numbers as text: an integer beyond 2^53 keeps its exact digits.
      if (/^[+-]?\d+$/.test(raw.trim()) && !Number.isSafeInteger(n)) return raw.trim();
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      return raw.toLowerCase() === 'true';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : (toIso(raw)?.slice(0, 10) ?? null);
    case 'datetime':
      return toIso(raw);
    case 'multi-enum':
      return raw.split(';').filter(Boolean);
  }
  return raw;
}

export function encodeValue(type: FieldType | undefined, value: FieldValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(';');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (type === 'date') return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
  if (type === 'datetime') return toIso(value) ?? value;
  return value;
}

/** The wire properties of a write; a create leaves out empty values instead of clearing them. */
export function encodeFields(fields: Fields, types: FieldTypes, mode: 'create' | 'update'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    const encoded = encodeValue(types.get(name), value);
    if (mode === 'create' && encoded === '') continue;
    out[name] = encoded;
  }
  return out;
}

/** The wire shape of a record: as the SDK's models hand it over (dates parsed), or as HubSpot sends it (plain.ts). */
export interface WireRecord {
  id: string;
  properties: Record<string, string | null>;
  updatedAt?: Date | string;
  archivedAt?: Date | string;
}

const isoOf = (at: Date | string | undefined): string | undefined =>
  at === undefined ? undefined : typeof at === 'string' ? (toIso(at) ?? undefined) : at.toISOString();

/** A record as the engine sees it: the asked-for fields decoded, and HubSpot's modified time. */
export function decodeRecord(object: string, record: WireRecord, fields: string[], types: FieldTypes, markerProperty?: string): RemoteRecord {
  const decoded: Fields = {};
  for (const name of fields) decoded[name] = decodeValue(types.get(name), record.properties[name]);
  const modified = record.properties[modifiedProperty(object)];
  const out: RemoteRecord = {
    id: String(record.id),
    fields: decoded,
    modifiedAt: (modified && toIso(modified)) || isoOf(record.updatedAt),
  };
  const marker = markerProperty ? record.properties[markerProperty] : undefined;
  if (marker) out.meta = { marker };
  // A merge's survivor lists the records it replaced (both of them: a merge makes a new record, R24).
  const former = (record.properties[MERGED_IDS_PROPERTY] ?? '').split(';').filter((id) => id && id !== out.id);
  if (former.length) out.meta = { ...out.meta, formerIds: former };
  return out;
}
