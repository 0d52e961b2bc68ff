/**
 * The interpreter: runs a plan's operations against the connectors and records each outcome in
 * the state. One handler per op type (a mapped type, so a missing handler does not compile).
 * Creates are journalled before they are sent, so a crash between the call and its answer can be
 * reconciled on the next run instead of creating a duplicate.
 */
import { randomUUID } from 'node:crypto';
import type { CompiledProject } from '../config/model.js';
import { ConnectorFailure, type Connector, type WriteOp, type WriteResult } from '../connectors/types.js';
import type { Op, OpType, Plan } from '../plan/types.js';
import { groupBy } from '../group-by.js';
import { canonical, fieldOf } from '../plan/values.js';
import type { StateStore } from '../state/store.js';
import { StateEditor } from './state-ops.js';

export interface ApplyContext {
  project: CompiledProject;
  connectors: Record<string, Connector>;
  store: StateStore;
  editor: StateEditor;
  now: () => string;
  progress: (done: number, total: number, label: string) => void;
  tally: ApplyTally;
  /** Ids of records created in this run, by create op id (for associations to new records). */
  created: Map<string, string>;
  /** Set once every create has been sent, for links to records created in this run. */
  createsDone?: boolean;
  /** Drops answered creates from the journal; called before each state save. */
  pruneJournal?: () => void;
  /** Saves the state if the last save is a few seconds old (large states are costly to write). */
  saveSoon: () => Promise<void>;
}

export interface ApplyTally {
  created: number;
  updated: number;
  deleted: number;
  linked: number;
  failed: number;
  associated: number;
  /** Fields created (R16). */
  fields?: number;
}

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

/** Sends write ops per connection and object, so each connector can batch at its app's maximum. */
async function send<T extends Op & { connection: string; object: string }>(
  ctx: ApplyContext, ops: T[], toWrite: (op: T) => WriteOp, label: string,
  onResult: (op: T, result: WriteResult) => void,
): Promise<void> {
  const groups = groupBy(ops, (op) => `${op.connection}\u0000${op.object}`);
  let done = 0;
  for (const group of groups.values()) {
    const { connection, object } = group[0]!;
    // Bounds memory and lets progress and state saves happen on long runs; a multiple of every
    // app's batch size (100, 200, 500), so chunking never splits a batch.
    const chunk = 1000;
    for (let i = 0; i < group.length; i += chunk) {
      const slice = group.slice(i, i + chunk);
      const byRef = new Map(slice.map((op) => [op.id, op]));
      const results = await ctx.connectors[connection]!.write(object, slice.map(toWrite));
      for (const result of results) {
        const op = byRef.get(result.ref);
        if (op) onResult(op, result), byRef.delete(result.ref);
      }
      for (const op of byRef.values()) {
        onResult(op, { ref: op.id, ok: false, error: { code: 'NO_RESULT', category: 'unknown', retryable: true, message: 'the app returned no result for this record' } });
      }
      done += slice.length;
      ctx.progress(done, ops.length, label);
      await ctx.saveSoon();
    }
  }
}

