/**
 * Reading both apps of each sync (the I/O edge of planning). Reads are incremental once a sync has
 * cursors and its configuration is unchanged; a new or changed sync, an expired cursor, or
 * `--full` reads everything. After an incremental read, records new to the sync are looked up in
 * the other app by their match key, so the initial-sync matching (R24) sees their partners without
 * reading the whole app.
 */
import type { CompiledCondition, CompiledProject, CompiledSync, SideName } from '../config/model.js';
import { other, SIDES } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import type { Snapshot, Snapshots } from '../plan/build.js';
import { syncHash } from '../plan/build.js';
import { listIdsOf } from '../plan/filters.js';
import type { StateFile, SyncState } from '../state/types.js';
import ms from 'ms';
import { ConnectorFailure, type Connector, type ReadResult, type RemoteRecord } from './types.js';
import { foldKey } from '../plan/values.js';
import { bounded } from './shared/bounded.js';
import { allOrFirstError } from '../settled.js';

export interface ReadOptions {
  /** Read everything, ignoring cursors. */
  full?: boolean;
  /** `sync\0side\0field` of fields that do not exist yet (R16): not requested. */
  skip?: ReadonlySet<string>;
  /** ISO time; failed records whose retry is due make the next read of their sync full. */
  now?: string;
  /** `--retry-failed` (R31): every failed record is due now. */
  retryFailed?: boolean;
  progress?: (done: number, total: number, label: string) => void;
}

/** The fields a read must return: mapped ones, match keys and filter fields. */
function fieldsToRead(sync: CompiledSync, side: SideName): string[] {
  const names = new Set<string>(sync.fields.map((f) => f[side]));
  for (const k of sync.matchKeys) for (const f of k[side]) names.add(f);
  for (const c of [...sync.filters.initial[side], ...sync.filters.include[side]]) if (c.op !== 'in-list') names.add(c.field);
  return [...names];
}

const LOOKUP_BATCH = 100;

/** The trimmed string values of a field (a list field gives several). */
function stringsOf(r: RemoteRecord, field: string): string[] {
  const v = Object.hasOwn(r.fields, field) ? r.fields[field] : undefined; // own values only: a field may be called `toString`
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}

/**
 * Partners of new records, key by key (R24-R26). A record whose partner is already in the snapshot,
 * or was found by an earlier key, is not looked up again, so further keys (R25's secondary emails)
 * cost calls only for the records still without a partner.
 */
async function lookupPartners(
  sync: CompiledSync,
  linked: Record<SideName, Set<string>>,
  snap: Record<SideName, Snapshot>,
  connectors: Record<string, Connector>,
): Promise<void> {
  for (const side of SIDES) {
    const there = other(side);
    const connector = connectors[sync[there].connection]!;
    if (!connector.findBy) continue;
    const have = new Set(snap[there].records.map((r) => r.id));
    const settled = new Set<string>();
    for (const key of sync.matchKeys) {
      if (key[side].length !== 1 || key[there].length !== 1) continue; // composite keys need a full read to match
      const far = key[there][0]!;
      const known = new Set<string>();
      for (const r of snap[there].records) for (const x of stringsOf(r, far)) known.add(foldKey(x));
      const values = new Set<string>();
      const wanting = new Map<string, string[]>();
      for (const r of snap[side].records) {
        if (r.deleted || linked[side].has(r.id) || settled.has(r.id)) continue;
        const own = stringsOf(r, key[side][0]!);
        if (own.some((x) => known.has(foldKey(x)))) {
          settled.add(r.id);
          continue;
        }
        for (const x of own) {
          values.add(x);
          // The other app may hold the same text in another Unicode normalisation (zoë): ask for both.
          if (/[^\u0000-\u007f]/.test(x)) values.add(x.normalize('NFC')).add(x.normalize('NFD'));
          const ids = wanting.get(foldKey(x));
          if (ids) ids.push(r.id);
          else wanting.set(foldKey(x), [r.id]);
        }
      }
      const list = [...values];
      for (let i = 0; i < list.length; i += LOOKUP_BATCH) {
        const found: RemoteRecord[] = await connector.findBy(sync[there].object, far, list.slice(i, i + LOOKUP_BATCH));
        for (const r of found) {
          if (!have.has(r.id)) snap[there].records.push(r), have.add(r.id);
          for (const x of stringsOf(r, far)) for (const id of wanting.get(foldKey(x)) ?? []) settled.add(id);
        }
      }
    }
  }
}

/** A problem with what an `in-list` condition names, as a configuration error at the condition. */
function listProblem(sync: CompiledSync, c: CompiledCondition, code: string, message: string, hint: string): CrmsyncError {
  const at = c.source ?? sync.source;
  return new CrmsyncError('config-invalid', `${at.file}:${at.line}:${at.col} error[${code}] ${message}`, hint);
}

