/**
 * SOQL over REST: `/query?q=` (live rows), `/queryAll?q=` (recycle bin included) and
 * `/query/<locator>` for the next page (apis.md §2.2–2.3).
 */
import { QUERY_BATCH_SIZE_MAX, QUERY_BATCH_SIZE_MIN } from '../../limits.js';
import type { EmulatorResponse } from '../../../shared/emulator-http.js';
import { errorResponse, invalidType, sfError } from '../errors.js';
import { SoqlError } from '../soql/ast.js';
import { type QueryOutput, selectRows } from '../soql/execute.js';
import { parseSoql } from '../soql/parser.js';
import type { Row } from '../soql/resolve.js';
import type { EmulatorState, RestRequest } from './state.js';

/** `Sforce-Query-Options: batchSize=N`, clamped to what the app allows. */
function pageSize(state: EmulatorState, req: RestRequest): number {
  const header = req.headers['sforce-query-options'];
  const m = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(header) ? header.join(',') : (header ?? ''));
  if (!m) return state.pageSize;
  return Math.min(QUERY_BATCH_SIZE_MAX, Math.max(QUERY_BATCH_SIZE_MIN, Number(m[1])));
}

function page(version: string, id: string, out: QueryOutput, offset: number, size: number): EmulatorResponse {
  const end = offset + size;
  const done = end >= out.records.length;
  const body: Record<string, unknown> = { totalSize: out.totalSize, done };
  if (!done) body.nextRecordsUrl = `/services/data/v${version}/query/${id}-${end}`;
  const rows = out.records.slice(offset, end);
  body.records = out.shape ? rows.map(out.shape) : rows;
  return { status: 200, body };
}

export function runQuery(state: EmulatorState, req: RestRequest, includeDeleted: boolean): EmulatorResponse {
  const soql = req.url.searchParams.get('q');
  if (!soql) return errorResponse(400, sfError('MALFORMED_QUERY', 'A query string must be provided'));
  try {
    const query = parseSoql(soql, state.store.now());
    const table = state.store.table(query.from);
    if (!table) return errorResponse(400, invalidType(query.from));
    if (includeDeleted) state.store.purgeRecycleBin();
    const rows = includeDeleted ? table.rows.values() : liveRows(table.rows.values());
    const out = selectRows(query, table, rows, state.store.soqlContext(req.version));
    const size = pageSize(state, req);
    const id = out.records.length > size ? state.cursors.add(out, size) : '';
    return page(req.version, id, out, 0, size);
  } catch (error) {
    if (error instanceof SoqlError) return errorResponse(400, sfError(error.errorCode, withPosition(soql, error)));
    throw error;
  }
}

/**
 * An unknown (or hidden) column comes back with the query and a caret at the column, as the app
 * answers: "\nSELECT Id, Foo FROM Contact\n           ^\nERROR at Row:1:Column:12\nNo such column …".
 * Assumption: a single-line query; the row is always 1.
 */
function withPosition(soql: string, error: SoqlError): string {
  const column = /^No such column '([^']+)'/.exec(error.message)?.[1];
  const at = column ? soql.toLowerCase().search(new RegExp(`\\b${column.toLowerCase().replace(/[.$]/g, '\\$&')}\\b`)) : -1;
  if (at < 0 || soql.includes('\n')) return error.message;
  return `\n${soql}\n${' '.repeat(at)}^\nERROR at Row:1:Column:${at + 1}\n${error.message}`;
}

export function queryMore(state: EmulatorState, req: RestRequest, locator: string): EmulatorResponse {
  const hit = state.cursors.get(locator);
  if (!hit) return errorResponse(400, sfError('INVALID_QUERY_LOCATOR', 'invalid query locator'));
  return page(req.version, hit.id, hit.query.output, hit.offset, hit.query.pageSize);
}

/** The live rows, without copying the table first. */
function* liveRows(rows: Iterable<Row>): Iterable<Row> {
  for (const row of rows) if (!row.IsDeleted) yield row;
}