export const HANDLERS: Handlers = {
  async 'create-field'(ops, ctx) {
    for (const op of ops) {
      const connector = ctx.connectors[op.connection]!;
      if (!connector.createField) throw new ConnectorFailure({ code: 'UNSUPPORTED', category: 'permission', retryable: false, message: `${op.connection} cannot create fields`, hint: 'create the field in the app, or switch create_missing_properties off' }, op.connection);
      await connector.createField(op.object, op.field);
      ctx.tally.fields = (ctx.tally.fields ?? 0) + 1;
    }
  },
  async create(ops, ctx) {
    // Journal first: if the process dies after the app created a record but before its id was
    // saved, the marker lets the next run find that record instead of creating it again.
    const markers = new Map(ops.map((op) => [op.id, `crmsync:${randomUUID()}`]));
    for (const op of ops) {
      const sync = ctx.project.syncs.find((s) => s.name === op.sync)!;
      const keyField = sync.matchKeys.find((k) => k[op.side].length === 1 && typeof fieldOf(op.fields, k[op.side][0]!) === 'string')?.[op.side][0];
      ctx.editor.state.journal.push({
        marker: markers.get(op.id)!, sync: op.sync, side: op.side, from: op.from, at: ctx.now(),
        ...(keyField ? { key: { field: keyField, value: String(fieldOf(op.fields, keyField)) } } : {}),
      });
    }
    await ctx.store.save();
    // Answered creates leave the journal in one pass before each save, not one by one.
    const answered = new Set<string>();
    ctx.pruneJournal = () => {
      if (answered.size) ctx.editor.state.journal = ctx.editor.state.journal.filter((j) => !answered.has(j.marker));
      answered.clear();
    };
    await send(ctx, ops, (op) => ({ kind: 'create', ref: op.id, fields: op.fields, marker: markers.get(op.id) }), 'create', (op, result) => {
      answered.add(markers.get(op.id)!);
      const sourceSide = op.side === 'left' ? 'right' : 'left';
      if (!result.ok) {
        ctx.tally.failed++;
        ctx.editor.fail(op.sync, sourceSide, op.from, result.error);
        return;
      }
      ctx.tally.created++;
      ctx.created.set(op.id, result.id);
      const key = op.side === 'left' ? { l: result.id, r: op.from } : { l: op.from, r: result.id };
      if (op.replaces) ctx.editor.markDeleted(op.sync, op.replaces, 'both');
      const own = op.side === 'left' ? 'l' : 'r';
      const base = { ...op.base, [own]: baseFromResult(ctx, op.sync, op.side, result, op.base[own]) } as typeof op.base;
      ctx.editor.addLink(op.sync, key, base);
      ctx.editor.clearFailure(op.sync, sourceSide, op.from);
    });
  },
  async update(ops, ctx) {
    await send(ctx, ops, (op) => ({ kind: 'update', ref: op.id, id: op.recordId, fields: Object.fromEntries(op.changes.map((c) => [c.field, c.new])) }), 'update', (op, result) => {
      if (!result.ok) {
        ctx.tally.failed++;
        ctx.editor.fail(op.sync, op.side, op.recordId, result.error);
        return;
      }
      ctx.tally.updated++;
      const own = op.side === 'left' ? 'l' : 'r';
      ctx.editor.patchBase(op.sync, op.link, { ...op.base, [own]: baseFromResult(ctx, op.sync, op.side, result, op.base[own]) } as typeof op.base);
      ctx.editor.clearFailure(op.sync, op.side, op.recordId);
    });
  },
  async delete(ops, ctx) {
    await send(ctx, ops, (op) => ({ kind: 'delete', ref: op.id, id: op.recordId, mode: op.mode }), 'delete', (op, result) => {
      // A record already gone from the app is as good as deleted.
      if (!result.ok && result.error.category !== 'not-found') {
        ctx.tally.failed++;
        ctx.editor.fail(op.sync, op.side, op.recordId, result.error);
        return;
      }
      ctx.tally.deleted++;
      ctx.editor.markDeleted(op.sync, op.link, 'both');
    });
  },
  async link(ops, ctx) {
    for (const op of ops) {
      // A link to a record another sync creates in this run waits for that create (dedupe.ts).
      const resolve = (id: string) => (id.startsWith('create:') ? ctx.created.get(id.slice(7)) : id);
      if (op.link.l.startsWith('create:') || op.link.r.startsWith('create:')) {
        if (!ctx.createsDone) continue;
        const l = resolve(op.link.l);
        const r = resolve(op.link.r);
        if (!l || !r) continue; // the create failed; the next run matches again
        ctx.editor.addLink(op.sync, { l, r }, op.base);
        ctx.tally.linked++;
        continue;
      }
      if (ctx.createsDone) continue;
      ctx.editor.addLink(op.sync, op.link, op.base);
      ctx.editor.clearFailure(op.sync, 'left', op.link.l);
      ctx.editor.clearFailure(op.sync, 'right', op.link.r);
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
    for (const op of ops) {
      const link = ctx.editor.link(op.sync, op.link);
      if (!link) continue;
      if (op.excluded) link.excluded = true;
      else delete link.excluded;
    }
  },
  async forget(ops, ctx) {
    for (const op of ops) ctx.editor.markDeleted(op.sync, op.link, op.deleted);
  },
  async associate(ops, ctx) {
    // Associations to records created in this run resolve to their new ids; if such a create
    // failed, the association waits for the next run.
    const resolve = (id: string) => (id.startsWith('create:') ? ctx.created.get(id.slice(7)) : id);
    const groups = groupBy(ops, (op) => `${op.connection}\u0000${op.object}\u0000${op.toObject}`);
    for (const group of groups.values()) {
      const { connection, object, toObject } = group[0]!;
      const connector = ctx.connectors[connection]!;
      const ready = group.map((op) => ({ op, fromId: resolve(op.fromId), toId: resolve(op.toId) })).filter((x) => x.fromId && x.toId);
      if (!connector.associate || !ready.length) continue;
      const results = await connector.associate(object, toObject, ready.map((x) => ({ fromId: x.fromId!, toId: x.toId!, primary: x.op.primary })));
      for (const [i, result] of results.entries()) {
        const { op, fromId } = ready[i]!;
        if (result.ok) ctx.tally.associated++;
        else ctx.tally.failed++, ctx.editor.fail(op.sync, op.side, fromId!, { ...result.error, category: 'association' });
      }
    }
  },
};

/**
 * Fields first (records may need them), then links, so that updates of newly matched pairs and of
 * links that followed a merged record find their link.
 */
const ORDER: OpType[] = ['create-field', 'relink', 'link', 'rebase', 'mark', 'forget', 'create', 'update', 'delete', 'associate'];

export async function interpret(plan: Plan, ctx: ApplyContext): Promise<ApplyTally> {
  for (const type of ORDER) {
    const ops = plan.ops.filter((op) => op.type === type);
    if (ops.length) await (HANDLERS[type] as (ops: Op[], ctx: ApplyContext) => Promise<void>)(ops, ctx);
    if (type === 'create') {
      ctx.createsDone = true;
      await HANDLERS.link(plan.ops.filter((op): op is Extract<Op, { type: 'link' }> => op.type === 'link'), ctx);
    }
  }
  // Records the plan left alone for a reason the user must resolve become failures (R31).
  for (const f of plan.findings) {
    if (f.kind === 'failed-earlier') continue;
    ctx.editor.fail(f.sync, f.side, f.recordId, { code: f.kind === 'ambiguous' ? 'AMBIGUOUS_MATCH' : 'REQUIRED_FIELD_BLANK', category: f.category, message: f.message, hint: f.hint, retryable: false });
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
    const inSync = s.links.filter((l) => !l.deleted && !failed.has(`left:${l.l}`) && !failed.has(`right:${l.r}`)).length;
    s.health = { at: ctx.now(), inSync, excluded: summary.excluded, failed: s.failures.length };
  }
  ctx.pruneJournal?.();
  await ctx.store.save();
  return ctx.tally;
}
