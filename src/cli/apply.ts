import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import ms from 'ms';
import type { SideName } from '../config/model.js';
import { isError } from '../config/diagnostics.js';
import { CrmsyncError } from '../errors.js';
import { closeConnectors, loadProject, makePlan, makeResyncPlan, recover, runApply, withProjectState, type Environment, type LoadedProject, type Planned } from '../pipeline.js';
import type { CompiledProject } from '../config/model.js';
import { checkMassDelete } from '../plan/guard.js';
import { checkSavedPlan } from '../plan/saved.js';
import type { StateStore } from '../state/store.js';
import { EXIT, println, type CliIO } from './io.js';
import { progressReporter } from './progress.js';
import { selectSyncs } from './select.js';
import { renderDiagnostics } from './render-diagnostics.js';
import { countChanges, DETAIL_LIMIT, renderPlan } from './render-plan.js';

export interface ApplyArgs {
  planFile?: string;
  yes: boolean;
  lockTimeout: string;
  allowMassDelete: boolean;
  redact: boolean;
  /** Print every record of the plan, however large. */
  verbose?: boolean;
  /** `import`: bring pre-existing records of these syncs (R8). */
  importSyncs?: string[];
  /** R23: an import of Salesforce contacts brings every field at once instead of the email first. */
  allFields?: boolean;
  /** R31: try every failed record now, whatever its backoff. */
  retryFailed?: boolean;
  /** `resync-deleted`: recreate deleted records of one sync (R30). */
  resync?: { sync: string; into: string; ids?: string[] };
  /** A signal that asks a long run to stop after the current step (watch mode). */
  stopped?: () => boolean;
  /** The loaded files, for checking custom fields against the apps' own catalogues. */
  loaded?: LoadedProject;
  /** `--sync`: plan and apply only these syncs; with the state in PostgreSQL only these are leased. */
  syncs?: string[];
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

function resyncSide(project: CompiledProject, resync: NonNullable<ApplyArgs['resync']>): SideName {
  const sync = project.syncs.find((s) => s.name === resync.sync);
  if (!sync) throw new CrmsyncError('usage', `no sync is named ${resync.sync}`, `syncs: ${project.syncs.map((s) => s.name).join(', ')}`);
  if (sync.left.connection === resync.into) return 'left';
  if (sync.right.connection === resync.into) return 'right';
  throw new CrmsyncError('usage', `--into ${resync.into} is not one of sync ${sync.name}'s apps`, `use ${sync.left.connection} or ${sync.right.connection}`);
}

async function readPlanFile(path: string, name: string): Promise<unknown> {
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

async function plan(io: CliIO, environment: Environment, project: CompiledProject, state: StateStore, args: ApplyArgs): Promise<Planned> {
  if (args.resync) {
    return makeResyncPlan(environment, project, state, args.resync.sync, resyncSide(project, args.resync), args.resync.ids ? new Set(args.resync.ids) : undefined);
  }
  for (const name of args.importSyncs ?? []) {
    if (!project.syncs.some((s) => s.name === name)) throw new CrmsyncError('usage', `no sync is named ${name}`, `syncs: ${project.syncs.map((s) => s.name).join(', ')}`);
  }
  const saved = args.planFile ? await readPlanFile(resolve(io.cwd, args.planFile), args.planFile) : undefined;
  const planned = await makePlan(environment, project, state, { importAll: new Set(args.importSyncs ?? []), emailFirst: new Set(args.allFields ? [] : args.importSyncs ?? []), loaded: args.loaded, retryFailed: args.retryFailed });
  if (saved) {
    try {
      planned.plan = checkSavedPlan(saved, planned.plan, args.planFile!, planned.project);
    } catch (error) {
      await closeConnectors(planned.connectors);
      throw error;
    }
  }
  return planned;
}

/** One plan-and-apply cycle under the state lock. */
export async function applyOnce(io: CliIO, whole: CompiledProject, args: ApplyArgs): Promise<number> {
  const only = selectSyncs(whole, args.syncs);
  const project = only ? { ...whole, syncs: whole.syncs.filter((s) => only.has(s.name)) } : whole;
  const progress = progressReporter(io);
  const environment: Environment = { root: io.cwd, env: io.env, progress: progress.update };
  const lockTimeoutMs = ms((args.lockTimeout || '0s') as ms.StringValue) ?? 0;
  // The lock first, then the state: a run that waited reads what the previous run saved.
  return withProjectState(environment, project, args.resync ? 'resync-deleted' : args.importSyncs?.length ? 'import' : 'apply', { lockTimeoutMs }, async (state) => {
    const recovered = await recover(project, state, environment);
    if (recovered) println(io.stdout, `Recovered ${recovered} record(s) created by an interrupted run.`);
    const planned = await plan(io, environment, project, state, args);
    try {
      if (!args.planFile) println(io.stdout, renderPlan(planned.plan, { redact: args.redact, summaryAbove: args.verbose ? undefined : DETAIL_LIMIT }));
      checkMassDelete(planned.plan, project, state.data, args.allowMassDelete);
      const changes = countChanges(planned.plan);
      if (changes > 0 && !args.yes && !args.planFile && !(await confirm(io))) {
        println(io.stdout, 'Apply cancelled.');
        return EXIT.error;
      }
      const tally = await runApply(planned, environment);
      progress.done();
      println(io.stdout, `\nApply complete: ${tally.created} created, ${tally.updated} updated, ${tally.deleted} deleted, ${tally.linked} linked, ${tally.failed} failed.`);
      if (tally.failed) println(io.stdout, 'Failed records are listed by crmsync status and retried on the next run.');
      println(io.stdout, `API calls: ${Object.entries(planned.connectors).map(([name, c]) => `${name} ${c.stats().calls}`).join(', ')}`);
      return EXIT.ok;
    } finally {
      await closeConnectors(planned.connectors);
    }
  });
}

export async function applyCommand(io: CliIO, args: ApplyArgs): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (loaded.diagnostics.some(isError)) {
    println(io.stderr, renderDiagnostics(loaded.diagnostics, loaded.files));
    return EXIT.error;
  }
  return applyOnce(io, loaded.project!, { ...args, loaded });
}
