/**
 * Idempotent creates, configuration: a side that receives creates and keeps no marker (a
 * Salesforce object without `marker_property`, or `marker_property: false`) is a located
 * `warning[no-create-marker]` in validate and in plan; HubSpot (default property), Google and the
 * local store keep a marker, and a side that only sends records needs none.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { project } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const connections = `connections:
  hubspot: { app: hubspot, sandbox: { seed: { contacts: 3, companies: 2 } } }
  salesforce: { app: salesforce, sandbox: { seed: { contacts: 3, companies: 2, from: 1 } } }
  google: { app: google, sandbox: { seed: { contacts: 3, from: 2 } } }
`;

const files = {
  'syncs/connections.yaml': connections,
  'syncs/companies.yaml': syncFile(
    'companies',
    'hubspot',
    'salesforce Account',
    `direction: two-way
conflict: { winner: salesforce }`,
  ),
  'syncs/contacts.yaml': `sync:
  name: contacts
  object: contacts
  left: { connection: hubspot, marker_property: false }
  right: { connection: google }
  direction: two-way
  conflict: { winner: hubspot }
`,
  'syncs/into-hubspot.yaml': syncFile(
    'into-hubspot',
    'salesforce Contact',
    'hubspot',
    `direction: one-way
from: salesforce`,
    'contacts',
  ),
};

type Diag = { code: string; severity: string; file: string; line: number; col: number; message: string; hint: string };

test('validate: located warnings for the Salesforce side without a marker field and for marker_property: false, none elsewhere', async () => {
  const p = project(files);
  const out = await p.run('validate', '--json');
  assert.is(out.code, 0, out.stderr);
  const found = (JSON.parse(out.stdout).diagnostics as Diag[]).filter((d) => d.code === 'no-create-marker');
  assert.equal(
    found.map((d) => [d.severity, d.file, d.line, d.col]),
    [
      ['warning', 'syncs/companies.yaml', 5, 3],
      ['warning', 'syncs/contacts.yaml', 4, 49],
    ],
  );
  assert.match(found[0]!.message, '`salesforce` (salesforce Account) carry no idempotency marker');
  assert.match(found[0]!.hint, 'marker_property: Crmsync_Marker__c');
  assert.match(found[1]!.hint, 'remove `marker_property: false`');
  const text = await p.run('validate');
  assert.match(text.stdout, 'syncs/companies.yaml:5:3 warning[no-create-marker]');
});

test('a Salesforce side with marker_property keeps markers: no warning; a wrong type is a located error', async () => {
  const p = project({
    ...files,
    'syncs/companies.yaml': files['syncs/companies.yaml'].replace('object: Account }', 'object: Account, marker_property: Crmsync_Marker__c }'),
  });
  const ok = JSON.parse((await p.run('validate', '--json')).stdout).diagnostics as Diag[];
  assert.equal(
    ok.filter((d) => d.code === 'no-create-marker').map((d) => d.file),
    ['syncs/contacts.yaml'],
  );
  p.write('syncs/contacts.yaml', files['syncs/contacts.yaml'].replace('marker_property: false', 'marker_property: 7'));
  const bad = await p.run('validate', '--json');
  assert.is(bad.code, 1);
  const error = (JSON.parse(bad.stdout).diagnostics as Diag[]).find((d) => d.severity === 'error')!;
  assert.equal([error.file, error.line], ['syncs/contacts.yaml', 4]);
});

test('plan checks the Salesforce marker field against the org: a missing one is a located error, an existing one plans', async () => {
  const p = project({
    ...files,
    'syncs/companies.yaml': files['syncs/companies.yaml'].replace('object: Account }', 'object: Account, marker_property: Legacy_Key__c }'),
  });
  const plan = await p.run('plan');
  assert.is(plan.code, 1);
  assert.match(plan.stderr, 'syncs/companies.yaml:5:70 error[unknown-field] Salesforce Account has no field `Legacy_Key__c` to keep the idempotency marker in');
  // The sandbox org has the External ID field the README asks for.
  p.write('syncs/companies.yaml', files['syncs/companies.yaml'].replace('object: Account }', 'object: Account, marker_property: Crmsync_Marker__c }'));
  const ok = await p.run('plan');
  assert.is(ok.code, 0, ok.stderr);
  assert.not.match(ok.stderr, 'syncs/companies.yaml:5');
});

test('plan repeats the warning, with its position, before the plan', async () => {
  const p = project(files);
  const plan = await p.run('plan');
  assert.is(plan.code, 0, plan.stderr);
  assert.match(plan.stderr, 'syncs/companies.yaml:5:3 warning[no-create-marker]');
  assert.match(plan.stderr, 'syncs/contacts.yaml:4:49 warning[no-create-marker]');
});

test.run();
