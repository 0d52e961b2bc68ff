/** R27/R28: contact → company associations are mirrored through the companies sync's links. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records } from '../helpers/project.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const FILES = {
  'syncs/connections.yaml': sandboxes({ a: ['local', { contacts: 4, companies: 3, from: 0 }], b: ['local', { contacts: 0, companies: 0 }] }),
  'syncs/companies.yaml': syncFile(
    'companies',
    'a',
    'b',
    `direction: two-way
conflict: { winner: a }`,
  ),
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'a',
    'b',
    `direction: two-way
conflict: { winner: a }
associations:
  - sync: companies`,
  ),
};

test('R27/R28: the primary company association is mirrored onto the new records, after both exist; rerun is a no-op', async () => {
  const p = project(FILES);
  await p.run('plan');
  const companies = records(p.store('a'), 'companies');
  const contacts = records(p.store('a'));
  p.editStore('a', (d) => {
    // Contact 0: primary company 0, secondary company 1. Contact 1: no company.
    d.objects.contacts!.records[contacts[0]!.id]!.associations = { companies: [companies[0]!.id, companies[1]!.id] };
  });
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  const bContacts = records(p.store('b'));
  const bCompanies = records(p.store('b'), 'companies');
  assert.is(bCompanies.length, 3);
  const copy = bContacts.find((r) => r.fields.email === contacts[0]!.fields.email)!;
  const primary = bCompanies.find((c) => c.fields.name === companies[0]!.fields.name)!;
  assert.equal(copy.associations, { companies: [primary.id] }, 'only the primary company (R28)');
  assert.is(bContacts.find((r) => r.fields.email === contacts[1]!.fields.email)!.associations, undefined);
  const again = await p.run('plan', '--detailed-exitcode');
  assert.is(again.code, 0, again.stdout);
});

test('R27: an association to a company that is not synced is never created, nor is the company', async () => {
  const p = project({ ...FILES, 'syncs/companies.yaml': FILES['syncs/companies.yaml'].replace('two-way', 'one-way\n  from: b') });
  await p.run('plan');
  const companies = records(p.store('a'), 'companies');
  const contacts = records(p.store('a'));
  p.editStore('a', (d) => (d.objects.contacts!.records[contacts[0]!.id]!.associations = { companies: [companies[0]!.id] }));
  await p.run('apply', '--yes');
  assert.is(records(p.store('b'), 'companies').length, 0);
  assert.is(records(p.store('b')).find((r) => r.fields.email === contacts[0]!.fields.email)!.associations, undefined);
});

test.run();
