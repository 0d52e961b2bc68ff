import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import ms from 'ms';
import { isError } from '../config/diagnostics.js';
import { CrmsyncError } from '../errors.js';
import { closeConnectors, loadProject, makePlan, openProjectState, recover, runApply, type Environment } from '../pipeline.js';
import { checkMassDelete } from '../plan/guard.js';
import { checkSavedPlan } from '../plan/saved.js';
import { acquireLock } from '../state/lock.js';
import { EXIT, println, type CliIO } from './io.js';
import { progressReporter } from './progress.js';
import { renderDiagnostics } from './render-diagnostics.js';
import { countChanges, renderPlan } from './render-plan.js';

export interface ApplyArgs {
  planFile?: string;
  yes: boolean;
  lockTimeout: string;
  allowMassDelete: boolean;
  redact: boolean;
}

async function confirm(io: CliIO): Promise<boolean> {
  if (!io.stdin.isTTY) {
    throw new CrmsyncError('apply-declined', 'apply needs confirmation, and there is no terminal to ask on', 'review the plan, then pass --auto-approve (or --yes) in CI');
  }
  const rl = createInterface({ input: io.stdin, output: io.stdout as NodeJS.WritableStream });
  const answer = await rl.question("\nDo you want to apply these changes? Only 'yes' will be accepted: ");
  rl.close();
  return answer.trim() === 'yes';
}

export async function applyCommand(io: CliIO, args: ApplyArgs): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (loaded.diagnostics.some(isError)) {
    println(io.stderr, renderDiagnostics(loaded.diagnostics, loaded.files));
    return EXIT.error;
  }
  const project = loaded.project!;
  const progress = progressReporter(io);
  const environment: Environment = { root: io.cwd, env: io.env, progress: progress.update };
  const state = await openProjectState(environment, project);
  const lock = await acquireLock(state.path, 'apply', ms((args.lockTimeout || '0s') as ms.StringValue) ?? 0);
  try {
    const recovered = await recover(project, state, environment);
    if (recovered) println(io.stdout, `Recovered ${recovered} record(s) created by an interrupted run.`);
    const saved = args.planFile ? JSON.parse(await readFile(resolve(io.cwd, args.planFile), 'utf8').catch(() => {
      throw new CrmsyncError('plan-unreadable', `cannot read the plan file ${args.planFile}`, 'run crmsync plan --out <file> first');
    })) : undefined;
    const planned = await makePlan(environment, project, state);
    try {
      if (saved) planned.plan = checkSavedPlan(saved, planned.plan, args.planFile!);
      else println(io.stdout, renderPlan(planned.plan, { redact: args.redact }));
      checkMassDelete(planned.plan, project, state.data, args.allowMassDelete);
      const changes = countChanges(planned.plan);
      if (changes > 0 && !args.yes && !saved && !(await confirm(io))) {
        println(io.stdout, 'Apply cancelled.');
        return EXIT.error;
      }
      const tally = await runApply(planned, environment);
      progress.done();
      println(io.stdout, `\nApply complete: ${tally.created} created, ${tally.updated} updated, ${tally.deleted} deleted, ${tally.linked} linked, ${tally.failed} failed.`);
      if (tally.failed) println(io.stdout, 'Failed records are listed by crmsync status and retried on the next run.');
      return EXIT.ok;
    } finally {
      await closeConnectors(planned.connectors);
    }
  } finally {
    await lock.release();
  }
}