/**
 * R21: the members of every list the side's `in-list` conditions name, read in full each run (a
 * list's membership changes without its records changing). An app without lists, a list that does
 * not exist or holds another object stop the run with an error at the condition; nothing is
 * planned on a membership that could not be read.
 */
async function readMemberships(sync: CompiledSync, side: SideName, connector: Connector): Promise<Record<string, ReadonlySet<string>> | undefined> {
  const wanted = listIdsOf(sync, side);
  if (!wanted.size) return undefined;
  const out: Record<string, ReadonlySet<string>> = {};
  for (const [listId, c] of wanted) {
    // An app with lists reads records by id too (readJoined); `validate` already refuses the others.
    if (!connector.listMembers || !connector.readByIds) {
      throw listProblem(
        sync,
        c,
        'option-not-supported',
        `\`in-list\` tests list membership (R21); ${sync[side].app} (connection \`${sync[side].connection}\`) has no lists`,
        'use a field condition instead, or put the condition on the side of an app with lists (HubSpot)',
      );
    }
    try {
      out[listId] = new Set(await connector.listMembers(sync[side].object, listId));
    } catch (error) {
      if (error instanceof ConnectorFailure && error.error.code.startsWith('LIST_'))
        throw listProblem(
          sync,
          c,
          error.error.code === 'LIST_NOT_FOUND' ? 'list-not-found' : 'list-object-mismatch',
          `${sync[side].connection}: ${error.error.message}`,
          error.error.hint ?? 'fix the list id',
        );
      throw error;
    }
  }
  return out;
}

/**
 * Joining a list does not change a record, so an incremental read misses the records that joined
 * since the last run (R21). Assumption: HubSpot leaves a record's last-modified date alone when it
 * joins or leaves a list (not documented either way; if it moves, the record simply comes with the
 * incremental read too). Members no read returned that are not linked, or whose link left the
 * list before, are read by id; the linked members that stayed in are unchanged.
 */
async function readJoined(
  sync: CompiledSync,
  side: SideName,
  saved: SyncState | undefined,
  snap: Snapshot,
  connector: Connector,
  fields: string[],
): Promise<void> {
  if (snap.mode !== 'incremental' || !snap.lists) return;
  const settled = new Set<string>();
  for (const link of saved?.links ?? []) if (!link.deleted && !link.excluded) settled.add(link[side]);
  const have = new Set(snap.records.map((r) => r.id));
  const joined = new Set<string>();
  for (const members of Object.values(snap.lists)) for (const id of members) if (!have.has(id) && !settled.has(id)) joined.add(id);
  if (!joined.size) return;
  for (const r of await connector.readByIds!(sync[side].object, [...joined], fields)) snap.records.push(r);
}

/**
 * The records read that a link holds, per side: all lookupPartners asks of the links, without a set
 * of every linked id (a no-op run of a large sync read nothing and needs none).
 */
function linkedAmongRead(saved: SyncState | undefined, snap: Record<SideName, Snapshot>): Record<SideName, Set<string>> {
  const linked = { left: new Set<string>(), right: new Set<string>() };
  const read = { left: new Set(snap.left.records.map((r) => r.id)), right: new Set(snap.right.records.map((r) => r.id)) };
  if (!read.left.size && !read.right.size) return linked;
  for (const l of saved?.links ?? []) {
    if (read.left.has(l.left)) linked.left.add(l.left);
    if (read.right.has(l.right)) linked.right.add(l.right);
  }
  return linked;
}

/** Each record's lists among those read, for the filters (R21). */
function markMembership(snap: Snapshot): void {
  if (!snap.lists) return;
  const entries = Object.entries(snap.lists);
  for (const r of snap.records) r.meta = { ...r.meta, lists: entries.filter(([, members]) => members.has(r.id)).map(([id]) => id) };
}

/**
 * Why this run reads the sync in full although it could read incrementally: its last full read is
 * reconcile_every old (or none is recorded). Incremental reads can miss what never shows up as a
 * change (a HubSpot change indexed later than the lookback, an association change that moved no
 * modification date, a record purged from the archive), so a periodic full read reconciles.
 */
export function reconcileReason(sync: CompiledSync, saved: SyncState | undefined, now: string): string | undefined {
  if (!saved) return undefined;
  const every = ms(sync.reconcileEveryMs, { long: true });
  if (!saved.fullReadAt) return `reconciliation read: no full read is recorded for this sync (reconcile_every: ${every})`;
  const age = Date.parse(now) - Date.parse(saved.fullReadAt);
  return age >= sync.reconcileEveryMs
    ? `reconciliation read: the last full read was at ${saved.fullReadAt}, ${ms(age, { long: true })} ago (reconcile_every: ${every})`
    : undefined;
}

