/**
 * Building SOQL safely. Values only ever enter a query as literals made here: strings are quoted
 * with every backslash and quote escaped, so a hostile value (`x' OR Name != '`) stays one literal;
 * names are checked against a strict identifier pattern. This is how the connector avoids SOQL
 * injection.
 */
import type { FieldType } from '../types.js';

const IDENT = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;
const STRING_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A quoted SOQL string literal. */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => STRING_ESCAPES[c]!)}'`;
}

/** An object or field name (dotted for relationships); throws for anything else. */
export function soqlName(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a Salesforce API name: ${JSON.stringify(name)}`);
  return name;
}

/** A SOQL datetime literal (unquoted, UTC). */
export function soqlDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A literal for `value` compared with a field of `type`, or undefined when the value cannot equal
 * any value of that field (so it can be left out of an IN list rather than fail the query).
 */
export function soqlLiteral(value: string, type: FieldType): string | undefined {
  switch (type) {
    case 'number':
      return /^-?\d+(?:\.\d+)?$/.test(value.trim()) ? value.trim() : undefined;
    case 'boolean':
      return /^(true|false)$/i.test(value) ? value.toUpperCase() : undefined;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
    case 'datetime': {
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? undefined : soqlDateTime(ms);
    }
    case 'id':
    case 'reference':
      return /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(value) ? soqlString(value) : undefined;
    default:
      return soqlString(value);
  }
}

export interface SelectQuery {
  fields: string[];
  object: string;
  where?: string;
  orderBy?: string;
}

export function buildSelect(q: SelectQuery): string {
  let soql = `SELECT ${q.fields.map(soqlName).join(', ')} FROM ${soqlName(q.object)}`;
  if (q.where) soql += ` WHERE ${q.where}`;
  if (q.orderBy) soql += ` ORDER BY ${q.orderBy}`;
  return soql;
}
