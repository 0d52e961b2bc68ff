/**
 * R23 end to end: importing Salesforce contacts brings only the email; the next run fills the other
 * fields for contacts inside the inclusion filter, and the ones outside it keep blank properties.
 * Through both sandboxes' emulators and the official clients.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, type Project } from '../helpers/project.js';
import { inHubSpot, inSalesforce } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R23 email-first import');

const FILES = {
  'syncs/connections.yaml': sandboxes({
    hubspot: ['hubspot', { contacts: 0, companies: 0 }],
    salesforce: ['salesforce', { contacts: 8, companies: 0, from: 100 }],
  }),
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'salesforce Contact',
    'hubspot',
    `direction: two-way
conflict: { winner: hubspot }
initial_sync: changes-only
filters:
  include:
    left:
      - { field: MailingCountry, op: equals, value: Norway }`,
  ),
};

type Person = { email: string; firstname: string | null; lastname: string | null; city: string | null };
const hubspotPeople = (p: Project) =>
  inHubSpot(p, async (hs) =>
    (await hs.crm.contacts.basicApi.getPage(100, undefined, ['email', 'firstname', 'lastname', 'city'])).results.map((c) => c.properties as unknown as Person),
  );
type SfContact = { Email: string; FirstName: string; LastName: string; MailingCity: string; MailingCountry: string };
const salesforcePeople = (p: Project) =>
  inSalesforce(p, async (sf) => (await sf.query<SfContact>('SELECT Email, FirstName, LastName, MailingCity, MailingCountry FROM Contact')).records);

test('R23: the import brings emails only; the next run fills contacts inside the filter; the rest stay blank', async () => {
  const p = project(FILES);
  assert.is((await p.run('apply', '--yes')).code, 0);
  const sf = await salesforcePeople(p);
  const norway = sf.filter((c) => c.MailingCountry === 'Norway');
  assert.ok(norway.length > 0 && norway.length < sf.length, 'the seed has contacts on both sides of the filter');

  const imported = await p.run('import', 'contacts', '--yes');
  assert.is(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, `${sf.length} created`);
  const afterImport = await hubspotPeople(p);
  assert.equal(afterImport.map((c) => c.email).sort(), sf.map((c) => c.Email.toLowerCase()).sort(), 'every contact, inside the filter or not');
  assert.ok(
    afterImport.every((c) => !c.firstname && !c.lastname && !c.city),
    'only the email',
  );

  // The next run fills the contacts inside the inclusion filter from Salesforce. HubSpot is the
  // default app, but its blanks never wipe Salesforce's values (R12).
  const fill = await p.run('apply', '--yes');
  assert.is(fill.code, 0, fill.stderr);
  const filled = await hubspotPeople(p);
  for (const c of sf) {
    const inHubSpot = filled.find((h) => h.email === c.Email.toLowerCase())!;
    if (c.MailingCountry === 'Norway') assert.equal([inHubSpot.firstname, inHubSpot.lastname, inHubSpot.city], [c.FirstName, c.LastName, c.MailingCity]);
    else assert.equal([inHubSpot.firstname, inHubSpot.lastname, inHubSpot.city], [null, null, null], `${c.Email} is outside the filter`);
  }
  assert.equal(await salesforcePeople(p), sf, 'Salesforce is unchanged');
  const links = p.state().syncs.contacts!.links;
  assert.is(links.length, sf.length);
  assert.is(links.filter((l) => l.excluded).length, sf.length - norway.length);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('R23: --all-fields imports contacts inside the filter with every field at once', async () => {
  const p = project(FILES);
  await p.run('apply', '--yes');
  const sf = await salesforcePeople(p);
  const imported = await p.run('import', 'contacts', '--all-fields', '--yes');
  assert.is(imported.code, 0, imported.stderr);
  const people = await hubspotPeople(p);
  const norway = sf.filter((c) => c.MailingCountry === 'Norway');
  assert.equal(people.map((c) => [c.email, c.firstname]).sort(), norway.map((c) => [c.Email.toLowerCase(), c.FirstName]).sort());
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test.run();
