/** R16: a mapped field HubSpot lacks is created (a schema operation in the plan) before records sync. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { SANDBOX_TOKEN } from '../../src/connectors/sandbox.js';
import { project } from '../helpers/project.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const files = (provision: boolean) => ({
  'syncs/connections.yaml': sandboxes({
    salesforce: ['salesforce', { contacts: 5, companies: 0, from: 0 }],
    hubspot: ['hubspot', { contacts: 0, companies: 0 }],
  }),
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'salesforce Contact',
    'hubspot',
    `direction: one-way
from: salesforce
conflict: { winner: salesforce }
create_missing_properties: ${provision}
fields:
  - { left: Department, right: sf_department }`,
  ),
});

test('without create_missing_properties, a missing HubSpot property is an error found against the live catalogue', async () => {
  const p = project(files(false));
  const offline = await p.run('validate', '--json');
  const warning = JSON.parse(offline.stdout).diagnostics.find((d: { code: string }) => d.code === 'unknown-field');
  assert.is(warning.severity, 'warning');
  const plan = await p.run('plan');
  assert.is(plan.code, 1);
  assert.match(plan.stderr, 'error[config-invalid]');
  assert.match(plan.stderr, 'syncs/contacts.yaml:11:34 error[unknown-field]');
});

test('with it, plan shows the schema operation, apply creates the property first, then the records carry it', async () => {
  const p = project(files(true));
  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  const op = plan.ops.find((o: { type: string; purpose?: string }) => o.type === 'create-field' && !o.purpose);
  assert.equal([op.connection, op.object, op.field.name, op.reason.rule], ['hubspot', 'contacts', 'sf_department', 'R16']);
  // The idempotency marker's property is provisioned too, with unique values.
  const marker = plan.ops.find((o: { type: string; purpose?: string }) => o.type === 'create-field' && o.purpose === 'marker');
  assert.equal([marker.object, marker.field.name, marker.field.unique], ['contacts', 'crmsync_marker', true]);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  const hs = await startHubSpotEmulator({ tokens: [SANDBOX_TOKEN], persistPath: `${p.dir}/.crmsync/sandbox/hubspot.json` });
  try {
    const { createHubSpotConnector } = await import('../../src/connectors/hubspot/connector.js');
    const c = createHubSpotConnector({ name: 'h', accessToken: SANDBOX_TOKEN, baseUrl: hs.url });
    const catalogue = await c.catalogue('contacts');
    assert.ok(catalogue.fields.some((f) => f.name === 'sf_department'));
    assert.ok(catalogue.fields.some((f) => f.name === 'crmsync_marker' && f.unique));
    assert.is((await c.read({ object: 'contacts', fields: ['email'], mode: 'full' })).records.length, 5);
  } finally {
    await hs.close();
  }
  const again = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.not.ok(again.ops.some((o: { type: string }) => o.type === 'create-field'));
});

test.run();
