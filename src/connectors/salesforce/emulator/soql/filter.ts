/**
 * Compiles a WHERE clause into a predicate. Literals are checked against the field's type first
 * (a datetime field wants an unquoted datetime literal, an id field a well-formed id), as the app
 * does, and normalised once so each row costs only comparisons.
 */
import { formatSfDateTime } from '../../datetime.js';
import { toId18 } from '../../ids.js';
import type { SfFieldType } from '../../standard-objects.js';
import { SoqlError, type Condition, type Literal } from './ast.js';
import { readPath, resolvePath, type Row, type SoqlContext, type SoqlTable } from './resolve.js';

type Domain = 'text' | 'id' | 'number' | 'boolean' | 'date' | 'datetime' | 'multi';
/** A literal in its field's domain: a comparable value, a [lo, hi) range, or null. */
type Norm = { v: string | number | boolean } | { lo: string; hi: string } | null;

export function domainOf(type: SfFieldType): Domain {
  switch (type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'double':
    case 'currency':
    case 'percent':
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'multipicklist':
      return 'multi';
    default:
      return 'text';
  }
}

const TYPE_WORD: Record<Domain, string> = {
  text: 'string',
  id: 'id',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'dateTime',
  multi: 'string',
};

function normalise(lit: Literal, domain: Domain, field: string): Norm {
  const wrongType = (): never => {
    throw new SoqlError(
      'INVALID_FIELD',
      `value of filter criterion for field '${field}' must be of type ${TYPE_WORD[domain]} and should not be enclosed in quotes`,
    );
  };
  if (lit.kind === 'null') return null;
  switch (domain) {
    case 'text':
    case 'multi':
      return lit.kind === 'string' ? { v: lit.value.toLowerCase() } : wrongType();
    case 'id': {
      if (lit.kind !== 'string') return wrongType();
      const id = toId18(lit.value);
      if (!id) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${lit.value}`);
      return { v: id };
    }
    case 'number':
      return lit.kind === 'number' ? { v: lit.value } : wrongType();
    case 'boolean':
      return lit.kind === 'boolean' ? { v: lit.value } : wrongType();
    case 'date':
      if (lit.kind === 'date') return { v: lit.value };
      if (lit.kind === 'range') return { lo: formatSfDateTime(lit.fromMs).slice(0, 10), hi: formatSfDateTime(lit.toMs).slice(0, 10) };
      return wrongType();
    case 'datetime':
      if (lit.kind === 'datetime') return { v: formatSfDateTime(lit.ms) };
      if (lit.kind === 'range') return { lo: formatSfDateTime(lit.fromMs), hi: formatSfDateTime(lit.toMs) };
      return wrongType();
  }
}

/** Field values in the same domain as normalised literals (text lower-cased for case-insensitive matching). */
export function fieldValue(value: unknown, domain: Domain): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (domain === 'text' || domain === 'multi') return String(value).toLowerCase();
  return value as string | number | boolean;
}

function compare(a: string | number | boolean, b: string | number | boolean): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const multiSet = (v: string) =>
  new Set(
    v
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean),
  );

function equals(value: string | number | boolean, lit: { v: string | number | boolean }, domain: Domain): boolean {
  if (domain !== 'multi') return value === lit.v;
  const a = multiSet(value as string);
  const b = multiSet(lit.v as string);
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** LIKE: % any run, _ one character, backslash escapes a literal; case-insensitive. */
export function likeToRegExp(raw: string): RegExp {
  let source = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      const next = raw[++i]!;
      const escaped: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
      source += (escaped[next] ?? next).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

export type Predicate = (row: Row) => boolean;

export function compileCondition(cond: Condition, table: SoqlTable, ctx: SoqlContext): Predicate {
  switch (cond.kind) {
    case 'and': {
      const items = cond.items.map((c) => compileCondition(c, table, ctx));
      return (row) => items.every((p) => p(row));
    }
    case 'or': {
      const items = cond.items.map((c) => compileCondition(c, table, ctx));
      return (row) => items.some((p) => p(row));
    }
    case 'not': {
      const item = compileCondition(cond.item, table, ctx);
      return (row) => !item(row);
    }
    default:
      return compileAtom(cond, table, ctx);
  }
}

function compileAtom(cond: Exclude<Condition, { kind: 'and' | 'or' | 'not' }>, table: SoqlTable, ctx: SoqlContext): Predicate {
  const path = resolvePath(cond.field, table, ctx);
  const domain = domainOf(path.spec.type);
  const get = (row: Row) => fieldValue(readPath(row, path, ctx), domain);
  switch (cond.kind) {
    case 'like': {
      if (domain !== 'text') throw new SoqlError('INVALID_FIELD', `invalid operator on field '${path.canonical}': LIKE applies to text fields`);
      const re = likeToRegExp((cond.pattern as { raw: string }).raw);
      return (row) => {
        const v = readPath(row, path, ctx);
        return v !== null && re.test(String(v));
      };
    }
    case 'in': {
      const lits = cond.values.map((l) => normalise(l, domain, path.canonical));
      const hasNull = lits.includes(null);
      const values = new Set(lits.filter((l): l is { v: string | number | boolean } => !!l && 'v' in l).map((l) => l.v));
      const test = (v: string | number | boolean | null) => (v === null ? hasNull : values.has(v));
      return cond.negate ? (row) => !test(get(row)) : (row) => test(get(row));
    }
    case 'includes': {
      if (domain !== 'multi') throw new SoqlError('INVALID_FIELD', `INCLUDES/EXCLUDES apply only to multi-select picklist fields: '${path.canonical}'`);
      const wanted = cond.values.map((l) => multiSet((normalise(l, domain, path.canonical) as { v: string }).v));
      const test = (v: string | number | boolean | null) => {
        if (v === null) return false;
        const have = multiSet(v as string);
        return wanted.some((set) => [...set].every((x) => have.has(x)));
      };
      return cond.negate ? (row) => !test(get(row)) : (row) => test(get(row));
    }
    case 'compare': {
      const lit = normalise(cond.value, domain, path.canonical);
      const op = cond.op;
      if (lit === null) {
        if (op === '=') return (row) => get(row) === null;
        if (op === '!=') return (row) => get(row) !== null;
        return () => false;
      }
      if ('lo' in lit) {
        const { lo, hi } = lit;
        const inRange = (v: string) => v >= lo && v < hi;
        const tests: Record<typeof op, (v: string) => boolean> = {
          '=': inRange,
          '!=': (v) => !inRange(v),
          '<': (v) => v < lo,
          '<=': (v) => v < hi,
          '>': (v) => v >= hi,
          '>=': (v) => v >= lo,
        };
        const test = tests[op];
        return (row) => {
          const v = get(row);
          return v === null ? op === '!=' : test(v as string);
        };
      }
      if (op === '=' || op === '!=') {
        const want = op === '=';
        return (row) => {
          const v = get(row);
          return v === null ? !want : equals(v, lit, domain) === want;
        };
      }
      if (domain === 'boolean' || domain === 'multi') throw new SoqlError('INVALID_FIELD', `invalid operator on field '${path.canonical}': ${op}`);
      const sign = { '<': (c: number) => c < 0, '<=': (c: number) => c <= 0, '>': (c: number) => c > 0, '>=': (c: number) => c >= 0 }[op];
      return (row) => {
        const v = get(row);
        return v !== null && sign(compare(v, lit.v));
      };
    }
  }
}
