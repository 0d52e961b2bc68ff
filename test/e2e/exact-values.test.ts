/**
 * Values carried exactly through the apps' own clients. One person whose email each app spells in
 * another Unicode normalisation and case is one record in each of three apps (R24, R25); an
 * integer beyond 2^53 reaches HubSpot and Salesforce with every digit, both ways, and never
 * ping-pongs (R10).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records } from '../helpers/project.js';
import { emailOf, googleContacts, inGoogle } from '../helpers/in-google.js';
import { inHubSpot, inSalesforce } from '../helpers/sandbox-apps.js';

const test = suite('exact values end to end');

const NFC = 'zo\u00eb@example.com';
const NFD = 'zoe\u0308@example.com';
const BIG = '9007199254740993'; // 2^53 + 1

/** Empty sandboxes of these apps; the local store is named `crm`. */
const connections = (...apps: string[]) =>
  `connections:\n${apps.map((app) => `  ${app === 'local' ? 'crm' : app}:\n    app: ${app}\n    sandbox: { seed: { contacts: 0${app === 'google' ? '' : ', companies: 0'} } }\n`).join('')}`;
const sync = (name: string, object: string, left: string, right: string, extra = '  direction: two-way\n  conflict: { winner: crm }\n') =>
  `sync:\n  name: ${name}\n  object: ${object}\n  left: { connection: ${left} }\n  right: ${right}\n${extra}`;

test('R25: zoë spelled NFC in the store, NFD in HubSpot and Google, is one person in each of the three apps', async () => {
  const p = project({
    'syncs/connections.yaml': connections('local', 'hubspot', 'google'),
    'syncs/hubspot.yaml': sync('hubspot', 'contacts', 'crm', '{ connection: hubspot }'),
    'syncs/google.yaml': sync('google', 'contacts', 'crm', '{ connection: google }'),
  });
  assert.is((await p.run('plan')).code, 0);
  p.editStore(
    'crm',
    (d) =>
      (d.objects.contacts!.records['1'] = {
        id: '1',
        rev: 1,
        modifiedAt: '2026-01-01T00:00:00.000Z',
        fields: { email: NFC, firstname: 'Zoë', lastname: 'Ørsted' },
      }),
  );
  await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.create({ properties: { email: NFD.toUpperCase(), firstname: 'Zoe\u0308' }, associations: [] }));
  await inGoogle(p, (google) =>
    google.people.createContact({ personFields: 'names', requestBody: { names: [{ givenName: 'Zoe\u0308' }], emailAddresses: [{ value: NFD }] } }),
  );

  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, '0 created');
  assert.is(records(p.store('crm')).length, 1);
  assert.is(await inHubSpot(p, async (hs) => (await hs.crm.contacts.basicApi.getPage(10)).results.length), 1);
  assert.equal(
    (await googleContacts(p)).map((x) => emailOf(x)?.normalize('NFC')),
    [NFC],
  );
  const state = p.state();
  assert.equal([state.syncs.hubspot!.links.length, state.syncs.google!.links.length], [1, 1]);
  // Equal after normalisation: no email is rewritten back and forth.
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('R24: zoë, NFC in the store and NFD in Google, brought into HubSpot by two syncs in one run, is one HubSpot contact', async () => {
  const p = project({
    'syncs/connections.yaml': connections('local', 'hubspot', 'google'),
    'syncs/store.yaml': sync('store', 'contacts', 'hubspot', '{ connection: crm }', '  direction: two-way\n  conflict: { winner: hubspot }\n'),
    'syncs/google.yaml': sync('google', 'contacts', 'hubspot', '{ connection: google }', '  direction: two-way\n  conflict: { winner: hubspot }\n'),
  });
  assert.is((await p.run('plan')).code, 0);
  p.editStore(
    'crm',
    (d) => (d.objects.contacts!.records['1'] = { id: '1', rev: 1, modifiedAt: '2026-01-01T00:00:00.000Z', fields: { email: NFC, firstname: 'Zoë' } }),
  );
  await inGoogle(p, (google) =>
    google.people.createContact({ personFields: 'names', requestBody: { names: [{ givenName: 'Zoe\u0308' }], emailAddresses: [{ value: NFD }] } }),
  );
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(await inHubSpot(p, async (hs) => (await hs.crm.contacts.basicApi.getPage(10)).results.length), 1);
  assert.equal([p.state().syncs.store!.links.length, p.state().syncs.google!.links.length], [1, 1]);
});

