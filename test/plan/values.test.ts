/** Canonical values: formatting differences never count as changes (no ping-pong). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { phoneNormaliser } from '../../src/plan/phone.js';
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

test('international numbers in digit groups skip the parser and give its answer', () => {
  const phone = phoneNormaliser(10);
  const spaced = ['+47 22 12 34 56', '+47 41 23 45 67', '+1 415 555 2671', '+33 6 12 34 56 78', '+49 30 1234567', '+44 20 7946 0000'];
  for (const v of spaced) assert.is(phone(v), parsePhoneNumberFromString(v)!.number, v);
  assert.is(phone.parses, 0);
  // A trunk prefix after the country code is dropped by the parser, so such numbers are parsed.
  assert.is(phone('+44 020 7946 0000'), '+442079460000');
  assert.is(phone.parses, 1);
});

test('the phone cache drops its least recently used entry when full, not everything', () => {
  const phone = phoneNormaliser(3);
  const local = (i: number) => `(415) 555-26${i}1`;
  for (const i of [1, 2, 3]) phone(local(i));
  assert.is(phone.parses, 3);
  phone(local(1)); // used again: now the most recent
  phone(local(4)); // full: drops 2, the least recently used
  assert.is(phone.parses, 4);
  for (const i of [1, 3, 4]) phone(local(i));
  assert.is(phone.parses, 4, 'kept entries are not parsed again');
  phone(local(2));
  assert.is(phone.parses, 5);
});

test.run();
