/** Matching (R24-R26): hash indexes, case-insensitive, ambiguity reported, keys tried in order. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchRecords } from '../../src/plan/match.js';

const rec = (id: string, fields: Record<string, string>) => ({ id, fields });
const email = [{ left: ['email'], right: ['email'], fold: true }];

test('R25: contacts match by email, case-insensitive and trimmed', () => {
  const m = matchRecords([rec('1', { email: ' Ada@X.com' })], [rec('a', { email: 'ada@x.com' })], email);
  assert.equal(
    m.pairs.map((p) => [p.left.id, p.right.id]),
    [['1', 'a']],
  );
});

test('ambiguous matches are never merged silently', () => {
  const m = matchRecords([rec('1', { email: 'ada@x.com' })], [rec('a', { email: 'ada@x.com' }), rec('b', { email: 'ADA@x.com' })], email);
  assert.is(m.pairs.length, 0);
  assert.equal(m.ambiguous.map((a) => `${a.side}:${a.record.id}`).sort(), ['left:1', 'right:a', 'right:b']);
});

test('R26: companies match on domain or on name (either is enough), tried in order', () => {
  const keys = [
    { left: ['domain'], right: ['domain'], fold: true },
    { left: ['name'], right: ['name'], fold: true },
  ];
  const m = matchRecords(
    [rec('1', { domain: 'acme.com', name: 'Acme' }), rec('2', { domain: 'globex.com', name: 'Globex' })],
    [rec('a', { domain: 'acme.com', name: 'ACME Corp' }), rec('b', { domain: 'globex.io', name: 'Globex' })],
    keys,
  );
  assert.equal(
    m.pairs.map((p) => [p.left.id, p.right.id, p.key]),
    [
      ['1', 'a', 'domain'],
      ['2', 'b', 'name'],
    ],
  );
});

test('R25 name and company domain: only a sole candidate each way, never across differing emails, never reported', () => {
  const key = [
    {
      left: ['first', 'last', 'email'],
      right: ['first', 'last', 'domain'],
      fold: true,
      label: 'name and company domain',
      weak: { distinct: { left: 'email', right: 'email' } },
    },
  ];
  const m = matchRecords(
    [
      rec('ada', { first: 'Ada', last: 'Lovelace', email: 'ada@analytical.example' }),
      rec('linus', { first: 'Linus', last: 'Knuth', email: 'linus@initech.example' }),
      rec('tim1', { first: 'Tim', last: 'Wilson', email: 'tim@hooli.example' }),
      rec('tim2', { first: 'Tim', last: 'Wilson', email: 'tw@hooli.example' }),
    ],
    [
      rec('a', { first: 'ADA', last: 'Lovelace', domain: 'www.Analytical.example' }),
      rec('l', { first: 'Linus', last: 'Knuth', domain: 'initech.example', email: 'lk@initech.example' }),
      rec('t', { first: 'Tim', last: 'Wilson', domain: 'hooli.example' }),
    ],
    key,
  );
  assert.equal(
    m.pairs.map((p) => [p.left.id, p.right.id, p.key]),
    [['ada', 'a', 'name and company domain']],
  );
  assert.equal(m.ambiguous, []);
});

test('matching stays linear: 50,000 × 50,000 records in well under a few seconds', () => {
  const n = 50_000;
  const left = Array.from({ length: n }, (_, i) => rec(`l${i}`, { email: `p${i}@x.com` }));
  const right = Array.from({ length: n }, (_, i) => rec(`r${i}`, { email: `p${i + n / 2}@x.com` }));
  const m = matchRecords(left, right, email);
  assert.is(m.pairs.length, n / 2);
});

test.run();
