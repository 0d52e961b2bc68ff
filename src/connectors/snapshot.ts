/**
 * Reading both apps of each sync (the I/O edge of planning). Reads are incremental once a sync has
 * cursors and its configuration is unchanged; a new or changed sync, an expired cursor, or
 * `--full` reads everything. After an incremental read, records new to the sync are looked up in
 * the other app by their match key, so the initial-sync matching (R24) sees their partners without
 * reading the whole app.
 */
import type { CompiledProject, CompiledSync, SideName } from '../config/model.js';
import { other, SIDES } from '../config/model.js';
import type { Snapshot, Snapshots } from '../plan/build.js';
import { syncHash } from '../plan/build.js';
import type { StateFile } from '../state/types.js';
import { ConnectorFailure, type Connector, type ReadResult, type RemoteRecord } from './types.js';

export interface ReadOptions {
  /** Read everything, ignoring cursors. */
  full?: boolean;
  /** `sync\0side\0field` of fields that do not exist yet (R16): not requested. */
  skip?: ReadonlySet<string>;
  /** ISO time; failed records whose retry is due make the next read of their sync full. */
  now?: string;
  progress?: (done: number, total: number, label: string) => void;
}

/** The fields a read must return: mapped ones, match keys and filter fields. */
function fieldsToRead(sync: CompiledSync, side: SideName): string[] {
  const names = new Set<string>(sync.fields.map((f) => f[side]));
  for (const k of sync.matchKeys) for (const f of k[side]) names.add(f);
  for (const c of [...sync.filters.initial[side], ...sync.filters.include[side]]) if (c.op !== 'in-list') names.add(c.field);
  return [...names];
}

const LOOKUP_BATCH = 100;

/** Partners of new records, by the first match key on which they have a value. */
async function lookupPartners(sync: CompiledSync, linked: Record<SideName, Set<string>>, snap: Record<SideName, Snapshot>, connectors: Record<string, Connector>): Promise<void> {
  for (const side of SIDES) {
    const there = other(side);
    const connector = connectors[sync[there].connection]!;
    if (!connector.findBy) continue;
    const have = new Set(snap[there].records.map((r) => r.id));
    for (const key of sync.matchKeys) {
      if (key[side].length !== 1) continue; // composite keys need a full read to match
      const values = new Set<string>();
      for (const r of snap[side].records) {
        const v = r.fields[key[side][0]!];
        if (!r.deleted && !linked[side].has(r.id) && typeof v === 'string' && v.trim()) values.add(v.trim());
      }
      const list = [...values];
      for (let i = 0; i < list.length; i += LOOKUP_BATCH) {
        const found: RemoteRecord[] = await connector.findBy(sync[there].object, key[there][0]!, list.slice(i, i + LOOKUP_BATCH));
        for (const r of found) if (!have.has(r.id)) snap[there].records.push(r), have.add(r.id);
      }
    }
  }
}

export async function readSnapshots(project: CompiledProject, state: StateFile, connectors: Record<string, Connector>, options: ReadOptions = {}): Promise<Snapshots> {
  const out: Snapshots = {};
  for (const sync of project.syncs) {
    if (!sync.enabled) continue;
    const saved = state.syncs[sync.name];
    const sameConfig = saved?.configHash === syncHash(sync, project);
    // A failed record may be unchanged since, so an incremental read would never bring it back:
    // once one is due for its retry (R31), read the sync in full.
    const retryDue = saved?.failures.some((f) => !f.retryAfter || f.retryAfter <= (options.now ?? new Date().toISOString())) ?? false;
    const read = async (side: SideName): Promise<ReadResult> => {
      const cursor = saved?.cursors[side] ?? null;
      return connectors[sync[side].connection]!.read({
        object: sync[side].object,
        fields: fieldsToRead(sync, side).filter((f) => !options.skip?.has(`${sync.name}\u0000${side}\u0000${f}`)),
        mode: cursor && sameConfig && !retryDue && !options.full ? 'incremental' : 'full',
        cursor,
        onProgress: (n) => options.progress?.(n, 0, `read ${sync[side].connection}`),
      });
    };
    // Both apps at once: neither waits for the other's pages. Both reads end before anything is
    // thrown, so no read outlives its connector.
    const settled = await Promise.allSettled([read('left'), read('right')]);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    const [left, right] = settled.map((s) => (s as PromiseFulfilledResult<ReadResult>).value) as [ReadResult, ReadResult];
    // Nothing can be read without access: that stops the run (exit 1) rather than planning on an
    // empty, partial read. Other partial reads plan on, without deletes or cursor moves (R30).
    for (const [side, r] of [['left', left], ['right', right]] as const) {
      if (!r.complete && r.error && (r.error.category === 'authentication' || r.error.category === 'permission')) {
        throw new ConnectorFailure(r.error, sync[side].connection);
      }
    }
    const snap: Record<SideName, Snapshot> = {
      left: { records: left.records, complete: left.complete, mode: left.mode, cursor: left.cursor },
      right: { records: right.records, complete: right.complete, mode: right.mode, cursor: right.cursor },
    };
    if (left.mode === 'incremental' || right.mode === 'incremental') {
      const linked = { left: new Set(saved?.links.map((l) => l.l)), right: new Set(saved?.links.map((l) => l.r)) };
      await lookupPartners(sync, linked, snap, connectors);
    }
    out[sync.name] = snap;
  }
  return out;
}
