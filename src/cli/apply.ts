import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import ms from 'ms';
import type { SideName } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import { load } from '../index.js';
import {
  closeConnectors,
  makePlan,
  makeResyncPlan,
  recover,
  runApply,
  withProjectState,
  type Environment,
  type LoadedProject,
  type Planned,
} from '../pipeline.js';
import type { CompiledProject } from '../config/model.js';
import { checkMassDelete } from '../plan/guard.js';
import { checkSavedPlan } from '../plan/saved.js';
import type { Plan } from '../plan/types.js';
import type { StateStore } from '../state/store.js';
import type { Recovery } from '../apply/journal.js';
import { EXIT, println, type CliIO } from './io.js';
import { readPlanFile } from './plan-file.js';
import { progressReporter } from './progress.js';
import { requireSync, selectSyncs } from './select.js';
import { refreshOnly } from '../plan/refresh.js';
import { colourPlan, painter } from './colour.js';
import { retryReporter } from './retry-notice.js';
import { configFailed, envelopeStatus, printEnvelope, warnings } from './envelope.js';
import { PassThrough } from 'node:stream';
import type { ApplyTally } from '../apply/interpret.js';
import { countChanges, countStateChanges, DETAIL_LIMIT, incompleteReads, renderPlan } from './render-plan.js';
import { renderRunWarnings } from './render-diagnostics.js';
import { failuresByCategory, pacingLines } from './render-summary.js';
import { usageOf, type ConnectionUsage } from '../connectors/usage.js';

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
  /** `--refresh-only`: apply only the state changes; nothing is written to the apps. */
  refreshOnly?: boolean;
  /** `--json`: the result as the JSON envelope instead of text. */
  json?: boolean;
  /** `--progress` / `--no-progress`; unset: progress when stderr is a terminal. */
  progress?: boolean;
  /** Receives the tally of an apply that ran. */
  onTally?: (tally: ApplyTally) => void;
  /** Receives each connection's API calls and rate-limit waits, once the run has ended. */
  onUsage?: (usage: ConnectionUsage[]) => void;
  /** The run's name in the lock or lease (crmsync status shows it); default apply, import or resync-deleted. */
  operation?: string;
  /** Wraps the part of the run that holds the lock or lease (crmsync worker records its runs there). */
  leased?: <T>(run: () => Promise<T>) => Promise<T>;
}

async function confirm(io: CliIO): Promise<boolean> {
  if (!io.stdin.isTTY) {
    throw new CrmsyncError(
      'apply-declined',
      'apply needs confirmation, and there is no terminal to ask on',
      'review the plan, then pass --auto-approve (or --yes) in CI',
    );
  }
  const rl = createInterface({ input: io.stdin, output: io.stdout as NodeJS.WritableStream });
  const answer = await rl.question("\nDo you want to apply these changes? Only 'yes' will be accepted: ");
  rl.close();
  return answer.trim() === 'yes';
}

function resyncSide(project: CompiledProject, resync: NonNullable<ApplyArgs['resync']>): SideName {
  const sync = requireSync(project, resync.sync);
  if (sync.left.connection === resync.into) return 'left';
  if (sync.right.connection === resync.into) return 'right';
  throw new CrmsyncError('usage', `--into ${resync.into} is not one of sync ${sync.name}'s apps`, `use ${sync.left.connection} or ${sync.right.connection}`);
}

