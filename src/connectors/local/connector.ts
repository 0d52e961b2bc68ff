/**
 * The local connector: the zero-setup app behind the same interface as HubSpot, Salesforce and
 * Google. The store file is opened once per connector and written after each write call.
 */
import type { Low } from 'lowdb';
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type {
  AccountIdentity,
  AppKind,
  CallStats,
  Catalogue,
  Connector,
  ConnectorError,
  Fields,
  ReadRequest,
  ReadResult,
  RemoteRecord,
  WriteOp,
  WriteResult,
} from '../types.js';
import { associationRef, ConnectorFailure, MARKER_FIELD } from '../types.js';
import { foldKey } from '../../plan/values.js';
import { LOCAL_OBJECTS } from './catalogue.js';
import { openStore, tick, type LocalStoreData, type StoredRecord } from './store.js';

export interface LocalConnectorOptions {
  name: string;
  path: string;
  now?: () => number;
}

const notFound = (object: string): ConnectorError => ({
  code: 'UNKNOWN_OBJECT',
  category: 'not-found',
  retryable: false,
  message: `the local store has no object \`${object}\``,
  hint: `use one of: ${LOCAL_OBJECTS.join(', ')}`,
});

function toRemote(r: StoredRecord): RemoteRecord {
  return {
    id: r.id,
    fields: { ...r.fields, lastmodifieddate: r.modifiedAt },
    modifiedAt: r.modifiedAt,
    ...(r.deleted || r.archived ? { deleted: true } : {}),
    meta: {
      ...(r.marker ? { marker: r.marker } : {}),
      ...(r.associations ? { associations: r.associations } : {}),
      ...(r.formerIds?.length ? { formerIds: r.formerIds } : {}),
      ...(r.deleted && r.mergedInto ? { mergedInto: r.mergedInto } : {}),
    },
  };
}

export interface LocalConnector extends Connector {
  /** The open store, for tests and the sandbox. */
  store(): Promise<Low<LocalStoreData>>;
}

