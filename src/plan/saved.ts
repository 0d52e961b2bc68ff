/**
 * A saved plan is applied only if nothing it was based on moved: the configuration, the state
 * (lineage and serial), and what each app holds (fingerprints of a fresh read).
 */
import { CrmsyncError } from '../errors.js';
import type { CompiledProject } from '../config/model.js';
import type { Plan } from './types.js';

/** `plan`, read and schema-checked by parseSavedPlan, if it may still be applied over `fresh`. */
export function checkSavedPlan(plan: Plan, fresh: Plan, file: string, project?: CompiledProject): Plan {
  if (plan.redacted) throw new CrmsyncError('plan-invalid', `${file} was saved with --redact and holds no values to apply`, 'save the plan without --redact to apply it');
  const stale = (why: string) => new CrmsyncError('plan-stale', `the saved plan ${file} is stale: ${why}`, 'run crmsync plan again and review the new plan');
  if (plan.configHash !== fresh.configHash) throw stale(changedConfig(plan, fresh, project));
  if (plan.state.lineage !== fresh.state.lineage || plan.state.serial !== fresh.state.serial) throw stale('the state changed since it was made (another apply ran)');
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
