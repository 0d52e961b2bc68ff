/**
 * The interpreter: runs a plan's operations against the connectors and records each outcome in
 * the state. One handler per op type (a mapped type, so a missing handler does not compile).
 * Creates are journalled before they are sent, so a crash between the call and its answer can be
 * reconciled on the next run instead of creating a duplicate; a create whose answer was lost in the
 * run is looked up by its marker before it is sent again (confirm.ts).
 */
import type { CompiledProject } from '../config/model.js';
import { associationRef, ConnectorFailure, type Connector, type ConnectorError, type WriteOp, type WriteResult } from '../connectors/types.js';
import type { PlannedRecords } from '../plan/build.js';
import type { Op, OpType, Plan, RecordRef } from '../plan/types.js';
import { other } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import { assertSupported } from './supported.js';
import { account } from './accounting.js';
import { groupBy } from '../group-by.js';
import { canonical, fieldOf } from '../plan/values.js';
import type { StateStore } from '../state/store.js';
import type { JournalEntry } from '../state/types.js';
import { confirmCreates, createMarker, mayExist, type CreateOutcome } from './confirm.js';
import type { StateEditor } from './state-ops.js';

export interface ApplyContext {
  project: CompiledProject;
  connectors: Record<string, Connector>;
  store: StateStore;
  editor: StateEditor;
  now: () => string;
  progress: (done: number, total: number, label: string) => void;
  tally: ApplyTally;
  /** Ids of records created in this run, by create op id (links and associations to new records). */
  created: Map<string, string>;
  /** Drops answered creates from the journal; called before each state save. */
  pruneJournal?: () => void;
  /** Saves the state if the last save is a few seconds old (large states are costly to write). */
  saveSoon: () => Promise<void>;
  /**
   * The save under way, to wait for, or undefined when none is: a save streams the live state, so
   * results that arrive meanwhile (writes to several apps, several chunks at once) wait for it
   * before they change the state. Undefined rather than a resolved promise, so that the caller
   * goes on in the same tick as the check, before another chunk can start a checkpoint.
   */
  saveIdle?: () => Promise<void> | undefined;
  /** Where the plan put each record read, per sync and side: the accounting's input. */
  records?: PlannedRecords;
  /** Why each create that failed in this run failed, by create op id. */
  failedCreates?: Map<string, ConnectorError>;
}

export interface ApplyTally {
  created: number;
  updated: number;
  deleted: number;
  linked: number;
  /** Records that failed in this run: writes the apps refused, and records the plan could not sync (R31). */
  failed: number;
  associated: number;
  /** Records still failed from earlier runs, waiting for their retry (R31). */
  failedEarlier?: number;
  /** Records not created because the other app's read was incomplete (R24). */
  waiting?: number;
  /** Records read that ended in no outcome: a fault in the engine, reported, never silent. */
  unaccounted?: number;
  /** Fields created (R16). */
  fields?: number;
  /** Creates whose answer was lost and which could not be looked up: the next run checks them. */
  unchecked?: number;
  /** Things the user should know that did not stop the run (a marker property that could not be created). */
  warnings?: string[];
}

/** Sends of one create: the first, and resends of those its lookup showed never happened. */
const CREATE_ROUNDS = 4;

type Handlers = { [K in OpType]: (ops: Array<Extract<Op, { type: K }>>, ctx: ApplyContext) => Promise<void> };

/** Canonical base values from what the app says it stored, where it says so. */
function baseFromResult(ctx: ApplyContext, syncName: string, side: 'left' | 'right', result: WriteResult, fallback: Record<string, unknown>) {
  const sync = ctx.project.syncs.find((s) => s.name === syncName)!;
  const out: Record<string, ReturnType<typeof canonical>> = {};
  for (const f of sync.fields) {
    const name = f[side];
    if (!(name in fallback)) continue;
    out[name] = result.ok && result.fields && Object.hasOwn(result.fields, name) ? canonical(f, fieldOf(result.fields, name), side) : (fallback[name] as never);
  }
  return out;
}

/**
 * Chunks of one connection and object sent at once: the connector's gate bounds the requests in
 * flight. Three, so that while one chunk's results are taken in and the next chunk is encoded, the
 * other two still hold more batches than any app's gate lets through (WRITES_IN_FLIGHT each).
 */
export const CHUNKS_IN_FLIGHT = 3;

/** Runs every task, at most `limit` at once; rejects with the first failure once all have ended. */
async function allBounded<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
}

