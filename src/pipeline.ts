/**
 * The phases composed: load → validate → (connect, read) → plan → apply. Everything here is
 * orchestration at the edges; the decisions live in config/, plan/ and apply/.
 */
import { applyJournal, type Recovery } from './apply/journal.js';
import { interpret, type ApplyTally } from './apply/interpret.js';
import { StateEditor } from './apply/state-ops.js';
import type { Apps } from './connectors/app-entry.js';
import { closeConnectors, openConnection as openOne, openConnectors } from './connectors/connect.js';
import { APPS } from './connectors/registry.js';
import { readSnapshots } from './connectors/snapshot.js';
import type { Connector } from './connectors/types.js';
import { usageOf, type ConnectionUsage } from './connectors/usage.js';
import { offlineCatalogues, validateLive } from './config/catalogues.js';
import { isError, type Diagnostic } from './config/diagnostics.js';
import { loadSyncs } from './config/load.js';
import { probePaths } from './config/paths.js';
import type { CompiledProject, SideName } from './config/model.js';
import type { SourceFile } from './config/source.js';
import { validateFiles } from './config/validate.js';
import { maskCredentials } from './config/credentials.js';
import { CrmsyncError } from './errors.js';
import { accountMismatchError, accountMismatches, withRecorded, type ReachedAccount } from './plan/accounts.js';
import { buildPlan, planWithRecords, type PlanOptions, type PlannedRecords } from './plan/build.js';
import { missingFields, provisionMarkers } from './plan/provision.js';
import { resyncOps } from './plan/resync.js';
import { withCounts } from './plan/counts.js';
import { assertSupported } from './apply/supported.js';
import type { Plan } from './plan/types.js';
import type { StateStore } from './state/store.js';
import { projectBackend, readProjectState, withProjectState } from './state/project.js';
import { emptySyncState } from './state/types.js';
import { syncHealth, type SyncHealth } from './state/health.js';
import { checkMassDelete } from './plan/guard.js';
import { allOrFirstError } from './settled.js';

export { closeConnectors, openConnectors } from './connectors/connect.js';
export { projectBackend, readProjectState, withProjectState } from './state/project.js';

export interface Environment {
  root: string;
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  /** The apps connections may name; the built-in registry unless a program passes its own. */
  apps?: Apps;
  /** Progress of long runs: reads and writes. */
  progress?: (done: number, total: number, label: string) => void;
  /** Retries and rate-limit waits, as they happen. */
  onRetry?: (connection: string, attempt: number, waitMs: number, error: unknown) => void;
  /** Calls the client-side limiter held for an app's rate limit, as they happen (progress). */
  onHeld?: (connection: string, ms: number) => void;
}

export interface LoadedProject {
  project?: CompiledProject;
  diagnostics: Diagnostic[];
  files: SourceFile[];
}

const appsOf = (environment: Pick<Environment, 'apps'>): Apps => environment.apps ?? APPS;
const connectOptions = (environment: Environment) => ({
  root: environment.root,
  env: environment.env,
  apps: appsOf(environment),
  ...(environment.onRetry ? { onRetry: environment.onRetry } : {}),
  ...(environment.onHeld ? { onHeld: environment.onHeld } : {}),
});

export async function loadProject(root: string, apps: Apps = APPS): Promise<LoadedProject> {
  const loaded = await loadSyncs(root);
  const lookup = await offlineCatalogues(loaded.files, root, apps);
  const paths = await probePaths(
    loaded.files.map((f) => f.data),
    root,
  );
  const { project, diagnostics } = validateFiles(loaded.files, lookup, loaded.diagnostics, paths, apps);
  // Errors show source lines: a credential written inline must not be in them.
  for (const file of loaded.files) maskCredentials(file);
  return { project, diagnostics, files: loaded.files };
}

export function requireProject(loaded: LoadedProject): CompiledProject {
  if (!loaded.project || loaded.diagnostics.some(isError)) {
    throw new CrmsyncError('config-invalid', `the configuration has ${loaded.diagnostics.filter(isError).length} error(s)`, 'run crmsync validate to see them');
  }
  return loaded.project;
}

/** One connection on its own, whether or not a sync uses it (`state rebind`). */
export async function openConnection(project: CompiledProject, name: string, environment: Environment): Promise<Connector> {
  return openOne(project, name, connectOptions(environment));
}

/**
 * Opens the connectors and checks that each reaches the account the state was made with, before
 * anything is read or written; accounts not recorded yet are recorded (they are saved with the
 * state by the commands that write it).
 */
