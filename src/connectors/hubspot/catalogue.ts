/**
 * Maps HubSpot properties onto the engine's FieldDefs, both for the live catalogue (GET properties)
 * and for a static one built from the standard properties, so a config can be validated offline.
 */
import type { Catalogue, FieldDef, FieldType } from '../types.js';
import { STANDARD_PROPERTIES, type PropertySpec } from './standard-properties.js';

/** The objects every HubSpot account has (R6). */
export const HUBSPOT_OBJECTS = ['contacts', 'companies', 'deals'] as const;

/**
 * HubSpot's engagement (activity) objects. They have a static catalogue too, but are not among the
 * objects a connector offers by default: a sync names them when it wants them.
 */
export const HUBSPOT_ENGAGEMENT_OBJECTS = ['tasks', 'notes', 'meetings', 'calls', 'emails'] as const;

/** The subset of HubSpot's Property model the mapping reads (the SDK's Property class fits it). */
export interface PropertyLike {
  name: string;
  label?: string;
  type: string;
  fieldType: string;
  options?: Array<{ value: string; hidden?: boolean }> | string[];
  hasUniqueValue?: boolean;
  hubspotDefined?: boolean;
  calculated?: boolean;
  hidden?: boolean;
  referencedObjectType?: string;
  modificationMetadata?: { readOnlyValue?: boolean };
}

/** Set by HubSpot on every write; never written by a sync. */
const SYSTEM_READ_ONLY = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate', 'hs_createdate']);
const REFERENCES = new Set(['hubspot_owner_id', 'associatedcompanyid']);

/** The engine's type for a HubSpot property: HubSpot's type says how it is stored, the name says what it holds. */
export function fieldTypeOf(property: PropertyLike): FieldType {
  const { name, type, fieldType } = property;
  if (name === 'hs_object_id') return 'id';
  if (REFERENCES.has(name) || property.referencedObjectType) return 'reference';
  switch (type) {
    case 'number':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'phone_number':
      return 'phone';
    case 'enumeration':
      if (fieldType === 'booleancheckbox') return 'boolean';
      return fieldType === 'checkbox' ? 'multi-enum' : 'enum';
  }
  if (fieldType === 'phonenumber') return 'phone';
  if (/(^|_)email$/.test(name)) return 'email';
  if (name === 'website' || /(_url|_page)$/.test(name)) return 'url';
  return fieldType === 'textarea' || fieldType === 'html' ? 'text' : 'string';
}

function optionValues(options: PropertyLike['options']): string[] | undefined {
  if (!options?.length) return undefined;
  return options.map((o) => (typeof o === 'string' ? o : o.value));
}

/** One HubSpot property as a FieldDef of `object`. */
export function fieldDefOf(object: string, property: PropertyLike): FieldDef {
  const type = fieldTypeOf(property);
  const def: FieldDef = { name: property.name, label: property.label, type };
  const readOnly =
    SYSTEM_READ_ONLY.has(property.name) ||
    property.modificationMetadata?.readOnlyValue === true ||
    property.calculated === true ||
    property.fieldType === 'calculation_equation';
  if (readOnly) def.readOnly = true;
  // HubSpot reports hasUniqueValue:false for email, yet refuses a second contact with the same one.
  if (property.hasUniqueValue || (object === 'contacts' && property.name === 'email')) def.unique = true;
  const options = type === 'enum' || type === 'multi-enum' ? optionValues(property.options) : undefined;
  if (options) def.options = options;
  if (property.hubspotDefined === false) def.custom = true;
  if (property.fieldType === 'file') def.unsyncable = 'file properties hold attachments, not values';
  return def;
}

function specAsProperty(spec: PropertySpec): PropertyLike {
  return { ...spec, hubspotDefined: true, modificationMetadata: { readOnlyValue: spec.readOnly === true } };
}

/**
 * The standard catalogue of `object` without any network call, or undefined for objects whose
 * properties only the account knows (custom objects).
 */
export function hubspotStaticCatalogue(object: string): Catalogue | undefined {
  const specs = STANDARD_PROPERTIES[object];
  if (!specs) return undefined;
  const fields = specs.map((s) => {
    const def = fieldDefOf(object, specAsProperty(s));
    if (s.required) def.required = true;
    return def;
  });
  return { object, fields };
}
