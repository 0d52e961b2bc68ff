/**
 * Serialises records as HubSpot's SimplePublicObject: every value a string, requested properties
 * without a value as null, and the id, create and modify properties always present.
 */
import { createdProperty, modifiedProperty } from '../limits.js';
import { DEFAULT_READ_PROPERTIES } from '../standard-properties.js';
import type { HsObjectType, HsRecord } from './model.js';

/** Query parameters HubSpot accepts repeated or comma-separated (`properties`, `associations`). */
export function queryList(url: URL, name: string): string[] {
  return url.searchParams
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The properties a read returns when it names none. */
export function defaultProperties(type: HsObjectType): string[] {
  const standard = DEFAULT_READ_PROPERTIES[type.name];
  if (standard && !type.custom) return standard;
  return [type.primaryDisplayProperty, 'hs_object_id', createdProperty(type.objectTypeId), modifiedProperty(type.objectTypeId)].filter(
    (p): p is string => p !== undefined,
  );
}

/**
 * One record. `select` lists the properties asked for (null: every property that has a value, which
 * is what create and update answer with).
 */
export function publicObject(type: HsObjectType, record: HsRecord, select: string[] | null): Record<string, unknown> {
  let properties: Record<string, string | null>;
  if (select === null) properties = { ...record.properties };
  else {
    properties = {};
    const always = ['hs_object_id', createdProperty(type.objectTypeId), modifiedProperty(type.objectTypeId)];
    for (const name of [...select, ...always]) {
      if (type.properties.has(name)) properties[name] = record.properties[name] ?? null;
    }
  }
  const out: Record<string, unknown> = {
    id: record.id,
    properties,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    archived: record.archived,
  };
  if (record.archivedAt) out.archivedAt = record.archivedAt;
  return out;
}

/** The property selection of a read: the named ones, or the defaults. */
export function selection(type: HsObjectType, names: string[] | undefined): string[] {
  return names?.length ? names : defaultProperties(type);
}