/**
 * Sends write ops per connection and object, so each connector can batch at its app's maximum.
 * Connections are written at once (each app has its own limits); one connection's objects one
 * after the other, a couple of chunks of each at once.
 */
async function send<T extends Op & { connection: string; object: string }>(
  ctx: ApplyContext,
  ops: T[],
  toWrite: (op: T) => WriteOp,
  label: string,
  onResult: (op: T, result: WriteResult) => void,
  /** Runs before each chunk is sent (the creates' journal entries). */
  beforeChunk?: (slice: T[]) => Promise<void>,
): Promise<void> {
  // Progress per connection written to (`create salesforce: 1200/5000`): each is written at once.
  const done = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const op of ops) totals.set(op.connection, (totals.get(op.connection) ?? 0) + 1);
  // Bounds memory and lets progress and state saves happen on long runs; a multiple of every
  // app's batch size (100, 200, 500), so chunking never splits a batch.
  const chunk = 1000;
  const checkpoints: Array<Promise<void>> = [];
  const sendChunk = async (connection: string, object: string, slice: T[]) => {
    const byRef = new Map(slice.map((op) => [op.id, op]));
    await beforeChunk?.(slice);
    const results = await ctx.connectors[connection]!.write(object, slice.map(toWrite));
    for (let save = ctx.saveIdle?.(); save; save = ctx.saveIdle?.()) await save;
    for (const result of results) {
      const op = byRef.get(result.ref);
      if (op) onResult(op, result), byRef.delete(result.ref);
    }
    for (const op of byRef.values()) {
      onResult(op, {
        ref: op.id,
        ok: false,
        error: { code: 'NO_RESULT', category: 'unknown', retryable: true, message: 'the app returned no result for this record' },
      });
    }
    done.set(connection, (done.get(connection) ?? 0) + slice.length);
    ctx.progress(done.get(connection)!, totals.get(connection)!, `${label} ${connection}`);
    // The checkpoint runs beside the next chunk's calls instead of before them: results that
    // answer meanwhile wait for it (saveIdle above) before they change the state. Its failure
    // stops the run once every chunk has ended.
    const checkpoint = ctx.saveSoon();
    checkpoint.catch(() => undefined);
    checkpoints.push(checkpoint);
  };
  const connections = [...groupBy(ops, (op) => op.connection).values()];
  await allBounded(connections, connections.length, async (mine) => {
    for (const group of groupBy(mine, (op) => op.object).values()) {
      const { connection, object } = group[0]!;
      const slices: T[][] = [];
      for (let i = 0; i < group.length; i += chunk) slices.push(group.slice(i, i + chunk));
      await allBounded(slices, CHUNKS_IN_FLIGHT, (slice) => sendChunk(connection, object, slice));
    }
  });
  await Promise.all(checkpoints);
}

