/**
 * A run writes only the state documents that changed (state/encode.ts): a run with nothing changed
 * rewrites the small project document and no links document; a change in one sync rewrites that
 * sync's links document only. Guarded by counting the documents written and the files on disk, not
 * by timing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeCounts } from '../../src/state/file.js';
import { project, twoStores } from '../helpers/project.js';

/** Two syncs between the same two stores: contacts and companies. */
function twoSyncs(): Record<string, string> {
  const files = twoStores({ seedA: '{ contacts: 6, companies: 4, from: 0 }', seedB: '{ contacts: 6, companies: 4, from: 3 }' });
  files['syncs/companies.yaml'] =
    'sync:\n  name: companies\n  object: companies\n  left: { connection: a }\n  right: { connection: b }\n  direction: two-way\n  conflict: { winner: a }\n';
  return files;
}

const linksDocs = (dir: string) =>
  readdirSync(join(dir, '.crmsync'))
    .filter((f) => f.endsWith('.links'))
    .sort();

test('a run with nothing changed writes no links document; a change in one sync rewrites only its own', async () => {
  const p = project(twoSyncs());
  assert.is((await p.run('apply', '--yes')).code, 0);
  const settle = await p.run('apply', '--yes'); // reads back its own writes
  assert.is(settle.code, 0, settle.stderr);
  const docs = linksDocs(p.dir);
  assert.is(docs.length, 2, docs.join(', '));
  const serial = p.state().serial;

  const before = { ...writeCounts };
  const noop = await p.run('apply', '--yes');
  assert.is(noop.code, 0, noop.stderr);
  assert.is(writeCounts.links - before.links, 0, 'no links document written');
  assert.ok(writeCounts.projects - before.projects <= 1, `${writeCounts.projects - before.projects} project documents written`);
  assert.equal(linksDocs(p.dir), docs, 'the same links documents, untouched');
  assert.ok(p.state().serial <= serial + 1);

  p.editStore('a', (data) => {
    const contact = Object.values(data.objects.contacts!.records)[0]!;
    contact.fields.jobtitle = 'Changed';
  });
  const counted = { ...writeCounts };
  const changed = await p.run('apply', '--yes');
  assert.is(changed.code, 0, changed.stderr);
  assert.is(writeCounts.links - counted.links, 1, 'the contacts links document only');
  const after = linksDocs(p.dir);
  assert.ok(after.includes(docs.find((d) => d.startsWith('state.json.companies-'))!), 'the companies document is kept');
  assert.not.ok(after.includes(docs.find((d) => d.startsWith('state.json.contacts-'))!), 'the contacts document is replaced');
  assert.is(after.length, 2);
});

test.run();
