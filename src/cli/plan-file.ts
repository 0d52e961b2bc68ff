/** Saved plan files: read, checked to be a crmsync plan, and printed in each output format. */
import { readFile, stat } from 'node:fs/promises';
import { CrmsyncError } from '../errors.js';
import { parseSavedPlan } from '../plan/read-saved.js';
import type { Plan } from '../plan/types.js';
import { println, type CliIO } from './io.js';
import { renderMarkdown } from './render-markdown.js';
import { DETAIL_LIMIT, renderPlan } from './render-plan.js';
import { colourPlan, painter } from './colour.js';

/** A saved plan file, read and validated against schema/plan.schema.json (parseSavedPlan). */
export async function readPlanFile(path: string, name: string): Promise<Plan> {
  // A device or FIFO (`apply /dev/zero`) would be read forever, or wait for a writer forever.
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isFile())
    throw new CrmsyncError('plan-unreadable', `the plan file ${name} is not a regular file`, 'pass a file written by crmsync plan --out <file>');
  const text = await readFile(path, 'utf8').catch(() => {
    throw new CrmsyncError('plan-unreadable', `cannot read the plan file ${name}`, 'run crmsync plan --out <file> first');
  });
  return parseSavedPlan(text, name);
}

export type PlanFormat = 'text' | 'markdown' | 'json';

/** A plan as text lists each record up to DETAIL_LIMIT operations, each sync's summary above (or every record with `verbose`). */
export function printPlan(io: CliIO, plan: Plan, format: PlanFormat, redact: boolean, verbose = false): void {
  if (format === 'json') println(io.stdout, JSON.stringify(plan, null, 2));
  else if (format === 'markdown') println(io.stdout, renderMarkdown(plan, { redact }));
  else println(io.stdout, colourPlan(renderPlan(plan, { redact, summaryAbove: verbose ? undefined : DETAIL_LIMIT }), painter(io.stdout, io.env)));
}
