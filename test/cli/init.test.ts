/** `crmsync init`: from an empty folder to a synced sandbox with `init` and `apply`; never overwrites. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { project } from '../helpers/project.js';

const test = suite('init');

test('init writes commented syncs/ from both catalogues; validate, apply and a quiet plan follow', async () => {
  const p = project();
  const init = await p.run('init');
  assert.is(init.code, 0, init.stderr);
  assert.match(init.stdout, 'Wrote syncs/connections.yaml and syncs/hubspot-salesforce-contacts.yaml (12 recommended mapping(s)');
  const sync = p.read('syncs/hubspot-salesforce-contacts.yaml');
  assert.match(sync, '#   email <-> Email  (trim, lowercase)');
  // Salesforce refuses a contact without LastName: the mapping is marked required, from the live catalogue.
  assert.match(sync, '#   lastname <-> LastName  [required mapping] (required in salesforce)');
  assert.equal(parse(sync).sync, { name: 'hubspot-salesforce-contacts', object: 'contacts', left: { connection: 'hubspot' }, right: { connection: 'salesforce', object: 'Contact' }, direction: 'two-way', conflict: { winner: 'hubspot' }, mappings: 'recommended' });
  assert.equal(parse(p.read('syncs/connections.yaml')).connections.salesforce, { app: 'salesforce', sandbox: true });
  assert.is((await p.run('validate')).code, 0);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, '0 failed');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('init refuses to overwrite, and names the file', async () => {
  const p = project({ 'syncs/connections.yaml': '# mine\n' });
  const r = await p.run('init', '--left', 'hubspot', '--right', 'google');
  assert.is(r.code, 1);
  assert.is(r.stderr, 'error[file-exists] syncs/connections.yaml already exists; init never overwrites\n  hint: edit it, or run init in an empty folder\n');
  assert.is(p.read('syncs/connections.yaml'), '# mine\n');
  assert.not.ok(p.exists('syncs/hubspot-google-contacts.yaml'));
});

test('init for another pair and object; an object an app lacks is refused', async () => {
  const p = project();
  const r = await p.run('init', '--left', 'hubspot', '--right', 'google');
  assert.is(r.code, 0, r.stderr);
  assert.match(p.read('syncs/hubspot-google-contacts.yaml'), 'right: { connection: google }');
  const q = project();
  const bad = await q.run('init', '--left', 'hubspot', '--right', 'google', '--object', 'companies');
  assert.is(bad.code, 1);
  assert.match(bad.stderr, 'error[usage] google has no companies');
  assert.not.ok(q.exists('syncs'));
});

test.run();
