/**
 * Crash recovery for creates: a journal entry means a create was sent but its answer may never
 * have been recorded. The record is looked up by the marker it was created with, or, where the app
 * keeps no marker, by its match key. If the app has it, it is linked; if not, the create never
 * happened and the next plan proposes it again. Either way no duplicate is created.
 */
import type { CompiledProject, SideName } from '../config/model.js';
import { MARKER_FIELD, type Connector, type RemoteRecord } from '../connectors/types.js';
import { append, groupBy } from '../group-by.js';
import { canonical, fieldOf, foldKey } from '../plan/values.js';
import type { StateStore } from '../state/store.js';
import { StateEditor } from './state-ops.js';

const LOOKUP_BATCH = 100;

async function lookup(connector: Connector, object: string, field: string, values: string[]): Promise<RemoteRecord[]> {
  const out: RemoteRecord[] = [];
  for (let i = 0; i < values.length; i += LOOKUP_BATCH) out.push(...(await connector.findBy!(object, field, values.slice(i, i + LOOKUP_BATCH))));
  return out;
}

export interface Recovery {
  /** Records created by an interrupted run, found and linked. */
  recovered: number;
  /** Creates that could not be checked (the app keeps no marker and there is no match key): they may exist. */
  unchecked: Array<{ sync: string; side: SideName; from: string }>;
}

export async function applyJournal(project: CompiledProject, state: StateStore, connectors: Record<string, Connector>, now: () => string): Promise<Recovery> {
  const editor = new StateEditor(state.data, now);
  let recovered = 0;
  const unchecked: Recovery['unchecked'] = [];
  const groups = groupBy(state.data.journal, (e) => `${e.sync}\u0000${e.side}`);
  const done = new Set<string>();
  for (const entries of groups.values()) {
    const { sync: name, side } = entries[0]! as { sync: string; side: SideName };
    const sync = project.syncs.find((s) => s.name === name);
    const connector = sync && connectors[sync[side].connection];
    if (!sync || !connector?.findBy) continue; // kept until the sync and its app are back
    const object = sync[side].object;
    const byMarker = new Map<string, RemoteRecord>();
    const keepsMarkers = connector.keepsMarkers ? await connector.keepsMarkers(object) : true;
    if (keepsMarkers)
      for (const r of await lookup(
        connector,
        object,
        MARKER_FIELD,
        entries.map((e) => e.marker),
      ))
        if (r.meta?.marker) byMarker.set(r.meta.marker, r);
    const linkedIds = new Set(editor.sync(name).links.map((l) => (side === 'left' ? l.left : l.right)));
    const pending = entries.filter((e) => !byMarker.has(e.marker) && e.key);
    const byKey = new Map<string, RemoteRecord[]>();
    for (const field of new Set(pending.map((e) => e.key!.field))) {
      const values = pending.filter((e) => e.key!.field === field).map((e) => e.key!.value);
      for (const r of await lookup(connector, object, field, values)) {
        append(byKey, `${field}\u0000${foldKey(String(fieldOf(r.fields, field) ?? ''))}`, r);
      }
    }
    for (const entry of entries) {
      let found = byMarker.get(entry.marker);
      if (!found && entry.key) {
        // Only an unambiguous, not yet linked record counts as the one this create made.
        const hits = (byKey.get(`${entry.key.field}\u0000${foldKey(entry.key.value)}`) ?? []).filter((r) => !linkedIds.has(r.id));
        if (hits.length === 1) found = hits[0];
      }
      if (found && !linkedIds.has(found.id)) {
        const key = side === 'left' ? { left: found.id, right: entry.from } : { left: entry.from, right: found.id };
        const base = { left: {}, right: {} } as { left: Record<string, ReturnType<typeof canonical>>; right: Record<string, ReturnType<typeof canonical>> };
        // Only the created side's values are known; the other side's base stays empty, so the next
        // plan re-merges the pair by the conflict rules instead of trusting a guess.
        for (const f of sync.fields) base[side][f[side]] = canonical(f, fieldOf(found.fields, f[side]), side);
        editor.addLink(sync.name, key, base);
        editor.clearFailure(sync.name, side === 'left' ? 'right' : 'left', entry.from);
        linkedIds.add(found.id);
        recovered++;
      } else if (!found && !keepsMarkers && !entry.key) unchecked.push({ sync: name, side, from: entry.from });
      done.add(entry.marker);
    }
  }
  state.data.journal = state.data.journal.filter((j) => !done.has(j.marker));
  await state.save();
  return { recovered, unchecked };
}
