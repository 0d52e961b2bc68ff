/**
 * Scopes: the emulator refuses a call whose token lacks the endpoint's scope with HubSpot's 403
 * MISSING_SCOPES (`errors[].context.requiredGranularScopes`); the connector turns it into an error
 * naming the scope; and the README's HubSpot scope list is exactly what the connector needs: with
 * those scopes every operation the engine uses succeeds, and without any one of them some fails.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHubSpotConnector, type HubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { ConnectorFailure, type ConnectorError } from '../../../src/connectors/types.js';
import { failure, FAST_RETRY, sdkFor } from './helpers.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The scopes the README's HubSpot bullet names. */
function readmeScopes(): string[] {
  const bullet = README.slice(README.indexOf('- **HubSpot.** Create a private app'), README.indexOf('- **Salesforce.**'));
  return [...new Set([...bullet.matchAll(/`(crm\.[a-z_.]+)`/g)].map((m) => m[1]!))];
}

const CUSTOM = { name: 'billing_invoices', labels: { singular: 'Invoice', plural: 'Invoices' }, requiredProperties: ['invoice_number'], primaryDisplayProperty: 'invoice_number', properties: [{ name: 'invoice_number', label: 'Number', type: 'string' }] };

async function emulator(scopes: Record<string, string[]>): Promise<HubSpotEmulator> {
  const emu = await startHubSpotEmulator({
    tokens: Object.keys(scopes),
    scopes,
    seed: { contacts: 3, companies: 2, deals: 1 },
    customObjects: [CUSTOM],
    limits: { tenSecondMax: 100_000, searchPerSecond: 100_000 },
  });
  emu.store.lists.create('Customers', '0-1', 'MANUAL');
  return emu;
}

const connect = (emu: HubSpotEmulator, token: string): HubSpotConnector =>
  createHubSpotConnector({
    name: 'hubspot',
    accessToken: token,
    baseUrl: emu.url,
    retry: FAST_RETRY,
    limiter: { max: 100_000, windowMs: 10_000 },
    searchLimiter: { max: 100_000, windowMs: 1000 },
    objects: ['contacts', 'companies', 'deals', 'billing_invoices'],
    associations: { contacts: ['companies'] },
  });

/** An operation's failure as the engine sees it, or null when it succeeded. */
async function outcome(op: () => Promise<unknown>): Promise<ConnectorError | null> {
  try {
    const r = await op();
    if (r && typeof r === 'object' && 'complete' in r && !(r as { complete: boolean }).complete) return (r as unknown as { error: ConnectorError }).error;
    if (Array.isArray(r)) for (const x of r) if (x && typeof x === 'object' && 'ok' in x && !x.ok) return x.error as ConnectorError;
    return null;
  } catch (error) {
    if (error instanceof ConnectorFailure) return error.error;
    throw error;
  }
}

/** Every kind of call the engine makes through the connector, as named operations. */
function operations(hs: HubSpotConnector, emu: HubSpotEmulator): Array<[string, () => Promise<unknown>]> {
  const listId = [...emu.store.lists.lists.keys()][0]!;
  const someContact = () => [...emu.store.types.get('0-1')!.records.values()].find((r) => !r.archived)!.id;
  const cursor = JSON.stringify({ v: 1, modified: Date.now() - 60_000, archived: Date.now() - 60_000 });
  const ops: Array<[string, () => Promise<unknown>]> = [];
  for (const object of ['contacts', 'companies', 'deals']) {
    ops.push([`read ${object}`, () => hs.read({ object, fields: ['hs_object_id'], mode: 'full' })]);
    ops.push([`catalogue ${object}`, () => hs.catalogue(object)]);
    ops.push([`create ${object}`, () => hs.write(object, [{ kind: 'create', ref: 'c', fields: object === 'contacts' ? { email: `${Math.random()}@scopes.example.com` } : object === 'companies' ? { name: 'Acme' } : { dealname: 'Big deal' } }])]);
    ops.push([`create a ${object} property (R16)`, () => hs.createProperty(object, { name: `p${Math.floor(Math.random() * 1e9)}`, type: 'string' })]);
  }
  ops.push(['incremental read with associations', () => hs.read({ object: 'contacts', fields: ['email'], mode: 'incremental', cursor })]);
  ops.push(['findBy', () => hs.findBy('contacts', 'email', ['nobody@scopes.example.com'])]);
  ops.push(['update', () => hs.write('contacts', [{ kind: 'update', ref: 'u', id: someContact(), fields: { jobtitle: 'X' } }])]);
  ops.push(['associate', () => hs.associate('contacts', 'companies', [{ fromId: someContact(), toId: [...emu.store.types.get('0-2')!.records.keys()][0]!, primary: true }])]);
  ops.push(['list members (R21)', () => hs.readListMembers(listId)]);
  ops.push(['read a custom object (R7)', () => hs.read({ object: 'billing_invoices', fields: ['invoice_number'], mode: 'full' })]);
  ops.push(['write a custom object (R7)', () => hs.write('billing_invoices', [{ kind: 'create', ref: 'i', fields: { invoice_number: 'INV-1' } }])]);
  ops.push(['create a custom object property (R16)', () => hs.createProperty('billing_invoices', { name: `q${Math.floor(Math.random() * 1e9)}`, type: 'string' })]);
  ops.push(['delete', () => hs.write('contacts', [{ kind: 'delete', ref: 'd', id: someContact(), mode: 'archive' }])]);
  return ops;
}

