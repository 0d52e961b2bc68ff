/** Refuses an apply that would delete more than a sync's `deletes.max_share` of its linked records. */
import type { CompiledProject } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import type { StateFile } from '../state/types.js';
import type { Plan } from './types.js';

export function checkMassDelete(plan: Plan, project: CompiledProject, state: StateFile, allowed: boolean): void {
  if (allowed) return;
  for (const sync of project.syncs) {
    const deletes = plan.ops.filter((op) => op.sync === sync.name && op.type === 'delete').length;
    const linked = state.syncs[sync.name]?.links.length ?? 0;
    if (deletes > 0 && linked > 0 && deletes / linked > sync.deletes.maxShare) {
      throw new CrmsyncError('mass-delete', `sync ${sync.name} would delete ${deletes} of ${linked} linked records (more than max_share ${sync.deletes.maxShare})`,
        'check that the other app was read correctly; if the deletes are intended, pass --allow-mass-delete');
    }
  }
}
