/**
 * The mass-delete guard: refuses an apply that would delete more of a sync's linked records than
 * `deletes.max_count` records or `deletes.max_share` of them, whichever is larger; so a small sync
 * can lose a few records, and a large one not a large share (R30).
 */
import type { CompiledProject } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import type { StateFile } from '../state/types.js';
import { countOps } from './counts.js';
import type { Plan } from './types.js';

export function checkMassDelete(plan: Plan, project: CompiledProject, state: StateFile, allowed: boolean): void {
  if (allowed) return;
  const counted = countOps(plan.ops);
  for (const sync of project.syncs) {
    const c = counted.get(sync.name)?.counts;
    const count = c ? c.left.delete + c.right.delete : 0;
    const linked = state.syncs[sync.name]?.links.length ?? 0;
    const limit = Math.max(sync.deletes.maxCount, Math.floor(sync.deletes.maxShare * linked));
    if (count > limit) {
      throw new CrmsyncError(
        'mass-delete',
        `sync ${sync.name} would delete ${count} of ${linked} linked records; the limit is ${limit} (the larger of max_count ${sync.deletes.maxCount} and max_share ${sync.deletes.maxShare} of the links)`,
        'check that the other app was read correctly; if the deletes are intended, pass --allow-mass-delete, or raise deletes.max_count / max_share',
      );
    }
  }
}
