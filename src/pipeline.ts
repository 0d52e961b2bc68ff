/**
 * The phases composed: load → validate → (connect, read) → plan → apply. Everything here is
 * orchestration at the edges; the decisions live in config/, plan/ and apply/.
 */
import { readFile, stat } from 'node:fs/promises';
import ms from 'ms';
import { resolve } from 'node:path';
import { applyJournal, type Recovery } from './apply/journal.js';
import { interpret, type ApplyTally } from './apply/interpret.js';
import { StateEditor } from './apply/state-ops.js';
import { staticCatalogue } from './connectors/apps.js';
import { openConnector } from './connectors/open.js';
import { readSnapshots } from './connectors/snapshot.js';
import { ConnectorFailure, type AppKind, type Catalogue, type Connector, type ReadResult } from './connectors/types.js';
import type { CatalogueLookup } from './config/context.js';
import { isError, type Diagnostic } from './config/diagnostics.js';
import { loadSyncs } from './config/load.js';
import { probePaths } from './config/paths.js';
import type { CompiledProject, CompiledSync, SideName } from './config/model.js';
import type { SourceFile } from './config/source.js';
import { validateFiles } from './config/validate.js';
import { maskCredentials } from './config/credentials.js';
import { CrmsyncError } from './errors.js';
import { accountMismatchError, accountMismatches, withRecorded, type ReachedAccount } from './plan/accounts.js';
import { buildPlan, planWithRecords, type MissingField, type PlanOptions, type PlannedRecords, type Snapshots } from './plan/build.js';
import { resyncOps } from './plan/resync.js';
import type { Plan } from './plan/types.js';
import { readOnlyStore, type StateStore } from './state/store.js';
import { openBackend, stateLocation, type StateBackend, type WithStateOptions } from './state/backend.js';
import { emptySyncState } from './state/types.js';
import { parseSecrets } from './connectors/secrets.js';
import { AccountGates } from './connectors/shared/account-gate.js';

export interface Environment {
  root: string;
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Progress of long runs: reads and writes. */
  progress?: (done: number, total: number, label: string) => void;
  /** Retries and rate-limit waits, as they happen. */
  onRetry?: (connection: string, attempt: number, waitMs: number, error: unknown) => void;
}

export interface LoadedProject {
  project?: CompiledProject;
  diagnostics: Diagnostic[];
  files: SourceFile[];
}

/** Offline catalogues: built-in lists, or the local store's own file when it exists. */
async function offlineCatalogues(files: SourceFile[], root: string): Promise<CatalogueLookup> {
  const local = new Map<string, Record<string, { fields: Catalogue['fields'] }>>();
  for (const file of files) {
    const conns = (file.data as { connections?: Record<string, { app?: string; path?: string }> } | undefined)?.connections ?? {};
    for (const [name, c] of Object.entries(conns)) {
      if (c?.app !== 'local') continue;
      try {
        const path = resolve(root, c.path ?? `.crmsync/local/${name}.json`);
        // Only a regular file: a FIFO would block this read forever (opening the store reports it).
        if (!(await stat(path)).isFile()) continue;
        const store = JSON.parse(await readFile(path, 'utf8'));
        if (store?.objects) local.set(name, store.objects);
      } catch {
        // no store yet: the defaults apply
      }
    }
  }
  return (connection: string, app: AppKind, object: string) => {
    const stored = local.get(connection)?.[object];
    if (stored) return { catalogue: { object, fields: stored.fields }, authoritative: true };
    return { catalogue: staticCatalogue(app, object), authoritative: app === 'local' };
  };
}

