/**
 * Resolves field paths (`Email`, `Account.Name`, `Who.Name`) against the schema, the way the app
 * does before running a query: unknown names are INVALID_FIELD, names come back in their canonical
 * case.
 */
import type { SfFieldSpec } from '../../standard-objects.js';
import { SoqlError } from './ast.js';

export type Row = Record<string, unknown>;

/** What the evaluator needs to know about one object. */
export interface SoqlTable {
  name: string;
  field(name: string): SfFieldSpec | undefined;
  /** The reference field whose relationshipName is `name` (case-insensitive). */
  relationship(name: string): SfFieldSpec | undefined;
}

export interface SoqlContext {
  table(name: string): SoqlTable | undefined;
  /** The live record an id points at, with its object. */
  lookup(id: string): { table: SoqlTable; row: Row } | undefined;
  /** `/services/data/vNN.N/sobjects/{type}/{id}` for a record's attributes. */
  recordUrl(type: string, id: string): string;
}

export interface ResolvedPath {
  /** Canonical spelling, e.g. `Account.Name`. */
  canonical: string;
  /** Relationship hops: the reference field to follow and the relationship name to nest under. */
  hops: Array<{ field: string; relationshipName: string }>;
  leaf: string;
  spec: SfFieldSpec;
}

function invalidField(path: string, table: SoqlTable): never {
  throw new SoqlError(
    'INVALID_FIELD',
    `No such column '${path}' on entity '${table.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export function resolvePath(path: string, table: SoqlTable, ctx: SoqlContext): ResolvedPath {
  const parts = path.split('.');
  const hops: ResolvedPath['hops'] = [];
  let candidates: SoqlTable[] = [table];
  for (const part of parts.slice(0, -1)) {
    const rel = candidates.map((t) => t.relationship(part)).find(Boolean);
    if (!rel)
      throw new SoqlError(
        'INVALID_FIELD',
        `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`,
      );
    hops.push({ field: rel.name, relationshipName: rel.relationshipName! });
    candidates = (rel.referenceTo ?? []).map((name) => ctx.table(name)).filter((t): t is SoqlTable => !!t);
    if (!candidates.length) invalidField(path, table);
  }
  const leafName = parts[parts.length - 1]!;
  // A polymorphic relationship (Who, What) may point at several objects; the field must exist on one.
  const spec = candidates.map((t) => t.field(leafName)).find(Boolean);
  if (!spec) invalidField(path, table);
  const canonical = [...hops.map((h) => h.relationshipName), spec.name].join('.');
  return { canonical, hops, leaf: spec.name, spec };
}

/** Reads a resolved path from a row, following references; null when a hop is empty. */
export function readPath(row: Row, path: ResolvedPath, ctx: SoqlContext): unknown {
  let current: Row | undefined = row;
  for (const hop of path.hops) {
    const id: unknown = current[hop.field];
    current = typeof id === 'string' ? ctx.lookup(id)?.row : undefined;
    if (!current) return null;
  }
  return current[path.leaf] ?? null;
}
