/**
 * R7 and R8 end to end: a Salesforce custom object (Invoice__c) synced into a HubSpot custom object
 * (billing_invoices, not `invoices`: that is HubSpot's standard Invoices object) through both sandboxes' emulators and the official clients. Creates and updates flow
 * Salesforce → HubSpot only, the chosen delete behaviour applies, the HubSpot object's required
 * properties must be mapped, and switching the sync on moves only later changes until `import`.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hubspotCustomObject } from '../../src/connectors/hubspot/sandbox.js';
import { salesforceCustomObject } from '../../src/connectors/salesforce/sandbox.js';
import { project, type Project } from '../helpers/project.js';
import { inHubSpot, inSalesforce as inSalesforceOf } from '../helpers/sandbox-apps.js';

const test = suite('R7 custom objects');

const INVOICE = {
  name: 'Invoice__c',
  records: 3,
  fields: [
    { name: 'Amount__c', type: 'number' as const },
    { name: 'Due__c', type: 'date' as const },
  ],
};
const INVOICES = {
  name: 'billing_invoices',
  fields: [
    { name: 'invoice_number', type: 'string' as const, required: true },
    { name: 'amount', type: 'number' as const },
    { name: 'due_date', type: 'date' as const },
  ],
};

const CONNECTIONS = `connections:
  salesforce:
    app: salesforce
    sandbox:
      seed: { contacts: 0, companies: 0 }
      custom_objects:
        - name: Invoice__c
          records: 3
          fields:
            - { name: Amount__c, type: number }
            - { name: Due__c, type: date }
  hubspot:
    app: hubspot
    sandbox:
      seed: { contacts: 0, companies: 0 }
      custom_objects:
        - name: billing_invoices
          fields:
            - { name: invoice_number, type: string, required: true }
            - { name: amount, type: number }
            - { name: due_date, type: date }
`;

const sync = (
  extra = '',
  fields = '    - { left: Name, right: invoice_number }\n    - { left: Amount__c, right: amount }\n    - { left: Due__c, right: due_date }\n',
) => `sync:
  name: invoices
  object: custom
  left: { connection: salesforce, object: Invoice__c }
  right: { connection: hubspot, object: billing_invoices }
  direction: one-way
  from: salesforce
${extra}  fields:
${fields}`;

const inSalesforce = <T>(p: Project, act: Parameters<typeof inSalesforceOf<T>>[1]) => inSalesforceOf(p, act, [salesforceCustomObject(INVOICE)]);

type Invoice = { id: string; properties: Record<string, string | null> };
const hubspotInvoices = (p: Project) =>
  inHubSpot(
    p,
    async (hs) => (await hs.crm.objects.basicApi.getPage('p_billing_invoices', 100, undefined, ['invoice_number', 'amount', 'due_date'])).results as Invoice[],
  );

test('R8: switching the sync on moves nothing; a new Salesforce record syncs; import brings the rest', async () => {
  const p = project({ 'syncs/connections.yaml': CONNECTIONS, 'syncs/invoices.yaml': sync() });
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  assert.equal(await hubspotInvoices(p), [], 'R8: the 3 existing invoices wait for an import');
  assert.is(p.state().syncs.invoices!.links.length, 0);

  const created = await inSalesforce(p, (sf) => sf.sobject('Invoice__c').create({ Name: 'INV-NEW', Amount__c: 1250, Due__c: '2026-12-31' }));
  assert.ok(created.success);
  const second = await p.run('apply', '--yes');
  assert.is(second.code, 0, second.stderr);
  const afterCreate = await hubspotInvoices(p);
  assert.equal(
    afterCreate.map((r) => [r.properties.invoice_number, r.properties.amount, r.properties.due_date]),
    [['INV-NEW', '1250', '2026-12-31']],
  );

  const imported = await p.run('import', 'invoices', '--yes');
  assert.is(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, '3 created');
  const all = await hubspotInvoices(p);
  assert.equal(all.map((r) => r.properties.invoice_number).sort(), ['INV-NEW', 'Invoice-00001', 'Invoice-00002', 'Invoice-00003']);
  assert.is(p.state().syncs.invoices!.links.length, 4);
  // Re-running changes nothing.
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
  assert.is((await p.run('import', 'invoices', '--yes')).code, 0);
  assert.is((await hubspotInvoices(p)).length, 4);
});

test('R7: updates flow Salesforce → HubSpot only; a HubSpot edit never reaches Salesforce', async () => {
  const p = project({ 'syncs/connections.yaml': CONNECTIONS, 'syncs/invoices.yaml': sync('  initial_sync: full\n') });
  assert.is((await p.run('apply', '--yes')).code, 0);
  const [one] = await hubspotInvoices(p).then((all) => all.filter((r) => r.properties.invoice_number === 'Invoice-00001'));
  assert.ok(one, 'initial_sync: full creates the existing invoices');
  const sfId = p.state().syncs.invoices!.links.find((l) => l.right === one.id)!.left;
  await inSalesforce(p, (sf) => sf.sobject('Invoice__c').update({ Id: sfId, Amount__c: 999 }));
  await inHubSpot(p, (hs) => hs.crm.objects.basicApi.update('p_billing_invoices', one.id, { properties: { due_date: '2030-01-01' } }));
  const run = await p.run('apply', '--yes');
  assert.is(run.code, 0, run.stderr);
  const after = (await hubspotInvoices(p)).find((r) => r.id === one.id)!;
  assert.is(after.properties.amount, '999');
  const inSf = await inSalesforce(p, (sf) => sf.sobject('Invoice__c').retrieve(sfId));
  assert.is(inSf.Amount__c, 999);
  // R13: nothing is written to Salesforce. HubSpot's own edit stays until Salesforce changes that field.
  assert.is.not(inSf.Due__c, '2030-01-01');
  assert.is(after.properties.due_date, '2030-01-01');
  await inSalesforce(p, (sf) => sf.sobject('Invoice__c').update({ Id: sfId, Due__c: '2031-06-30' }));
  await p.run('apply', '--yes');
  assert.is((await hubspotInvoices(p)).find((r) => r.id === one.id)!.properties.due_date, '2031-06-30');
  // A record created in HubSpot is not created in Salesforce.
  await inHubSpot(p, (hs) => hs.crm.objects.basicApi.create('p_billing_invoices', { properties: { invoice_number: 'HS-ONLY' }, associations: [] }));
  await p.run('apply', '--yes');
  const names = await inSalesforce(p, async (sf) => (await sf.query<{ Name: string }>('SELECT Name FROM Invoice__c')).records.map((r) => r.Name));
  assert.not.ok(names.includes('HS-ONLY'));
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('R7: a Salesforce delete archives the HubSpot record with deletes: archive, and is only remembered by default', async () => {
  for (const mode of ['archive', 'ignore'] as const) {
    const p = project({
      'syncs/connections.yaml': CONNECTIONS,
      'syncs/invoices.yaml': sync(`  initial_sync: full\n  deletes: { mode: ${mode}, max_share: 0.5 }\n`),
    });
    assert.is((await p.run('apply', '--yes')).code, 0);
    const link = p.state().syncs.invoices!.links[0]!;
    await inSalesforce(p, (sf) => sf.sobject('Invoice__c').destroy(link.left));
    const run = await p.run('apply', '--yes');
    assert.is(run.code, 0, run.stderr);
    const left = await hubspotInvoices(p);
    if (mode === 'archive') {
      assert.is(left.length, 2, 'archived in HubSpot');
      assert.not.ok(left.some((r) => r.id === link.right));
      assert.not.ok(p.state().syncs.invoices!.links.some((l) => l.left === link.left));
    } else {
      assert.is(left.length, 3, 'kept in HubSpot');
      assert.is(p.state().syncs.invoices!.links.find((l) => l.left === link.left)!.deleted, 'left');
    }
    assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
  }
});

test('R7: an unmapped required HubSpot property fails validation against the live app, at the sync', async () => {
  const p = project({ 'syncs/connections.yaml': CONNECTIONS, 'syncs/invoices.yaml': sync('', '    - { left: Amount__c, right: amount }\n') });
  const plan = await p.run('plan');
  assert.is(plan.code, 1);
  assert.match(plan.stderr, /syncs\/invoices\.yaml:\d+:\d+ error\[required-field-unmapped\] hubspot billing_invoices requires `invoice_number`/);
  assert.not.match(plan.stderr, /\n\s+at /, 'no stack trace');
  assert.not.ok(p.exists('.crmsync/state.json'), 'nothing written');
});

test('R7: a HubSpot custom object that does not exist is reported, with what to do', async () => {
  const p = project({ 'syncs/connections.yaml': CONNECTIONS, 'syncs/invoices.yaml': sync().replace('object: billing_invoices', 'object: receipts') });
  const plan = await p.run('plan');
  assert.is(plan.code, 1);
  assert.match(plan.stderr, /syncs\/invoices\.yaml:5:41 error\[missing-object\] HubSpot has no custom object `receipts`/);
  // The account's custom objects are named, so a typo is easy to fix.
  assert.match(plan.stderr, /custom objects are: billing_invoices \(2-\d+\)/);
  assert.match(plan.stderr, 'create the object in HubSpot');
  assert.not.match(plan.stderr, /\n\s+at /);
});

test('R7: a sandbox custom object is created once, and its data is kept across runs', async () => {
  const p = project({ 'syncs/connections.yaml': CONNECTIONS, 'syncs/invoices.yaml': sync('  initial_sync: full\n') });
  await p.run('apply', '--yes');
  await p.run('apply', '--yes');
  const schemas = await inHubSpot(p, async (hs) => (await hs.crm.schemas.coreApi.getAll()).results);
  assert.equal(
    schemas.map((s) => [s.name, s.requiredProperties]),
    [['billing_invoices', ['invoice_number']]],
  );
  assert.is((await hubspotInvoices(p)).length, 3);
  assert.equal(hubspotCustomObject(INVOICES).requiredProperties, ['invoice_number']);
});

test("R7: the custom object is written by objectTypeId; HubSpot's standard Invoices object is never touched", async () => {
  const p = project({
    'syncs/connections.yaml': CONNECTIONS,
    'syncs/invoices.yaml': sync('  initial_sync: full\n').replace('object: billing_invoices', 'object: p_billing_invoices'),
  });
  const run = await p.run('apply', '--yes');
  assert.is(run.code, 0, run.stderr);
  assert.is((await hubspotInvoices(p)).length, 3, 'the short-hand p_<name> resolves to the custom object');
  const standard = await inHubSpot(p, async (hs) => (await hs.crm.objects.basicApi.getPage('invoices', 100)).results);
  assert.equal(standard, [], "`invoices` is HubSpot's own object");
});

test.run();
