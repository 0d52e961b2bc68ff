/**
 * The accounting after an apply (R31): each live record read is exactly one of linked, created,
 * excluded, waiting, failed (with a category, in the state's failures) or deleted. A record that
 * ends in none of them is counted as unaccounted, which the run reports as incomplete: nothing is
 * dropped silently. Pure: the plan's placement of each record and the state after the apply.
 */
import type { SideName } from '../config/model.js';
import { SIDES } from '../config/model.js';
import type { Planned } from '../plan/diff.js';
import type { SyncState } from '../state/types.js';

export type Outcome = 'linked' | 'created' | 'excluded' | 'waiting' | 'failed' | 'deleted' | 'unaccounted';
export type SideAccount = { read: number } & Record<Outcome, number>;
export type Accounting = Record<SideName, SideAccount>;

const empty = (): SideAccount => ({ read: 0, linked: 0, created: 0, excluded: 0, waiting: 0, failed: 0, deleted: 0, unaccounted: 0 });

/** Where a record the plan placed at `where` ended, given the ids linked, kept after a delete, and failed. */
function outcome(where: Planned, id: string, sets: { linked: Set<string>; deleted: Set<string>; failed: Set<string> }): Outcome {
  if (sets.failed.has(id)) return 'failed';
  switch (where) {
    case 'create':
      return sets.linked.has(id) ? 'created' : 'unaccounted';
    case 'link':
    case 'linked':
      return sets.linked.has(id) ? 'linked' : sets.deleted.has(id) ? 'deleted' : 'unaccounted';
    case 'linked-elsewhere':
      return 'linked'; // by another sync of the project, to this sync's other app (R9)
    case 'failed':
      return 'unaccounted';
    default:
      return where;
  }
}

export function account(records: Record<SideName, Map<string, Planned>>, state: SyncState): Accounting {
  const out = { left: empty(), right: empty() };
  for (const side of SIDES) {
    const sets = { linked: new Set<string>(), deleted: new Set<string>(), failed: new Set<string>() };
    // Only the ids read are looked up: a run that read few records of a large sync walks the links once, building no set of all of them.
    const read = records[side];
    if (read.size) for (const l of state.links) if (read.has(l[side])) (l.deleted ? sets.deleted : sets.linked).add(l[side]);
    for (const f of state.failures) if (f.side === side) sets.failed.add(f.id);
    for (const [id, where] of records[side]) {
      out[side].read++;
      out[side][outcome(where, id, sets)]++;
    }
  }
  return out;
}
