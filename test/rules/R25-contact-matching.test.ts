/**
 * R25: contacts match by email first (trimmed, case-insensitive), then by further identifiers:
 * Google's secondary email addresses, then name and company. Between a local store and the Google
 * sandbox; a pair found by any key is linked, never duplicated.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, type Project } from '../helpers/project.js';
import { emailOf, googleContacts, inGoogle } from '../helpers/in-google.js';

const test = suite('R25 contact matching');

const CONNECTIONS = `connections:
  crm:
    app: local
    sandbox: { seed: { contacts: 0, companies: 0 } }
  google:
    app: google
    sandbox: { seed: { contacts: 0 } }
`;
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
      (await client.people.createContact({ personFields: 'names', requestBody: { names: [{ givenName, familyName }], emailAddresses: emails.map((value) => ({ value })), organizations: [{ name: company }] } })).data.resourceName!;
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

const linkOps = (plan: { ops: Array<{ type: string; link: { l: string; r: string }; reason: { rule: string; message: string } }> }) =>
  plan.ops.filter((o) => o.type === 'link').map((o) => [o.link.l, o.link.r, o.reason.rule, o.reason.message.replace(/ at the initial sync.*/, '')]);

test('R25: email (trimmed, any case), then secondary emails, then name and company; no duplicates', async () => {
  const p = project({ 'syncs/connections.yaml': CONNECTIONS, 'syncs/contacts.yaml': sync(FURTHER_KEYS) });
  const google = await people(p);
  const plan = JSON.parse((await p.run('plan', '--json')).stdout);
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
  assert.equal(p.state().syncs.contacts!.links.map((l) => [l.l, l.r]).sort(), [['1', google.ada], ['2', google.grace], ['3', google.linus], ['4', globex.resourceName]]);
  // Linked pairs were merged: Ada's job title reached Google, Google's last name reached the store.
  assert.is(inGoogleNow.find((x) => x.resourceName === google.ada)!.data.organizations?.[0]?.title, 'Mathematician');
  assert.is(records(p.store('crm')).find((r) => r.id === '1')!.fields.lastname, 'Lovelace');
});

test.run();
