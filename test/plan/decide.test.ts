/** Field decisions, three-way, rule by rule (R10-R14). Pure: no apps involved. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CompiledField, Direction } from '../../src/config/model.js';
import { decideField, type FieldInputs } from '../../src/plan/decide.js';

const field = (over: Partial<CompiledField> = {}): CompiledField => ({
  left: 'city',
  right: 'city',
  sync: 'prefer',
  prefer: 'left',
  required: false,
  transforms: [],
  types: { left: 'string', right: 'string' },
  recommended: false,
  source: { file: 'syncs/s.yaml', line: 1, col: 1 },
  ...over,
});
const input = (l: string | null, r: string | null, bl?: string | null, br?: string | null, tl?: number, tr?: number): FieldInputs => ({
  current: { left: l, right: r },
  base: { left: bl, right: br },
  modified: { left: tl, right: tr },
});
const decide = (f: CompiledField, i: FieldInputs, direction: Direction = 'two-way') => decideField(f, direction, 2000, 'left', i);

const test = suite('decideField');

test('R10: only one app changed: its value flows to the other', () => {
  const d = decide(field(), input('Oslo', 'Bergen', 'Bergen', 'Bergen'));
  assert.equal(d, { kind: 'write', into: 'right', value: 'Oslo', reason: { rule: 'R10', message: 'changed in left since the last sync' } });
  const back = decide(field(), input('Bergen', 'Oslo', 'Bergen', 'Bergen'));
  assert.is(back.kind === 'write' && back.into, 'left');
});

test('both changed to the same value is not a conflict', () => {
  assert.equal(decide(field(), input('Oslo', 'Oslo', 'Bergen', 'Bergen')), { kind: 'equal' });
});

test('R11: both changed to different values: the default (preferred) app wins', () => {
  const d = decide(field({ prefer: 'right' }), input('Oslo', 'Tromsø', 'Bergen', 'Bergen'));
  assert.is(d.kind, 'write');
  assert.is(d.kind === 'write' && d.into, 'left');
  assert.is(d.kind === 'write' && d.value, 'Tromsø');
  assert.is(d.kind === 'write' && d.reason.rule, 'R11');
});

test('R12: a blank in the preferred app never wipes the other app; its value fills the blank', () => {
  const d = decide(field({ prefer: 'left' }), input(null, 'Bergen'));
  assert.is(d.kind === 'write' && d.into, 'left');
  assert.is(d.kind === 'write' && d.value, 'Bergen');
  assert.is(d.kind === 'write' && d.reason.rule, 'R12');
  // A deliberate clear under `prefer` does not propagate either.
  const clear = decide(field(), input(null, 'Bergen', 'Bergen', 'Bergen'));
  assert.is(clear.kind, 'keep');
  assert.is(clear.kind === 'keep' && clear.reason.rule, 'R12');
});

test('R12: a divergence kept on purpose is not a conflict: neither app changed since its base, nothing is written', () => {
  for (const sync of ['prefer', 'two-way'] as const) {
    // The other app cleared it earlier (kept), or the winner did (kept): either way the base records the difference.
    assert.equal(decide(field({ sync }), input('Engineer', null, 'Engineer', null, 1, 99_999)).kind, 'keep', sync);
    assert.equal(decide(field({ sync }), input(null, 'Engineer', null, 'Engineer', 99_999, 1)).kind, 'keep', sync);
  }
  // A one-way target's own edit, kept (R13), stays kept in a two-way field decision too.
  const kept = decide(field(), input('Oslo', 'Tromsø', 'Oslo', 'Tromsø'));
  assert.is(kept.kind === 'keep' && kept.reason.rule, 'R13');
  // Once one side changes again, that change flows as usual (R10).
  const moved = decide(field(), input('Bergen', null, 'Engineer', null));
  assert.is(moved.kind === 'write' && moved.into, 'right');
});

test('R13: the direction wins over the conflict rule: nothing is written into a one-way source', () => {
  const d = decide(field({ prefer: 'right' }), input('Oslo', 'Tromsø'), 'left-to-right');
  assert.is(d.kind, 'keep');
  assert.is(d.kind === 'keep' && d.reason.rule, 'R13');
  const flows = decide(field({ prefer: 'left' }), input('Oslo', 'Tromsø'), 'left-to-right');
  assert.is(flows.kind === 'write' && flows.into, 'right');
});

test('R14 always: the preferred value wins even when blank, and the other app never flows back', () => {
  const d = decide(field({ sync: 'always', prefer: 'left' }), input(null, 'Bergen', 'Oslo', 'Oslo'));
  assert.is(d.kind === 'write' && d.into, 'right');
  assert.is(d.kind === 'write' && d.value, null);
  const other = decide(field({ sync: 'always', prefer: 'left' }), input('Oslo', 'Bergen', 'Oslo', 'Oslo'));
  assert.is(other.kind === 'write' && other.into, 'right');
  assert.is(other.kind === 'write' && other.value, 'Oslo');
});

test('R14 two-way: the most recent change wins; within the clock skew the default app wins', () => {
  const newer = decide(field({ sync: 'two-way' }), input('Oslo', 'Tromsø', 'Bergen', 'Bergen', 1_000, 60_000));
  assert.is(newer.kind === 'write' && newer.value, 'Tromsø');
  const close = decide(field({ sync: 'two-way' }), input('Oslo', 'Tromsø', 'Bergen', 'Bergen', 1_000, 2_500));
  assert.is(close.kind === 'write' && close.value, 'Oslo');
  assert.is(close.kind === 'write' && close.reason.rule, 'R11');
});

test('R14 none: the field is never synced', () => {
  assert.is(decide(field({ sync: 'none' }), input('Oslo', 'Bergen')).kind, 'keep');
});

test.run();