test('an integer beyond 2^53 reaches HubSpot and Salesforce exactly, and comes back exactly', async () => {
  const p = project({
    'syncs/connections.yaml': connections('local', 'hubspot', 'salesforce'),
    'syncs/hubspot.yaml': sync('hubspot', 'companies', 'crm', '{ connection: hubspot }'),
    'syncs/salesforce.yaml': sync(
      'salesforce',
      'companies',
      'hubspot',
      '{ connection: salesforce, object: Account }',
      `  direction: one-way
  from: hubspot
  mappings: none
  fields:
    - { left: name, right: Name }
    - { left: annualrevenue, right: AccountNumber }
`,
    ),
  });
  assert.is((await p.run('plan')).code, 0);
  p.editStore(
    'crm',
    (d) =>
      (d.objects.companies!.records['1'] = {
        id: '1',
        rev: 1,
        modifiedAt: '2026-01-01T00:00:00.000Z',
        fields: { name: 'Bignum', domain: 'bignum.example', annualrevenue: BIG },
      }),
  );
  for (let run = 0; run < 2; run++) assert.is((await p.run('apply', '--yes')).code, 0); // crm → HubSpot, then HubSpot → Salesforce

  const hubspot = () =>
    inHubSpot(p, async (hs) =>
      (await hs.crm.companies.basicApi.getPage(10, undefined, ['annualrevenue'])).results.map((c) => [c.id, c.properties.annualrevenue]),
    );
  const salesforce = () =>
    inSalesforce(p, async (sf) => (await sf.query<{ AccountNumber: string }>('SELECT AccountNumber FROM Account')).records.map((a) => a.AccountNumber));
  const [[id, revenue]] = (await hubspot()) as [[string, string]];
  assert.is(revenue, BIG);
  assert.equal(await salesforce(), [BIG]);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0, 'equal digits: nothing to write');

  // Back from HubSpot, one more than before: every digit arrives in the store and in Salesforce.
  await inHubSpot(p, (hs) => hs.crm.companies.basicApi.update(id, { properties: { annualrevenue: '9007199254740995' } }));
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.is(String(records(p.store('crm'), 'companies')[0]!.fields.annualrevenue), '9007199254740995');
  assert.equal(await salesforce(), ['9007199254740995']);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test("a Salesforce number field, read back as a rounded JSON number, never rounds HubSpot's exact value", async () => {
  const p = project({
    'syncs/connections.yaml': connections('hubspot', 'salesforce'),
    'syncs/companies.yaml': sync(
      'companies',
      'companies',
      'hubspot',
      '{ connection: salesforce, object: Account }',
      '  direction: two-way\n  conflict: { winner: hubspot }\n',
    ),
  });
  assert.is((await p.run('plan')).code, 0);
  await inHubSpot(p, (hs) => hs.crm.companies.basicApi.create({ properties: { name: 'Bignum', annualrevenue: BIG }, associations: [] }));
  assert.is((await p.run('apply', '--yes')).code, 0);
  // Salesforce's AnnualRevenue comes back as a JSON number: the same number at its precision, not a change.
  const again = await p.run('plan', '--detailed-exitcode');
  assert.is(again.code, 0, again.stdout);
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.equal(
    await inHubSpot(p, async (hs) =>
      (await hs.crm.companies.basicApi.getPage(10, undefined, ['annualrevenue'])).results.map((c) => c.properties.annualrevenue),
    ),
    [BIG],
  );
});

test.run();