export const HANDLERS: Handlers = {
  async 'create-field'(ops, ctx) {
    for (const op of ops) {
      // assertSupported (before any wave) has checked every connector has the method.
      try {
        await ctx.connectors[op.connection]!.createField!(op.object, op.field);
      } catch (error) {
        // Without its marker property the run goes on, its creates unmarked (checked by match key only).
        if (op.purpose !== 'marker' || !(error instanceof ConnectorFailure)) throw error;
        (ctx.tally.warnings ??= []).push(
          `warning[no-create-marker] ${op.connection} refused to create the marker property \`${op.field.name}\` on ${op.object} (${error.error.message}): records created there carry no idempotency marker.\n  hint: ${error.error.category === 'permission' ? `grant the app the scope to write ${op.object} properties (crm.schemas.${op.object}.write), or ` : ''}create a single-line text property \`${op.field.name}\` with unique values in HubSpot`,
        );
        continue;
      }
      ctx.tally.fields = (ctx.tally.fields ?? 0) + 1;
    }
  },
  async create(ops, ctx) {
    // Journal first: if the process dies after the app created a record but before its id was
    // saved, the marker lets the next run find that record instead of creating it again.
    const markers = new Map(ops.map((op) => [op.id, createMarker(op.sync, op.side, op.from, op.replaces)]));
    const syncs = new Map(ctx.project.syncs.map((s) => [s.name, s]));
    const entry = (op: (typeof ops)[number]): JournalEntry => {
      const sync = syncs.get(op.sync)!;
      const keyField = sync.matchKeys.find((k) => k[op.side].length === 1 && typeof fieldOf(op.fields, k[op.side][0]!) === 'string')?.[op.side][0];
      return {
        marker: markers.get(op.id)!,
        sync: op.sync,
        side: op.side,
        from: op.from,
        at: ctx.now(),
        ...(keyField ? { key: { field: keyField, value: String(fieldOf(op.fields, keyField)) } } : {}),
      };
    };
    // A store that appends to its journal journals each chunk just before it is sent: the journal
    // written stays the size of the creates in flight, not of every create of the run at each save.
    const journaled = new Set<string>();
    const appendable = ctx.store.journal?.bind(ctx.store);
    const beforeChunk = appendable
      ? async (slice: typeof ops) => {
          const fresh = slice.filter((op) => !journaled.has(op.id));
          for (const op of fresh) journaled.add(op.id);
          await appendable(fresh.map(entry));
        }
      : undefined;
    if (!appendable) for (const op of ops) ctx.editor.state.journal.push(entry(op));
    // Saved first either way: a crash must find the state that its journal belongs to.
    await ctx.store.save();
    // Answered creates leave the journal in one pass before each save, not one by one.
    const answered = new Set<string>();
    ctx.pruneJournal = () => {
      if (answered.size) ctx.editor.state.journal = ctx.editor.state.journal.filter((j) => !answered.has(j.marker));
      answered.clear();
    };
    const outcome: CreateOutcome<(typeof ops)[number]> = {
      created(op, result) {
        answered.add(markers.get(op.id)!);
        const sourceSide = op.side === 'left' ? 'right' : 'left';
        ctx.tally.created++;
        ctx.created.set(op.id, result.id);
        const key = op.side === 'left' ? { left: result.id, right: op.from } : { left: op.from, right: result.id };
        if (op.replaces) ctx.editor.markDeleted(op.sync, op.replaces, 'both');
        const base = { ...op.base, [op.side]: baseFromResult(ctx, op.sync, op.side, result, op.base[op.side]) } as typeof op.base;
        ctx.editor.addLink(op.sync, key, base);
        ctx.editor.clearFailure(op.sync, sourceSide, op.from);
      },
      failed(op, error, checked) {
        // An unchecked create stays in the journal: the next run looks for it before creating it.
        if (checked) answered.add(markers.get(op.id)!);
        else ctx.tally.unchecked = (ctx.tally.unchecked ?? 0) + 1;
        ctx.tally.failed++;
        ctx.editor.fail(op.sync, op.side === 'left' ? 'right' : 'left', op.from, error);
        (ctx.failedCreates ??= new Map()).set(op.id, error);
      },
    };
    // A create whose answer was lost is looked up by its marker, then linked or sent again.
    let pending = ops;
    for (let round = 1; pending.length; round++) {
      const uncertain: Array<{ op: (typeof ops)[number]; error: ConnectorError }> = [];
      await send(
        ctx,
        pending,
        (op) => ({ kind: 'create', ref: op.id, fields: op.fields, marker: markers.get(op.id) }),
        'create',
        (op, result) => {
          if (result.ok) outcome.created(op, result);
          else if (mayExist(result.error)) uncertain.push({ op, error: result.error });
          else outcome.failed(op, result.error, true);
        },
        beforeChunk,
      );
      pending = await confirmCreates(ctx.connectors, uncertain, markers, round < CREATE_ROUNDS, outcome);
    }
  },
  async update(ops, ctx) {
    await send(
      ctx,
      ops,
      (op) => ({ kind: 'update', ref: op.id, id: op.recordId, fields: Object.fromEntries(op.changes.map((c) => [c.field, c.new])) }),
      'update',
      (op, result) => {
        if (!result.ok) {
          ctx.tally.failed++;
          ctx.editor.fail(op.sync, op.side, op.recordId, result.error);
          return;
        }
        ctx.tally.updated++;
        ctx.editor.patchBase(op.sync, op.link, { ...op.base, [op.side]: baseFromResult(ctx, op.sync, op.side, result, op.base[op.side]) } as typeof op.base);
        ctx.editor.clearFailure(op.sync, op.side, op.recordId);
      },
    );
  },
  async delete(ops, ctx) {
    await send(
      ctx,
      ops,
      (op) => ({ kind: 'delete', ref: op.id, id: op.recordId, mode: op.mode }),
      'delete',
      (op, result) => {
        // A record already gone from the app is as good as deleted.
        if (!result.ok && result.error.category !== 'not-found') {
          ctx.tally.failed++;
          ctx.editor.fail(op.sync, op.side, op.recordId, result.error);
          return;
        }
        ctx.tally.deleted++;
        ctx.editor.markDeleted(op.sync, op.link, 'both');
      },
    );
  },
  async link(ops, ctx) {
    for (const op of ops) {
      ctx.editor.addLink(op.sync, op.link, op.base);
      ctx.editor.clearFailure(op.sync, 'left', op.link.left);
      ctx.editor.clearFailure(op.sync, 'right', op.link.right);
      ctx.tally.linked++;
    }
  },
  async 'link-created'(ops, ctx) {
    // Runs in the wave after the creates, so each create it waits for has answered (dedupe.ts).
    for (const op of ops) {
      const id = ctx.created.get(op.created);
      if (id === undefined) {
        // The create this link waited for failed: this sync's record fails with it (listed, and
        // retried with it), never dropped in silence.
        const cause = ctx.failedCreates?.get(op.created);
        ctx.editor.fail(op.sync, other(op.side), op.existing, {
          code: 'PARTNER_CREATE_FAILED',
          category: cause?.category ?? 'unknown',
          retryable: true,
          message: `the record another sync was creating for it failed: ${cause?.message ?? 'no answer'}`,
          hint: cause?.hint,
        });
        ctx.tally.failed++;
        continue;
      }
      ctx.editor.addLink(op.sync, op.side === 'left' ? { left: id, right: op.existing } : { left: op.existing, right: id }, op.base);
      ctx.tally.linked++;
    }
  },
  async relink(ops, ctx) {
    for (const op of ops) {
      if (ctx.editor.relink(op.sync, op.link, op.side, op.to)) ctx.tally.linked++;
    }
  },
  async rebase(ops, ctx) {
    for (const op of ops) ctx.editor.patchBase(op.sync, op.link, op.base);
  },
  async mark(ops, ctx) {
    for (const op of ops) ctx.editor.markExcluded(op.sync, op.link, op.excluded);
  },
  async forget(ops, ctx) {
    for (const op of ops) ctx.editor.markDeleted(op.sync, op.link, op.deleted);
  },
  async associate(ops, ctx) {
    // A record created in this run is known by the id its create answered with. If that create
    // failed, its record already counts as failed; the association waits for the run that creates it.
    const resolve = (ref: RecordRef) => (ref.kind === 'record' ? ref.id : ctx.created.get(ref.op));
    const groups = groupBy(ops, (op) => `${op.connection}\u0000${op.object}\u0000${op.toObject}`);
    for (const group of groups.values()) {
      const { connection, object, toObject } = group[0]!;
      const ready = group.flatMap((op) => {
        const [fromId, toId] = [resolve(op.from), resolve(op.to)];
        return fromId !== undefined && toId !== undefined ? [{ op, link: { fromId, toId, primary: op.primary } }] : [];
      });
      if (!ready.length) continue;
      // Results come back keyed by ref, in any order (as writes do): never matched by position.
      const byRef = groupBy(ready, (x) => associationRef(x.link));
      const results = await ctx.connectors[connection]!.associate!(
        object,
        toObject,
        ready.map((x) => x.link),
      );
      const answered = (result: WriteResult) => {
        for (const { op, link } of byRef.get(result.ref) ?? []) {
          if (result.ok) ctx.tally.associated++;
          else ctx.tally.failed++, ctx.editor.fail(op.sync, op.side, link.fromId, { ...result.error, category: 'association' });
        }
        byRef.delete(result.ref);
      };
      for (const result of results) answered(result);
      for (const ref of [...byRef.keys()]) {
        answered({
          ref,
          ok: false,
          error: { code: 'NO_RESULT', category: 'association', retryable: true, message: 'the app returned no result for this association' },
        });
      }
    }
  },
};

