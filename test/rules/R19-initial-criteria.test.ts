/**
 * R19: "limit which records sync" criteria are checked only before a record is linked. HubSpot
 * contacts sync into a local store only as customers; once linked, a contact keeps syncing both
 * ways after it stops being one, and a contact that becomes one later is brought over then.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores, type Project } from '../helpers/project.js';
import { inHubSpot } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R19 initial-only criteria');

const FILES = {
  'syncs/connections.yaml': sandboxes({ crm: ['local', { contacts: 0, companies: 0 }], hubspot: ['hubspot', { contacts: 3, companies: 0, from: 0 }] }),
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'crm',
    'hubspot',
    `direction: two-way
filters:
  initial:
    right:
      - { field: lifecyclestage, op: equals, value: customer }`,
  ),
};

type Contact = { id: string; email: string; lifecyclestage: string | null; jobtitle: string | null; city: string | null };
const hubspotContacts = (p: Project): Promise<Contact[]> =>
  inHubSpot(p, async (hs) =>
    (await hs.crm.contacts.basicApi.getPage(10, undefined, ['email', 'lifecyclestage', 'jobtitle', 'city'])).results.map((c) => ({
      id: c.id,
      email: c.properties.email!,
      lifecyclestage: c.properties.lifecyclestage ?? null,
      jobtitle: c.properties.jobtitle ?? null,
      city: c.properties.city ?? null,
    })),
  );
const update = (p: Project, id: string, properties: Record<string, string>) => inHubSpot(p, (hs) => hs.crm.contacts.basicApi.update(id, { properties }));
const crmEmails = (p: Project) =>
  records(p.store('crm'))
    .map((r) => r.fields.email)
    .sort();

test('R19: criteria decide which records link; once linked a record keeps syncing both ways after it stops meeting them', async () => {
  const p = project(FILES);
  assert.is((await p.run('plan')).code, 0);
  const [customer, lead, later] = await hubspotContacts(p);
  assert.ok([customer, lead, later].every((c) => c!.lifecyclestage === 'lead'));
  await update(p, customer!.id, { lifecyclestage: 'customer' });

  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  assert.equal(crmEmails(p), [customer!.email]);
  assert.equal(
    p.state().syncs.contacts!.links.map((l) => l.right),
    [customer!.id],
  );
  assert.is(JSON.parse((await p.run('status', '--json')).stdout).health.syncs[0].excluded.right, 2);

  // The linked contact leaves the criteria and changes: the change still reaches the store...
  await update(p, customer!.id, { lifecyclestage: 'other', jobtitle: 'Moved on' });
  assert.is((await p.run('apply', '--yes')).code, 0);
  const mirrored = records(p.store('crm'))[0]!;
  assert.equal([mirrored.fields.jobtitle, mirrored.fields.lifecyclestage], ['Moved on', 'other']);
  // ...and the store's changes still reach HubSpot.
  p.editStore('crm', (d) => (d.objects.contacts!.records[mirrored.id]!.fields.city = 'Tromsø'));
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.is((await hubspotContacts(p)).find((c) => c.id === customer!.id)!.city, 'Tromsø');

  // An unlinked contact is checked again on every run: once it meets the criteria it is brought over.
  await update(p, later!.id, { lifecyclestage: 'customer' });
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.equal(crmEmails(p), [customer!.email, later!.email].sort());
  assert.not.ok(crmEmails(p).includes(lead!.email), 'the contact that never met them stays out');
  assert.is(p.state().syncs.contacts!.links.length, 2);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('R19, R24: a record whose partner fails the criteria is neither linked nor created again', async () => {
  // a holds people 0-5, b people 3-8; b's people 3-5 are not customers, so they fail the criteria.
  const p = project(
    twoStores({
      sync: '  direction: two-way\n  conflict: { winner: a }\n  filters:\n    initial:\n      right:\n        - { field: lifecyclestage, op: equals, value: customer }',
    }),
  );
  await p.run('plan'); // seeds the stores
  p.editStore('b', (d) => {
    for (const r of Object.values(d.objects.contacts!.records)) r.fields.lifecyclestage = 'lead';
  });
  const before = { a: records(p.store('a')).length, b: records(p.store('b')).length };
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, '0 failed');
  // a's people 0-2 are created in b; its people 3-5 are already there and are left alone.
  assert.is(records(p.store('b')).length, before.b + 3);
  assert.is(records(p.store('a')).length, before.a, 'nothing from b passes the criteria');
  const emails = records(p.store('b')).map((r) => String(r.fields.email).toLowerCase());
  assert.is(new Set(emails).size, emails.length, 'no duplicate in b');
  assert.is(p.state().syncs.contacts!.links.length, 3);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test.run();
