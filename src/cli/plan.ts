import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isError } from '../config/diagnostics.js';
import { closeConnectors, loadProject, makePlan, readProjectState, type Environment } from '../pipeline.js';
import { redactPlan } from '../plan/redact.js';
import { EXIT, println, type CliIO } from './io.js';
import { renderDiagnostics } from './render-diagnostics.js';
import { countChanges, renderPlan } from './render-plan.js';

export interface PlanArgs {
  json: boolean;
  out?: string;
  detailedExitcode: boolean;
  redact: boolean;
  /** R31: plan every failed record again now, whatever its backoff. */
  retryFailed?: boolean;
}

export async function planCommand(io: CliIO, args: PlanArgs): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (loaded.diagnostics.some(isError)) {
    println(io.stderr, renderDiagnostics(loaded.diagnostics, loaded.files));
    return EXIT.error;
  }
  // Warnings do not stop a plan, but are shown as `validate` shows them (on stderr: stdout carries the plan).
  if (loaded.diagnostics.length) println(io.stderr, renderDiagnostics(loaded.diagnostics, loaded.files));
  const environment: Environment = { root: io.cwd, env: io.env };
  const state = await readProjectState(environment, loaded.project!);
  const planned = await makePlan(environment, loaded.project!, state, { loaded, retryFailed: args.retryFailed });
  await closeConnectors(planned.connectors);
  const plan = args.redact ? redactPlan(planned.plan) : planned.plan;
  if (args.out) {
    await writeFile(resolve(io.cwd, args.out), JSON.stringify(plan, null, 2));
  }
  if (args.json) println(io.stdout, JSON.stringify(plan, null, 2));
  else {
    println(io.stdout, renderPlan(plan, { redact: args.redact }));
    if (args.out) println(io.stdout, `\nSaved the plan to ${args.out}. Apply exactly it with: crmsync apply ${args.out}`);
  }
  return args.detailedExitcode && countChanges(plan) > 0 ? EXIT.changes : EXIT.ok;
}
