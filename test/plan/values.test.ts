/** Canonical values: formatting differences never count as changes (no ping-pong). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonical, sameCanon, toTarget } from '../../src/plan/values.js';

const f = (transforms: string[], left = 'string', right = 'string') => ({ transforms, types: { left, right } }) as never;

test('trim and lowercase make emails equal', () => {
  assert.ok(sameCanon(canonical(f(['trim', 'lowercase']), ' Ada@Example.COM '), canonical(f(['trim', 'lowercase']), 'ada@example.com')));
});

test('phone numbers in different formats are equal in E.164', () => {
  assert.is(canonical(f(['phone']), '+1 (415) 555-2671'), '+14155552671');
  assert.is(canonical(f(['phone']), '+14155552671'), '+14155552671');
});

test('numbers, booleans and dates compare by value', () => {
  assert.is(canonical(f([], 'number', 'number'), '42.0'), 42);
  assert.is(canonical(f([], 'boolean', 'boolean'), 'true'), true);
  assert.is(canonical(f([], 'date', 'datetime'), '2024-03-01T10:00:00Z'), '2024-03-01');
  assert.is(toTarget(42, 'string'), '42');
  assert.is(toTarget('2024-03-01', 'datetime'), '2024-03-01T00:00:00.000Z');
});

test('blank values are null', () => {
  assert.is(canonical(f(['trim']), '   '), null);
  assert.is(canonical(f([]), ''), null);
  assert.is(canonical(f([]), undefined), null);
});

test.run();