async function plan(
  environment: Environment,
  project: CompiledProject,
  state: StateStore,
  args: ApplyArgs,
  only: ReadonlySet<string> | undefined,
  saved: Plan | undefined,
): Promise<Planned> {
  if (args.resync) {
    return makeResyncPlan(
      environment,
      project,
      state,
      args.resync.sync,
      resyncSide(project, args.resync),
      args.resync.ids ? new Set(args.resync.ids) : undefined,
    );
  }
  for (const name of args.importSyncs ?? []) requireSync(project, name);
  const planned = await makePlan(environment, project, state, {
    importAll: new Set(args.importSyncs ?? []),
    emailFirst: new Set(args.allFields ? [] : (args.importSyncs ?? [])),
    loaded: args.loaded,
    only,
    retryFailed: args.retryFailed,
  });
  if (args.refreshOnly) planned.plan = refreshOnly(planned.plan, planned.project);
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

/**
 * The syncs a saved plan covers (`plan --sync` records them; undefined: the whole project), which
 * its apply plans and leases, so applies of plans saved for different syncs run at the same time.
 * A saved plan is applied whole: `--sync` may only name exactly the syncs it covers.
 */
function savedPlanSyncs(project: CompiledProject, saved: Plan, file: string, named: ReadonlySet<string> | undefined): string[] | undefined {
  const covered = saved.selected ?? project.syncs.map((s) => s.name);
  const gone = covered.find((name) => !project.syncs.some((s) => s.name === name));
  if (gone)
    throw new CrmsyncError(
      'plan-stale',
      `the saved plan ${file} is stale: it covers sync ${gone}, which is no longer configured`,
      'run crmsync plan again and review the new plan',
    );
  if (!named) return saved.selected;
  const list = covered.join(', ');
  const outside = [...named].find((name) => !covered.includes(name));
  if (outside)
    throw new CrmsyncError(
      'usage',
      `--sync ${outside}: the saved plan ${file} does not cover sync ${outside} (it covers ${list})`,
      `apply the plan without --sync, or make a plan of ${outside}: crmsync plan --sync ${outside} --out <file>`,
    );
  if (named.size !== covered.length)
    throw new CrmsyncError(
      'usage',
      `--sync names only some of the syncs the saved plan ${file} covers (${list}); a saved plan is applied whole`,
      `apply the plan without --sync, or make a plan of only those syncs: crmsync plan ${[...named].map((n) => `--sync ${n}`).join(' ')} --out <file>`,
    );
  return saved.selected;
}

/**
 * The apply's last line and exit code: "Apply complete" (0) only when every app was read completely
 * and every record read ended linked, created, excluded or deleted; otherwise "Apply incomplete"
 * with why (3). The counts are the ones the plan showed, and `status` shows after.
 */
export function applyVerdict(tally: ApplyTally, incomplete: string[]): { line: string; code: number } {
  const counts = `${tally.created} created, ${tally.updated} updated, ${tally.deleted} deleted, ${tally.linked} linked, ${tally.associated} association(s) added, ${tally.failed} failed`;
  const why: string[] = [];
  if (incomplete.length) why.push(`could not read ${incomplete.join(', ')} completely (no deletes, no creates into it)`);
  if (tally.waiting) why.push(`${tally.waiting} record(s) wait for a complete read`);
  if (tally.failedEarlier) why.push(`${tally.failedEarlier} record(s) failed earlier and wait for their retry`);
  if (tally.unaccounted) why.push(`${tally.unaccounted} record(s) read ended in no outcome (please report this)`);
  if (tally.failed) why.push('failed records are listed by crmsync status and retried on a later run');
  if (!why.length) return { line: `Apply complete: ${counts}.`, code: EXIT.ok };
  return { line: `Apply incomplete: ${counts}; ${why.join('; ')}.`, code: EXIT.incomplete };
}

/**
 * Creates an interrupted run sent that could not be checked (the app keeps no marker, the sync has
 * no match key): the rerun says so instead of creating them again in silence.
 */
function uncheckedWarnings(project: CompiledProject, unchecked: Recovery['unchecked']): string[] {
  const counts = new Map<string, number>();
  for (const u of unchecked) counts.set(`${u.sync}\u0000${u.side}`, (counts.get(`${u.sync}\u0000${u.side}`) ?? 0) + 1);
  return [...counts].map(([key, n]) => {
    const [name, side] = key.split('\u0000') as [string, SideName];
    const sync = project.syncs.find((s) => s.name === name)!;
    const at = `${sync.source.file}:${sync.source.line}:${sync.source.col}`;
    return `${at} warning[journal-unchecked] an interrupted run sent ${n} create(s) into \`${sync[side].connection}\` (${sync[side].object}) whose answers were never recorded, and they cannot be looked up: ${sync[side].connection} keeps no marker on them and sync \`${name}\` has no match key. Those the app did create will be created again.
  hint: give this side a marker (\`marker_property\`, see the README's "Idempotency and crash safety"), then check ${sync[side].connection} for duplicates of the records created at the interrupted run`;
  });
}

/** One plan-and-apply cycle under the state lock. */
export async function applyOnce(io: CliIO, whole: CompiledProject, args: ApplyArgs): Promise<number> {
  // A saved plan is read before the lock: the syncs it covers are the ones leased and planned.
  const saved = args.planFile && !args.resync ? await readPlanFile(resolve(io.cwd, args.planFile), args.planFile) : undefined;
  const only = selectSyncs(whole, saved ? savedPlanSyncs(whole, saved, args.planFile!, selectSyncs(whole, args.syncs)) : args.syncs);
  const project = only ? { ...whole, syncs: whole.syncs.filter((s) => only.has(s.name)) } : whole;
  const progress = progressReporter(io, { force: args.progress });
  const environment: Environment = {
    root: io.cwd,
    env: io.env,
    ...(progress.on ? { progress: progress.update, onHeld: progress.held } : {}),
    onRetry: retryReporter(io),
  };
  const lockTimeoutMs = ms((args.lockTimeout || '0s') as ms.StringValue) ?? 0;
  // The lock first, then the state: a run that waited reads what the previous run saved.
  const operation = args.operation ?? (args.resync ? 'resync-deleted' : args.importSyncs?.length ? 'import' : 'apply');
  const leased = args.leased ?? ((run) => run());
  return withProjectState(environment, project, operation, { lockTimeoutMs }, (state) =>
    leased(async () => {
      const { recovered, unchecked } = await recover(project, state, environment);
      if (recovered) println(io.stdout, `Recovered ${recovered} record(s) created by an interrupted run.`);
      for (const warning of uncheckedWarnings(project, unchecked)) println(io.stderr, warning);
      const planned = await plan(environment, project, state, args, only, saved);
      progress.done(); // the reads' bars end before the plan is printed
      try {
        if (!args.planFile)
          println(
            io.stdout,
            colourPlan(renderPlan(planned.plan, { redact: args.redact, summaryAbove: args.verbose ? undefined : DETAIL_LIMIT }), painter(io.stdout, io.env)),
          );
        checkMassDelete(planned.plan, project, state.data, args.allowMassDelete);
        const changes = planned.plan.refreshOnly ? countStateChanges(planned.plan) : countChanges(planned.plan);
        if (changes > 0 && !args.yes && !args.planFile && !(await confirm(io))) {
          println(io.stdout, 'Apply cancelled.');
          return EXIT.error;
        }
        const started = (environment.now?.() ?? new Date()).toISOString();
        const tally = await runApply(planned, environment);
        progress.done();
        // The run's failures by category (R31), so a thousand refusals read as one line each kind.
        const failures = failuresByCategory(
          planned.state.data,
          planned.project.syncs.map((s) => s.name),
          started,
        );
        if (failures.length)
          println(io.stdout, ['', 'Failed in this run, by category (crmsync status --records --status failed lists them):', ...failures].join('\n'));
        args.onTally?.(tally);
        if (planned.plan.refreshOnly) println(io.stdout, '\nRefresh-only: nothing was written to the apps.');
        const usage = usageOf(planned.connectors);
        args.onUsage?.(usage);
        println(io.stdout, `\nAPI calls: ${usage.map((u) => `${u.connection} ${u.calls}`).join(', ')}`);
        for (const line of pacingLines(usage)) println(io.stdout, `  ${line}`);
        if (tally.unchecked)
          println(io.stdout, `${tally.unchecked} create(s) got no answer and could not be looked up; the next run looks for them before creating them again.`);
        for (const warning of tally.warnings ?? []) println(io.stderr, warning);
        const verdict = applyVerdict(tally, incompleteReads(planned.plan));
        println(io.stdout, verdict.line);
        return verdict.code;
      } finally {
        await closeConnectors(planned.connectors);
      }
    }),
  );
}

export async function applyCommand(io: CliIO, args: ApplyArgs): Promise<number> {
  const command = args.resync ? 'resync-deleted' : args.importSyncs?.length ? 'import' : 'apply';
  const loaded = await load({ root: io.cwd, env: io.env });
  if (configFailed(io, command, loaded, !!args.json)) return EXIT.error;
  if (!args.json) {
    const text = renderRunWarnings(loaded.diagnostics, loaded.files);
    if (text) println(io.stderr, text);
    return applyOnce(io, loaded.project!, { ...args, loaded });
  }
  // --json: the text goes nowhere; the envelope carries the tally.
  let tally: ApplyTally | undefined;
  let calls: ConnectionUsage[] | undefined;
  const code = await applyOnce({ ...io, stdout: new PassThrough().resume() }, loaded.project!, {
    ...args,
    loaded,
    onTally: (t) => (tally = t),
    onUsage: (u) => (calls = u),
  });
  printEnvelope(io, command, envelopeStatus(code), warnings(loaded), { tally: tally ?? null, ...(calls ? { calls } : {}) });
  return code;
}
