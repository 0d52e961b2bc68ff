/**
 * Links read from a links document decode their bases on first use (src/state/lazy-links.ts): an
 * incremental run that reads nothing decodes no base, counts the pairs that differ on purpose (R12)
 * without decoding those stored as one set of values, and a save writes undecoded links back as
 * they were. Counted, not timed.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { account } from '../../src/apply/accounting.js';
import { CrmsyncError } from '../../src/errors.js';
import { diffSync } from '../../src/plan/diff.js';
import { markLinksChanged } from '../../src/state/documents.js';
import { readState, writeState } from '../../src/state/file.js';
import { decodeCounts } from '../../src/state/lazy-links.js';
import type { LinkState, StateFile } from '../../src/state/types.js';
import { compiledSync, field, linked, remote, snapshot, stateWith } from '../helpers/compiled.js';
import { tempDir } from '../helpers/temp.js';

const N = 1000;
/** Every tenth pair differs on purpose in city (R12): the left app kept its value. */
const diverges = (i: number) => i % 10 === 0;
function links(): LinkState[] {
  return Array.from({ length: N }, (_, i) => {
    const link = linked(`L${i}`, `R${i}`, { email: `p${i}@x.com`, city: 'Oslo' });
    if (diverges(i)) link.base.left.city = 'Bergen';
    return link;
  });
}

async function stored(state: StateFile = stateWith({ s: links() })): Promise<{ path: string; read: StateFile }> {
  const path = join(tempDir('crmsync-lazy-'), 'state.json');
  await writeState(path, state);
  return { path, read: (await readState(path))! };
}

const decoded = (from: number) => decodeCounts.bases - from;
const linksDoc = (path: string) => readdirSync(join(path, '..')).find((f) => f.endsWith('.links'))!;
/** A complete incremental read that returned these records. */
const incremental = (records = [] as ReturnType<typeof remote>[]) => snapshot(records, { mode: 'incremental' });

test('reading a state decodes no base; a link decodes its own on first use, with the values written', async () => {
  const before = decodeCounts.bases;
  const { read } = await stored();
  const got = read.syncs.s!.links;
  assert.is(got.length, N);
  assert.is(decoded(before), 0, 'no base decoded by the read');
  assert.equal(got[3]!.base, { left: { email: 'p3@x.com', city: 'Oslo' }, right: { email: 'p3@x.com', city: 'Oslo' } });
  assert.equal(got[10]!.base.left, { email: 'p10@x.com', city: 'Bergen' });
  assert.is(decoded(before), 2);
  void got[3]!.base.left.city;
  assert.is(decoded(before), 2, 'decoded once');
  // The link reads and serialises as a plain one.
  assert.equal(JSON.parse(JSON.stringify(got[3])), { left: 'L3', right: 'R3', at: '2026-01-01T00:00:00.000Z', base: got[3]!.base });
  assert.equal(Object.keys(got[3]!), ['left', 'right', 'at', 'base']);
});

test('a no-op diff of a large sync decodes no base that both apps share, and still counts what differs on purpose (R12)', async () => {
  const { read } = await stored();
  const sync = compiledSync('s');
  const before = decodeCounts.bases;
  const d = diffSync({ sync, state: read.syncs.s!, left: incremental(), right: incremental(), now: '2026-02-01T00:00:00.000Z' });
  assert.is(d.ops.length, 0);
  assert.is(d.summary.inSync, N);
  assert.is(d.summary.diverged, N / 10);
  assert.is(decoded(before), N / 10, 'only the pairs stored with two sets of values');
  // The accounting of a run that read nothing walks no base either.
  assert.equal(account(d.records, read.syncs.s!).left.read, 0);
  assert.is(decoded(before), N / 10);
});

test('R12: shared values are compared by field, not by position, when a field sits elsewhere on the other side', async () => {
  // Both sides store the same values in the same positions, under other names: left email and city,
  // right x and y. Mapped email ↔ y and city ↔ x, every pair differs; mapped city ↔ y (renamed), only
  // the pairs whose bases differ do.
  const renamed = () => links().map((l) => ({ ...l, base: { left: l.base.left, right: { x: l.base.right.email!, y: l.base.right.city! } } }));
  for (const [fields, expected] of [
    [[field('email', { right: 'y' }), field('city', { right: 'x' })], N],
    [[field('email', { right: 'x' }), field('city', { right: 'y' })], N / 10],
  ] as const) {
    const { read } = await stored(stateWith({ s: renamed() }));
    const d = diffSync({
      sync: compiledSync('s', { fields: [...fields] }),
      state: read.syncs.s!,
      left: incremental(),
      right: incremental(),
      now: '2026-02-01T00:00:00.000Z',
    });
    assert.is(d.summary.diverged, expected);
  }
});

test('a pair read this run is diffed on its decoded base; the others stay undecoded', async () => {
  const { read } = await stored();
  const before = decodeCounts.bases;
  const d = diffSync({
    sync: compiledSync('s'),
    state: read.syncs.s!,
    left: incremental([remote('L5', { email: 'p5@x.com', city: 'Tromsø' })]),
    right: incremental(),
    now: '2026-02-01T00:00:00.000Z',
  });
  assert.equal(
    d.ops.map((o) => `${o.type} ${'recordId' in o ? o.recordId : ''}`),
    ['update R5'],
  );
  assert.is(decoded(before), 1 + N / 10);
});

test('a save writes undecoded links back as they were, with their flags as they are now, decoding none', async () => {
  const { path, read } = await stored();
  const before = decodeCounts.bases;
  const original = readFileSync(join(path, '..', linksDoc(path)), 'utf8').split('\n');
  const got = read.syncs.s!.links;
  got[1]!.excluded = true; // a flag changed, its bases untouched
  got[2]!.base.left.city = 'Tromsø'; // a base edited in place
  got[4]!.left = 'L4b'; // a relinked record
  markLinksChanged(got);
  read.serial++;
  await writeState(path, read);
  assert.is(decoded(before), 1, 'only the link whose base was edited');
  const written = readFileSync(join(path, '..', linksDoc(path)), 'utf8').split('\n');
  assert.is(written[0], original[0], 'the same dictionary');
  assert.is(written[1], original[1], 'an untouched link, byte for byte');
  assert.is(written[2], `${original[2]!.slice(0, -1)},{"excluded":true}]`);
  assert.is(written[5], original[5]!.replace('"L4"', '"L4b"'));
  const back = (await readState(path))!.syncs.s!.links;
  assert.equal(JSON.parse(JSON.stringify(back)), JSON.parse(JSON.stringify(got)));
  assert.is(back[1]!.excluded, true);
  assert.is(back[2]!.base.left.city, 'Tromsø');
  assert.is(back[2]!.base.right.city, 'Oslo');
});

test('a link line whose shape is right but whose values are not JSON is reported, with its line, when its bases are first read', async () => {
  const { path } = await stored();
  const doc = join(path, '..', linksDoc(path));
  const lines = readFileSync(doc, 'utf8').split('\n');
  lines[3] = lines[3]!.replace('"p2@x.com"', 'tru');
  writeFileSync(doc, lines.join('\n'));
  const read = (await readState(path))!;
  const error = (() => {
    try {
      return read.syncs.s!.links[2]!.base;
    } catch (e) {
      return e;
    }
  })();
  assert.instance(error, CrmsyncError);
  assert.is((error as CrmsyncError).code, 'state-corrupt');
  assert.match((error as CrmsyncError).message, `${doc} is not a valid crmsync state: line 4: not JSON`);
  assert.is(read.syncs.s!.links[3]!.base.left.email, 'p3@x.com', 'the other links are unaffected');
});

test.run();