/**
 * Syncs read at once, at most. Each connection's gate still bounds its own requests in flight; this
 * only lets independent syncs' pages overlap instead of waiting for each other.
 */
export const SYNCS_AT_ONCE = 4;

export async function readSnapshots(
  project: CompiledProject,
  state: StateFile,
  connectors: Record<string, Connector>,
  options: ReadOptions = {},
): Promise<Snapshots> {
  const syncs = project.syncs.filter((s) => s.enabled);
  const slot = bounded(SYNCS_AT_ONCE);
  // Syncs reading the same object through the same connection go one after the other: a connector
  // remembers what the last read of an object asked for (lookups by match key reuse it).
  const tails = new Map<string, Promise<unknown>>();
  const tasks = syncs.map((sync) => {
    const keys = [...new Set(SIDES.map((side) => `${sync[side].connection}\u0000${sync[side].object}`))];
    const before = keys.map((k) => tails.get(k) ?? Promise.resolve());
    const task = Promise.allSettled(before).then(() => slot(() => readSync(project, sync, state, connectors, options)));
    for (const k of keys) tails.set(k, task);
    return task;
  });
  // Every read ends before anything is thrown, so no read outlives its connector.
  const read = await allOrFirstError(tasks);
  const out: Snapshots = Object.create(null); // keyed by sync names, which may be `constructor`
  for (const [i, value] of read.entries()) out[syncs[i]!.name] = value;
  return out;
}

async function readSync(
  project: CompiledProject,
  sync: CompiledSync,
  state: StateFile,
  connectors: Record<string, Connector>,
  options: ReadOptions,
): Promise<Record<SideName, Snapshot>> {
  const saved = state.syncs[sync.name];
  const sameConfig = saved?.configHash === syncHash(sync, project);
  // A failed record may be unchanged since, so an incremental read would never bring it back:
  // once one is due for its retry (R31), read the sync in full.
  const now = options.now ?? new Date().toISOString();
  const retryDue = saved?.failures.some((f) => options.retryFailed || !f.retryAfter || f.retryAfter <= now) ?? false;
  const incremental = sameConfig && !retryDue && !options.full && SIDES.some((side) => saved?.cursors[side]);
  const reconcile = incremental ? reconcileReason(sync, saved, now) : undefined;
  const read = async (side: SideName): Promise<ReadResult> => {
    const cursor = saved?.cursors[side] ?? null;
    return connectors[sync[side].connection]!.read({
      object: sync[side].object,
      fields: fieldsToRead(sync, side).filter((f) => !options.skip?.has(`${sync.name}\u0000${side}\u0000${f}`)),
      mode: cursor && incremental && !reconcile ? 'incremental' : 'full',
      cursor,
      // Only when progress is shown: an app may spend a call on a total (HubSpot's count).
      ...(options.progress ? { onProgress: (n: number, total?: number) => options.progress!(n, total ?? 0, `read ${sync[side].connection}`) } : {}),
    });
  };
  // Both apps at once: neither waits for the other's pages. Both reads end before anything is
  // thrown, so no read outlives its connector.
  const [left, right] = (await allOrFirstError([read('left'), read('right')])) as [ReadResult, ReadResult];
  // Nothing can be read without access: that stops the run (exit 1) rather than planning on an
  // empty, partial read. Other partial reads plan on, without deletes or cursor moves (R30).
  for (const [side, r] of [
    ['left', left],
    ['right', right],
  ] as const) {
    if (!r.complete && r.error && (r.error.category === 'authentication' || r.error.category === 'permission')) {
      throw new ConnectorFailure(r.error, sync[side].connection);
    }
  }
  const because = reconcile ? { reconcile } : {};
  const snap: Record<SideName, Snapshot> = {
    left: { records: left.records, complete: left.complete, mode: left.mode, cursor: left.cursor, ...because, ...(left.error ? { error: left.error } : {}) },
    right: {
      records: right.records,
      complete: right.complete,
      mode: right.mode,
      cursor: right.cursor,
      ...because,
      ...(right.error ? { error: right.error } : {}),
    },
  };
  for (const side of SIDES) {
    const connector = connectors[sync[side].connection]!;
    const lists = await readMemberships(sync, side, connector);
    if (!lists) continue;
    snap[side].lists = lists;
    await readJoined(
      sync,
      side,
      saved,
      snap[side],
      connector,
      fieldsToRead(sync, side).filter((f) => !options.skip?.has(`${sync.name}\u0000${side}\u0000${f}`)),
    );
    markMembership(snap[side]);
  }
  if (left.mode === 'incremental' || right.mode === 'incremental') {
    await lookupPartners(sync, linkedAmongRead(saved, snap), snap, connectors);
  }
  return snap;
}
