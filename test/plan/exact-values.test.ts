/**
 * Values compared and carried exactly: emails that differ only in Unicode normalisation or case
 * are one key (R25), and integers beyond 2^53 keep every digit (R10, R15). Pure.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CompiledField } from '../../src/config/model.js';
import type { FieldType } from '../../src/connectors/types.js';
import { decodeValue } from '../../src/connectors/hubspot/codec.js';
import { matchRecords } from '../../src/plan/match.js';
import { canonical, foldKey, fromCanon, sameCanon } from '../../src/plan/values.js';

const test = suite('exact values');

const NFC = 'zo\u00eb@example.com';
const NFD = 'zoe\u0308@example.com';
const BIG = '9007199254740993'; // 2^53 + 1: no JS number holds it

const field = (left: FieldType, right: FieldType, transforms: CompiledField['transforms'] = []): CompiledField => ({
  left: 'a',
  right: 'b',
  sync: 'prefer',
  prefer: 'left',
  required: false,
  transforms,
  types: { left, right },
  recommended: false,
  source: { file: 'syncs/s.yaml', line: 1, col: 1 },
});

test('foldKey: NFC and case folding make one key of every spelling of the same email', () => {
  assert.is.not(NFC, NFD);
  for (const s of [NFD, ` ZOË@EXAMPLE.COM `, 'ZOE\u0308@Example.com']) assert.is(foldKey(s), foldKey(NFC), s);
  assert.is(foldKey('STRASSE@x.de'), foldKey('straße@x.de'));
  assert.is.not(foldKey('zoe@example.com'), foldKey(NFC));
});

test('R25: NFC and NFD spellings of one email match; canonical email values are equal, so nothing ping-pongs', () => {
  const m = matchRecords(
    [{ id: '1', fields: { email: NFC } }],
    [{ id: 'x', fields: { email: NFD.toUpperCase() } }],
    [{ left: ['email'], right: ['email'], fold: true }],
  );
  assert.equal(
    m.pairs.map((p) => [p.left.id, p.right.id]),
    [['1', 'x']],
  );
  const email = field('email', 'email', ['trim', 'lowercase']);
  assert.ok(sameCanon(canonical(email, NFC, 'left'), canonical(email, NFD.toUpperCase(), 'right')));
});

test('integers beyond 2^53 keep their digits from a read to a write', () => {
  const number = field('number', 'number');
  assert.is(canonical(number, BIG, 'left'), BIG);
  assert.is(canonical(number, `+${BIG}`, 'left'), BIG);
  assert.not.ok(sameCanon(canonical(number, BIG, 'left'), canonical(number, '9007199254740992', 'right')));
  assert.is(fromCanon(number, canonical(number, BIG, 'left'), 'right'), BIG);
  // Into text, too (a number mapped to a text field).
  assert.is(fromCanon(field('number', 'string'), canonical(field('number', 'string'), BIG, 'left'), 'right'), BIG);
  // A number an app could only send rounded (a JSON number) is the same number at that precision.
  assert.ok(sameCanon(canonical(number, 9007199254740992, 'right'), canonical(number, BIG, 'left')));
  assert.not.ok(sameCanon(canonical(number, 9007199254740996, 'right'), canonical(number, BIG, 'left')));
  // Small numbers stay numbers.
  assert.is(canonical(number, '42.0', 'left'), 42);
  // HubSpot sends numbers as text: the big one arrives whole.
  assert.is(decodeValue('number', BIG), BIG);
  assert.is(decodeValue('number', '42'), 42);
});

test.run();
