/**
 * R15: each app pair comes with default mappings, some of them required; a required mapping stays
 * switched on, a record missing its required value is not created (it becomes a failure with a
 * hint), and any other mapping can be switched off. HubSpot ↔ Salesforce contacts, where
 * Salesforce requires LastName.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, type Project } from '../helpers/project.js';
import { inHubSpot, inSalesforce } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R15 field mappings');

const CONNECTIONS = sandboxes({ hubspot: ['hubspot', { contacts: 2, companies: 0, from: 0 }], salesforce: ['salesforce', { contacts: 0, companies: 0 }] });
const SYNC = syncFile(
  'contacts',
  'hubspot',
  'salesforce Contact',
  `direction: two-way
fields:
  - left: jobtitle
    right: Title
    enabled: false`,
);

type SfContact = { Email: string; LastName: string; Title: string | null };
const salesforceContacts = (p: Project) => inSalesforce(p, async (sf) => (await sf.query<SfContact>('SELECT Email, LastName, Title FROM Contact')).records);

test('R15: the recommended LastName mapping is required and cannot be switched off', async () => {
  const p = project({
    'syncs/connections.yaml': CONNECTIONS,
    'syncs/contacts.yaml': `${SYNC}    - left: lastname
      right: LastName
      enabled: false
`,
  });
  const out = await p.run('validate');
  assert.is(out.code, 1);
  assert.match(out.stderr, 'syncs/contacts.yaml:13:16 error[required-mapping-disabled] the mapping lastname ↔ LastName is required and cannot be switched off');
  assert.match(out.stderr, 'syncs/contacts.yaml:5:10 error[required-field-unmapped] salesforce Contact requires `LastName`');
  const apply = await p.run('apply', '--yes');
  assert.is(apply.code, 1);
  assert.not.ok(p.exists('.crmsync'), 'nothing was opened');
});

test('R15: a record without a required value is not created and is reported; a switched-off mapping does not sync', async () => {
  const p = project({ 'syncs/connections.yaml': CONNECTIONS, 'syncs/contacts.yaml': SYNC });
  assert.is((await p.run('plan')).code, 0);
  const incomplete = await inHubSpot(p, (hs) =>
    hs.crm.contacts.basicApi.create({ properties: { email: 'no.lastname@example.com', firstname: 'Nola', jobtitle: 'Boss' } }),
  );

  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.equal(
    plan.findings.map((f: { recordId: string; kind: string; rule: string; message: string }) => [f.recordId, f.kind, f.rule, f.message]),
    [[incomplete.id, 'missing-required', 'R15', 'not created in salesforce: required field `lastname` is blank']],
  );
  const applied = await p.run('apply', '--yes');
  // The record left out is failed (R31), so the run is incomplete: exit 3, and apply counts it.
  assert.is(applied.code, 3, applied.stderr);
  assert.match(applied.stdout, /Apply incomplete: 2 created, .* 1 failed/);

  const created = await salesforceContacts(p);
  assert.is(created.length, 2, 'the two complete contacts');
  assert.not.ok(created.some((c) => c.Email === 'no.lastname@example.com'));
  assert.ok(
    created.every((c) => c.Title === null),
    'jobtitle → Title is switched off',
  );
  const [failure] = p.state().syncs.contacts!.failures;
  assert.equal([failure!.side, failure!.id, failure!.category, failure!.code], ['left', incomplete.id, 'required-field', 'REQUIRED_FIELD_BLANK']);
  const status = await p.run('status');
  assert.match(status.stdout, '1 failed');
  assert.match(status.stdout, 'required-field: 1 (hint: fill `lastname` in hubspot)');

  // Filled in HubSpot, it is created once its retry is due.
  await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.update(incomplete.id, { properties: { lastname: 'Lastly' } }));
  const state = p.state();
  for (const f of state.syncs.contacts!.failures) f.retryAfter = '2000-01-01T00:00:00.000Z';
  p.write('.crmsync/state.json', JSON.stringify(state));
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.ok((await salesforceContacts(p)).some((c) => c.Email === 'no.lastname@example.com' && c.LastName === 'Lastly' && c.Title === null));
  assert.equal(p.state().syncs.contacts!.failures, []);
});

test.run();
