/**
 * Field catalogues for Salesforce objects: a static one for the standard objects (offline
 * validation of sync files, no org needed) and the mapping of a live describe onto the engine's
 * FieldDef, which picks up custom fields and custom objects (R7, R15).
 */
import type { Catalogue, FieldDef, FieldType } from '../types.js';
import { STANDARD_OBJECTS, labelOf, standardObject, type SfFieldSpec } from './standard-objects.js';

/** The standard objects crmsync syncs (R6): contacts or leads, companies, deals and tasks. */
export const SALESFORCE_OBJECTS = STANDARD_OBJECTS.map((o) => o.name);

const TYPE_MAP: Record<string, FieldType> = {
  id: 'id',
  string: 'string',
  textarea: 'text',
  email: 'email',
  phone: 'phone',
  url: 'url',
  picklist: 'enum',
  multipicklist: 'multi-enum',
  // A combobox suggests values but accepts any text.
  combobox: 'string',
  reference: 'reference',
  boolean: 'boolean',
  double: 'number',
  currency: 'number',
  percent: 'number',
  int: 'number',
  long: 'number',
  date: 'date',
  datetime: 'datetime',
  time: 'string',
  encryptedstring: 'string',
};

/** The engine's type for a Salesforce describe type, or undefined for types it cannot sync. */
export function fieldTypeOf(sfType: string): FieldType | undefined {
  return TYPE_MAP[sfType];
}

function fromSpec(spec: SfFieldSpec): FieldDef {
  const def: FieldDef = { name: spec.name, label: labelOf(spec), type: fieldTypeOf(spec.type)! };
  if (spec.required) def.required = true;
  if (spec.readOnly) def.readOnly = true;
  if (spec.unique) def.unique = true;
  if (spec.custom) def.custom = true;
  if (spec.picklist && spec.type !== 'combobox') def.options = [...spec.picklist];
  return def;
}

/** The static catalogue of a standard object, or undefined for objects only a live org can describe. */
export function salesforceStaticCatalogue(object: string): Catalogue | undefined {
  const spec = standardObject(object);
  return spec && { object: spec.name, fields: spec.fields.map(fromSpec) };
}

/** The part of a describe field the mapping reads (jsforce's `Field` has these and more). */
export interface DescribeFieldLike {
  name: string;
  label?: string;
  type: string;
  nillable?: boolean;
  createable?: boolean;
  updateable?: boolean;
  defaultedOnCreate?: boolean;
  calculated?: boolean;
  autoNumber?: boolean;
  unique?: boolean;
  externalId?: boolean;
  custom?: boolean;
  picklistValues?: Array<{ value: string; active?: boolean }> | null;
}

/**
 * A describe field as a FieldDef. Compound fields (address, location) and binary ones are left
 * out: their components (MailingStreet, MailingCity, …) are the syncable fields.
 */
export function fieldDefFromDescribe(field: DescribeFieldLike): FieldDef | undefined {
  const type = fieldTypeOf(field.type);
  if (!type) return undefined;
  const def: FieldDef = { name: field.name, label: field.label ?? field.name, type };
  const readOnly = (!field.createable && !field.updateable) || !!field.calculated || !!field.autoNumber;
  if (readOnly) def.readOnly = true;
  // What the app refuses a create without: not nillable, settable, and not filled in by the app.
  if (!readOnly && field.nillable === false && field.createable && !field.defaultedOnCreate && type !== 'boolean') def.required = true;
  if (field.unique) def.unique = true;
  if (field.externalId) def.externalId = true;
  if (field.custom) def.custom = true;
  if ((type === 'enum' || type === 'multi-enum') && field.picklistValues?.length) {
    def.options = field.picklistValues.filter((p) => p.active !== false).map((p) => p.value);
  }
  return def;
}
