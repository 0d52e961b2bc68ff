/**
 * Runs a parsed query over rows: filter, sort (ORDER BY with NULLS FIRST/LAST), OFFSET/LIMIT, and
 * shape each record as the REST API does (`attributes`, canonical field names, related records
 * nested under their relationship name).
 */
import { QUERY_MAX_OFFSET } from '../../limits.js';
import { SoqlError, type SoqlQuery } from './ast.js';
import { compileCondition, domainOf, fieldValue } from './filter.js';
import { readPath, resolvePath, type ResolvedPath, type Row, type SoqlContext, type SoqlTable } from './resolve.js';

export interface QueryOutput {
  totalSize: number;
  /** The result's rows: shaped records, or the table's own rows when `shape` is set. */
  records: Row[];
  /** Shapes one of `records` as the REST API returns it; applied a page at a time. */
  shape?: (row: Row) => Row;
}

function attributes(table: SoqlTable, row: Row, ctx: SoqlContext) {
  return { type: table.name, url: ctx.recordUrl(table.name, String(row.Id)) };
}

/** Copies one selected path into `out`, nesting related records under their relationship name. */
function project(out: Row, row: Row, path: ResolvedPath, hop: number, ctx: SoqlContext): void {
  if (hop === path.hops.length) {
    out[path.leaf] = row[path.leaf] ?? null;
    return;
  }
  const { field, relationshipName } = path.hops[hop]!;
  if (out[relationshipName] === undefined) {
    const id = row[field];
    const target = typeof id === 'string' ? ctx.lookup(id) : undefined;
    out[relationshipName] = target ? { attributes: attributes(target.table, target.row, ctx) } : null;
  }
  const nested = out[relationshipName] as Row | null;
  if (!nested) return;
  const id = row[field] as string;
  project(nested, ctx.lookup(id)!.row, path, hop + 1, ctx);
}

function sorter(query: SoqlQuery, table: SoqlTable, ctx: SoqlContext): ((a: Row, b: Row) => number) | undefined {
  if (!query.orderBy.length) return undefined;
  const keys = query.orderBy.map((item) => {
    const path = resolvePath(item.field, table, ctx);
    const domain = domainOf(path.spec.type);
    // Nulls sort first unless asked otherwise (and last when descending).
    const nullsFirst = item.nulls ? item.nulls === 'first' : !item.descending;
    return { get: (row: Row) => fieldValue(readPath(row, path, ctx), domain), descending: item.descending, nullsFirst };
  });
  return (a, b) => {
    for (const key of keys) {
      const x = key.get(a);
      const y = key.get(b);
      if (x === y) continue;
      if (x === null) return key.nullsFirst ? -1 : 1;
      if (y === null) return key.nullsFirst ? 1 : -1;
      const c = x < y ? -1 : 1;
      return key.descending ? -c : c;
    }
    return 0;
  };
}

/** Validates the query against the schema and runs it over `rows` (all rows of `query.from`): every record shaped. */
export function executeQuery(query: SoqlQuery, table: SoqlTable, rows: Iterable<Row>, ctx: SoqlContext): QueryOutput {
  const out = selectRows(query, table, rows, ctx);
  return out.shape ? { totalSize: out.totalSize, records: out.records.map(out.shape) } : out;
}

/**
 * As executeQuery, but the records may be the matched rows themselves with `shape` to apply to the
 * ones served: a query over a million rows keeps references, and shapes a page at a time.
 */
export function selectRows(query: SoqlQuery, table: SoqlTable, rows: Iterable<Row>, ctx: SoqlContext): QueryOutput {
  if (query.offset !== undefined && query.offset > QUERY_MAX_OFFSET) {
    throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${QUERY_MAX_OFFSET}`);
  }
  const fields = query.select.map((item) => (item.kind === 'field' ? resolvePath(item.field, table, ctx) : undefined));
  const countItem = query.select.find((item) => item.kind === 'count');
  if (countItem?.kind === 'count' && countItem.field) resolvePath(countItem.field, table, ctx);
  const where = query.where && compileCondition(query.where, table, ctx);
  const order = sorter(query, table, ctx);

  let matched: Row[] = [];
  for (const row of rows) if (!where || where(row)) matched.push(row);
  if (order) matched.sort(order);
  const start = query.offset ?? 0;
  matched = matched.slice(start, query.limit === undefined ? undefined : start + query.limit);

  if (countItem?.kind === 'count') {
    if (!countItem.field) return { totalSize: matched.length, records: [] };
    // COUNT(field) is an aggregate query: one AggregateResult row counting non-null values.
    const path = resolvePath(countItem.field, table, ctx);
    const n = matched.filter((r) => readPath(r, path, ctx) !== null).length;
    return { totalSize: 1, records: [{ attributes: { type: 'AggregateResult' }, [countItem.alias ?? 'expr0']: n }] };
  }
  const shape = (row: Row): Row => {
    const out: Row = { attributes: attributes(table, row, ctx) };
    for (const path of fields) if (path) project(out, row, path, 0, ctx);
    return out;
  };
  // A row is replaced, never changed in place, by a write (records.ts), so a page shaped later shows
  // the row as the query found it. Related records are read at shaping time: a query reaching
  // through a relationship is shaped at once, so its later pages hold the values of query time.
  if (fields.some((path) => path && path.hops.length > 0)) return { totalSize: matched.length, records: matched.map(shape) };
  return { totalSize: matched.length, records: matched, shape };
}
