/** buildPlan: every enabled sync diffed, creates deduplicated, associations added, counts and cursors. Pure. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FieldDef } from '../../src/connectors/types.js';
import { buildPlan, planReads, type Snapshots } from '../../src/plan/build.js';
import { setSyncSerials } from '../../src/state/sync-serials.js';
import { PLAN_VERSION } from '../../src/plan/types.js';
import { compiledProject, compiledSync, remote, snapshot, snapshots, stateWith } from '../helpers/compiled.js';

const now = '2026-02-01T00:00:00.000Z';
const one = compiledSync('one');
const two = compiledSync('two', { right: { ...one.right, connection: 'c' } });

test('a versioned plan of every read sync, stamped with the state it was made against and what was read', () => {
  const state = stateWith({});
  const snaps: Snapshots = { one: { left: snapshot([]), right: snapshot([remote('B1', { email: 'ada@x.com' })], { cursor: 'b-cursor' }) } };
  const plan = buildPlan(compiledProject(one), state, snaps, now);
  assert.is(plan.format, 'crmsync-plan');
  assert.is(plan.version, PLAN_VERSION);
  assert.equal(plan.state, { lineage: state.lineage, serial: state.serial });
  assert.equal(
    plan.ops.map((o) => o.id),
    ['one/create/left/B1'],
  );
  assert.equal(
    plan.syncs.map((s) => [s.name, s.counts.left.create, s.fullReadAt]),
    [['one', 1, now]],
  );
  assert.equal(plan.cursors.one, { left: null, right: 'b-cursor' });
  assert.equal(Object.keys(plan.fingerprints.one!), ['left', 'right']);
});

test('an incomplete read keeps the old cursor of its side and sets no full-read time', () => {
  const state = stateWith({ one: [] });
  state.syncs.one!.cursors = { left: 'old-left', right: 'old-right' };
  const snaps: Snapshots = { one: { left: snapshot([], { complete: false, cursor: 'new-left' }), right: snapshot([], { cursor: 'new-right' }) } };
  const plan = buildPlan(compiledProject(one), state, snaps, now);
  assert.equal(plan.cursors.one, { left: 'old-left', right: 'new-right' });
  assert.is(plan.syncs[0]!.fullReadAt, undefined);
});

test('R24 across syncs: the same person created by two syncs in one app is created once, and counted once', () => {
  const snaps: Snapshots = { one: snapshots([], [remote('B1', { email: 'ada@x.com' })]), two: snapshots([], [remote('C1', { email: 'ada@x.com' })]) };
  const plan = buildPlan(compiledProject(one, two), stateWith({}), snaps, now);
  assert.equal(
    plan.ops.map((o) => `${o.sync} ${o.type}`),
    ['one create', 'two link-created'],
  );
  assert.equal(
    plan.syncs.map((s) => [s.name, s.counts.left.create, s.link ?? 0]),
    [
      ['one', 1, 0],
      ['two', 0, 1],
    ],
  );
});

test('R5: a disabled sync and a sync not read are listed with a note and not planned', () => {
  const off = compiledSync('off', { enabled: false });
  const plan = buildPlan(compiledProject(one, off), stateWith({}), {}, now, { only: new Set(['off']) });
  assert.equal(plan.ops, []);
  assert.equal(plan.selected, ['off']);
  assert.equal(
    plan.syncs.map((s) => [s.name, s.note]),
    [
      ['one', 'not selected (--sync): not read, not planned'],
      ['off', 'disabled (enabled: false, R5): not planned'],
    ],
  );
});

test('R16: fields to create come first, as create-field ops', () => {
  const field: FieldDef = { name: 'city', label: 'City', type: 'string' };
  const plan = buildPlan(compiledProject(one), stateWith({}), { one: snapshots([], []) }, now, { provision: [{ sync: 'one', side: 'right', field }] });
  assert.equal(
    plan.ops.map((o) => [o.type, o.reason.rule]),
    [['create-field', 'R16']],
  );
});

test('a plan of some syncs records the serials of every sync whose state it reads: association targets and syncs of the same pair (R27, R9)', () => {
  // calls and notes both write Salesforce-like tasks in b: a task one of them linked must not be
  // echoed back by the other, so a plan of calls reads notes' links (linkedElsewhere).
  const calls = compiledSync('calls', { object: 'tasks' });
  const notes = compiledSync('notes', { object: 'tasks', left: { ...calls.left, object: 'notes' } });
  const companies = compiledSync('companies', { object: 'companies' });
  const people = compiledSync('people', { associations: [{ sync: 'companies', primaryOnly: false }] });
  const elsewhere = compiledSync('elsewhere', { object: 'tasks', right: { ...calls.right, connection: 'c' } });
  const project = compiledProject(calls, notes, companies, people, elsewhere);
  assert.equal([...planReads(project, new Set(['calls']))].sort(), ['calls', 'notes']);
  assert.equal([...planReads(project, new Set(['people']))].sort(), ['companies', 'people']);
  assert.equal([...planReads(project, new Set(['elsewhere']))].sort(), ['elsewhere']);
  const state = stateWith({});
  setSyncSerials(state, { calls: 3, notes: 5, companies: 7, people: 1, elsewhere: 9 });
  const plan = buildPlan(project, state, {}, now, { only: new Set(['calls']) });
  assert.equal(plan.state.syncs, { calls: 3, notes: 5 }, 'an apply of notes makes the saved plan of calls stale');
});

test.run();
