/**
 * Crash recovery for creates: a journal entry means a create was sent but its answer may never
 * have been recorded. Look the record up by its marker; if the app has it, link it; if not, the
 * create never happened and the next plan will propose it again.
 */
import type { CompiledProject } from '../config/model.js';
import { MARKER_FIELD, type Connector } from '../connectors/types.js';
import { canonical } from '../plan/values.js';
import type { StateStore } from '../state/store.js';
import { StateEditor } from './state-ops.js';

export async function applyJournal(project: CompiledProject, state: StateStore, connectors: Record<string, Connector>, now: () => string): Promise<number> {
  const editor = new StateEditor(state.data, now);
  let recovered = 0;
  for (const entry of [...state.data.journal]) {
    const sync = project.syncs.find((s) => s.name === entry.sync);
    const connector = sync && connectors[sync[entry.side].connection];
    if (!sync || !connector?.findBy) continue;
    const [found] = await connector.findBy(sync[entry.side].object, MARKER_FIELD, [entry.marker]);
    if (found) {
      const key = entry.side === 'left' ? { l: found.id, r: entry.from } : { l: entry.from, r: found.id };
      const own = entry.side === 'left' ? 'l' : 'r';
      const base = { l: {}, r: {} } as { l: Record<string, ReturnType<typeof canonical>>; r: Record<string, ReturnType<typeof canonical>> };
      // Only the created side's values are known; the other side's base stays empty, so the next
      // plan re-merges the pair by the conflict rules instead of trusting a guess.
      for (const f of sync.fields) base[own][f[entry.side]] = canonical(f, found.fields[f[entry.side]]);
      editor.addLink(sync.name, key, base);
      recovered++;
    }
    state.data.journal = state.data.journal.filter((j) => j.marker !== entry.marker);
  }
  await state.save();
  return recovered;
}
