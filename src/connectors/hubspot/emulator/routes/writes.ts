/**
 * Checks shared by single and batch writes: finding a record by id or unique property, unique-value
 * conflicts (HubSpot's 409 "Contact already exists. Existing ID: N"), a standard object's required
 * properties, and associations given inline on create.
 */
import type { EmulatorResponse } from '../../../shared/emulator-http.js';
import { hsError, validation } from '../errors.js';
import { isUnique, type HsObjectType, type HsRecord } from '../model.js';
import type { HubSpotStore } from '../store.js';

/** A live record by id, or by the value of a unique `idProperty` (contacts: email). */
export function findRecord(store: HubSpotStore, type: HsObjectType, id: string, idProperty?: string | null): HsRecord | undefined {
  // "Both of the previous IDs will point to the resulting merged record" (merge changelog); that
  // writes by an old id land on it too is an Assumption.
  if (!idProperty || idProperty === 'hs_object_id') return store.current(type, id);
  return store.byUnique(type, idProperty, id);
}

/** 400 for an idProperty that is not a unique property of the object. */
export function checkIdProperty(type: HsObjectType, idProperty?: string | null): EmulatorResponse | undefined {
  if (!idProperty || idProperty === 'hs_object_id') return undefined;
  const property = type.properties.get(idProperty);
  if (property && isUnique(type, property)) return undefined;
  return validation(`${idProperty} is not a unique identifier property of ${type.name}`);
}

/** The first live record other than `selfId` that already holds one of `values`' unique values. */
export function findConflict(store: HubSpotStore, type: HsObjectType, values: Record<string, string>, selfId?: string): HsRecord | undefined {
  for (const name of type.unique.keys()) {
    const value = values[name];
    if (!value) continue;
    const existing = store.byUnique(type, name, value);
    if (existing && existing.id !== selfId) return existing;
  }
  return undefined;
}

/**
 * 400 for a standard object's create that lacks a required property (engagements: hs_timestamp), in
 * the body HubSpot sends: "Error creating TASK. Some required properties were not set." with the
 * missing names in `context.properties` (seen in PipedreamHQ/pipedream#12366).
 */
export function missingRequired(type: HsObjectType, values: Record<string, string>): EmulatorResponse | undefined {
  if (type.custom) return undefined;
  const missing = type.requiredProperties.filter((name) => !values[name]);
  if (!missing.length) return undefined;
  return validation(`Error creating ${type.labels.singular.toUpperCase()}. Some required properties were not set.`, { context: { properties: missing } });
}

export function conflict(type: HsObjectType, existing: HsRecord): EmulatorResponse {
  return hsError(409, 'CONFLICT', `${type.labels.singular} already exists. Existing ID: ${existing.id}`);
}

/** Unique values repeated inside one batch: the second holder of a value is refused with the first. */
export function duplicateInBatch(type: HsObjectType, inputs: Array<Record<string, string>>): EmulatorResponse | undefined {
  const seen = new Map<string, number>();
  for (const values of inputs) {
    for (const property of type.properties.values()) {
      const value = values[property.name];
      if (!value || !isUnique(type, property)) continue;
      const k = `${property.name}\u0000${value.toLowerCase()}`;
      if (seen.has(k)) return validation(`Duplicate ${property.name} values found in batch input: [${value}]`);
      seen.set(k, 1);
    }
  }
  return undefined;
}

export interface InlineAssociation {
  toTypeId: string;
  toId: string;
  typeIds: number[];
}

/** The `associations` of a create input, checked: known type ids from this object, existing targets. */
export function inlineAssociations(store: HubSpotStore, type: HsObjectType, input: unknown): InlineAssociation[] | EmulatorResponse {
  if (!Array.isArray(input)) return [];
  const out: InlineAssociation[] = [];
  for (const a of input as Array<{ to?: { id?: string }; types?: Array<{ associationTypeId?: number }> }>) {
    const toId = String(a?.to?.id ?? '');
    for (const spec of a?.types ?? []) {
      const def = store.associations.types.find((t) => t.fromTypeId === type.objectTypeId && t.typeId === Number(spec.associationTypeId));
      if (!def) return validation(`Association type id ${spec.associationTypeId} is not valid from ${type.name}`);
      const target = store.types.get(def.toTypeId);
      if (!target || !store.live(target, toId)) return validation(`No ${target?.labels.singular ?? 'object'} with ID ${toId} exists`);
      out.push({ toTypeId: def.toTypeId, toId, typeIds: [def.typeId] });
    }
  }
  return out;
}

export function applyInline(store: HubSpotStore, type: HsObjectType, record: HsRecord, links: InlineAssociation[]): void {
  for (const l of links) store.associations.add(type.objectTypeId, record.id, l.toTypeId, l.toId, l.typeIds);
}
