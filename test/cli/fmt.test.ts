/** `crmsync fmt`: one layout, every comment kept, the meaning unchanged; --check for CI; broken files left alone. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { project, twoStores } from '../helpers/project.js';

const test = suite('fmt');

const MESSY = `# the contacts sync
sync:
    name:   contacts   # keep this name
    object: contacts
    left:   {connection: a}
    right: {   connection: b }
    direction: two-way
    conflict:
          winner: a
    fields:
    - left: jobtitle
      right: jobtitle   # titles too
`;

const TIDY = `# the contacts sync
sync:
  name: contacts # keep this name
  object: contacts
  left: { connection: a }
  right: { connection: b }
  direction: two-way
  conflict:
    winner: a
  fields:
    - left: jobtitle
      right: jobtitle # titles too
`;

test('fmt normalises the layout and keeps comments and meaning; a second run changes nothing', async () => {
  const files = twoStores();
  files['syncs/contacts.yaml'] = MESSY;
  const p = project(files);
  const check = await p.run('fmt', '--check');
  assert.is(check.code, 1);
  assert.match(check.stdout, 'would reformat syncs/contacts.yaml');
  assert.is(p.read('syncs/contacts.yaml'), MESSY);
  const r = await p.run('fmt');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'formatted syncs/contacts.yaml');
  assert.is(p.read('syncs/contacts.yaml'), TIDY);
  assert.equal(parse(TIDY), parse(MESSY));
  const again = await p.run('fmt', '--check');
  assert.is(again.code, 0);
  assert.match(again.stdout, 'All files are formatted.');
  assert.is((await p.run('validate')).code, 0);
});

test('a file with a syntax error is reported with its position and left untouched', async () => {
  const files = twoStores();
  const broken = 'sync:\n  name: [contacts\n';
  files['syncs/contacts.yaml'] = broken;
  const p = project(files);
  const r = await p.run('fmt');
  assert.is(r.code, 1);
  assert.match(r.stderr, 'syncs/contacts.yaml:2:');
  assert.is(p.read('syncs/contacts.yaml'), broken);
});

test.run();
