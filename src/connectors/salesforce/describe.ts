/**
 * The live catalogue of an object, from describe, cached for the life of the connection so reads
 * and writes after the first cost no extra call.
 */
import type { DescribeSObjectResult } from 'jsforce';
import type { Catalogue, FieldDef } from '../types.js';
import { fieldDefFromDescribe, salesforceStaticCatalogue } from './catalogue.js';
import type { SalesforceSession } from './session.js';
import { soqlName } from './soql.js';

export interface ObjectInfo {
  catalogue: Catalogue;
  /** Field definitions by lower-cased API name. */
  byName: Map<string, FieldDef>;
  /** Reference fields and the objects they point at (for associations, R27). */
  references: Array<{ field: string; to: string[]; custom: boolean }>;
}

export const MASTER_RECORD_FIELD = 'MasterRecordId';

export const HIDDEN_BY_FLS = "hidden from this connection's user by field-level security (or not enabled in the org): describe does not list it";

/**
 * Standard fields the describe leaves out: field-level security hides a field the user cannot see
 * from describe and from every query. They stay in the catalogue, marked unsyncable, so that a
 * mapping naming one is a located config error when planning rather than a failed read; reads
 * and writes never use them (they are not in `byName`).
 */
function hiddenStandardFields(object: string, seen: FieldDef[]): FieldDef[] {
  const names = new Set(seen.map((f) => f.name.toLowerCase()));
  return (salesforceStaticCatalogue(object)?.fields ?? [])
    .filter((f) => !names.has(f.name.toLowerCase()))
    .map((f) => ({ name: f.name, label: f.label, type: f.type, unsyncable: HIDDEN_BY_FLS }));
}

export class DescribeCache {
  private readonly cache = new Map<string, Promise<ObjectInfo>>();

  constructor(private readonly session: SalesforceSession) {}

  get(object: string): Promise<ObjectInfo> {
    const key = object.toLowerCase();
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.load(object);
      this.cache.set(key, hit);
      // A failed describe is not remembered: the next call tries again.
      hit.catch(() => this.cache.delete(key));
    }
    return hit;
  }

  private async load(object: string): Promise<ObjectInfo> {
    const body = await this.session.request<DescribeSObjectResult>('describe', { method: 'GET', url: `/sobjects/${soqlName(object)}/describe` }, true);
    const fields = body.fields.map((f) => fieldDefFromDescribe(f)).filter((f): f is FieldDef => !!f);
    return {
      catalogue: { object: body.name, fields: [...fields, ...hiddenStandardFields(body.name, fields)] },
      byName: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
      // MasterRecordId is not an association: it only says where a merged-away record went.
      references: body.fields
        .filter((f) => f.type === 'reference' && f.name !== MASTER_RECORD_FIELD)
        .map((f) => ({ field: f.name, to: f.referenceTo ?? [], custom: f.custom })),
    };
  }

  clear(): void {
    this.cache.clear();
  }
}
