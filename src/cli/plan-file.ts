/** Saved plan files: read, checked to be a crmsync plan, and printed in each output format. */
import { readFile, stat } from 'node:fs/promises';
import { CrmsyncError } from '../errors.js';
import { PLAN_VERSION, type Plan } from '../plan/types.js';
import { println, type CliIO } from './io.js';
import { renderMarkdown } from './render-markdown.js';
import { DETAIL_LIMIT, renderPlan } from './render-plan.js';
import { colourPlan, painter } from './colour.js';

export async function readPlanFile(path: string, name: string): Promise<unknown> {
  // A device or FIFO (`apply /dev/zero`) would be read forever, or wait for a writer forever.
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isFile()) throw new CrmsyncError('plan-unreadable', `the plan file ${name} is not a regular file`, 'pass a file written by crmsync plan --out <file>');
  const text = await readFile(path, 'utf8').catch(() => {
    throw new CrmsyncError('plan-unreadable', `cannot read the plan file ${name}`, 'run crmsync plan --out <file> first');
  });
  try {
    return JSON.parse(text);
  } catch {
    throw new CrmsyncError('plan-invalid', `${name} is not a crmsync plan file (not JSON)`, 'create one with crmsync plan --out <file>');
  }
}

/** A saved plan as `show` needs it: a crmsync plan of this version (values may be redacted). */
export function asPlan(data: unknown, name: string): Plan {
  const plan = data as Plan;
  if (!plan || typeof plan !== 'object' || plan.format !== 'crmsync-plan' || !Array.isArray(plan.ops) || !Array.isArray(plan.syncs)) {
    throw new CrmsyncError('plan-invalid', `${name} is not a crmsync plan file`, 'create one with crmsync plan --out <file>');
  }
  if (plan.version !== PLAN_VERSION) throw new CrmsyncError('plan-invalid', `${name} is plan version ${plan.version}; this crmsync reads version ${PLAN_VERSION}`, 'make a new plan with this version');
  return plan;
}

export type PlanFormat = 'text' | 'markdown' | 'json';

/** A plan as text lists each record up to DETAIL_LIMIT operations, each sync's summary above (or every record with `verbose`). */
export function printPlan(io: CliIO, plan: Plan, format: PlanFormat, redact: boolean, verbose = false): void {
  if (format === 'json') println(io.stdout, JSON.stringify(plan, null, 2));
  else if (format === 'markdown') println(io.stdout, renderMarkdown(plan, { redact }));
  else println(io.stdout, colourPlan(renderPlan(plan, { redact, summaryAbove: verbose ? undefined : DETAIL_LIMIT }), painter(io.stdout, io.env)));
}