export async function connect(project: CompiledProject, environment: Environment, state: StateStore): Promise<Record<string, Connector>> {
  const connectors = await openConnectors(project, connectOptions(environment));
  try {
    // Every account at once; all answers are in before anything is thrown or closed.
    const reached = await allOrFirstError(
      Object.entries(connectors).map(async ([connection, c]): Promise<ReachedAccount> => ({ connection, app: c.app, identity: await c.identity() })),
    );
    const mismatches = accountMismatches(state.data.accounts, reached);
    if (mismatches.length) throw accountMismatchError(mismatches, project, state.path);
    state.data.accounts = withRecorded(state.data.accounts, reached, (environment.now?.() ?? new Date()).toISOString());
    return connectors;
  } catch (error) {
    await closeConnectors(connectors);
    throw error;
  }
}

/** The project checked against the apps' own catalogues; its errors, located, in a config-invalid error. */
async function checkedLive(
  environment: Environment,
  loaded: LoadedProject,
  project: CompiledProject,
  connectors: Record<string, Connector>,
): Promise<CompiledProject> {
  const checked = await validateLive({
    files: loaded.files,
    root: environment.root,
    offline: loaded.diagnostics,
    project,
    connectors,
    apps: appsOf(environment),
  });
  if (checked.project) return checked.project;
  throw new CrmsyncError(
    'config-invalid',
    `checked against the apps' own field catalogues, the configuration has ${checked.diagnostics.length} error(s)`,
    'fix each problem listed (or create what is missing in the app), then plan again',
    checked.diagnostics,
  );
}

export interface Planned {
  project: CompiledProject;
  state: StateStore;
  connectors: Record<string, Connector>;
  plan: Plan;
  /** Where the plan put each record read (for the accounting after the apply). */
  records?: PlannedRecords;
}

/** Reads both apps of every enabled sync and plans. The caller closes the connectors. */
export async function makePlan(
  environment: Environment,
  project: CompiledProject,
  state: StateStore,
  options: PlanOptions & { loaded?: LoadedProject; full?: boolean } = {},
): Promise<Planned> {
  // `--sync`: only the selected syncs are connected to and read.
  const selected = (p: CompiledProject): CompiledProject => (options.only ? { ...p, syncs: p.syncs.filter((s) => options.only!.has(s.name)) } : p);
  const connectors = await connect(selected(project), environment, state);
  try {
    if (options.loaded) project = await checkedLive(environment, options.loaded, project, connectors);
    const provision = [...(options.provision ?? []), ...(await missingFields(selected(project), connectors))];
    const now = (environment.now?.() ?? new Date()).toISOString();
    // Import (R8) needs the records that predate the sync, which only a full read returns.
    const full = options.full || (options.importAll?.size ?? 0) > 0;
    const skip = new Set(provision.map((m) => `${m.sync}\u0000${m.side}\u0000${m.field.name}`));
    const snapshots = await readSnapshots(selected(project), state.data, connectors, {
      full,
      now,
      progress: environment.progress,
      skip,
      retryFailed: options.retryFailed,
    });
    let { plan, records } = planWithRecords(project, state.data, snapshots, now, { ...options, provision });
    // A pair back in its inclusion filter needs its partner's current values (R21): read those
    // syncs in full and plan again.
    const again = plan.syncs.filter((s) => s.needsFullRead).map((s) => s.name);
    if (again.length && !full) {
      const only = { ...project, syncs: project.syncs.filter((s) => again.includes(s.name)) };
      Object.assign(snapshots, await readSnapshots(only, state.data, connectors, { full: true, now, progress: environment.progress, skip }));
      ({ plan, records } = planWithRecords(project, state.data, snapshots, now, { ...options, provision }));
    }
    await provisionMarkers(project, plan, connectors);
    assertSupported(plan.ops, connectors);
    return { project, state, connectors, plan, records };
  } catch (error) {
    await closeConnectors(connectors);
    throw error;
  }
}

/** Recovers unfinished creates from a crashed run, before anything is read for planning. */
export async function recover(project: CompiledProject, state: StateStore, environment: Environment): Promise<Recovery> {
  if (!state.data.journal.length) return { recovered: 0, unchecked: [] };
  const connectors = await connect(project, environment, state);
  try {
    return await applyJournal(project, state, connectors, () => (environment.now?.() ?? new Date()).toISOString());
  } finally {
    await closeConnectors(connectors);
  }
}

/**
 * Whether a long apply saves its progress now: every 5 s, but never spending more than a tenth of
 * the run writing the state (a state of a million links takes seconds to write). What a crash
 * leaves unsaved between checkpoints is recovered: creates through the journal (saved before they
 * are sent), updates by the next plan.
 */
