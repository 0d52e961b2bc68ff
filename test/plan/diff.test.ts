/** diffSync, one sync's plan from two snapshots and its state. Pure: in-memory inputs, no apps. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffSync, type DiffInput } from '../../src/plan/diff.js';
import { countOps } from '../../src/plan/counts.js';
import type { Op } from '../../src/plan/types.js';
import { emptySyncState, type LinkState } from '../../src/state/types.js';
import { compiledSync, linked, remote, snapshot } from '../helpers/compiled.js';

/** The sync's counts as the plan derives them from its ops. */
const counted = (ops: Op[]) => {
  const none = { create: 0, update: 0, delete: 0, associate: 0 };
  return countOps(ops).get('s')?.counts ?? { left: none, right: none };
};

const now = '2026-02-01T00:00:00.000Z';
const ada = remote('L1', { email: 'ada@x.com', city: 'Oslo' });
const adaLink = linked('L1', 'R1', { email: 'ada@x.com', city: 'Oslo' });

function diff(left: DiffInput['left'], right: DiffInput['right'], links: LinkState[] = [], over: Partial<DiffInput> = {}) {
  return diffSync({ sync: compiledSync(), state: { ...emptySyncState(), links }, left, right, now, ...over });
}
/** Each op as `type side/record`, in plan order. */
const brief = (ops: Op[]) =>
  ops.map(
    (o) =>
      `${o.type} ${'side' in o ? o.side : ''}/${'recordId' in o ? o.recordId : 'from' in o ? o.from : 'link' in o ? `${o.link.left}+${o.link.right}` : ''}`,
  );

test('R3: a record with no match is created in the other app, with its mapped fields and a base for the link', () => {
  const d = diff(snapshot([ada]), snapshot([]));
  assert.equal(brief(d.ops), ['create right/L1']);
  const create = d.ops[0]!;
  assert.ok(create.type === 'create');
  assert.equal(create.fields, { email: 'ada@x.com', city: 'Oslo' });
  assert.equal(create.base, { left: { email: 'ada@x.com', city: 'Oslo' }, right: { email: 'ada@x.com', city: 'Oslo' } });
  assert.is(create.reason.rule, 'R3');
  assert.equal(counted(d.ops).right, { create: 1, update: 0, delete: 0, associate: 0 });
  assert.equal([...d.records.left], [['L1', 'create']]);
});

test('R25: records matched by email (case folded) are linked, not duplicated; the preferred value is written where they differ', () => {
  const d = diff(snapshot([ada]), snapshot([remote('R9', { email: 'ADA@x.com', city: 'Oslo' })]));
  assert.equal(brief(d.ops), ['update right/R9', 'link /L1+R9']);
  const update = d.ops[0]!;
  assert.ok(update.type === 'update');
  assert.equal(
    update.changes.map((c) => [c.field, c.old, c.new, c.reason.rule]),
    [['email', 'ADA@x.com', 'ada@x.com', 'R11']],
  );
  assert.is(d.ops[1]!.reason.rule, 'R25');
  assert.equal([...d.records.right], [['R9', 'link']]);
});

test('R10: a linked pair where one app changed since the base updates the other, and only that field', () => {
  const d = diff(snapshot([{ ...ada, fields: { email: 'ada@x.com', city: 'Bergen' } }]), snapshot([remote('R1', { email: 'ada@x.com', city: 'Oslo' })]), [
    adaLink,
  ]);
  assert.equal(brief(d.ops), ['update right/R1']);
  const update = d.ops[0]!;
  assert.ok(update.type === 'update');
  assert.equal(
    update.changes.map((c) => [c.field, c.old, c.new, c.reason.rule]),
    [['city', 'Oslo', 'Bergen', 'R10']],
  );
  assert.equal(update.base, { left: { city: 'Bergen' }, right: { city: 'Bergen' } });
  assert.is(d.summary.linked, 1);
});

test('a linked pair that both apps still hold as in the base plans nothing and counts as in sync', () => {
  const d = diff(snapshot([ada]), snapshot([remote('R1', { email: 'ada@x.com', city: 'Oslo' })]), [adaLink]);
  assert.equal(d.ops, []);
  assert.is(d.summary.inSync, 1);
  assert.equal([...d.records.left], [['L1', 'linked']]);
});

test('R30: a linked record gone from a complete read is deleted in the other app; an incomplete read deletes nothing', () => {
  const gone = diff(snapshot([]), snapshot([remote('R1', { email: 'ada@x.com', city: 'Oslo' })]), [adaLink]);
  assert.equal(brief(gone.ops), ['delete right/R1']);
  assert.is(gone.ops[0]!.reason.rule, 'R30');
  assert.is(counted(gone.ops).right.delete, 1);
  const partial = diff(snapshot([], { complete: false }), snapshot([remote('R1', { email: 'ada@x.com', city: 'Oslo' })]), [adaLink]);
  assert.equal(
    partial.ops.filter((o) => o.type === 'delete'),
    [],
  );
});

test('R13: a one-way sync never creates or writes into its source app', () => {
  const sync = compiledSync('s', { direction: 'left-to-right' });
  const d = diffSync({ sync, state: emptySyncState(), left: snapshot([]), right: snapshot([remote('R5', { email: 'eve@x.com', city: 'Rome' })]), now });
  assert.equal(
    d.ops.filter((o) => o.type === 'create' || o.type === 'update'),
    [],
  );
  assert.equal(counted(d.ops).left, { create: 0, update: 0, delete: 0, associate: 0 });
});

test.run();
