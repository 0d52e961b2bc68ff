/**
 * R11: when HubSpot and Salesforce disagree on a field, the default app's value overwrites the
 * other's; R12: a blank in the default app never wipes the other app's value. Salesforce is the
 * default app; both sandboxes hold the same three people, changed through the official clients.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, type Project } from '../helpers/project.js';
import { inHubSpot, inSalesforce } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R11-R12 the default app');

const FILES = {
  'syncs/connections.yaml': sandboxes({
    hubspot: ['hubspot', { contacts: 3, companies: 0, from: 0 }],
    salesforce: ['salesforce', { contacts: 3, companies: 0, from: 0 }],
  }),
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'hubspot',
    'salesforce Contact',
    `direction: two-way
conflict: { winner: salesforce }`,
  ),
};

type Person = { id: string; email: string; title: string | null; city: string | null };
const salesforcePeople = (p: Project): Promise<Person[]> =>
  inSalesforce(p, async (sf) =>
    (
      await sf.query<{ Id: string; Email: string; Title: string | null; MailingCity: string | null }>('SELECT Id, Email, Title, MailingCity FROM Contact')
    ).records.map((c) => ({ id: c.Id, email: c.Email, title: c.Title, city: c.MailingCity })),
  );
const hubspotPeople = (p: Project): Promise<Person[]> =>
  inHubSpot(p, async (hs) =>
    (await hs.crm.contacts.basicApi.getPage(10, undefined, ['email', 'jobtitle', 'city'])).results.map((c) => ({
      id: c.id,
      email: c.properties.email!,
      title: c.properties.jobtitle ?? null,
      city: c.properties.city ?? null,
    })),
  );
const person = async (p: Project, email: string) => ({
  salesforce: (await salesforcePeople(p)).find((x) => x.email === email)!,
  hubspot: (await hubspotPeople(p)).find((x) => x.email === email)!,
});

/** A project whose sandboxes are seeded (by a plan) but not yet synced. */
async function seeded() {
  const p = project(FILES);
  assert.is((await p.run('plan')).code, 0);
  const [first, second] = (await salesforcePeople(p)).sort((a, b) => a.email.localeCompare(b.email));
  return { p, first: first!, second: second! };
}

test('R11: the default app wins when the apps disagree, at the first sync and after it', async () => {
  const { p, first } = await seeded();
  const hubspotId = (await person(p, first.email)).hubspot.id;
  await inSalesforce(p, (sf) => sf.sobject('Contact').update({ Id: first.id, Title: 'VP Sales' }));
  await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.update(hubspotId, { properties: { jobtitle: 'Intern' } }));

  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  const update = plan.ops.find((o: { type: string; recordId: string }) => o.type === 'update' && o.recordId === hubspotId);
  assert.equal(
    update.changes.map((c: { field: string; new: string; reason: { rule: string } }) => [c.field, c.new, c.reason.rule]),
    [['jobtitle', 'VP Sales', 'R11']],
  );
  assert.is((await p.run('apply', '--yes')).code, 0);
  let now = await person(p, first.email);
  assert.equal([now.salesforce.title, now.hubspot.title], ['VP Sales', 'VP Sales'], 'matched at the first sync: Salesforce wins');

  // Linked: both apps change the city to different values before the next run.
  await inSalesforce(p, (sf) => sf.sobject('Contact').update({ Id: first.id, MailingCity: 'Paris' }));
  await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.update(hubspotId, { properties: { city: 'Rome' } }));
  const applied = await p.run('apply', '--yes');
  assert.match(applied.stdout, '[R11] both apps changed it since the last sync; the preferred app (salesforce) wins');
  now = await person(p, first.email);
  assert.equal([now.salesforce.city, now.hubspot.city], ['Paris', 'Paris']);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('R12: a blank in the default app never wipes the other app: it is filled, or left alone', async () => {
  const { p, first, second } = await seeded();
  const before = await person(p, first.email);
  assert.ok(before.hubspot.title, 'HubSpot has a title to keep');
  await inSalesforce(p, (sf) => sf.sobject('Contact').update({ Id: first.id, Title: null }));

  // At the first sync Salesforce is blank: HubSpot's value is kept and copied into Salesforce.
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, "[R12] the apps disagree at the first sync; salesforce is blank, so hubspot's value is kept and copied");
  let now = await person(p, first.email);
  assert.equal([now.hubspot.title, now.salesforce.title], [before.hubspot.title, before.hubspot.title]);

  // Later the default app clears a field: the other app keeps its value.
  const city = (await person(p, second.email)).hubspot.city;
  assert.ok(city);
  await inSalesforce(p, (sf) => sf.sobject('Contact').update({ Id: second.id, MailingCity: null }));
  assert.is((await p.run('apply', '--yes')).code, 0);
  now = await person(p, second.email);
  assert.equal([now.salesforce.city, now.hubspot.city], [null, city]);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0, 'and it stays that way');
});

test.run();
