/**
 * The shipped example, as a new user runs it: HubSpot ↔ Google Contacts and HubSpot ↔ Salesforce
 * on the built-in sandboxes, through the CLI, then re-runs with no changes.
 */
import { cpSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startGoogleEmulator } from '../../src/connectors/google/emulator/server.js';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { startSalesforceEmulator } from '../../src/connectors/salesforce/emulator/server.js';
import { SANDBOX_TOKEN } from '../../src/connectors/sandbox.js';
import { project } from '../helpers/project.js';
import { inHubSpot } from '../helpers/sandbox-apps.js';

async function emails(dir: string) {
  const hs = await startHubSpotEmulator({ tokens: [SANDBOX_TOKEN], persistPath: `${dir}/.crmsync/sandbox/hubspot.json` });
  const g = await startGoogleEmulator({ accessToken: SANDBOX_TOKEN, file: `${dir}/.crmsync/sandbox/google.json` });
  const sf = await startSalesforceEmulator({ accessToken: SANDBOX_TOKEN, persistPath: `${dir}/.crmsync/sandbox/salesforce.json` });
  try {
    const { createHubSpotConnector } = await import('../../src/connectors/hubspot/connector.js');
    const { createGoogleConnector } = await import('../../src/connectors/google/connector.js');
    const { createSalesforceConnector } = await import('../../src/connectors/salesforce/connector.js');
    const read = async (c: import('../../src/connectors/types.js').Connector, object: string, field: string) =>
      (await c.read({ object, fields: [field], mode: 'full' })).records.map((r) => String(r.fields[field]).toLowerCase()).sort();
    return {
      hubspot: await read(createHubSpotConnector({ name: 'h', accessToken: SANDBOX_TOKEN, baseUrl: hs.url }), 'contacts', 'email'),
      google: await read(
        createGoogleConnector({ name: 'g', accessToken: SANDBOX_TOKEN, rootUrl: `${g.url}/`, filter: { folder: 'contacts' } }),
        'contacts',
        'email',
      ),
      salesforce: await read(createSalesforceConnector({ name: 's', accessToken: SANDBOX_TOKEN, instanceUrl: sf.url }), 'Contact', 'Email'),
    };
  } finally {
    await Promise.all([hs.close(), g.close(), sf.close()]);
  }
}

test('the example syncs converge: every person in all three apps once, then no changes', async () => {
  const p = project();
  cpSync(new URL('../../syncs', import.meta.url), `${p.dir}/syncs`, { recursive: true });
  const first = await p.run('apply', '--auto-approve');
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, '0 failed');
  // Records that reached HubSpot from Google in the first run reach Salesforce in the second.
  const second = await p.run('apply', '--auto-approve');
  assert.is(second.code, 0, second.stderr);
  const plan = await p.run('plan', '--detailed-exitcode');
  assert.is(plan.code, 0, plan.stdout);
  const all = await emails(p.dir);
  // People 0-69 exist across the apps; each app now holds each of them exactly once.
  assert.is(all.hubspot.length, 70);
  assert.is(new Set(all.hubspot).size, 70);
  assert.equal(all.salesforce, all.hubspot);
  assert.equal(all.google, all.hubspot, 'Salesforce people reach Google through HubSpot');
  const status = await p.run('status', '--json');
  assert.ok(JSON.parse(status.stdout).health.syncs.every((s: { failed: number }) => s.failed === 0));
  // The custom-object example starts changes-only (R8): the sandbox's 12 invoices wait for import.
  const invoices = () => inHubSpot(p, async (hs) => (await hs.crm.objects.basicApi.getPage('p_billing_invoices', 100, undefined, ['invoice_number'])).results);
  assert.is((await invoices()).length, 0);
  const imported = await p.run('import', 'salesforce-hubspot-invoices', '--auto-approve');
  assert.is(imported.code, 0, imported.stderr);
  assert.equal(
    (await invoices()).map((r) => r.properties.invoice_number).sort(),
    Array.from({ length: 12 }, (_, i) => `Invoice-${String(i + 1).padStart(5, '0')}`),
  );
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test.run();
