/**
 * R25: contacts match by email first (trimmed, case-insensitive), then by further identifiers:
 * Google's secondary email addresses, then name and company. Between a local store and the Google
 * sandbox; a pair found by any key is linked, never duplicated.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, type Project } from '../helpers/project.js';
import { emailOf, googleContacts, inGoogle } from '../helpers/in-google.js';
import { inHubSpot } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R25 contact matching');

const CONNECTIONS = sandboxes({ crm: ['local', { contacts: 0, companies: 0 }], google: ['google', { contacts: 0 }] });
const sync = (extra = '') => `sync:
  name: contacts
  object: contacts
  left: { connection: crm }
  right: { connection: google }
  direction: two-way
  conflict: { winner: google }
${extra}`;
const FURTHER_KEYS = `  match:
    keys:
      - { left: email, right: email }
      - { left: email, right: secondaryEmails }
      - { left: [firstname, lastname, company], right: [firstName, lastName, company] }
`;

/** The same people on both sides, written so that each pair is found by a different key. */
async function people(p: Project) {
  assert.is((await p.run('plan')).code, 0);
  const google = await inGoogle(p, async (client) => {
    const create = async (givenName: string, familyName: string, company: string, emails: string[]) =>
      (
        await client.people.createContact({
          personFields: 'names',
          requestBody: { names: [{ givenName, familyName }], emailAddresses: emails.map((value) => ({ value })), organizations: [{ name: company }] },
        })
      ).data.resourceName!;
    return {
      ada: await create('Ada', 'Lovelace', 'Analytical', ['ada@example.com']),
      grace: await create('Grace', 'Hopper', 'Navy', ['grace@work.example', 'grace@home.example']),
      linus: await create('Linus', 'Knuth', 'Initech', ['linus@new.example']),
    };
  });
  const put = (id: string, fields: Record<string, string>) =>
    p.editStore('crm', (d) => (d.objects.contacts!.records[id] = { id, rev: Number(id), modifiedAt: '2026-01-01T00:00:00.000Z', fields }));
  put('1', { email: '  ADA@Example.COM ', firstname: 'Ada', jobtitle: 'Mathematician' });
  put('2', { email: 'Grace@Home.example', firstname: 'Grace', lastname: 'Hopper' });
  put('3', { email: 'linus@old.example', firstname: 'linus', lastname: 'KNUTH', company: 'Initech ' });
  // Same name, another company: a different person.
  put('4', { email: 'linus.k@globex.example', firstname: 'Linus', lastname: 'Knuth', company: 'Globex' });
  return google;
}

const linkOps = (plan: { ops: Array<{ type: string; link: { left: string; right: string }; reason: { rule: string; message: string } }> }) =>
  plan.ops.filter((o) => o.type === 'link').map((o) => [o.link.left, o.link.right, o.reason.rule, o.reason.message.replace(/ at the initial sync.*/, '')]);

test('R25: email (trimmed, any case), then secondary emails, then name and company; no duplicates', async () => {
  const p = project({ 'syncs/connections.yaml': CONNECTIONS, 'syncs/contacts.yaml': sync(FURTHER_KEYS) });
  const google = await people(p);
  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.equal(linkOps(plan), [
    ['1', google.ada, 'R25', 'matched by email'],
    ['2', google.grace, 'R25', 'matched by email'],
    ['3', google.linus, 'R25', 'matched by firstname+lastname+company'],
  ]);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, '3 linked');

  // Only the Globex Linus is new; nobody else was created on either side.
  const inGoogleNow = await googleContacts(p);
  assert.is(inGoogleNow.length, 4);
  assert.is(records(p.store('crm')).length, 4);
  const globex = inGoogleNow.find((x) => emailOf(x) === 'linus.k@globex.example')!;
  assert.equal(
    p
      .state()
      .syncs.contacts!.links.map((l) => [l.left, l.right])
      .sort(),
    [
      ['1', google.ada],
      ['2', google.grace],
      ['3', google.linus],
      ['4', globex.resourceName],
    ],
  );
  // Linked pairs were merged: Ada's job title reached Google, Google's last name reached the store.
  assert.is(inGoogleNow.find((x) => x.resourceName === google.ada)!.data.organizations?.[0]?.title, 'Mathematician');
  assert.is(records(p.store('crm')).find((r) => r.id === '1')!.fields.lastname, 'Lovelace');
});

