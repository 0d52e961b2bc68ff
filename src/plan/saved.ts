/**
 * A saved plan is applied only if nothing it was based on moved: the configuration, the state
 * (lineage, and the serial of the whole state or, in PostgreSQL, of each planned sync), and what each app holds (fingerprints of a fresh read).
 */
import { CrmsyncError } from '../errors.js';
import type { CompiledProject } from '../config/model.js';
import type { Plan } from './types.js';

/** `plan`, read and schema-checked by parseSavedPlan, if it may still be applied over `fresh`. */
export function checkSavedPlan(plan: Plan, fresh: Plan, file: string, project?: CompiledProject): Plan {
  if (plan.redacted)
    throw new CrmsyncError('plan-invalid', `${file} was saved with --redact and holds no values to apply`, 'save the plan without --redact to apply it');
  const stale = (why: string) => new CrmsyncError('plan-stale', `the saved plan ${file} is stale: ${why}`, 'run crmsync plan again and review the new plan');
  if (plan.configHash !== fresh.configHash) throw stale(changedConfig(plan, fresh, project));
  // Per sync where the state keeps a serial per sync (PostgreSQL): an apply of another sync leaves
  // this plan valid. A plan made before the state's first write (lineage `new`) stays valid when
  // another sync's write named the lineage: the serials of its own syncs still say whether they moved.
  const perSync = plan.state.syncs && fresh.state.syncs;
  if (plan.state.lineage !== fresh.state.lineage && !(perSync && plan.state.lineage === 'new'))
    throw stale('the state changed since it was made (another apply ran)');
  const moved = perSync ? Object.keys(plan.state.syncs!).find((name) => plan.state.syncs![name] !== (fresh.state.syncs![name] ?? 0)) : undefined;
  if (moved) throw stale(`the state of sync ${moved} changed since it was made (another apply ran)`);
  if (!perSync && plan.state.serial !== fresh.state.serial) throw stale('the state changed since it was made (another apply ran)');
  for (const [name, sides] of Object.entries(plan.fingerprints)) {
    const now = fresh.fingerprints[name];
    if (!now || now.left !== sides.left || now.right !== sides.right) throw stale(`records of sync ${name} changed in the apps since it was made`);
  }
  return plan;
}

/** Which sync's configuration changed, with where it is written, when the plans tell. */
function changedConfig(plan: Plan, fresh: Plan, project?: CompiledProject): string {
  const before = new Map((plan.syncs ?? []).map((s) => [s.name, s.configHash]));
  const changed = fresh.syncs.find((s) => s.configHash && before.get(s.name) !== s.configHash);
  const sync = changed && project?.syncs.find((s) => s.name === changed.name);
  if (!sync) return 'the configuration under syncs/ changed since it was made';
  return `${sync.source.file}:${sync.source.line}:${sync.source.col}: the configuration of sync ${sync.name} changed since it was made`;
}
