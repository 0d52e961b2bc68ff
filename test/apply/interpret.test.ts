/**
 * The interpreter runs every op, in waves (WAVES): fields, state, creates, then what needs the
 * creates' answers (links to created records, updates, deletes), then associations (R27). An op its
 * connector cannot run refuses the whole plan before anything is written. The connector here is an
 * in-memory recorder of the calls the interpreter makes, so the order and the matching are visible.
 *
 * The exhaustiveness of WAVES is a compile-time check (`satisfies Record<OpType, number>` in
 * src/apply/interpret.ts): a new op type that is not placed there fails `npx tsc --noEmit -p .`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNKS_IN_FLIGHT, interpret, schedule, WAVES, type ApplyContext } from '../../src/apply/interpret.js';
import { StateEditor } from '../../src/apply/state-ops.js';
import { assertSupported, unsupportedOps } from '../../src/apply/supported.js';
import type { CompiledProject } from '../../src/config/model.js';
import type { AssociationLink, Connector, WriteOp, WriteResult } from '../../src/connectors/types.js';
import { CrmsyncError } from '../../src/errors.js';
import type { AssociateOp, CreateOp, LinkCreatedOp, Op, Plan, UpdateOp } from '../../src/plan/types.js';
import { newState } from '../../src/state/store.js';

const now = () => '2026-01-01T00:00:00.000Z';
const source = { file: 'syncs/s.yaml', line: 1, col: 1 };
const reason = { rule: 'R3' as const, message: 'test' };

const create = (id: string, from: string): CreateOp => ({
  id,
  type: 'create',
  sync: 's',
  side: 'left',
  connection: 'hub',
  object: 'contacts',
  from,
  fields: { email: `${from}@x.test` },
  base: { left: {}, right: {} },
  reason,
  source,
});
const linkCreated = (created: string, existing: string): LinkCreatedOp => ({
  id: `t/link-created/${existing}`,
  type: 'link-created',
  sync: 't',
  side: 'left',
  created,
  existing,
  base: { left: {}, right: {} },
  reason: { rule: 'R24', message: 'test' },
  source,
});
const associate = (id: string, from: AssociateOp['from'], to: string): AssociateOp => ({
  id,
  type: 'associate',
  sync: 's',
  side: 'left',
  connection: 'hub',
  object: 'contacts',
  toObject: 'companies',
  from,
  to: { kind: 'record', id: to },
  primary: true,
  reason: { rule: 'R27', message: 'test' },
  source,
});
const update = (recordId: string): UpdateOp => ({
  id: `s/update/${recordId}`,
  type: 'update',
  sync: 's',
  side: 'left',
  connection: 'hub',
  object: 'contacts',
  recordId,
  link: { left: recordId, right: `r-${recordId}` },
  changes: [],
  base: { left: {}, right: {} },
  reason,
  source,
});

/** A connector that records each call; creates answer `new-<from>`, associations answer in reverse order. */
function recorder(options: { refuseCreates?: boolean; refuseAssociation?: string; noAssociate?: boolean } = {}) {
  const calls: string[] = [];
  const associated: AssociationLink[] = [];
  const connector = {
    async write(_object: string, ops: WriteOp[]): Promise<WriteResult[]> {
      for (const op of ops) calls.push(`${op.kind}:${op.ref}`);
      return ops.map((op): WriteResult => {
        if (op.kind === 'create' && options.refuseCreates)
          return { ref: op.ref, ok: false, error: { code: 'INVALID', category: 'property-value', retryable: false, message: 'refused' } };
        return { ref: op.ref, ok: true, id: op.kind === 'create' ? `new-${String(op.fields.email).split('@')[0]}` : (op as { id: string }).id };
      });
    },
    ...(options.noAssociate
      ? {}
      : {
          async associate(_from: string, _to: string, links: AssociationLink[]): Promise<WriteResult[]> {
            calls.push('associate');
            associated.push(...links);
            return links
              .map((l): WriteResult => {
                const ref = `${l.fromId}->${l.toId}`;
                return l.fromId === options.refuseAssociation
                  ? { ref, ok: false, error: { code: 'NOPE', category: 'association', retryable: false, message: 'refused' } }
                  : { ref, ok: true, id: ref };
              })
              .reverse();
          },
        }),
  };
  return { calls, associated, connector: connector as unknown as Connector };
}

