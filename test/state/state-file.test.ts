/**
 * The state file (version 3): a project document and one links document per sync, JSON Lines
 * written as streams, the project document replaced atomically, read and checked line by line,
 * with compact positional links; only changed links documents are rewritten; older files migrate
 * forward.
 */
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CrmsyncError } from '../../src/errors.js';
import { readState, writeCounts, writeState } from '../../src/state/file.js';
import { storedLink } from '../../src/state/encode.js';
import { encodeState } from './v2-encode.js';
import { readStateFile } from '../../src/state/store.js';
import type { LinkState, StateFile } from '../../src/state/types.js';
import { tempDir } from '../helpers/temp.js';

/** The state as plain data (its syncs map has no prototype). */
const plain = (state: unknown) => JSON.parse(JSON.stringify(state)) as StateFile;
const dir = () => tempDir('crmsync-state-');
const at = '2026-03-01T10:00:00.000Z';
/** The links documents beside the state at `path`, by file name. */
const docs = (path: string) =>
  readdirSync(join(path, '..'))
    .filter((f) => f.endsWith('.links'))
    .sort();
/** The one links document of sync `name` beside `path`. */
const docOf = (path: string, name: string) => join(path, '..', docs(path).find((f) => f.startsWith(`state.json.${name}-`))!);
const totalSize = (path: string) => statSync(path).size + docs(path).reduce((n, f) => n + statSync(join(path, '..', f)).size, 0);

function person(i: number): LinkState {
  const l = { email: `p${i}@example.com`, firstname: `First ${i}`, phone: '+4722123456', tags: ['a', 'b'], employees: i, active: true, notes: null };
  const r = { Email: l.email, FirstName: l.firstname, Phone: l.phone, Tags__c: ['a', 'b'], Employees: i, Active: true, Notes: null };
  return { left: `L${i}`, right: `R${i}`, at, base: { left: l, right: r } };
}

function sample(): StateFile {
  const links: LinkState[] = [person(1), person(2)];
  // The right side differs, a gap in the middle (a field known on one side only), flags.
  links.push({ ...person(3), base: { left: person(3).base.left, right: { ...person(3).base.right, FirstName: 'Other' } } });
  links.push({ left: 'L4', right: 'R4', at, base: { left: { email: 'x@example.com', phone: '+4722000000' }, right: {} }, excluded: true });
  links.push({ ...person(5), deleted: 'left' });
  return {
    format: 'crmsync-state',
    version: 3,
    lineage: 'lin-1',
    serial: 7,
    syncs: {
      contacts: {
        links,
        failures: [
          { side: 'left', id: 'L9', category: 'property-value', code: 'INVALID', message: 'bad', attempts: 2, firstAt: at, lastAt: at, retryAfter: at },
        ],
        cursors: { left: '2026-03-01T09:00:00Z', right: null },
        configHash: 'abc',
        activatedAt: at,
        health: { at, inSync: 4, excluded: { left: 1, right: 0 }, failed: 1 },
      },
      companies: { links: [], failures: [], cursors: {} },
    },
    journal: [{ marker: 'crmsync:m1', sync: 'contacts', side: 'right', from: 'L7', at, key: { field: 'Email', value: 'p7@example.com' } }],
  };
}

test('a state round-trips through its documents exactly: links, bases, flags, failures, cursors, journal', async () => {
  const path = join(dir(), 'state.json');
  await writeState(path, sample());
  assert.equal(plain(await readState(path)), sample());
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  assert.is(lines.length, 1 + 2 + 1, 'header, two syncs, one failure: no links, no journal');
  assert.is(readFileSync(`${path}.journal`, 'utf8').trimEnd().split('\n').length, 1, 'the journal entry, in the journal document');
  assert.equal(JSON.parse(lines[0]!), { format: 'crmsync-state', version: 3, lineage: 'lin-1', serial: 7 });
  assert.equal(JSON.parse(lines[1]!).links.count, 5);
  assert.equal(docs(path).length, 2, 'one links document per sync');
  const links = readFileSync(docOf(path, 'contacts'), 'utf8').trimEnd().split('\n');
  assert.is(links.length, 1 + 5);
  // Field names once per sync; a link whose two sides agree stores its values once.
  assert.equal(JSON.parse(links[1]!), ['L1', 'R1', at, ['p1@example.com', 'First 1', '+4722123456', ['a', 'b'], 1, true, null], null]);
  assert.is(links.filter((l) => l.includes('"email"')).length, 2, 'the header line and the one link with a gap');
});

