/**
 * A saved plan is applied only if nothing it was based on moved: the configuration, the state
 * (lineage and serial), and what each app holds (fingerprints of a fresh read).
 */
import { CrmsyncError } from '../errors.js';
import { PLAN_VERSION, type Plan } from './types.js';

export function checkSavedPlan(saved: unknown, fresh: Plan, file: string): Plan {
  const plan = saved as Plan;
  if (!plan || plan.format !== 'crmsync-plan' || !Array.isArray(plan.ops)) {
    throw new CrmsyncError('plan-invalid', `${file} is not a crmsync plan file`, 'create one with crmsync plan --out <file>');
  }
  if (plan.version !== PLAN_VERSION) throw new CrmsyncError('plan-invalid', `${file} is plan version ${plan.version}; this crmsync applies version ${PLAN_VERSION}`, 'make a new plan with this version');
  if (plan.redacted) throw new CrmsyncError('plan-invalid', `${file} was saved with --redact and holds no values to apply`, 'save the plan without --redact to apply it');
  const stale = (why: string) => new CrmsyncError('plan-stale', `the saved plan ${file} is stale: ${why}`, 'run crmsync plan again and review the new plan');
  if (plan.configHash !== fresh.configHash) throw stale('the configuration under syncs/ changed since it was made');
  if (plan.state.lineage !== fresh.state.lineage || plan.state.serial !== fresh.state.serial) throw stale('the state changed since it was made (another apply ran)');
  for (const [name, sides] of Object.entries(plan.fingerprints)) {
    const now = fresh.fingerprints[name];
    if (!now || now.left !== sides.left || now.right !== sides.right) throw stale(`records of sync ${name} changed in the apps since it was made`);
  }
  return plan;
}