export function createLocalConnector(options: LocalConnectorOptions): LocalConnector {
  const now = options.now ?? Date.now;
  const stats: CallStats = { calls: 0, byKind: {} };
  let opened: Promise<Low<LocalStoreData>> | undefined;
  const db = () => (opened ??= openStore(options.path));
  const count = (kind: string) => {
    stats.calls++;
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
  };
  const objectOf = async (object: string) => {
    const store = await db();
    const found = store.data.objects[object];
    if (!found) throw new ConnectorFailure(notFound(object), options.name);
    return { store, found };
  };

  return {
    app: 'local' as AppKind,
    /**
     * A local store is the file it lives in: its real absolute path (symlinks resolved), so a state
     * copied to another project, or pointed at another store, is recognised as foreign.
     */
    async identity(): Promise<AccountIdentity> {
      const path = resolve(options.path);
      const real = await realpath(path).catch(async () => join(await realpath(dirname(path)).catch(() => dirname(path)), basename(path)));
      return { id: real, label: `local store ${real}` };
    },
    objects: () => LOCAL_OBJECTS,
    store: db,
    async catalogue(object: string): Promise<Catalogue> {
      count('catalogue');
      const { found } = await objectOf(object);
      return { object, fields: found.fields };
    },
    async read(request: ReadRequest): Promise<ReadResult> {
      count('read');
      const { store, found } = await objectOf(request.object);
      const since = request.mode === 'incremental' && request.cursor ? Number(JSON.parse(request.cursor).rev) : undefined;
      const records: RemoteRecord[] = [];
      for (const r of Object.values(found.records)) {
        if (since === undefined ? r.deleted || r.archived : r.rev <= since) continue;
        records.push(toRemote(r));
      }
      return { mode: since === undefined ? 'full' : 'incremental', records, cursor: JSON.stringify({ rev: store.data.rev }), complete: true };
    },
    async write(object: string, ops: WriteOp[]): Promise<WriteResult[]> {
      count('write');
      const { store, found } = await objectOf(object);
      const data = store.data;
      const unique = found.fields.filter((f) => f.unique).map((f) => f.name);
      const known = new Set(found.fields.map((f) => f.name));
      const results: WriteResult[] = [];
      const duplicateOf = (fields: Fields, self?: string) => {
        for (const name of unique) {
          const value = fields[name];
          if (typeof value !== 'string' || !value) continue;
          const hit = Object.values(found.records).find(
            (r) => r.id !== self && !r.deleted && !r.archived && String(r.fields[name] ?? '').toLowerCase() === value.toLowerCase(),
          );
          if (hit) return { name, id: hit.id };
        }
        return undefined;
      };
      for (const op of ops) {
        const fail = (error: ConnectorError) => results.push({ ref: op.ref, ok: false, error });
        if (op.kind !== 'create' && !found.records[op.id]?.id) {
          fail({ code: 'NOT_FOUND', category: 'not-found', retryable: false, message: `record ${op.id} does not exist in ${object}` });
          continue;
        }
        if (op.kind === 'delete') {
          const r = found.records[op.id]!;
          Object.assign(r, op.mode === 'archive' ? { archived: true } : { deleted: true, fields: {} }, { rev: ++data.rev, modifiedAt: tick(data, now()) });
          results.push({ ref: op.ref, ok: true, id: op.id });
          continue;
        }
        const unknown = Object.keys(op.fields).find((k) => !known.has(k));
        if (unknown) {
          fail({
            code: 'UNKNOWN_FIELD',
            category: 'property-value',
            retryable: false,
            message: `field \`${unknown}\` does not exist on ${object}`,
            hint: 'add the field to the store catalogue or remove the mapping',
          });
          continue;
        }
        const dup = duplicateOf(op.fields, op.kind === 'update' ? op.id : undefined);
        if (dup) {
          fail({
            code: 'DUPLICATE_VALUE',
            category: 'duplicate',
            retryable: false,
            message: `another record (${dup.id}) already has this ${dup.name}`,
            hint: `merge the two records, or link them by matching on ${dup.name}`,
          });
          continue;
        }
        const clean = Object.fromEntries(Object.entries(op.fields).map(([k, v]) => [k, v === '' ? null : v]));
        if (op.kind === 'create') {
          // Never reuse an id, even one written into the file by hand.
          while (found.records[String(data.nextId)]) data.nextId++;
          const id = String(data.nextId++);
          found.records[id] = { id, fields: clean, modifiedAt: tick(data, now()), rev: ++data.rev, ...(op.marker ? { marker: op.marker } : {}) };
          results.push({ ref: op.ref, ok: true, id, fields: clean, modifiedAt: found.records[id]!.modifiedAt });
        } else {
          const r = found.records[op.id]!;
          r.fields = { ...r.fields, ...clean };
          r.modifiedAt = tick(data, now());
          r.rev = ++data.rev;
          results.push({ ref: op.ref, ok: true, id: r.id, fields: r.fields, modifiedAt: r.modifiedAt });
        }
      }
      await store.write();
      return results;
    },
    async findBy(object: string, field: string, values: string[]): Promise<RemoteRecord[]> {
      count('find');
      const { found } = await objectOf(object);
      // Case- and Unicode-insensitive, as the engine matches (R24).
      const wanted = new Set(values.map(foldKey));
      return Object.values(found.records)
        .filter(
          (r) =>
            !r.deleted &&
            !r.archived &&
            (field === MARKER_FIELD ? r.marker !== undefined && wanted.has(foldKey(r.marker)) : wanted.has(foldKey(String(r.fields[field] ?? '')))),
        )
        .map(toRemote);
    },
    async associate(from, to, links) {
      count('associate');
      const { store, found } = await objectOf(from);
      const results: WriteResult[] = [];
      for (const link of links) {
        const r = found.records[link.fromId];
        const ref = associationRef(link);
        if (!r || r.deleted) {
          results.push({
            ref,
            ok: false,
            error: { code: 'NOT_FOUND', category: 'association', retryable: false, message: `record ${link.fromId} does not exist` },
          });
          continue;
        }
        const current = r.associations?.[to] ?? [];
        const next = link.primary ? [link.toId, ...current.filter((x) => x !== link.toId)] : current.includes(link.toId) ? current : [...current, link.toId];
        r.associations = { ...r.associations, [to]: next };
        r.rev = ++store.data.rev;
        results.push({ ref, ok: true, id: link.fromId });
      }
      await store.write();
      return results;
    },
    stats: () => stats,
    async close() {
      opened = undefined;
    },
  };
}