export function checkpointDue(sinceLastSaveMs: number, lastWriteMs: number): boolean {
  return sinceLastSaveMs >= Math.max(5000, 10 * lastWriteMs);
}

export async function runApply(planned: Planned, environment: Environment): Promise<ApplyTally> {
  const now = () => (environment.now?.() ?? new Date()).toISOString();
  const editor = new StateEditor(planned.state.data, now);
  let lastSave = Date.now();
  let lastWriteMs = 0;
  let saving: Promise<void> | undefined;
  const ctx: Parameters<typeof interpret>[1] = {
    project: planned.project,
    connectors: planned.connectors,
    store: planned.state,
    editor,
    now,
    progress: environment.progress ?? (() => undefined),
    tally: { created: 0, updated: 0, deleted: 0, linked: 0, failed: 0, associated: 0 },
    created: new Map(),
    records: planned.records,
    async saveSoon() {
      // Writes to several apps run at once: one checkpoint at a time, the others skip theirs.
      if (saving || !checkpointDue(Date.now() - lastSave, lastWriteMs)) return;
      const started = Date.now();
      ctx.pruneJournal?.();
      saving = planned.state.save().finally(() => {
        saving = undefined;
        lastSave = Date.now();
        lastWriteMs = lastSave - started;
      });
      await saving;
    },
    saveIdle: () => saving?.catch(() => undefined),
  };
  return interpret(planned.plan, ctx);
}

/** A plan holding only the creates that restore deleted records of one sync (R30). */
export async function makeResyncPlan(
  environment: Environment,
  project: CompiledProject,
  state: StateStore,
  syncName: string,
  into: SideName,
  ids?: ReadonlySet<string>,
): Promise<Planned> {
  const sync = project.syncs.find((s) => s.name === syncName)!;
  const only: CompiledProject = { ...project, syncs: [sync] };
  const connectors = await connect(only, environment, state);
  try {
    const snapshots = await readSnapshots(only, state.data, connectors, { full: true, progress: environment.progress });
    const now = (environment.now?.() ?? new Date()).toISOString();
    const full = buildPlan(only, state.data, snapshots, now);
    const from = into === 'left' ? 'right' : 'left';
    const { ops, findings } = resyncOps(sync, state.data.syncs[syncName] ?? emptySyncState(), into, snapshots[syncName]![from], ids);
    const plan = { ...full, ops, findings, cursors: {}, syncs: withCounts(full.syncs, ops) };
    return { project, state, connectors, plan };
  } catch (error) {
    await closeConnectors(connectors);
    throw error;
  }
}

/** Plans every selected sync, writing nothing to the apps or the state; the connectors are closed. */
export async function planProject(
  environment: Environment,
  loaded: LoadedProject,
  options: PlanOptions = {},
): Promise<{ project: CompiledProject; plan: Plan; usage: ConnectionUsage[] }> {
  const state = await readProjectState(environment, requireProject(loaded));
  const planned = await makePlan(environment, loaded.project!, state, { ...options, loaded });
  await closeConnectors(planned.connectors);
  return { project: planned.project, plan: planned.plan, usage: usageOf(planned.connectors) };
}

/**
 * Plans and applies under the state lock, as `crmsync apply --auto-approve` does: unfinished
 * creates of a crashed run recovered first, the mass-delete guard unless allowed.
 */
export async function applyProject(
  environment: Environment,
  loaded: LoadedProject,
  options: PlanOptions & { allowMassDelete?: boolean } = {},
): Promise<{ plan: Plan; tally: ApplyTally }> {
  const project = requireProject(loaded);
  return withProjectState(environment, project, 'apply', { lockTimeoutMs: 0 }, async (state) => {
    await recover(project, state, environment);
    const planned = await makePlan(environment, project, state, { ...options, loaded });
    try {
      checkMassDelete(planned.plan, planned.project, state.data, options.allowMassDelete ?? false);
      return { plan: planned.plan, tally: await runApply(planned, environment) };
    } finally {
      await closeConnectors(planned.connectors);
    }
  });
}

/** Each sync's health, as the state records it; reads the state only. */
export async function projectStatus(environment: Environment, loaded: LoadedProject): Promise<{ state: string; serial: number; syncs: SyncHealth[] }> {
  const project = requireProject(loaded);
  const backend = await projectBackend(environment, project);
  try {
    const data = await backend.read();
    return { state: backend.where, serial: data.serial, syncs: syncHealth(project, data, await backend.runs(project.syncs.map((s) => s.name))) };
  } finally {
    await backend.close();
  }
}
