/**
 * R6: each sync names its object, and each app supports its own set: Google Contacts only
 * contacts; Salesforce syncs contacts as either Leads or Contacts, as the sync chooses.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records } from '../helpers/project.js';
import { inSalesforce } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R6 objects per app');

test('R6: Google cannot sync companies; Salesforce has no contacts object `Account`; each is refused at its position', async () => {
  const p = project({
    'syncs/connections.yaml': `connections:
  crm:
    app: local
  google:
    app: google
    sandbox: true
  salesforce:
    app: salesforce
    sandbox: true
`,
    'syncs/google-companies.yaml': syncFile('google-companies', 'crm', 'google', `direction: two-way`, 'companies'),
    'syncs/salesforce-contacts.yaml': syncFile('salesforce-contacts', 'crm', 'salesforce Account', `direction: two-way`, 'contacts'),
  });
  const out = await p.run('validate', '--json');
  assert.is(out.code, 1);
  const found = JSON.parse(out.stdout).diagnostics.map(
    (d: { code: string; file: string; line: number; col: number; hint?: string }) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.hint ?? ''}`,
  );
  assert.ok(found.includes('syncs/google-companies.yaml:3:11 object-not-supported R6: google supports contacts'), found.join('\n'));
  assert.ok(
    found.some((d: string) => d.startsWith('syncs/salesforce-contacts.yaml:5:44 object-not-supported use one of: Contact, Lead')),
    found.join('\n'),
  );
  const apply = await p.run('apply', '--yes');
  assert.is(apply.code, 1);
  assert.match(apply.stderr, 'syncs/google-companies.yaml:3:11 error[object-not-supported] google (connection `google`) cannot sync companies');
  assert.not.ok(p.exists('.crmsync'), 'nothing was opened');
});

test('R6: Salesforce contacts are Leads or Contacts, as each sync chooses; records go to that object only', async () => {
  const p = project({
    'syncs/connections.yaml': sandboxes({
      prospects: ['local', { contacts: 2, companies: 0, from: 0 }],
      customers: ['local', { contacts: 2, companies: 0, from: 10 }],
      salesforce: ['salesforce', { contacts: 0, companies: 0 }],
    }),
    // Leads have their own recommended mappings: the required Company, and City rather than MailingCity.
    'syncs/leads.yaml': syncFile('leads', 'prospects', 'salesforce Lead', `direction: two-way`, 'contacts'),
    'syncs/contacts.yaml': syncFile('contacts', 'customers', 'salesforce Contact', `direction: two-way`),
  });
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  type Row = { Id: string; Email: string; Company?: string; City?: string };
  const table = (object: string) =>
    inSalesforce(p, async (sf) => (await sf.query<Row>(`SELECT Id, Email${object === 'Lead' ? ', Company, City' : ''} FROM ${object}`)).records);
  const emails = (rows: Row[]) => rows.map((r) => r.Email.toLowerCase()).sort();
  const stored = (store: string) =>
    records(p.store(store))
      .map((r) => String(r.fields.email))
      .sort();
  const leads = await table('Lead');
  const contacts = await table('Contact');
  assert.equal(emails(leads), stored('prospects'));
  assert.equal(emails(contacts), stored('customers'));
  assert.ok(
    leads.every((l) => l.Id.startsWith('00Q') && l.Company),
    'Lead ids and the required Company',
  );
  const cityOf = new Map(records(p.store('prospects')).map((r) => [String(r.fields.email), r.fields.city]));
  assert.ok(
    leads.every((l) => l.City && l.City === cityOf.get(l.Email.toLowerCase())),
    'the address lands in Lead.City, not a Mailing field',
  );
  assert.ok(contacts.every((c) => c.Id.startsWith('003')));

  // And back: a new Lead reaches the store its sync names, not the other one.
  await inSalesforce(p, (sf) => sf.sobject('Lead').create({ LastName: 'Prospect', Company: 'Nordlys', Email: 'new.lead@nordlys.example.com' }));
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.ok(records(p.store('prospects')).some((r) => r.fields.email === 'new.lead@nordlys.example.com' && r.fields.company === 'Nordlys'));
  assert.not.ok(records(p.store('customers')).some((r) => r.fields.email === 'new.lead@nordlys.example.com'));
  assert.is((await table('Contact')).length, 2);
});

test.run();