function context(connector: Connector) {
  const state = newState();
  const project = { syncs: ['s', 't'].map((name) => ({ name, matchKeys: [], fields: [] })) } as unknown as CompiledProject;
  const ctx: ApplyContext = {
    project,
    connectors: { hub: connector },
    store: { path: 'memory', data: state, save: async () => undefined },
    editor: new StateEditor(state, now),
    now,
    progress: () => undefined,
    tally: { created: 0, updated: 0, deleted: 0, linked: 0, failed: 0, associated: 0 },
    created: new Map(),
    saveSoon: async () => undefined,
  };
  return { state, ctx };
}

const planOf = (ops: Op[]): Plan => ({
  format: 'crmsync-plan',
  version: 3,
  createdAt: now(),
  state: { lineage: 'new', serial: 0 },
  configHash: 'x',
  fingerprints: {},
  cursors: {},
  syncs: [],
  ops,
  findings: [],
});

test('schedule: every op once, in batches of one type, in the order of the waves', () => {
  const ops: Op[] = [
    associate('a1', { kind: 'record', id: 'h1' }, 'c1'),
    update('h2'),
    linkCreated('s/create/1', 'g1'),
    create('s/create/1', 'r1'),
    { id: 'l', type: 'link', sync: 's', link: { left: 'h3', right: 'r3' }, base: { left: {}, right: {} }, reason: { rule: 'R25', message: 'm' }, source },
    {
      id: 'f',
      type: 'create-field',
      sync: 's',
      side: 'left',
      connection: 'hub',
      object: 'contacts',
      field: { name: 'x', type: 'string' },
      reason: { rule: 'R16', message: 'm' },
      source,
    },
  ];
  const batches = schedule(ops);
  assert.equal(
    batches.map((b) => b.type),
    ['create-field', 'link', 'create', 'link-created', 'update', 'associate'],
  );
  assert.equal(
    batches
      .flatMap((b) => b.ops)
      .map((o) => o.id)
      .sort(),
    ops.map((o) => o.id).sort(),
  );
  for (let i = 1; i < batches.length; i++) assert.ok(batches[i]!.wave >= batches[i - 1]!.wave);
  // Whatever reads an id a create answers with runs in a later wave than the creates.
  for (const type of ['link-created', 'associate'] as const) assert.ok(WAVES[type] > WAVES.create);
});

test('schedule: an op type this version cannot run refuses the plan, never a silent skip', () => {
  const bogus = { ...update('h1'), type: 'teleport' } as unknown as Op;
  try {
    schedule([update('h2'), bogus]);
    assert.unreachable('an unknown op type was scheduled');
  } catch (error) {
    assert.instance(error, CrmsyncError);
    assert.is((error as CrmsyncError).code, 'plan-invalid');
    assert.match((error as CrmsyncError).message, 'teleport');
  }
});

test('R24/R27: links and associations to a record created in this run wait for its create and use its id', async () => {
  const { calls, associated, connector } = recorder();
  const { state, ctx } = context(connector);
  // Listed in the wrong order on purpose: the waves put them right.
  const tally = await interpret(
    planOf([associate('a1', { kind: 'created', op: 's/create/1' }, 'c1'), linkCreated('s/create/1', 'g1'), create('s/create/1', 'r1')]),
    ctx,
  );
  assert.equal(calls, ['create:s/create/1', 'associate']);
  assert.equal(associated, [{ fromId: 'new-r1', toId: 'c1', primary: true }]);
  assert.equal(
    state.syncs.s!.links.map((l) => [l.left, l.right]),
    [['new-r1', 'r1']],
  );
  assert.equal(
    state.syncs.t!.links.map((l) => [l.left, l.right]),
    [['new-r1', 'g1']],
  );
  assert.equal([tally.created, tally.linked, tally.associated, tally.failed], [1, 1, 1, 0]);
});

test('R24: a link to a record whose create failed fails the existing record with it', async () => {
  const { connector } = recorder({ refuseCreates: true });
  const { state, ctx } = context(connector);
  await interpret(planOf([linkCreated('s/create/1', 'g1'), create('s/create/1', 'r1')]), ctx);
  assert.equal(state.syncs.t!.links, []);
  assert.equal(
    state.syncs.t!.failures.map((f) => [f.side, f.id, f.code]),
    [['right', 'g1', 'PARTNER_CREATE_FAILED']],
  );
});