test('a token without the scope gets HubSpot\'s 403 MISSING_SCOPES, naming the granular scopes', async () => {
  const emu = await emulator({ 'pat-read-only': ['crm.objects.contacts.read'] });
  try {
    const sdk = sdkFor(emu, 'pat-read-only');
    assert.is((await sdk.crm.contacts.basicApi.getPage(1)).results.length, 1);
    const write = await failure(sdk.crm.contacts.basicApi.update('101', { properties: { firstname: 'X' } }));
    assert.is(write.code, 403);
    assert.is(write.body.category, 'MISSING_SCOPES');
    assert.is(write.body.status, 'error');
    assert.match(String(write.body.message), "This app hasn't been granted all required scopes");
    assert.equal((write.body.errors as unknown[])[0], { message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: ['crm.objects.contacts.write'] } });
    const schemas = await failure(sdk.crm.schemas.coreApi.getAll());
    assert.equal((schemas.body.errors as Array<{ context: unknown }>)[0]!.context, { requiredGranularScopes: ['crm.schemas.custom.read'] });
    const lists = await failure(sdk.crm.lists.membershipsApi.getPage('1'));
    assert.equal((lists.body.errors as Array<{ context: unknown }>)[0]!.context, { requiredGranularScopes: ['crm.lists.read'] });
    const companies = await failure(sdk.crm.companies.basicApi.getPage(1));
    assert.equal((companies.body.errors as Array<{ context: unknown }>)[0]!.context, { requiredGranularScopes: ['crm.objects.companies.read'] });
    // Activities ride on the contacts scopes (tasks guide, "Scope requirements").
    assert.ok((await sdk.crm.objects.basicApi.getPage('tasks', 1)).results);
  } finally {
    await emu.close();
  }
});

test('the connector reports a missing scope as a permission error that names it', async () => {
  const emu = await emulator({ 'pat-no-schemas': ['crm.objects.custom.read', 'crm.objects.contacts.read'] });
  try {
    const hs = connect(emu, 'pat-no-schemas');
    const read = await hs.read({ object: 'companies', fields: ['name'], mode: 'full' });
    assert.not.ok(read.complete);
    assert.is(read.error!.code, 'MISSING_SCOPES');
    assert.is(read.error!.category, 'permission');
    assert.match(read.error!.message, '`crm.objects.companies.read`');
    assert.match(read.error!.hint!, 'Grant the app the scope `crm.objects.companies.read`');
    // A custom object is found through the schemas API, which needs crm.schemas.custom.read.
    const custom = await outcome(() => hs.read({ object: 'billing_invoices', fields: ['invoice_number'], mode: 'full' }));
    assert.is(custom?.code, 'MISSING_SCOPES');
    assert.match(custom!.message, '`crm.schemas.custom.read`');
  } finally {
    await emu.close();
  }
});

test('the README lists exactly the scopes the connector needs', async () => {
  const scopes = readmeScopes();
  assert.ok(scopes.includes('crm.schemas.custom.read'), 'the schemas scope for custom objects is listed');
  const tokens: Record<string, string[]> = { all: scopes };
  for (const s of scopes) tokens[`without ${s}`] = scopes.filter((x) => x !== s);
  const emu = await emulator(tokens);
  try {
    const full = connect(emu, 'all');
    for (const [name, op] of operations(full, emu)) assert.is(await outcome(op), null, `${name} works with the README's scopes`);
    for (const s of scopes) {
      const hs = connect(emu, `without ${s}`);
      const refused: string[] = [];
      for (const [name, op] of operations(hs, emu)) {
        const error = await outcome(op);
        if (error?.code === 'MISSING_SCOPES' && error.message.includes(s)) refused.push(name);
      }
      assert.ok(refused.length > 0, `${s} is listed but no operation needs it`);
    }
  } finally {
    await emu.close();
  }
});

test.run();
