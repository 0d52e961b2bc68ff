/**
 * findBy: the People API has no exact-match lookup. searchContacts is a prefix search over an
 * index that needs a warm-up request and lags behind writes ("updates may take several minutes"),
 * so it would miss a contact created moments ago, which is exactly the crash-recovery case; so this
 * matches exactly against every contact instead. The contacts come from the connector's snapshot
 * when a complete listing is already held (a full read, or an earlier lookup), and otherwise from
 * one listing of all connections, 1000 a page, made without requestSyncToken: a plain listing is
 * not a full sync, so lookups never spend the fixed full-sync quota [D]. Filters (R20) do not
 * apply: a contact the engine created must be found even when it is not starred.
 * The pseudo-field `$marker` matches the crash-recovery marker (meta.marker).
 */
import { ConnectorFailure, type FieldValue, type RemoteRecord } from '../types.js';
import { toConnectorError } from './errors.js';
import { listPeople, toRecords, type ReadContext } from './read.js';

export { MARKER_FIELD } from '../types.js';
import { MARKER_FIELD } from '../types.js';

const norm = (v: string) => v.trim().toLowerCase();

function valuesOf(record: RemoteRecord, field: string): string[] {
  if (field === MARKER_FIELD) return record.meta?.marker ? [record.meta.marker] : [];
  const value: FieldValue | undefined = record.fields[field];
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [String(value)];
}

export async function findContacts(ctx: ReadContext, field: string, values: string[]): Promise<RemoteRecord[]> {
  const wanted = new Set(values.map(norm));
  if (!wanted.size) return [];
  if (!ctx.snapshot.contacts) {
    const listing = await listPeople(ctx, 'contact', undefined, undefined, false);
    if (listing.error !== undefined) throw new ConnectorFailure(toConnectorError(listing.error));
    // The listing replaces what an incremental read left: contacts deleted since are gone from it.
    for (const id of [...ctx.cache.keys()]) if (id.startsWith('people/')) ctx.cache.delete(id);
    toRecords(ctx, 'contact', listing.persons);
    ctx.snapshot.contacts = true;
  }
  const people = [...ctx.cache.values()].filter((p) => p.resourceName?.startsWith('people/'));
  return toRecords({ cache: new Map() }, 'contact', people).filter((r) => !r.deleted && valuesOf(r, field).some((v) => wanted.has(norm(v))));
}
