/**
 * Field values between Salesforce's JSON and the engine: datetimes `…+0000` ↔ ISO `…Z`,
 * multi-select picklists `a;b` ↔ `['a','b']`, empty → null. Also the offline checks done before a
 * write, so a wrong field name or type fails its record without spending an API call.
 */
import type { ConnectorError, FieldDef, FieldValue, Fields } from '../types.js';
import { sfDateTimeToIso } from './datetime.js';

/** An integer a JS number cannot hold exactly (beyond 2^53): kept as its digits. */
const bigInteger = (value: string) => /^[+-]?\d+$/.test(value.trim()) && !Number.isSafeInteger(Number(value));

const SF_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{4}$/;

export function decodeValue(value: unknown, def: FieldDef | undefined): FieldValue {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'object') return null; // a nested related record; read through its dotted path
  switch (def?.type) {
    case 'datetime':
      return sfDateTimeToIso(String(value));
    case 'multi-enum':
      return String(value).split(';').filter(Boolean);
    case 'number':
      return typeof value === 'number' ? value : bigInteger(String(value)) ? String(value).trim() : Number(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 'true';
    case undefined:
      // A related field (Account.Name) whose type was not described: recognise datetimes by shape.
      return typeof value === 'string' && SF_DATETIME.test(value) ? sfDateTimeToIso(value) : (value as FieldValue);
    default:
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
  }
}

/** Reads `Account.Name` from `{Account: {Name}}`. */
export function readPath(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function encodeValue(value: FieldValue, def: FieldDef): unknown {
  if (Array.isArray(value)) return value.join(';');
  if (value === '') return null;
  // Assumption: Salesforce's JSON deserialiser reads a quoted number into a number field (the
  // emulator does); a JSON number would lose the digits of an integer beyond 2^53 on our side.
  if (def.type === 'number' && typeof value === 'string') return bigInteger(value) ? value.trim() : Number(value);
  return value;
}

function invalid(message: string, code = 'INVALID_FIELD', category: ConnectorError['category'] = 'property-value'): ConnectorError {
  const hint =
    category === 'permission'
      ? 'The field is read-only in Salesforce (system or calculated); remove it from the mapping.'
      : 'Check the field mapping against the Salesforce object (custom fields end in __c) and the value’s type.';
  return { code, category, retryable: false, message, hint };
}

/** Encodes `fields` for a create or update, or the reason it cannot be sent. */
export function encodeFields(
  fields: Fields,
  byName: Map<string, FieldDef>,
  object: string,
): { ok: true; record: Record<string, unknown> } | { ok: false; error: ConnectorError } {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const def = byName.get(name.toLowerCase());
    if (!def) return { ok: false, error: invalid(`No such field '${name}' on Salesforce object ${object}`) };
    if (def.readOnly) return { ok: false, error: invalid(`Field '${def.name}' on ${object} is read-only`, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'permission') };
    if (value !== null && value !== '') {
      const bad =
        (def.type === 'number' && !(typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))))) ||
        (def.type === 'boolean' && typeof value !== 'boolean') ||
        (Array.isArray(value) && def.type !== 'multi-enum');
      if (bad)
        return {
          ok: false,
          error: invalid(
            `Field '${def.name}' on ${object} is ${def.type === 'boolean' ? 'a boolean' : `of type ${def.type}`}; got ${JSON.stringify(value)}`,
            'INVALID_TYPE_ON_FIELD_IN_RECORD',
          ),
        };
    }
    record[def.name] = encodeValue(value, def);
  }
  return { ok: true, record };
}
