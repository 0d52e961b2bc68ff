/**
 * The create journal has a document of its own beside the state file (state/file.ts): an apply
 * appends each chunk's entries, flushed, before sending it, and a save rewrites only the entries
 * still unanswered. Guarded by counting the journal lines written, not by timing: a run writes
 * each create's entry once, however many saves it makes, and the project document holds none.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FileBackend } from '../../src/state/file-backend.js';
import { readState, writeCounts } from '../../src/state/file.js';
import type { JournalEntry } from '../../src/state/types.js';
import { project, twoStores } from '../helpers/project.js';
import { tempDir } from '../helpers/temp.js';

const at = '2026-03-01T10:00:00.000Z';
const entry = (i: number): JournalEntry => ({
  marker: `crmsync:m${i}`,
  sync: 'contacts',
  side: 'right',
  from: `L${i}`,
  at,
  key: { field: 'Email', value: `p${i}@example.com` },
});
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => entry(from + i));

test('an append writes the new entries only; a save rewrites the unanswered ones only, never the whole run', async () => {
  const path = join(tempDir('crmsync-journal-'), 'state.json');
  const backend = new FileBackend(path);
  await backend.withState('apply', {}, async (state) => {
    await state.save();
    let before = writeCounts.journalLines;
    await state.journal!(range(0, 1000));
    assert.is(writeCounts.journalLines - before, 1000);
    // The first 1000 answered (pruned, as the apply does before a save): the save writes none of them.
    state.data.journal = [];
    before = writeCounts.journalLines;
    await state.save();
    assert.is(writeCounts.journalLines - before, 0);
    assert.not.ok(existsSync(`${path}.journal`), 'an empty journal leaves no document');
    // Ten more: ten lines appended, whatever came before.
    before = writeCounts.journalLines;
    await state.journal!(range(1000, 10));
    assert.is(writeCounts.journalLines - before, 10);
    assert.is(readFileSync(`${path}.journal`, 'utf8').trimEnd().split('\n').length, 10);
    const size = statSync(`${path}.journal`).size;
    await state.journal!(range(1010, 10));
    assert.ok(statSync(`${path}.journal`).size < size * 2.1, 'appended, not rewritten with the earlier entries');
    // A save with 3 of the 20 unanswered writes those 3.
    state.data.journal = state.data.journal.slice(0, 3);
    before = writeCounts.journalLines;
    await state.save();
    assert.is(writeCounts.journalLines - before, 3);
  });
  const read = await readState(path);
  assert.equal(
    read!.journal.map((e) => e.marker),
    range(1000, 3).map((e) => e.marker),
  );
  assert.not.ok(readFileSync(path, 'utf8').includes('"t":"journal"'), 'the project document holds no journal entry');
});

test('entries appended after the last save are read back (a crash before the save); a torn last line is dropped', async () => {
  const path = join(tempDir('crmsync-journal-'), 'state.json');
  const backend = new FileBackend(path);
  await backend.withState('apply', {}, async (state) => {
    await state.save();
    await state.journal!(range(0, 2));
  });
  // An append cut off by a crash: its creates were never sent.
  writeFileSync(`${path}.journal`, `${readFileSync(`${path}.journal`, 'utf8')}{"marker":"crmsync:m2","sy`);
  const read = await readState(path);
  assert.equal(
    read!.journal.map((e) => e.marker),
    ['crmsync:m0', 'crmsync:m1'],
  );
});

test('an apply journals each create once, in chunks, and ends with no journal document', async () => {
  const p = project(twoStores({ seedA: '{ contacts: 30, companies: 0, from: 0 }', seedB: '{ contacts: 30, companies: 0, from: 20 }' }));
  const before = writeCounts.journalLines;
  const run = await p.run('apply', '--yes');
  assert.is(run.code, 0, run.stderr);
  // 20 creates each way: 40 entries appended once each; the last save has none left to write.
  assert.is(writeCounts.journalLines - before, 40);
  assert.is(p.state().journal.length, 0);
  assert.not.ok(existsSync(join(p.dir, '.crmsync', 'state.json.journal')));
});

test.run();
