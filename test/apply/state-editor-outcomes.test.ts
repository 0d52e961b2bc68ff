/** StateEditor: what each edit leaves in the state file (links, bases, deletes, failures and backoff, R30, R31). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StateEditor } from '../../src/apply/state-ops.js';
import { newState } from '../../src/state/store.js';

let clock = '2026-01-01T00:00:00.000Z';
const editor = () => new StateEditor(newState(), () => clock);
const error = { code: 'VALIDATION', category: 'property-value' as const, retryable: false, message: 'refused', hint: 'fix it' };

test('addLink records the pair with its base and time; adding it again patches the base instead of duplicating', () => {
  const e = editor();
  e.addLink('s', { left: 'L1', right: 'R1' }, { left: { city: 'Oslo' }, right: { city: 'Oslo' } });
  clock = '2026-01-02T00:00:00.000Z';
  e.addLink('s', { left: 'L1', right: 'R1' }, { left: { email: 'a@x.com' }, right: {} });
  assert.equal(e.state.syncs.s!.links, [{ left: 'L1', right: 'R1', base: { left: { city: 'Oslo', email: 'a@x.com' }, right: { city: 'Oslo' } }, at: clock }]);
  assert.is(e.patchBase('s', { left: 'nope', right: 'R1' }, { left: {}, right: {} }), undefined);
});

test("relink moves one side to the new id, keeps it findable, and clears that record's failure; never onto an existing link", () => {
  const e = editor();
  e.addLink('s', { left: 'L1', right: 'R1' }, { left: {}, right: {} });
  e.addLink('s', { left: 'L2', right: 'R2' }, { left: {}, right: {} });
  e.fail('s', 'right', 'R1', error);
  assert.ok(e.relink('s', { left: 'L1', right: 'R1' }, 'right', 'R1b'));
  assert.ok(e.link('s', { left: 'L1', right: 'R1b' }));
  assert.is(e.link('s', { left: 'L1', right: 'R1' }), undefined);
  assert.equal(e.state.syncs.s!.failures, []);
  // Moving L2+R1b's left side to L1 would make a second L1+R1b: refused, nothing changes.
  e.addLink('s', { left: 'L3', right: 'R1b' }, { left: {}, right: {} });
  assert.is(e.relink('s', { left: 'L3', right: 'R1b' }, 'left', 'L1'), false);
  assert.equal(
    e.state.syncs.s!.links.map((l) => `${l.left}+${l.right}`),
    ['L1+R1b', 'L2+R2', 'L3+R1b'],
  );
});

test('R30: markDeleted flags the side that was deleted, or drops the link when both are gone', () => {
  const e = editor();
  e.addLink('s', { left: 'L1', right: 'R1' }, { left: {}, right: {} });
  e.addLink('s', { left: 'L2', right: 'R2' }, { left: {}, right: {} });
  e.markDeleted('s', { left: 'L1', right: 'R1' }, 'left');
  e.markDeleted('s', { left: 'L2', right: 'R2' }, 'both');
  assert.equal(
    e.state.syncs.s!.links.map((l) => [l.left, l.right, l.deleted]),
    [['L1', 'R1', 'left']],
  );
});

test('R31: a failure is recorded with its code and hint; each new attempt doubles the wait; clearing removes it', () => {
  const e = editor();
  clock = '2026-01-01T00:00:00.000Z';
  e.fail('s', 'left', 'L1', error);
  clock = '2026-01-01T01:00:00.000Z';
  e.fail('s', 'left', 'L1', error);
  const [f] = e.state.syncs.s!.failures;
  assert.equal(f, {
    side: 'left',
    id: 'L1',
    category: 'property-value',
    code: 'VALIDATION',
    message: 'refused',
    hint: 'fix it',
    attempts: 2,
    firstAt: '2026-01-01T00:00:00.000Z',
    lastAt: clock,
    retryAfter: '2026-01-01T01:02:00.000Z',
  });
  e.clearFailure('s', 'left', 'L1');
  assert.equal(e.state.syncs.s!.failures, []);
});

test.run();
