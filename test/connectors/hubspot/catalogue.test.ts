/** The static catalogue (offline validation) and the live one read from properties. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HUBSPOT_OBJECTS, hubspotStaticCatalogue } from '../../../src/connectors/hubspot/catalogue.js';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import type { FieldDef } from '../../../src/connectors/types.js';
import { sdkFor } from './helpers.js';

const test = suite<{ emu: HubSpotEmulator }>('hubspot catalogue');

test.before(async (ctx) => {
  ctx.emu = await startHubSpotEmulator();
});
test.after(async ({ emu }) => emu.close());

const field = (object: string, name: string): FieldDef | undefined => hubspotStaticCatalogue(object)?.fields.find((f) => f.name === name);

test('the static catalogue types the standard properties', () => {
  assert.equal(HUBSPOT_OBJECTS, ['contacts', 'companies', 'deals']);
  assert.equal(field('contacts', 'email'), { name: 'email', label: 'Email', type: 'email', unique: true });
  assert.is(field('contacts', 'phone')?.type, 'phone');
  assert.is(field('contacts', 'website')?.type, 'url');
  assert.is(field('contacts', 'message')?.type, 'text');
  assert.equal(field('contacts', 'lifecyclestage')?.options?.slice(0, 2), ['subscriber', 'lead']);
  assert.is(field('contacts', 'hubspot_owner_id')?.type, 'reference');
  assert.is(field('companies', 'numberofemployees')?.type, 'number');
  assert.is(field('deals', 'amount')?.type, 'number');
  assert.is(field('deals', 'closedate')?.type, 'datetime');
  assert.is(field('deals', 'dealstage')?.type, 'enum');
  assert.is(hubspotStaticCatalogue('machines'), undefined);
});

test('system properties are read-only; only the contact email is unique', () => {
  for (const [object, modified] of [
    ['contacts', 'lastmodifieddate'],
    ['companies', 'hs_lastmodifieddate'],
    ['deals', 'hs_lastmodifieddate'],
  ] as const) {
    for (const name of ['hs_object_id', 'createdate', modified]) assert.ok(field(object, name)?.readOnly, `${object}.${name}`);
    assert.is(field(object, 'hs_object_id')?.type, 'id');
    const main = { contacts: 'email', companies: 'name', deals: 'dealname' }[object];
    assert.not.ok(field(object, main)?.readOnly);
  }
  const unique = HUBSPOT_OBJECTS.flatMap((o) =>
    hubspotStaticCatalogue(o)!
      .fields.filter((f) => f.unique)
      .map((f) => `${o}.${f.name}`),
  );
  assert.equal(unique, ['contacts.email']);
});

test('the live catalogue of the standard objects agrees with the static one', async ({ emu }) => {
  const hs = createHubSpotConnector({ name: 'hubspot', accessToken: emu.token, baseUrl: emu.url });
  for (const object of HUBSPOT_OBJECTS) {
    const live = await hs.catalogue(object);
    assert.equal(live.fields, hubspotStaticCatalogue(object)!.fields, object);
  }
  assert.equal(hs.stats().byKind, { properties: 3 });
});

test('a custom object catalogue marks its required properties and custom fields', async ({ emu }) => {
  await sdkFor(emu).crm.schemas.coreApi.create({
    name: 'vessel',
    labels: { singular: 'Vessel', plural: 'Vessels' },
    requiredProperties: ['imo'],
    primaryDisplayProperty: 'imo',
    associatedObjects: [],
    properties: [
      { name: 'imo', label: 'IMO number', type: 'string' as never, fieldType: 'text', hasUniqueValue: true },
      { name: 'launched', label: 'Launched', type: 'date' as never, fieldType: 'date' },
    ],
  });
  const hs = createHubSpotConnector({ name: 'hubspot', accessToken: emu.token, baseUrl: emu.url, objects: ['contacts', 'vessel'] });
  assert.equal(hs.objects(), ['contacts', 'vessel']);
  const catalogue = await hs.catalogue('vessel');
  const imo = catalogue.fields.find((f) => f.name === 'imo');
  assert.equal(imo, { name: 'imo', label: 'IMO number', type: 'string', unique: true, custom: true, required: true });
  assert.is(catalogue.fields.find((f) => f.name === 'launched')?.type, 'date');
  assert.ok(catalogue.fields.find((f) => f.name === 'hs_lastmodifieddate')?.readOnly);
  // One schemas call gives the objectTypeId, the properties and the required ones (R7).
  assert.equal(hs.stats().byKind, { schemas: 1 });
  await sdkFor(emu).crm.objects.basicApi.create('2-1', { properties: { imo: '9074729' }, associations: [] });
  const read = await hs.read({ object: 'vessel', fields: ['imo'], mode: 'full' });
  assert.equal(
    read.records.map((r) => r.fields.imo),
    ['9074729'],
    'read through its objectTypeId',
  );
  assert.equal(hs.stats().byKind, { schemas: 1, list: 1 });
});

test('a custom object is found by label, objectTypeId or p_<name>; a missing or ambiguous name lists the candidates', async ({ emu }) => {
  const sdk = sdkFor(emu);
  for (const [name, singular] of [
    ['old_invoice', 'Invoice'],
    ['billing_invoice', 'Invoice'],
    ['ship', 'Ship'],
  ]) {
    await sdk.crm.schemas.coreApi.create({
      name: name!,
      labels: { singular, plural: `${singular}s` },
      requiredProperties: [],
      associatedObjects: [],
      properties: [{ name: 'code', label: 'Code', type: 'string' as never, fieldType: 'text' }],
    });
  }
  const hs = createHubSpotConnector({ name: 'crm', accessToken: emu.token, baseUrl: emu.url });
  for (const ref of ['ship', 'Ships', '2-4', 'p_ship', `p${emu.store.portalId}_ship`]) {
    assert.ok(
      (await hs.catalogue(ref)).fields.some((f) => f.name === 'code'),
      ref,
    );
  }
  type Failure = { code: string; category: string; message: string; hint: string };
  const failure = async (ref: string): Promise<Failure> =>
    hs.catalogue(ref).then(
      () => {
        throw new Error(`${ref} resolved`);
      },
      (e: { error: Failure }) => e.error,
    );
  const ambiguous = await failure('Invoice');
  assert.is(ambiguous.code, 'OBJECT_TYPE_AMBIGUOUS');
  assert.is(ambiguous.category, 'not-found');
  assert.match(ambiguous.hint, 'old_invoice (2-2), billing_invoice (2-3)');
  const missing = await failure('receipts');
  assert.is(missing.code, 'OBJECT_TYPE_NOT_FOUND');
  assert.match(missing.hint, 'vessel (2-1), old_invoice (2-2), billing_invoice (2-3), ship (2-4)');
  assert.is(hs.stats().byKind.schemas, 1, 'the schemas are read once per connection');
});

test('a catalogue read that fails throws a ConnectorFailure with a hint', async ({ emu }) => {
  const hs = createHubSpotConnector({ name: 'crm', accessToken: 'pat-na1-bad', baseUrl: emu.url });
  try {
    await hs.catalogue('contacts');
    assert.unreachable('should have thrown');
  } catch (error) {
    const e = error as { name: string; error: { category: string; hint?: string }; connection?: string };
    assert.is(e.name, 'ConnectorFailure');
    assert.is(e.connection, 'crm');
    assert.is(e.error.category, 'authentication');
    assert.ok(e.error.hint);
  }
});

test.run();