export async function loadProject(root: string): Promise<LoadedProject> {
  const loaded = await loadSyncs(root);
  const lookup = await offlineCatalogues(loaded.files, root);
  const paths = await probePaths(loaded.files.map((f) => f.data), root);
  const { project, diagnostics } = validateFiles(loaded.files, lookup, loaded.diagnostics, paths);
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

const secretsOf = async (project: CompiledProject, environment: Environment) =>
  project.settings.secretsFile ? await parseSecrets(resolve(environment.root, project.settings.secretsFile)) : {};

/** One connection on its own, whether or not a sync uses it (`state rebind`). */
export async function openConnection(project: CompiledProject, name: string, environment: Environment): Promise<Connector> {
  return openConnector(project.connections[name]!, { root: environment.root, env: environment.env, secrets: await secretsOf(project, environment) });
}

export async function openConnectors(project: CompiledProject, environment: Environment): Promise<Record<string, Connector>> {
  const secrets = await secretsOf(project, environment);
  const used = new Set(project.syncs.filter((s) => s.enabled).flatMap((s) => [s.left.connection, s.right.connection]));
  const out: Record<string, Connector> = Object.create(null); // keyed by connection names
  const sides = project.syncs.filter((s) => s.enabled).flatMap((s) => [s.left, s.right]);
  // Connections that reach the same account share its limiters and in-flight cap for the run.
  const gates = new AccountGates();
  for (const name of used) {
    const googleFolder = sides.some((side) => side.connection === name && side.folder === 'all') ? 'all' : 'contacts';
    const associations: Record<string, string[]> = {};
    for (const sync of project.syncs.filter((s) => s.enabled)) {
      for (const assoc of sync.associations) {
        const target = project.syncs.find((s) => s.name === assoc.sync);
        for (const side of ['left', 'right'] as const) {
          // The associated object in this connection, whichever side of its own sync it is on.
          const to = target && [target.left, target.right].find((t) => t.connection === name)?.object;
          if (sync[side].connection === name && to) associations[sync[side].object] = [...new Set([...(associations[sync[side].object] ?? []), to])];
        }
      }
    }
    const customObjects = project.syncs.filter((s) => s.object === 'custom').flatMap((s) => [s.left, s.right]).filter((side) => side.connection === name).map((side) => side.object);
    // Where each object keeps the create marker (marker_property), for idempotent creates.
    const markers: Record<string, string> = {};
    for (const side of sides) if (side.connection === name && side.marker.kind === 'field') markers[side.object] = side.marker.field;
    out[name] = await openConnector(project.connections[name]!, { root: environment.root, env: environment.env, secrets, googleFolder, associations, customObjects, markers, gates, ...(environment.onRetry ? { onRetry: environment.onRetry } : {}) });
  }
  return out;
}

/**
 * Opens the connectors and checks that each reaches the account the state was made with, before
 * anything is read or written; accounts not recorded yet are recorded (they are saved with the
 * state by the commands that write it).
 */
export async function connect(project: CompiledProject, environment: Environment, state: StateStore): Promise<Record<string, Connector>> {
  const connectors = await openConnectors(project, environment);
  try {
    // Every account at once; all answers are in before anything is thrown or closed.
    const settled = await Promise.allSettled(Object.entries(connectors).map(async ([connection, c]): Promise<ReachedAccount> => ({ connection, app: c.app, identity: await c.identity() })));
    const reached: ReachedAccount[] = [];
    for (const s of settled) {
      if (s.status === 'rejected') throw s.reason;
      reached.push(s.value);
    }
    const mismatches = accountMismatches(state.data.accounts, reached);
    if (mismatches.length) throw accountMismatchError(mismatches, project, state.path);
    state.data.accounts = withRecorded(state.data.accounts, reached, (environment.now?.() ?? new Date()).toISOString());
    return connectors;
  } catch (error) {
    await closeConnectors(connectors);
    throw error;
  }
}

export async function closeConnectors(connectors: Record<string, Connector>): Promise<void> {
  await Promise.all(Object.values(connectors).map((c) => c.close()));
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
/**
 * Fields the built-in catalogues do not know (custom properties) were only warnings offline; now
 * that the apps are reachable, check them against the apps' own catalogues, which are
 * authoritative. Costs one call per object concerned, and none when every field is standard.
 */
async function checkLiveCatalogues(loaded: LoadedProject, project: CompiledProject, connectors: Record<string, Connector>): Promise<CompiledProject> {
  // Custom objects (R7) have no built-in catalogue, so their fields, required ones included, are
  // only known to the app.
  const custom = project.syncs.some((s) => s.enabled && s.object === 'custom');
  const every = custom || loaded.diagnostics.some((d) => d.code === 'unknown-field');
  // Salesforce field-level security hides fields from the connection's user; only the live
  // describe knows, and the read needs that describe anyway (cached), so checking costs no call.
  const salesforce = project.syncs.some((s) => s.enabled && (s.left.app === 'salesforce' || s.right.app === 'salesforce'));
  if (!every && !salesforce) return project;
  const live = new Map<string, Catalogue | { missing: ConnectorFailure }>();
  for (const sync of project.syncs.filter((s) => s.enabled)) {
    for (const side of [sync.left, sync.right]) {
      if (!every && side.app !== 'salesforce') continue;
      const key = `${side.connection}\u0000${side.object}`;
      if (!live.has(key) && connectors[side.connection]) live.set(key, await liveCatalogue(connectors[side.connection]!, side.object));
    }
  }
  const offline = await offlineCatalogues(loaded.files, '');
  const lookup: CatalogueLookup = (connection, app, object) => {
    const found = live.get(`${connection}\u0000${object}`);
    if (found && 'missing' in found) return { authoritative: true, missing: true, problem: { message: found.missing.error.message, hint: found.missing.error.hint } };
    return found ? { catalogue: found, authoritative: true } : offline(connection, app, object);
  };
  const checked = validateFiles(loaded.files, lookup);
  if (!checked.project) {
    throw new CrmsyncError('config-invalid', `checked against the apps' own field catalogues, the configuration has errors:\n\n${checked.diagnostics.filter(isError).map((d) => `${d.file}:${d.line}:${d.col} error[${d.code}] ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`).join('\n')}`,
      'fix each problem listed above (or create what is missing in the app), then plan again');
  }
  return checked.project;
}

/** The app's catalogue of `object`, or the app's failure when it says there is no such object. */
async function liveCatalogue(connector: Connector, object: string): Promise<Catalogue | { missing: ConnectorFailure }> {
  try {
    return await connector.catalogue(object);
  } catch (error) {
    if (error instanceof ConnectorFailure && error.error.category === 'not-found') return { missing: error };
    throw error;
  }
}

/** R16: mapped fields a HubSpot side lacks, for syncs that ask for them to be created. */
async function missingFields(project: CompiledProject, connectors: Record<string, Connector>): Promise<MissingField[]> {
  const out: MissingField[] = [];
  for (const sync of project.syncs.filter((s) => s.enabled && s.createMissingProperties)) {
    for (const side of ['left', 'right'] as const) {
      const connector = connectors[sync[side].connection]!;
      if (sync[side].app !== 'hubspot' || !connector.createField) continue;
      const have = new Set((await connector.catalogue(sync[side].object)).fields.map((f) => f.name));
      for (const f of sync.fields) {
        if (!have.has(f[side])) out.push({ sync: sync.name, side, field: { name: f[side], label: f[side], type: f.types[side] } });
      }
    }
  }
  return out;
}

/**
 * Creates into a HubSpot side whose marker property HubSpot lacks: the plan creates the property
 * first (R16), with unique values, so a create sent twice is refused instead of duplicated.
 * Assumption: HubSpot takes a unique-value custom property on every object crmsync creates records
 * in, engagements (tasks) included; where it refuses, the run goes on unmarked and says so.
 */
async function provisionMarkers(project: CompiledProject, plan: Plan, connectors: Record<string, Connector>): Promise<void> {
  const seen = new Set<string>();
  const first: Plan['ops'] = [];
  for (const op of plan.ops) {
    if (op.type !== 'create' || seen.has(`${op.connection}\u0000${op.object}`)) continue;
    seen.add(`${op.connection}\u0000${op.object}`);
    const sync = project.syncs.find((s) => s.name === op.sync)!;
    const { marker, app } = sync[op.side];
    const connector = connectors[op.connection]!;
    if (app !== 'hubspot' || marker.kind !== 'field' || !connector.createField) continue;
    const catalogue = await connector.catalogue(op.object).catch(() => undefined);
    if (!catalogue || catalogue.fields.some((f) => f.name === marker.field)) continue;
    first.push({
      id: `${sync.name}/create-field/${op.side}/${marker.field}`, type: 'create-field', sync: sync.name, side: op.side, connection: op.connection, object: op.object,
      field: { name: marker.field, label: 'crmsync marker', type: 'string', unique: true }, purpose: 'marker',
      reason: { rule: 'R16', message: `records created in ${op.connection} carry an idempotency marker, and ${op.connection} has no property \`${marker.field}\` for it yet: it is created, with unique values` },
      source: sync.source,
    });
  }
  if (first.length) plan.ops = [...first, ...plan.ops];
}

export async function makePlan(environment: Environment, project: CompiledProject, state: StateStore, options: PlanOptions & { loaded?: LoadedProject; full?: boolean } = {}): Promise<Planned> {
  // `--sync`: only the selected syncs are connected to and read.
  const selected = (p: CompiledProject): CompiledProject => (options.only ? { ...p, syncs: p.syncs.filter((s) => options.only!.has(s.name)) } : p);
  const connectors = await connect(selected(project), environment, state);
  try {
    if (options.loaded) project = await checkLiveCatalogues(options.loaded, project, connectors);
    const provision = [...(options.provision ?? []), ...(await missingFields(selected(project), connectors))];
    const now = (environment.now?.() ?? new Date()).toISOString();
    // Import (R8) needs the records that predate the sync, which only a full read returns.
    const full = options.full || (options.importAll?.size ?? 0) > 0;
    const skip = new Set(provision.map((m) => `${m.sync}\u0000${m.side}\u0000${m.field.name}`));
    const snapshots = await readSnapshots(selected(project), state.data, connectors, { full, now, progress: environment.progress, skip, retryFailed: options.retryFailed });
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
    return { project, state, connectors, plan, records };
  } catch (error) {
    await closeConnectors(connectors);
    throw error;
  }
}

/** The project's state backend (settings.state): a file, or PostgreSQL. The caller closes it. */
/** Where the project's state lives: a file path or a postgres:// URL (settings.state, resolved). */
export async function projectStateLocation(environment: Environment, project: CompiledProject): Promise<string> {
  const { settings } = project;
  const secrets = settings.stateRef?.secret !== undefined && settings.secretsFile ? await parseSecrets(resolve(environment.root, settings.secretsFile)) : {};
  return stateLocation(settings, environment.env, secrets);
}

export async function projectBackend(environment: Environment, project: CompiledProject): Promise<StateBackend> {
  return openBackend(await projectStateLocation(environment, project), environment.root);
}

/** The state for reading only (plan, status): commands that write state use withProjectState. */
export async function readProjectState(environment: Environment, project: CompiledProject): Promise<StateStore> {
  const backend = await projectBackend(environment, project);
  try {
    return readOnlyStore(backend.where, await backend.read());
  } finally {
    await backend.close();
  }
}

/** Runs `fn` with the project's state, locked first (a file whole, PostgreSQL per sync of the project), read second, written only under the lock. */
export async function withProjectState<T>(environment: Environment, project: CompiledProject, operation: string, options: WithStateOptions, fn: (state: StateStore) => Promise<T>): Promise<T> {
  const backend = await projectBackend(environment, project);
  try {
    const lease = environment.env.CRMSYNC_LEASE ? ms(environment.env.CRMSYNC_LEASE as ms.StringValue) : undefined;
    if (lease !== undefined && !(lease > 0)) throw new CrmsyncError('usage', `CRMSYNC_LEASE=${environment.env.CRMSYNC_LEASE} is not a duration`, 'write e.g. 60s (the default) or 5m');
    return await backend.withState(operation, { syncs: project.syncs.map((s) => s.name), ...(lease ? { leaseMs: lease } : {}), ...options }, fn);
  } finally {
    await backend.close();
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
    saveIdle: async () => {
      while (saving) await saving.catch(() => undefined);
    },
  };
  return interpret(planned.plan, ctx);
}

/** A plan holding only the creates that restore deleted records of one sync (R30). */
export async function makeResyncPlan(environment: Environment, project: CompiledProject, state: StateStore, syncName: string, into: SideName, ids?: ReadonlySet<string>): Promise<Planned> {
  const sync = project.syncs.find((s) => s.name === syncName)!;
  const only: CompiledProject = { ...project, syncs: [sync] };
  const connectors = await connect(only, environment, state);
  try {
    const snapshots = await readSnapshots(only, state.data, connectors, { full: true, progress: environment.progress });
    const now = (environment.now?.() ?? new Date()).toISOString();
    const full = buildPlan(only, state.data, snapshots, now);
    const from = into === 'left' ? 'right' : 'left';
    const { ops, findings } = resyncOps(sync, state.data.syncs[syncName] ?? emptySyncState(), into, snapshots[syncName]![from], ids);
    const counts = { left: { create: 0, update: 0, delete: 0, associate: 0 }, right: { create: 0, update: 0, delete: 0, associate: 0 } };
    counts[into].create = ops.length;
    const plan = { ...full, ops, findings, cursors: {}, syncs: full.syncs.map((s) => ({ ...s, counts })) };
    return { project, state, connectors, plan };
  } catch (error) {
    await closeConnectors(connectors);
    throw error;
  }
}