test('R27: association results are matched by ref, not by position', async () => {
  const { connector } = recorder({ refuseAssociation: 'h2' });
  const { state, ctx } = context(connector);
  const tally = await interpret(
    planOf([
      associate('a1', { kind: 'record', id: 'h1' }, 'c1'),
      associate('a2', { kind: 'record', id: 'h2' }, 'c2'),
      associate('a3', { kind: 'record', id: 'h3' }, 'c3'),
    ]),
    ctx,
  );
  assert.equal([tally.associated, tally.failed], [2, 1]);
  // Answered in reverse order: the refusal still lands on the record it was about.
  assert.equal(
    state.syncs.s!.failures.map((f) => [f.side, f.id, f.category]),
    [['left', 'h2', 'association']],
  );
});

test('an associate op for a connector without associations refuses the plan before anything is written', async () => {
  const { calls, connector } = recorder({ noAssociate: true });
  const { ctx } = context(connector);
  const ops = [create('s/create/1', 'r1'), associate('a1', { kind: 'record', id: 'h1' }, 'c1')];
  assert.equal(
    unsupportedOps(ops, { hub: connector }).map((o) => o.id),
    ['a1'],
  );
  try {
    await interpret(planOf(ops), ctx);
    assert.unreachable('the plan was applied');
  } catch (error) {
    assert.instance(error, CrmsyncError);
    assert.is((error as CrmsyncError).code, 'plan-unsupported');
    assert.match((error as CrmsyncError).message, 'syncs/s.yaml:1:1');
    assert.match((error as CrmsyncError).message, 'connection hub cannot add associations');
  }
  assert.equal(calls, []);
});

test("plan time: a field to create in an app that cannot is refused with the sync's location and a hint (R16)", () => {
  const field: Op = {
    id: 'f',
    type: 'create-field',
    sync: 's',
    side: 'left',
    connection: 'hub',
    object: 'contacts',
    field: { name: 'x', type: 'string' },
    reason: { rule: 'R16', message: 'm' },
    source: { file: 'syncs/s.yaml', line: 4, col: 3 },
  };
  assert.equal(unsupportedOps([field], { hub: { createField: async () => ({ name: 'x', type: 'string' }) } }), []);
  try {
    assertSupported([field, field], { hub: {} });
    assert.unreachable('the plan was accepted');
  } catch (error) {
    assert.is((error as CrmsyncError).code, 'plan-unsupported');
    assert.match(
      (error as CrmsyncError).message,
      'syncs/s.yaml:4:3: sync s plans op f, but connection hub cannot create fields (and 1 more op(s) it cannot run)',
    );
    assert.match((error as CrmsyncError).hint!, 'create_missing_properties');
  }
});

test('a checkpoint runs beside the next chunk: the chunk after it is sent before the save ends, and no result lands during the save', async () => {
  const { calls, connector } = recorder();
  const { state, ctx } = context(connector);
  // 1,000 creates a chunk: one more chunk than are sent at once.
  const ops = Array.from({ length: (CHUNKS_IN_FLIGHT + 1) * 1000 }, (_, i) => create(`s/create/${i}`, `p${i}`));
  let saving: Promise<void> | undefined;
  let saveEnded = false;
  let sentBeforeSaveEnded = -1;
  let linksBeforeSaveEnded = -1;
  ctx.saveSoon = () => {
    // The first checkpoint takes a while; later ones are not due.
    if (saving) return Promise.resolve();
    saving = new Promise<void>((done) =>
      setTimeout(() => {
        sentBeforeSaveEnded = calls.length;
        linksBeforeSaveEnded = state.syncs.s?.links.length ?? 0;
        saveEnded = true;
        done();
      }, 50),
    );
    return saving;
  };
  ctx.saveIdle = () => (saving && !saveEnded ? saving : undefined);
  await interpret(planOf(ops), ctx);
  // Every chunk, the one after the checkpoint included, went out while the state was being written…
  assert.is(sentBeforeSaveEnded, ops.length);
  // …and only the first chunk's results were recorded before it: the others waited for the save.
  assert.is(linksBeforeSaveEnded, 1000);
  assert.is(state.syncs.s!.links.length, ops.length);
});

test.run();
