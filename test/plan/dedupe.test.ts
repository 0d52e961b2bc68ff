/** dedupeCreates (R24): two syncs creating the same person in one app in one run create it once. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffSync } from '../../src/plan/diff.js';
import { dedupeCreates } from '../../src/plan/dedupe.js';
import { emptySyncState } from '../../src/state/types.js';
import { compiledProject, compiledSync, remote, snapshot } from '../helpers/compiled.js';

const now = '2026-02-01T00:00:00.000Z';
// Two syncs into connection `a`: from `b` (sync one) and from `c` (sync two).
const one = compiledSync('one');
const two = compiledSync('two', { right: { ...one.right, connection: 'c' } });
const project = compiledProject(one, two);
const createsInA = (sync: typeof one, email: string, id: string) =>
  diffSync({ sync, state: emptySyncState(), left: snapshot([]), right: snapshot([remote(id, { email, city: `${id} city` })]), now }).ops;

test('R24: the second create of the same email into the same app becomes a link to the first create', () => {
  const first = createsInA(one, 'ada@x.com', 'B1');
  const second = createsInA(two, 'ADA@x.com ', 'C1');
  const ops = dedupeCreates(project, [...first, ...second]);
  assert.equal(
    ops.map((o) => o.type),
    ['create', 'link-created'],
  );
  const link = ops[1]!;
  assert.ok(link.type === 'link-created');
  assert.is(link.sync, 'two');
  assert.is(link.reason.rule, 'R24');
  // The left record is the one `one` creates in this run; the right one exists already.
  assert.equal({ side: link.side, created: link.created, existing: link.existing }, { side: 'left', created: first[0]!.id, existing: 'C1' });
  // The base: what the first create writes into `a`, and the source record's own values.
  assert.equal(link.base, { left: { email: 'ada@x.com', city: 'B1 city' }, right: { email: 'ADA@x.com ', city: 'C1 city' } });
});

test('different emails, or two creates of one sync, are left alone', () => {
  const apart = [...createsInA(one, 'ada@x.com', 'B1'), ...createsInA(two, 'bo@x.com', 'C1')];
  assert.equal(dedupeCreates(project, apart), apart);
  const same = [...createsInA(one, 'ada@x.com', 'B1'), ...createsInA(one, 'ada@x.com', 'B2')];
  assert.equal(
    dedupeCreates(project, same).map((o) => o.type),
    ['create', 'create'],
  );
});

test('a create with no match-key value (blank email) is never merged', () => {
  const ops = [...createsInA(one, ' ', 'B1'), ...createsInA(two, ' ', 'C1')];
  assert.equal(
    dedupeCreates(project, ops).map((o) => o.type),
    ['create', 'create'],
  );
});

test.run();