test('R25 by default: email, then secondary emails, then name and company domain only when unambiguous; different people stay apart', async () => {
  const p = project({
    'syncs/connections.yaml': sandboxes({ hubspot: ['hubspot', { contacts: 0, companies: 0 }], google: ['google', { contacts: 0 }] }),
    // No match keys written: the defaults. Contacts without an email sync too (R18 switched off).
    'syncs/contacts.yaml': syncFile(
      'contacts',
      'hubspot',
      'google',
      `direction: two-way
conflict: { winner: hubspot }
filters: { require_email: false }`,
    ),
  });
  assert.is((await p.run('plan')).code, 0);
  const hs = await inHubSpot(p, async (client) => {
    const create = async (email: string, firstname: string, lastname: string) =>
      (await client.crm.contacts.basicApi.create({ properties: { email, firstname, lastname }, associations: [] })).id;
    return {
      grace: await create('grace@work.example', 'Grace', 'Hopper'),
      ada: await create('ada@analytical.example', 'Ada', 'Lovelace'),
      linus: await create('linus@initech.example', 'Linus', 'Knuth'),
      tim1: await create('tim@hooli.example', 'Tim', 'Wilson'),
      tim2: await create('tim.wilson@hooli.example', 'Tim', 'Wilson'),
    };
  });
  const g = await inGoogle(p, async (client) => {
    const create = async (givenName: string, familyName: string, emails: string[], domain?: string) =>
      (
        await client.people.createContact({
          personFields: 'names',
          requestBody: {
            names: [{ givenName, familyName }],
            emailAddresses: emails.map((value) => ({ value })),
            ...(domain ? { organizations: [{ name: givenName, domain }] } : {}),
          },
        })
      ).data.resourceName!;
    return {
      // Grace's work address is a further address in Google.
      grace: await create('Grace', 'Hopper', ['grace@home.example', 'grace@work.example']),
      // No email, but her company's domain is her HubSpot email's.
      ada: await create('Ada', 'Lovelace', [], 'analytical.example'),
      // Same name and company as HubSpot's Linus, another email: another person.
      linus: await create('Linus', 'Knuth', ['linus.k@initech.example'], 'initech.example'),
      // Two Tim Wilsons at Hooli in HubSpot: this one is neither of them for sure.
      tim: await create('Tim', 'Wilson', [], 'hooli.example'),
    };
  });

  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.equal(
    plan.ops
      .filter((o: { type: string }) => o.type === 'link')
      .map((o: { link: { left: string; right: string }; reason: { message: string } }) => [
        o.link.left,
        o.link.right,
        o.reason.message.replace(/ at the initial sync.*/, ''),
      ]),
    [
      [hs.grace, g.grace, 'matched by email = secondaryEmails'],
      [hs.ada, g.ada, 'matched by name and company domain'],
    ],
  );
  assert.equal(plan.findings, [], 'a shared name is not an ambiguity to report');
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  // 2 linked; HubSpot's Linus and both Tims go to Google, Google's Linus and Tim to HubSpot.
  assert.match(applied.stdout, '5 created');
  assert.match(applied.stdout, '2 linked');
  const google = await googleContacts(p);
  assert.is(google.length, 7);
  // The winner's email became Grace's first address in Google; her other address is kept, once.
  const grace = google.find((x) => x.resourceName === g.grace)!;
  assert.equal(
    grace.data.emailAddresses!.map((e) => e.value),
    ['grace@work.example', 'grace@home.example'],
  );
  assert.is(emailOf(google.find((x) => x.resourceName === g.ada)!), 'ada@analytical.example');
  assert.is(await inHubSpot(p, async (client) => (await client.crm.contacts.basicApi.getPage(20)).results.length), 7);
  assert.is(p.state().syncs.contacts!.links.length, 7);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test("R25 on a later, incremental run: a new contact's partner is looked up by its secondary emails too, so it is not created twice", async () => {
  const p = project({
    'syncs/connections.yaml': sandboxes({ hubspot: ['hubspot', { contacts: 0, companies: 0 }], google: ['google', { contacts: 0 }] }),
    // Only starred Google contacts sync (R20): Grace, not starred, stays out, but she exists.
    'syncs/contacts.yaml': `sync:
  name: contacts
  object: contacts
  left: { connection: hubspot }
  right: { connection: google, starred: true }
  direction: two-way
  conflict: { winner: hubspot }
`,
  });
  assert.is((await p.run('plan')).code, 0);
  await inGoogle(p, (client) =>
    client.people.createContact({
      personFields: 'names',
      requestBody: {
        names: [{ givenName: 'Grace', familyName: 'Hopper' }],
        emailAddresses: [{ value: 'grace@home.example' }, { value: 'grace@work.example' }],
      },
    }),
  );
  assert.is((await p.run('apply', '--yes')).code, 0);
  // Later, HubSpot gains her under her work address; the next run reads HubSpot's changes only.
  await inHubSpot(p, (client) =>
    client.crm.contacts.basicApi.create({ properties: { email: 'grace@work.example', firstname: 'Grace', lastname: 'Hopper' }, associations: [] }),
  );
  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.is(plan.syncs[0].left.read, 1, 'an incremental read');
  assert.equal(
    plan.ops.filter((o: { type: string }) => o.type === 'create'),
    [],
    'she is in Google already: not created there',
  );
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.is((await googleContacts(p)).length, 1);
});

test.run();
