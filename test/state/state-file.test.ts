/**
 * The state file (version 2): JSON Lines written as a stream and replaced atomically, read line by
 * line and checked line by line, with compact positional links; older files migrate forward.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CrmsyncError } from '../../src/errors.js';
import { readState, writeState } from '../../src/state/file.js';
import { readStateFile } from '../../src/state/store.js';
import type { LinkState, StateFile } from '../../src/state/types.js';
import { tempDir } from '../helpers/temp.js';

/** The state as plain data (its syncs map has no prototype). */
const plain = (state: unknown) => JSON.parse(JSON.stringify(state)) as StateFile;
const dir = () => tempDir('crmsync-state-');
const at = '2026-03-01T10:00:00.000Z';

function person(i: number): LinkState {
  const l = { email: `p${i}@example.com`, firstname: `First ${i}`, phone: '+4722123456', tags: ['a', 'b'], employees: i, active: true, notes: null };
  const r = { Email: l.email, FirstName: l.firstname, Phone: l.phone, Tags__c: ['a', 'b'], Employees: i, Active: true, Notes: null };
  return { l: `L${i}`, r: `R${i}`, at, base: { l, r } };
}

function sample(): StateFile {
  const links: LinkState[] = [person(1), person(2)];
  // The right side differs, a gap in the middle (a field known on one side only), flags.
  links.push({ ...person(3), base: { l: person(3).base.l, r: { ...person(3).base.r, FirstName: 'Other' } } });
  links.push({ l: 'L4', r: 'R4', at, base: { l: { email: 'x@example.com', phone: '+4722000000' }, r: {} }, excluded: true });
  links.push({ ...person(5), deleted: 'left' });
  return {
    format: 'crmsync-state', version: 2, lineage: 'lin-1', serial: 7,
    syncs: {
      contacts: {
        links,
        failures: [{ side: 'left', id: 'L9', category: 'property-value', code: 'INVALID', message: 'bad', attempts: 2, firstAt: at, lastAt: at, retryAfter: at }],
        cursors: { left: '2026-03-01T09:00:00Z', right: null },
        configHash: 'abc', activatedAt: at,
        health: { at, inSync: 4, excluded: { left: 1, right: 0 }, failed: 1 },
      },
      companies: { links: [], failures: [], cursors: {} },
    },
    journal: [{ marker: 'crmsync:m1', sync: 'contacts', side: 'right', from: 'L7', at, key: { field: 'Email', value: 'p7@example.com' } }],
  };
}

test('a state round-trips through the file exactly: links, bases, flags, failures, cursors, journal', async () => {
  const path = join(dir(), 'state.json');
  await writeState(path, sample());
  assert.equal(plain(await readState(path)), sample());
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  assert.is(lines.length, 1 + 1 + 5 + 1 + 1 + 1);
  assert.equal(JSON.parse(lines[0]!), { format: 'crmsync-state', version: 2, lineage: 'lin-1', serial: 7 });
  // Field names once per sync; a link whose two sides agree stores its values once.
  assert.equal(JSON.parse(lines[2]!), ['L1', 'R1', at, ['p1@example.com', 'First 1', '+4722123456', ['a', 'b'], 1, true, null], null]);
  assert.is(lines.filter((l) => l.includes('"email"')).length, 2, 'the sync line and the one link with a gap');
});

test('fields added to the state by newer code are kept (header and link fields)', async () => {
  const path = join(dir(), 'state.json');
  const state = sample() as StateFile & { account?: unknown };
  state.account = { hubspot: 'portal-1' };
  (state.syncs.contacts!.links[0] as LinkState & { note?: string }).note = 'kept';
  await writeState(path, state);
  assert.equal(plain(await readState(path)), state);
});

test('a version 1 state (one JSON document) is read, migrated, and saved as version 2 lines, smaller', async () => {
  const path = join(dir(), 'state.json');
  const v1 = { ...sample(), version: 1 };
  v1.syncs.contacts!.links = Array.from({ length: 200 }, (_, i) => person(i));
  writeFileSync(path, JSON.stringify(v1, null, 2));
  const before = statSync(path).size;
  const read = await readStateFile(path);
  assert.is(read.version, 2);
  assert.equal(read.syncs.contacts!.links, v1.syncs.contacts!.links);
  await writeState(path, read);
  assert.ok(statSync(path).size * 3 < before, `${statSync(path).size} bytes, was ${before}`);
  assert.equal(plain(await readState(path)), plain(read));
});

test('a bad line is refused with its line number, and a newer version is refused', async () => {
  const path = join(dir(), 'state.json');
  await writeState(path, sample());
  const lines = readFileSync(path, 'utf8').split('\n');
  lines[3] = '["L2", 5]';
  writeFileSync(path, lines.join('\n'));
  const error = await readState(path).catch((e: unknown) => e);
  assert.instance(error, CrmsyncError);
  assert.is((error as CrmsyncError).code, 'state-corrupt');
  assert.match((error as CrmsyncError).message, 'line 4: link line');
  for (const [bad, why] of [['["L2", "R2"', 'line 5: not JSON'], ['["L2","R2","x",[],null],["L3","R3","x",[],null]', 'line 5: not JSON']]) {
    lines[3] = JSON.stringify(['L1', 'R1', at, [], null]); // line 4 valid again; line 5 is not JSON, or two values
    lines[4] = bad!;
    writeFileSync(path, lines.join('\n'));
    assert.match(((await readState(path).catch((e: unknown) => e)) as CrmsyncError).message, why!, bad);
  }
  writeFileSync(path, `${JSON.stringify({ format: 'crmsync-state', version: 3, lineage: 'x', serial: 1 })}\n`);
  assert.is(((await readState(path).catch((e: unknown) => e)) as CrmsyncError).code, 'state-future-version');
});

test('a write that fails midway leaves the previous state whole and no temporary file', async () => {
  const folder = dir();
  const path = join(folder, 'state.json');
  await writeState(path, sample());
  const before = readFileSync(path, 'utf8');
  const broken = sample();
  broken.syncs.contacts!.links.push({ ...person(8), base: { l: { n: 1n as never }, r: {} } }); // JSON cannot hold a BigInt
  const error = await writeState(path, broken).catch((e: unknown) => e);
  assert.instance(error, TypeError);
  assert.is(readFileSync(path, 'utf8'), before);
  assert.equal(readdirSync(folder), ['state.json']);
});

test('100,000 links round-trip through a stream at under 200 bytes per link', async () => {
  const path = join(dir(), 'state.json');
  const state = sample();
  state.syncs.contacts!.links = Array.from({ length: 100_000 }, (_, i) => person(i));
  await writeState(path, state);
  assert.ok(statSync(path).size / 100_000 < 200, `${statSync(path).size / 100_000} bytes per link`);
  const back = await readState(path);
  assert.is(back!.syncs.contacts!.links.length, 100_000);
  assert.equal(back!.syncs.contacts!.links[54_321], person(54_321));
});

test.run();