/**
 * The wave each op type runs in; waves run in order, and within a wave types run in this table's
 * order. `satisfies` makes the table exhaustive: a new op type does not compile until it is placed.
 */
export const WAVES = {
  // Fields first: records may need them (R16).
  'create-field': 0,
  // State before writes, so updates of newly matched pairs and of links that followed a merged
  // record find their link.
  relink: 1,
  link: 1,
  rebase: 1,
  mark: 1,
  forget: 1,
  create: 2,
  // After the creates have answered: links to their records, and the writes to linked pairs.
  'link-created': 3,
  update: 3,
  delete: 3,
  // Last: associations may point at records created in this run (R27).
  associate: 4,
} as const satisfies Record<OpType, number>;

const TYPE_ORDER = (Object.keys(WAVES) as OpType[]).sort((a, b) => WAVES[a] - WAVES[b]);

/** The plan's ops as batches of one type, in the order they run. Every op is in exactly one batch. */
export function schedule(ops: readonly Op[]): Array<{ type: OpType; wave: number; ops: Op[] }> {
  const byType = groupBy(ops, (op) => op.type);
  const unknown = [...byType.keys()].filter((type) => !Object.hasOwn(WAVES, type));
  // Never filter out an op that nothing handles (a saved plan is schema-checked before this).
  if (unknown.length)
    throw new CrmsyncError('plan-invalid', `the plan holds op type(s) this crmsync cannot run: ${unknown.join(', ')}`, 'make a new plan with this version');
  return TYPE_ORDER.filter((type) => byType.has(type)).map((type) => ({ type, wave: WAVES[type], ops: byType.get(type)! }));
}

