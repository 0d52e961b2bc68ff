/**
 * Canonical values: both apps' values of a mapped field are put through the same transforms and
 * compared as the same kind (text, number, date…), so that values an app merely formats
 * differently are equal and never ping-pong between the apps.
 */
import { comparisonFor, type Comparison } from '../config/compat.js';
import type { CompiledField, SideName, Transform } from '../config/model.js';
import type { FieldType, FieldValue } from '../connectors/types.js';
import type { Canon } from '../state/state-types.js';
import { phone } from './phone.js';

/** A canonical value, as the state stores it in bases: defined once, in schema/state.schema.json. */
export type { Canon };

const NON_ASCII = /[^\u0000-\u007f]/;

/** Unicode NFC: the same text typed or stored composed (`ë`) or decomposed (`e` + `¨`) is one value. */
export const nfc = (s: string): string => (NON_ASCII.test(s) ? s.normalize('NFC') : s);

/**
 * The one form in which identifiers (emails, domains, names, value-map options) are compared:
 * trimmed, NFC, and case-folded (full folding, so `ß` ≡ `ss` and `Σ`/`σ`/`ς` are one letter).
 */
export function foldKey(s: string): string {
  const t = s.trim();
  return NON_ASCII.test(t) ? t.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC') : t.toLowerCase();
}

export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function applyTransform(value: string, t: Transform): string {
  switch (t) {
    case 'trim':
      return value.trim();
    case 'lowercase':
      return value.toLowerCase();
    case 'uppercase':
      return value.toUpperCase();
    case 'collapse-spaces':
      return value.replace(/\s+/g, ' ').trim();
    case 'phone':
      return phone(value);
    default:
      return value; // type coercions are handled by the comparison kind
  }
}

function asText(value: FieldValue): string {
  if (Array.isArray(value)) return nfc(value.join(';'));
  return typeof value === 'string' ? nfc(value) : String(value);
}

const INTEGER = /^[+-]?\d+$/;

/**
 * A number by value. An integer beyond 2^53 read as text stays exact: its digits, as a string (via
 * BigInt). One an app handed over as a JSON number has already lost digits the engine cannot
 * recover; it stays a number, and sameCanon compares it at that precision.
 */
function toNumber(value: FieldValue): number | string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const s = asText(value).trim();
  if (INTEGER.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : BigInt(s).toString();
  }
  const n = Number(s);
  return Number.isFinite(n) && s !== '' ? n : null;
}

function toBoolean(value: FieldValue): boolean | null {
  if (typeof value === 'boolean') return value;
  const s = asText(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'y', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'n', 'off'].includes(s)) return false;
  return null;
}

function toDate(value: FieldValue, kind: 'date' | 'datetime'): string | null {
  const s = asText(value).trim();
  const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  return kind === 'date' ? iso.slice(0, 10) : iso;
}

function kindFor(field: Pick<CompiledField, 'types' | 'transforms'>): Comparison {
  const ts = field.transforms;
  if (ts.includes('number')) return 'number';
  if (ts.includes('boolean')) return 'boolean';
  if (ts.includes('date')) return 'date';
  if (ts.includes('string')) return 'text';
  return comparisonFor(field.types.left, field.types.right);
}

/**
 * A record's own value of `name`. Field names are the apps' and the user's (`toString`,
 * `constructor` are valid ones), so an inherited property must never pass for a value.
 */
export const fieldOf = (fields: Readonly<Record<string, FieldValue>>, name: string): FieldValue | undefined =>
  Object.hasOwn(fields, name) ? fields[name] : undefined;

/** One value through a value map, matched case-insensitively; values the map lacks pass through. */
function translate(map: ReadonlyMap<string, string>, value: FieldValue): FieldValue {
  if (Array.isArray(value)) return value.map((v) => map.get(foldKey(String(v))) ?? v) as FieldValue;
  if (typeof value !== 'string') return value;
  return map.get(foldKey(value)) ?? value;
}

type Mapped = Pick<CompiledField, 'types' | 'transforms'> & Partial<Pick<CompiledField, 'values'>>;

/**
 * The canonical form of one app's value for a mapped field. Never throws. A field with a value map
 * (`values:`) is compared in the right app's vocabulary: left values are translated first.
 */
export function canonical(field: Mapped, value: FieldValue | undefined, side?: SideName): Canon {
  if (value === undefined || isBlank(value)) return null;
  if (field.values && side === 'left') value = translate(field.values.toRight, value);
  const kind = kindFor(field);
  switch (kind) {
    case 'number':
      return toNumber(value) ?? applyAll(asText(value), field.transforms);
    case 'boolean':
      return toBoolean(value) ?? applyAll(asText(value), field.transforms);
    case 'date':
    case 'datetime':
      return toDate(value, kind) ?? applyAll(asText(value), field.transforms);
    case 'list': {
      const items = (Array.isArray(value) ? value : asText(value).split(';')).map((v) => applyAll(nfc(String(v)), field.transforms)).filter((v) => v !== '');
      return items.length ? [...new Set(items)].sort() : null;
    }
    default: {
      const text = applyAll(asText(value), field.transforms);
      return text === '' ? null : text;
    }
  }
}

function applyAll(value: string, transforms: Transform[]): string {
  return transforms.reduce(applyTransform, value);
}

export function sameCanon(a: Canon, b: Canon): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  // Exact digits against a number an app could only send rounded (Salesforce's JSON numbers): equal
  // when they are the same number at that precision, so the rounding is never taken for a change.
  if (typeof a === 'number' && typeof b === 'string') return INTEGER.test(b) && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return INTEGER.test(a) && Number(a) === b;
  return a === b;
}

/** The value to write into `into`'s field, from a canonical value: back into the left vocabulary where mapped. */
export function fromCanon(field: Mapped, value: Canon, into: SideName): FieldValue {
  const mapped = field.values && into === 'left' && value !== null ? translate(field.values.toLeft, value as FieldValue) : value;
  return toTarget(mapped as Canon, field.types[into]);
}

/** The value to write into a field of type `target`, from a canonical value. */
export function toTarget(value: Canon, target: FieldType): FieldValue {
  if (value === null) return null;
  switch (target) {
    case 'number':
      return typeof value === 'number' ? value : toNumber(value as FieldValue);
    case 'boolean':
      return typeof value === 'boolean' ? value : toBoolean(value as FieldValue);
    case 'date':
      return toDate(value as FieldValue, 'date');
    case 'datetime':
      return toDate(value as FieldValue, 'datetime');
    case 'multi-enum':
      return Array.isArray(value) ? value : asText(value).split(';').filter(Boolean);
    default:
      return asText(value);
  }
}