test('fields added to the state by newer code are kept (header and link fields)', async () => {
  const path = join(dir(), 'state.json');
  const state = sample() as StateFile & { account?: unknown };
  state.account = { hubspot: 'portal-1' };
  (state.syncs.contacts!.links[0] as LinkState & { note?: string }).note = 'kept';
  await writeState(path, state);
  assert.equal(plain(await readState(path)), state);
});

test('a version 1 state (one JSON document) is read, migrated, and saved as version 3 documents, smaller', async () => {
  const path = join(dir(), 'state.json');
  const v1 = { ...sample(), version: 1 };
  v1.syncs.contacts!.links = Array.from({ length: 200 }, (_, i) => person(i));
  // One JSON document, its links as version 1 stored them (sides `l` and `r`).
  const stored = { ...v1, syncs: Object.fromEntries(Object.entries(v1.syncs).map(([name, s]) => [name, { ...s, links: s.links.map(storedLink) }])) };
  writeFileSync(path, JSON.stringify(stored, null, 2));
  const before = statSync(path).size;
  const read = await readStateFile(path);
  assert.is(read.version, 3);
  assert.equal(read.syncs.contacts!.links, v1.syncs.contacts!.links);
  await writeState(path, read);
  assert.ok(totalSize(path) * 3 < before, `${totalSize(path)} bytes, was ${before}`);
  assert.equal(plain(await readState(path)), plain(read));
});

test('a bad line of a links document is refused with its file and line number, and a newer version is refused', async () => {
  const path = join(dir(), 'state.json');
  await writeState(path, sample());
  const doc = docOf(path, 'contacts');
  const lines = readFileSync(doc, 'utf8').split('\n');
  lines[3] = '["L2", 5]';
  writeFileSync(doc, lines.join('\n'));
  const error = await readState(path).catch((e: unknown) => e);
  assert.instance(error, CrmsyncError);
  assert.is((error as CrmsyncError).code, 'state-corrupt');
  assert.match((error as CrmsyncError).message, `${doc} is not a valid crmsync state: line 4: link line`);
  for (const [bad, why] of [
    ['["L2", "R2"', 'line 5: not JSON'],
    ['["L2","R2","x",[],null],["L3","R3","x",[],null]', 'line 5: not JSON'],
  ]) {
    lines[3] = JSON.stringify(['L1', 'R1', at, [], null]); // line 4 valid again; line 5 is not JSON, or two values
    lines[4] = bad!;
    writeFileSync(doc, lines.join('\n'));
    assert.match(((await readState(path).catch((e: unknown) => e)) as CrmsyncError).message, why!, bad);
  }
  // A links document with a link less than the project document counted, or none at all.
  writeFileSync(doc, lines.slice(0, 4).join('\n'));
  assert.match(((await readState(path).catch((e: unknown) => e)) as CrmsyncError).message, '3 links where the state recorded 5');
  unlinkSync(doc);
  const missing = (await readState(path).catch((e: unknown) => e)) as CrmsyncError;
  assert.is(missing.code, 'state-corrupt');
  assert.match(missing.message, `its links document ${doc.split('/').pop()} is missing`);
  writeFileSync(path, `${JSON.stringify({ format: 'crmsync-state', version: 4, lineage: 'x', serial: 1 })}\n`);
  assert.is(((await readState(path).catch((e: unknown) => e)) as CrmsyncError).code, 'state-future-version');
});

