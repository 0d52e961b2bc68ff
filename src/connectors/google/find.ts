/**
 * findBy: the People API has no exact-match lookup (searchContacts is a prefix search over a
 * lagging index, so it can miss a contact created seconds ago, which is exactly the crash-recovery
 * case), so this scans all connections, 1000 a call, and matches exactly. Filters (R20) do not
 * apply: a contact the engine created must be found even when it is not starred.
 * The pseudo-field `$marker` matches the crash-recovery marker (meta.marker).
 */
import { ConnectorFailure, type FieldValue, type RemoteRecord } from '../types.js';
import { toConnectorError } from './errors.js';
import { personToRecord } from './mapping.js';
import { listPeople, type ReadContext } from './read.js';

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
  const listing = await listPeople(ctx, 'contact');
  if (listing.error !== undefined) throw new ConnectorFailure(toConnectorError(listing.error));
  const found: RemoteRecord[] = [];
  for (const person of listing.persons) {
    const record = personToRecord(person, 'contact');
    if (record.deleted) continue;
    ctx.cache.set(record.id, person);
    if (valuesOf(record, field).some((v) => wanted.has(norm(v)))) found.push(record);
  }
  return found;
}