export async function interpret(plan: Plan, ctx: ApplyContext): Promise<ApplyTally> {
  // Checked before anything is written, so an unsupported op never leaves a half-applied plan.
  assertSupported(plan.ops, ctx.connectors);
  for (const batch of schedule(plan.ops)) await (HANDLERS[batch.type] as (ops: Op[], ctx: ApplyContext) => Promise<void>)(batch.ops, ctx);
  // Records the plan left alone for a reason the user must resolve become failures (R31), counted
  // with this run's failures; records waiting for a complete read are listed as waiting.
  const waiting = new Map<string, NonNullable<ReturnType<StateEditor['sync']>['waiting']>>();
  for (const f of plan.findings) {
    if (f.kind === 'failed-earlier') {
      ctx.tally.failedEarlier = (ctx.tally.failedEarlier ?? 0) + 1;
      continue;
    }
    if (f.kind === 'waiting') {
      if (!waiting.has(f.sync)) waiting.set(f.sync, []);
      waiting.get(f.sync)!.push({ side: f.side, id: f.recordId, message: f.message, ...(f.hint ? { hint: f.hint } : {}) });
      ctx.tally.waiting = (ctx.tally.waiting ?? 0) + 1;
      continue;
    }
    ctx.tally.failed++;
    ctx.editor.fail(f.sync, f.side, f.recordId, {
      code: f.kind === 'ambiguous' ? 'AMBIGUOUS_MATCH' : 'REQUIRED_FIELD_BLANK',
      category: f.category,
      message: f.message,
      hint: f.hint,
      retryable: false,
    });
  }
  for (const [name, cursors] of Object.entries(plan.cursors)) {
    const s = ctx.editor.sync(name);
    s.cursors = { ...cursors };
    // R8: records modified up to what this run saw predate the sync; later ones are changes.
    const seen = plan.syncs.find((x) => x.name === name)?.latestModifiedAt;
    s.activatedAt ??= seen && seen > plan.createdAt ? seen : plan.createdAt;
  }
  for (const summary of plan.syncs) {
    if (!summary.enabled || summary.note) continue;
    const s = ctx.editor.sync(summary.name);
    if (summary.configHash) s.configHash = summary.configHash;
    if (summary.fullReadAt) s.fullReadAt = summary.fullReadAt;
    const failed = new Set(s.failures.map((f) => `${f.side}:${f.id}`));
    let inSync = 0;
    for (const l of s.links) if (!l.deleted && (!failed.size || (!failed.has(`left:${l.left}`) && !failed.has(`right:${l.right}`)))) inSync++;
    const incomplete: Partial<Record<'left' | 'right', string>> = {};
    for (const side of ['left', 'right'] as const) {
      const read = summary[side];
      if (!read.complete) incomplete[side] = read.error ? `${read.error.category}: ${read.error.code}` : 'cut short';
    }
    const records = ctx.records?.[summary.name];
    const accounting = records ? account(records, s) : undefined;
    if (accounting) ctx.tally.unaccounted = (ctx.tally.unaccounted ?? 0) + accounting.left.unaccounted + accounting.right.unaccounted;
    s.health = {
      at: ctx.now(),
      inSync,
      excluded: summary.excluded,
      failed: s.failures.length,
      waiting: summary.waiting ?? { left: 0, right: 0 },
      ...(Object.keys(incomplete).length ? { incomplete } : {}),
      ...(accounting ? { accounting } : {}),
    };
    if (waiting.has(summary.name)) s.waiting = waiting.get(summary.name);
    else delete s.waiting;
  }
  ctx.pruneJournal?.();
  await ctx.store.save();
  return ctx.tally;
}
