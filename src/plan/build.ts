/**
 * The whole plan: every enabled sync diffed against its snapshots and state, with fingerprints of
 * what was read so that a saved plan can be checked for staleness before it is applied. Pure.
 */
import { createHash } from 'node:crypto';
import { projectFingerprint, selectionFingerprint, syncFingerprint, withAssociationTargets } from '../config/fingerprint.js';
import { SIDES, type CompiledProject, type CompiledSync, type SideName } from '../config/model.js';
import type { FieldDef, RemoteRecord } from '../connectors/types.js';
import { emptySyncState, type StateFile } from '../state/types.js';
import { associationOps } from './associations.js';
import { dedupeCreates } from './dedupe.js';
import { diffSync, type Planned, type SideSnapshot } from './diff.js';
import { withCounts } from './counts.js';
import { PLAN_VERSION, type Plan, type SyncSummary } from './types.js';
import { syncSerialsOf } from '../state/sync-serials.js';

export interface Snapshot extends SideSnapshot {
  cursor: string | null;
  /** Set when this full read is a periodic reconciliation read: why (reconcile_every). */
  reconcile?: string;
}

export type Snapshots = Record<string, Record<SideName, Snapshot>>;

export function hashJson(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/** Hash of a sync's compiled configuration, ignoring where it is written and whether it is on. */
export const syncHash = (sync: CompiledProject['syncs'][number], project: CompiledProject) => syncFingerprint(sync, project.connections);

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Order-independent hash of what a read returned, list memberships included (R21). */
export function fingerprint(records: RemoteRecord[], lists?: Snapshot['lists']): string {
  const hash = createHash('sha256');
  for (const r of [...records].sort((a, b) => byId(a.id, b.id))) {
    hash.update(JSON.stringify([r.id, r.modifiedAt ?? null, r.deleted ?? false, r.fields]));
    hash.update('\n');
  }
  for (const id of Object.keys(lists ?? {}).sort(byId)) hash.update(JSON.stringify([`list:${id}`, [...lists![id]!].sort(byId)]));
  return hash.digest('hex').slice(0, 32);
}

/** A field to create before syncing (R16), found missing in the app's live catalogue. */
export interface MissingField {
  sync: string;
  side: SideName;
  field: FieldDef;
}

export interface PlanOptions {
  /** Fields to create first (R16). */
  provision?: MissingField[];
  /** Syncs whose pre-existing records are imported (R8, `crmsync import`). */
  importAll?: ReadonlySet<string>;
  /** Of those, the ones whose Salesforce contacts come with their email only (R23). */
  emailFirst?: ReadonlySet<string>;
  /** `--sync`: only these syncs are read and planned; the others are shown as not selected. */
  only?: ReadonlySet<string>;
  /** `apply --retry-failed` (R31): failed records are tried again now, whatever their backoff. */
  retryFailed?: boolean;
}

/**
 * Per side of `sync`, the ids another sync links to a record in this sync's other connection. Such a
 * record came from (or went to) that app already, so creating it there would echo it back as a
 * duplicate; matching cannot catch this for objects with no match key, such as activities (R9).
 */
function linkedElsewhere(project: CompiledProject, state: StateFile, sync: CompiledSync): Record<SideName, Set<string>> {
  const out = { left: new Set<string>(), right: new Set<string>() };
  for (const otherSync of project.syncs) {
    if (otherSync.name === sync.name) continue;
    const links = state.syncs[otherSync.name]?.links ?? [];
    if (!links.length) continue;
    for (const side of ['left', 'right'] as const)
      for (const own of ['left', 'right'] as const) {
        if (!linksSamePair(sync, side, otherSync, own)) continue;
        for (const link of links) if (!link.deleted) out[side].add(link[own]);
      }
  }
  return out;
}

/** Whether `other`'s side `own` is `sync`'s side `side` (same connection and object), and their partners are one connection. */
function linksSamePair(sync: CompiledSync, side: SideName, other: CompiledSync, own: SideName): boolean {
  const far = (s: SideName): SideName => (s === 'left' ? 'right' : 'left');
  return (
    other[own].connection === sync[side].connection && other[own].object === sync[side].object && other[far(own)].connection === sync[far(side)].connection
  );
}

/**
 * The syncs whose state a plan of `only` reads: those syncs, the syncs their associations are
 * planned through (R27, transitively), and every sync linking the same pair of apps and object
 * (linkedElsewhere). A saved plan is stale once any of their serials moves.
 */
export function planReads(project: CompiledProject, only: ReadonlySet<string>): Set<string> {
  const covered = withAssociationTargets(project, only);
  for (const sync of project.syncs.filter((s) => only.has(s.name)))
    for (const other of project.syncs)
      if (
        other.name !== sync.name &&
        (['left', 'right'] as const).some((side) => (['left', 'right'] as const).some((own) => linksSamePair(sync, side, other, own)))
      )
        covered.add(other.name);
  return covered;
}

/** The serials of the planned syncs, when the state keeps one per sync (PostgreSQL). */
function syncSerials(project: CompiledProject, state: StateFile, only: ReadonlySet<string> | undefined): { syncs?: Record<string, number> } {
  const serials = syncSerialsOf(state);
  if (!serials) return {};
  const read = only && planReads(project, only);
  const names = project.syncs.map((s) => s.name).filter((name) => !read || read.has(name));
  return { syncs: Object.fromEntries(names.map((name) => [name, serials[name] ?? 0])) };
}

export function buildPlan(project: CompiledProject, state: StateFile, snapshots: Snapshots, now: string, options: PlanOptions = {}): Plan {
  return planWithRecords(project, state, snapshots, now, options).plan;
}

/** Per sync and side, every live record read and where the plan puts it (diff.ts). */
export type PlannedRecords = Record<string, Record<SideName, Map<string, Planned>>>;

/** The plan, and where it puts each record read: what the accounting after an apply starts from. */
export function planWithRecords(
  project: CompiledProject,
  state: StateFile,
  snapshots: Snapshots,
  now: string,
  options: PlanOptions = {},
): { plan: Plan; records: PlannedRecords } {
  const records: PlannedRecords = {};
  const plan: Plan = {
    format: 'crmsync-plan',
    version: PLAN_VERSION,
    createdAt: now,
    state: { lineage: state.lineage, serial: state.serial, ...syncSerials(project, state, options.only) },
    configHash: options.only ? selectionFingerprint(project, options.only) : projectFingerprint(project),
    fingerprints: {},
    cursors: {},
    syncs: [],
    ops: [],
    findings: [],
  };
  if (options.only) plan.selected = [...options.only];
  // Counted once every op is known (countOps), in the order the syncs are configured.
  const summaries: Array<Omit<SyncSummary, 'counts'>> = [];
  for (const m of options.provision ?? []) {
    const sync = project.syncs.find((s) => s.name === m.sync)!;
    plan.ops.push({
      id: `${sync.name}/create-field/${m.side}/${m.field.name}`,
      type: 'create-field',
      sync: sync.name,
      side: m.side,
      connection: sync[m.side].connection,
      object: sync[m.side].object,
      field: m.field,
      reason: { rule: 'R16', message: `${sync[m.side].connection} has no ${m.field.type} field \`${m.field.name}\`; create_missing_properties creates it` },
      source: sync.fields.find((f) => f[m.side] === m.field.name)?.source ?? sync.source,
    });
  }
  for (const sync of project.syncs) {
    const snap = snapshots[sync.name];
    if (!sync.enabled || !snap) {
      summaries.push({
        name: sync.name,
        enabled: sync.enabled,
        left: { connection: sync.left.connection, object: sync.left.object, read: 0, complete: true },
        right: { connection: sync.right.connection, object: sync.right.object, read: 0, complete: true },
        linked: state.syncs[sync.name]?.links.length ?? 0,
        inSync: 0,
        excluded: { left: 0, right: 0 },
        note: sync.enabled
          ? options.only && !options.only.has(sync.name)
            ? 'not selected (--sync): not read, not planned'
            : 'not read'
          : 'disabled (enabled: false, R5): not planned',
      });
      continue;
    }
    const syncState = state.syncs[sync.name] ?? emptySyncState();
    const out = diffSync({
      sync,
      state: syncState,
      left: snap.left,
      right: snap.right,
      now,
      importAll: options.importAll?.has(sync.name),
      emailFirst: options.emailFirst?.has(sync.name),
      retryFailed: options.retryFailed,
      linkedElsewhere: linkedElsewhere(project, state, sync),
    });
    records[sync.name] = out.records;
    const readError = (side: SideName) => {
      const e = snap[side].error;
      return !snap[side].complete && e ? { error: { category: e.category, code: e.code, message: e.message } } : {};
    };
    // Both apps read in full and completely: reconcile_every counts from now.
    const fullRead = SIDES.every((side) => snap[side].mode === 'full' && snap[side].complete);
    summaries.push({
      ...out.summary,
      left: { ...out.summary.left, ...readError('left') },
      right: { ...out.summary.right, ...readError('right') },
      configHash: syncHash(sync, project),
      ...(fullRead ? { fullReadAt: now } : {}),
      ...(snap.left.reconcile ? { reconcile: snap.left.reconcile } : {}),
    });
    // Loops, not push(...xs): a spread of 100k items overflows the call stack.
    for (const op of out.ops) plan.ops.push(op);
    for (const f of out.findings) plan.findings.push(f);
    plan.fingerprints[sync.name] = { left: fingerprint(snap.left.records, snap.left.lists), right: fingerprint(snap.right.records, snap.right.lists) };
    // A side whose read was incomplete keeps its old cursor (never advance past what was not seen);
    // so does a side with records waiting for the other's complete read, or with pairs left for a
    // complete read, or the next incremental read would never return them again.
    const keep = (side: SideName) => !snap[side].complete || (out.summary.waiting?.[side] ?? 0) > 0 || (out.summary.unread ?? 0) > 0;
    plan.cursors[sync.name] = {
      left: keep('left') ? (syncState.cursors.left ?? null) : snap.left.cursor,
      right: keep('right') ? (syncState.cursors.right ?? null) : snap.right.cursor,
    };
    // R23: the imported records are older than any cursor, so the run that fills them reads in full.
    if (out.ops.some((op) => op.type === 'create' && op.emailFirst)) plan.cursors[sync.name] = { left: null, right: null };
  }
  plan.ops = dedupeCreates(project, plan.ops);
  // Associations last: they refer to links and creates of every sync (R27).
  for (const op of associationOps(project, state, snapshots, plan.ops)) plan.ops.push(op);
  plan.syncs = withCounts(summaries, plan.ops);
  return { plan, records };
}
