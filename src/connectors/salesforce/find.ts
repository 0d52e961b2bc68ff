/**
 * findBy: records whose field equals one of the given values, via `WHERE Field IN ('a', 'b')`.
 * Every value becomes an escaped literal (soql.ts), so hostile input cannot change the query.
 * Values are split so each query stays within the URI budget the app accepts for a GET.
 */
import type { QueryResult, Record as SfRecord } from 'jsforce';
import { ConnectorFailure, type RemoteRecord } from '../types.js';
import type { ObjectInfo } from './describe.js';
import { toConnectorError } from './errors.js';
import { SOQL_MAX_URI_CHARS } from './limits.js';
import { toRemote } from './read.js';
import type { SalesforceSession } from './session.js';
import { buildSelect, soqlLiteral } from './soql.js';

export async function findRecords(
  session: SalesforceSession,
  info: ObjectInfo,
  field: string,
  values: string[],
  markerField?: string,
): Promise<RemoteRecord[]> {
  const object = info.catalogue.object;
  const def = info.byName.get(field.toLowerCase());
  if (!def) {
    throw new ConnectorFailure(
      {
        code: 'INVALID_FIELD',
        category: 'property-value',
        retryable: false,
        message: `No such field '${field}' on Salesforce object ${object}`,
        hint: 'Check the field name (custom fields end in __c).',
      },
      session.name,
    );
  }
  const literals = [...new Set(values.map((v) => soqlLiteral(v, def.type)).filter((v): v is string => v !== undefined))];
  if (!literals.length) return [];

  // Read every field when the select list is short enough; otherwise what matching needs.
  const all = info.catalogue.fields.map((f) => f.name);
  const minimal = [...new Set(['Id', 'SystemModstamp', def.name, ...(markerField && info.byName.has(markerField.toLowerCase()) ? [markerField] : [])])];
  const select = encodeURIComponent(all.join(', ')).length < SOQL_MAX_URI_CHARS / 2 ? all : minimal;
  const fields = select.map((name) => ({ as: name, name, def: info.byName.get(name.toLowerCase()) }));
  const fixed = encodeURIComponent(buildSelect({ fields: select, object, where: `${def.name} IN ()` })).length;

  const out: RemoteRecord[] = [];
  for (let i = 0; i < literals.length; ) {
    const chunk: string[] = [];
    let size = fixed;
    while (i < literals.length && (chunk.length === 0 || size + encodeURIComponent(`, ${literals[i]!}`).length < SOQL_MAX_URI_CHARS)) {
      size += encodeURIComponent(`, ${literals[i]!}`).length;
      chunk.push(literals[i++]!);
    }
    const soql = buildSelect({ fields: select, object, where: `${def.name} IN (${chunk.join(', ')})` });
    let url: string | undefined = `/query?q=${encodeURIComponent(soql)}`;
    let kind = 'query';
    while (url) {
      let page: QueryResult<SfRecord>;
      try {
        page = await session.request<QueryResult<SfRecord>>(kind, { method: 'GET', url }, true);
      } catch (error) {
        throw new ConnectorFailure(toConnectorError(error), session.name);
      }
      out.push(...page.records.map((r) => toRemote(r, fields, info, markerField)));
      url = page.done ? undefined : page.nextRecordsUrl;
      kind = 'queryMore';
    }
  }
  return out;
}