test('a version 2 state (links inline, one file) is read, and saved as version 3 documents', async () => {
  const path = join(dir(), 'state.json');
  writeFileSync(path, `${[...encodeState({ ...sample(), version: 2 as never })].join('\n')}\n`);
  const read = await readStateFile(path);
  assert.equal(plain(read), sample());
  await writeState(path, read);
  assert.is(readFileSync(path, 'utf8').trimEnd().split('\n').length, 4, 'header, two syncs, one failure: the journal entry moved to its document');
  assert.is(docs(path).length, 2);
  assert.equal(plain(await readState(path)), sample());
});

test('a write that fails midway leaves the previous state whole and no temporary file', async () => {
  const folder = dir();
  const path = join(folder, 'state.json');
  await writeState(path, sample());
  const before = readFileSync(path, 'utf8');
  const files = readdirSync(folder);
  const broken = sample();
  broken.syncs.contacts!.links.push({ ...person(8), base: { left: { n: 1n as never }, right: {} } }); // JSON cannot hold a BigInt
  const error = await writeState(path, broken).catch((e: unknown) => e);
  assert.instance(error, TypeError);
  assert.is(readFileSync(path, 'utf8'), before);
  assert.equal(readdirSync(folder), files);
  assert.equal(plain(await readState(path)), sample());
});

test('a save rewrites only the links documents whose links changed, and removes the ones it replaced', async () => {
  const folder = dir();
  const path = join(folder, 'state.json');
  await writeState(path, sample());
  const state = (await readState(path))!;
  const first = docs(path);
  // Nothing changed but the cursors: the project document only (counted, and the same files).
  const counted = { ...writeCounts };
  state.serial++;
  state.syncs.contacts!.cursors.left = '2026-03-02T00:00:00Z';
  await writeState(path, state);
  assert.equal(writeCounts, { ...counted, projects: counted.projects + 1, journalLines: counted.journalLines + 1 });
  assert.equal(docs(path), first);
  // A link edited through the editor's mark, a sync's links replaced: exactly those documents.
  const { markLinksChanged } = await import('../../src/state/documents.js');
  state.syncs.contacts!.links[0]!.at = '2026-03-03T00:00:00.000Z';
  markLinksChanged(state.syncs.contacts!.links);
  state.serial++;
  await writeState(path, state);
  assert.is(writeCounts.links, counted.links + 1);
  const second = docs(path);
  assert.is(second.length, 2);
  assert.ok(second.includes(first.find((f) => f.startsWith('state.json.companies-'))!), 'the companies document is kept');
  assert.not.ok(second.includes(first.find((f) => f.startsWith('state.json.contacts-'))!), 'the old contacts document is removed');
  state.syncs.companies!.links = [person(9)];
  state.serial++;
  await writeState(path, state);
  assert.is(writeCounts.links, counted.links + 2);
  assert.equal(plain(await readState(path)), plain(state));
  // A links document a crashed save left behind (named, but never committed) is removed by the next save.
  writeFileSync(join(folder, 'state.json.contacts-aa5af408.99-abcdef.links'), 'partial');
  writeFileSync(join(folder, 'state.json.bak'), 'another file');
  markLinksChanged(state.syncs.contacts!.links);
  await writeState(path, state);
  assert.is(docs(path).length, 2);
  assert.ok(readdirSync(folder).includes('state.json.bak'), 'files that are not its links documents are kept');
});

test('100,000 links round-trip through a stream at under 200 bytes per link', async () => {
  const path = join(dir(), 'state.json');
  const state = sample();
  state.syncs.contacts!.links = Array.from({ length: 100_000 }, (_, i) => person(i));
  await writeState(path, state);
  assert.ok(totalSize(path) / 100_000 < 200, `${totalSize(path) / 100_000} bytes per link`);
  const back = await readState(path);
  assert.is(back!.syncs.contacts!.links.length, 100_000);
  assert.equal(back!.syncs.contacts!.links[54_321], person(54_321));
});

test.run();
