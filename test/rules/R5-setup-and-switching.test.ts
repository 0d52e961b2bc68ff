/**
 * R5: a sync can be saved without being switched on, switched on, off and on again, or deleted;
 * and without a field list it uses the app pair's recommended mappings, while an explicit list
 * with `mappings: none` is used alone.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores } from '../helpers/project.js';
import { emailOf, googleContacts } from '../helpers/in-google.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R5 setup and switching');

test('R5: a sync saved switched off moves nothing; on, off and on again; deleted, it stops', async () => {
  const files = twoStores({ seedB: '{ contacts: 0, companies: 0 }', sync: '  enabled: false\n  direction: two-way\n  conflict: { winner: a }' });
  const off = files['syncs/contacts.yaml']!;
  const on = off.replace('enabled: false', 'enabled: true');
  const p = project(files);

  const saved = await p.run('apply', '--yes');
  assert.is(saved.code, 0, saved.stderr);
  assert.match(saved.stdout, 'disabled (enabled: false, R5): not planned');
  assert.not.ok(p.exists('.crmsync/local/a.json'), 'neither app was opened');
  assert.equal(p.state().syncs, {});
  assert.match((await p.run('status')).stdout, 'contacts (contacts) [disabled]');

  p.write('syncs/contacts.yaml', on);
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.is(records(p.store('b')).length, 6);
  const person = records(p.store('a'))[0]!;
  const inB = () => records(p.store('b')).find((r) => r.fields.email === person.fields.email)!;

  p.write('syncs/contacts.yaml', off);
  p.editStore('a', (d) => (d.objects.contacts!.records[person.id]!.fields.jobtitle = 'Changed while off'));
  const whileOff = await p.run('apply', '--yes');
  assert.is(whileOff.code, 0, whileOff.stderr);
  assert.is.not(inB().fields.jobtitle, 'Changed while off');
  assert.is(p.state().syncs.contacts!.links.length, 6, 'switching off keeps the links');

  // Switched on again it resumes from its links: the change made meanwhile flows, nothing is duplicated.
  p.write('syncs/contacts.yaml', on);
  const again = await p.run('apply', '--yes');
  assert.match(again.stdout, '0 created, 1 updated');
  assert.is(inB().fields.jobtitle, 'Changed while off');
  assert.is(records(p.store('b')).length, 6);

  // Deleted: its file is gone, so nothing of it is planned any more.
  rmSync(join(p.dir, 'syncs/contacts.yaml'));
  p.editStore('a', (d) => (d.objects.contacts!.records[person.id]!.fields.jobtitle = 'Changed after delete'));
  const deleted = await p.run('apply', '--yes');
  assert.is(deleted.code, 0, deleted.stderr);
  assert.is(inB().fields.jobtitle, 'Changed while off');
});

const GOOGLE = {
  'syncs/connections.yaml': sandboxes({ crm: ['local', { contacts: 2, companies: 0, from: 0 }], google: ['google', { contacts: 0 }] }),
  'syncs/contacts.yaml': syncFile('contacts', 'crm', 'google', `direction: two-way`),
};

test('R5: without `fields` the recommended mappings apply; `mappings: none` uses only the fields listed', async () => {
  const p = project(GOOGLE);
  assert.is((await p.run('apply', '--yes')).code, 0);
  const crm = records(p.store('crm'));
  const google = await googleContacts(p);
  assert.is(google.length, 2);
  for (const r of crm) {
    const person = google.find((g) => emailOf(g) === r.fields.email)!;
    assert.ok(person, `${r.fields.email} reached Google`);
    // jobtitle → organizations[0].title, city → addresses[0].city: both only through the recommended table.
    assert.is(person.data.organizations?.[0]?.title, r.fields.jobtitle);
    assert.is(person.data.addresses?.[0]?.city, r.fields.city);
    assert.is(person.data.names?.[0]?.familyName, r.fields.lastname);
  }

  const q = project({
    ...GOOGLE,
    'syncs/contacts.yaml': `${GOOGLE['syncs/contacts.yaml']}  mappings: none
  fields:
    - { left: email, right: email }
    - { left: firstname, right: firstName }
`,
  });
  assert.is((await q.run('apply', '--yes')).code, 0);
  const only = await googleContacts(q);
  assert.is(only.length, 2);
  for (const person of only) {
    assert.ok(emailOf(person) && person.data.names?.[0]?.givenName);
    assert.equal([person.data.organizations, person.data.addresses, person.data.names?.[0]?.familyName], [undefined, undefined, undefined]);
  }
});

test.run();
