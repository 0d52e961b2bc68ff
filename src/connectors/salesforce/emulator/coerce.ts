/**
 * Turns a JSON value from a request into what the app stores for a field, or the app's error.
 * A value the JSON deserialiser cannot read (text in a number field, an unparseable date) fails the
 * whole request with JSON_PARSER_ERROR, as the app does [?]; content errors (too long, bad email,
 * malformed id) fail only their record.
 */
import { formatSfDateTime, parseSfDateTime } from '../datetime.js';
import { toId18 } from '../ids.js';
import { DEFAULT_LENGTHS, labelOf, type SfFieldSpec } from '../standard-objects.js';
import { sfError, type SfError } from './errors.js';

export type Coerced = { ok: true; value: unknown } | { ok: false; error: SfError; wholeRequest: boolean };

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function parserError(spec: SfFieldSpec, value: unknown, kind: string): Coerced {
  const text = typeof value === 'string' ? `VALUE_STRING value ${value}` : `${typeof value} value`;
  return {
    ok: false,
    wholeRequest: true,
    error: sfError(
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${kind} from ${text} or request may be missing a required field at [line:1, column:1]`,
      [spec.name],
    ),
  };
}

export function coerceValue(spec: SfFieldSpec, value: unknown): Coerced {
  if (value === null || value === undefined) return { ok: true, value: null };
  const label = labelOf(spec);
  switch (spec.type) {
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return parserError(spec, value, 'boolean');
    case 'double':
    case 'currency':
    case 'percent':
    case 'int': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (!Number.isFinite(n)) return parserError(spec, value, spec.type === 'int' ? 'int' : 'double');
      return { ok: true, value: spec.type === 'int' ? Math.trunc(n) : n };
    }
    case 'date': {
      if (typeof value !== 'string') return parserError(spec, value, 'date');
      const date = value.slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return parserError(spec, value, 'date');
      return { ok: true, value: date };
    }
    case 'datetime': {
      const ms = typeof value === 'string' ? parseSfDateTime(value) : Number.NaN;
      return Number.isNaN(ms) ? parserError(spec, value, 'datetime') : { ok: true, value: formatSfDateTime(ms) };
    }
    case 'id':
    case 'reference': {
      if (value === '') return { ok: true, value: null };
      const id = typeof value === 'string' ? toId18(value) : null;
      if (!id) return { ok: false, wholeRequest: false, error: sfError('MALFORMED_ID', `${label}: id value of incorrect type: ${String(value)}`, [spec.name]) };
      return { ok: true, value: id };
    }
    default: {
      if (typeof value === 'object') return parserError(spec, value, 'String');
      const text = String(value);
      // The app stores an empty string as null.
      if (text === '') return { ok: true, value: null };
      const max = spec.length ?? DEFAULT_LENGTHS[spec.type] ?? 255;
      if (text.length > max) {
        return {
          ok: false,
          wholeRequest: false,
          error: sfError('STRING_TOO_LONG', `${label}: data value too large: ${text.slice(0, 40)}... (max length=${max})`, [spec.name]),
        };
      }
      // A restricted picklist accepts only its own values (every one of a multi-select's), and says
      // "bad value for restricted picklist field" (Salesforce Help, Restrict Picklist Values;
      // StatusCode INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, SOAP API Developer Guide, Core Data Types).
      // Assumption: values compare case-sensitively.
      if (spec.restricted && (spec.type === 'picklist' || spec.type === 'multipicklist')) {
        const bad = (spec.type === 'multipicklist' ? text.split(';') : [text]).find((v) => !(spec.picklist ?? []).includes(v));
        if (bad !== undefined)
          return {
            ok: false,
            wholeRequest: false,
            error: sfError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${label}: bad value for restricted picklist field: ${bad}`, [spec.name]),
          };
      }
      if (spec.type === 'email' && !EMAIL.test(text)) {
        return { ok: false, wholeRequest: false, error: sfError('INVALID_EMAIL_ADDRESS', `${label}: invalid email address: ${text}`, [spec.name]) };
      }
      return { ok: true, value: text };
    }
  }
}
