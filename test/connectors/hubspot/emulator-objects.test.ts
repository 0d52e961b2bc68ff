/** The emulator's CRM v3 single-record endpoints, through the unmodified SDK. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Client } from '@hubspot/api-client';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { failure, sdkFor } from './helpers.js';

const test = suite<{ emu: HubSpotEmulator; hs: Client }>('hubspot emulator: objects');

test.before(async (ctx) => {
  ctx.emu = await startHubSpotEmulator({ seed: { contacts: 25, companies: 3 }, limits: { tenSecondMax: 10_000 } });
  ctx.hs = sdkFor(ctx.emu);
});
test.after(async ({ emu }) => emu.close());

test('list pages by `after` and leaves paging out of the last page', async ({ hs }) => {
  const first = await hs.crm.contacts.basicApi.getPage(10, undefined, ['email']);
  assert.is(first.results.length, 10);
  assert.ok(first.paging?.next?.after);
  const third = await hs.crm.contacts.basicApi.getPage(10, String(Number(first.results[0]!.id) + 20), ['email']);
  assert.is(third.results.length, 5);
  assert.is(third.paging, undefined);
  const all = await hs.crm.contacts.getAll(10, undefined, ['email']);
  assert.is(all.length, 25);
  assert.is(new Set(all.map((r) => r.id)).size, 25);
});

test('records deserialize into the SDK models with dates and requested properties', async ({ hs }) => {
  const page = await hs.crm.contacts.basicApi.getPage(1, undefined, ['email', 'fax'], undefined, ['companies']);
  const record = page.results[0]!;
  assert.ok(record.createdAt instanceof Date);
  assert.ok(record.updatedAt instanceof Date);
  assert.is(record.archived, false);
  assert.match(record.properties.email!, /@/);
  assert.is(record.properties.fax, null);
  assert.is(record.properties.hs_object_id, record.id);
  assert.match(record.properties.lastmodifieddate!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const types = record.associations?.companies?.results.map((a) => a.type).sort();
  assert.equal(types, ['contact_to_company', 'contact_to_company_unlabeled']);
});

test('create answers 201 with the stored record; emails are stored lower-cased', async ({ hs }) => {
  const created = await hs.crm.contacts.basicApi.create({ properties: { email: 'Grace.Hopper@Navy.MIL', firstname: 'Grace' }, associations: [] });
  assert.is(created.properties.email, 'grace.hopper@navy.mil');
  assert.is(created.properties.hs_object_id, created.id);
  assert.ok(created.properties.createdate);
  const byEmail = await hs.crm.contacts.basicApi.getById('GRACE.HOPPER@navy.mil', ['firstname'], undefined, undefined, false, 'email');
  assert.is(byEmail.id, created.id);
  const conflict = await failure(hs.crm.contacts.basicApi.create({ properties: { email: 'grace.hopper@NAVY.mil' }, associations: [] }));
  assert.is(conflict.code, 409);
  assert.is(conflict.body.category, 'CONFLICT');
  assert.is(conflict.body.message, `Contact already exists. Existing ID: ${created.id}`);
});

test('update answers 200 and moves lastmodifieddate; empty string clears', async ({ hs, emu }) => {
  const created = await hs.crm.contacts.basicApi.create({ properties: { email: 'ken@example.com', jobtitle: 'Engineer' }, associations: [] });
  await new Promise((r) => setTimeout(r, 5));
  const updated = await hs.crm.contacts.basicApi.update(created.id, { properties: { jobtitle: '', firstname: 'Ken' } });
  assert.is(updated.properties.firstname, 'Ken');
  assert.is(updated.properties.jobtitle, undefined);
  assert.ok(Date.parse(updated.properties.lastmodifieddate!) > Date.parse(created.properties.lastmodifieddate!));
  assert.is(updated.updatedAt.toISOString(), updated.properties.lastmodifieddate);
  const stored = emu.store.types.get('0-1')!.records.get(created.id)!;
  assert.is(stored.properties.jobtitle, undefined);
});

test('archive answers 204; archived records list only with archived=true, with archivedAt', async ({ hs }) => {
  const created = await hs.crm.companies.basicApi.create({ properties: { name: 'Gone Ltd' }, associations: [] });
  await hs.crm.companies.basicApi.archive(created.id);
  const missing = await failure(hs.crm.companies.basicApi.getById(created.id));
  assert.is(missing.code, 404);
  assert.is(missing.body.category, 'OBJECT_NOT_FOUND');
  const live = await hs.crm.companies.getAll(100);
  assert.not.ok(live.some((c) => c.id === created.id));
  const archived = await hs.crm.companies.basicApi.getPage(100, undefined, ['name'], undefined, undefined, true);
  const gone = archived.results.find((c) => c.id === created.id)!;
  assert.ok(gone.archived);
  assert.ok(gone.archivedAt instanceof Date);
});

test('invalid writes get 400 VALIDATION_ERROR with the failing property named', async ({ hs }) => {
  const unknown = await failure(hs.crm.contacts.basicApi.create({ properties: { email: 'x@y.com', favourite_colour: 'red' }, associations: [] }));
  assert.is(unknown.code, 400);
  assert.is(unknown.body.category, 'VALIDATION_ERROR');
  assert.match(unknown.body.message!, /PROPERTY_DOESNT_EXIST/);
  const option = await failure(hs.crm.contacts.basicApi.create({ properties: { lifecyclestage: 'king' }, associations: [] }));
  assert.match(option.body.message!, /INVALID_OPTION/);
  const email = await failure(hs.crm.contacts.basicApi.create({ properties: { email: 'not-an-email' }, associations: [] }));
  assert.match(email.body.message!, /INVALID_EMAIL/);
  const readOnly = await failure(hs.crm.contacts.basicApi.create({ properties: { hs_object_id: '5' }, associations: [] }));
  assert.match(readOnly.body.message!, /READ_ONLY_VALUE/);
  const missing = await failure(hs.crm.contacts.basicApi.update('987654', { properties: { firstname: 'x' } }));
  assert.is(missing.code, 404);
});

test('a wrong token gets 401 INVALID_AUTHENTICATION as JSON', async ({ emu }) => {
  const bad = sdkFor(emu, 'pat-na1-wrong');
  const denied = await failure(bad.crm.contacts.basicApi.getPage());
  assert.is(denied.code, 401);
  assert.is(denied.body.category, 'INVALID_AUTHENTICATION');
  assert.match(denied.headers['content-type']!, /application\/json/);
});

test('properties: getAll has the Property shape; create answers 201 and the property is writable at once', async ({ hs }) => {
  const all = await hs.crm.properties.coreApi.getAll('contacts');
  const email = all.results.find((p) => p.name === 'email')!;
  for (const key of ['name', 'label', 'type', 'fieldType', 'groupName', 'description', 'options'] as const) assert.ok(email[key] !== undefined, key);
  assert.is(email.modificationMetadata?.readOnlyValue, false);
  assert.is(all.results.find((p) => p.name === 'lastmodifieddate')!.modificationMetadata?.readOnlyValue, true);
  const created = await hs.crm.properties.coreApi.create('contacts', {
    name: 'crm_source',
    label: 'Source system',
    type: 'enumeration' as never,
    fieldType: 'select' as never,
    groupName: 'contactinformation',
    options: [{ label: 'Salesforce', value: 'salesforce', hidden: false, displayOrder: 0 }],
  });
  assert.is(created.name, 'crm_source');
  assert.is(created.hubspotDefined, false);
  const again = await failure(
    hs.crm.properties.coreApi.create('contacts', { name: 'crm_source', label: 'x', type: 'string' as never, fieldType: 'text' as never, groupName: 'g' }),
  );
  assert.is(again.code, 409);
  const record = await hs.crm.contacts.basicApi.create({ properties: { email: 'prop@example.com', crm_source: 'salesforce' }, associations: [] });
  assert.is(record.properties.crm_source, 'salesforce');
});

test('custom objects resolve by p_<name>, by 2-N id and by p<portal>_<name>; a bare custom name is refused', async ({ hs, emu }) => {
  const schema = await hs.crm.schemas.coreApi.create({
    name: 'machine',
    labels: { singular: 'Machine', plural: 'Machines' },
    requiredProperties: ['serial'],
    primaryDisplayProperty: 'serial',
    associatedObjects: ['COMPANY'],
    properties: [
      { name: 'serial', label: 'Serial', type: 'string' as never, fieldType: 'text' },
      { name: 'hours', label: 'Hours', type: 'number' as never, fieldType: 'number' },
    ],
  });
  assert.match(schema.objectTypeId!, /^2-\d+$/);
  assert.is(schema.fullyQualifiedName, `p${emu.store.portalId}_machine`);
  // Base names were removed on 2025-06-24 (HubSpot changelog): the short-hand p_<name> works.
  const created = await hs.crm.objects.basicApi.create('p_machine', { properties: { serial: 'A-1', hours: '12' }, associations: [] });
  assert.is(created.properties.hs_object_id, created.id);
  assert.ok(created.properties.hs_lastmodifieddate);
  const byId = await hs.crm.objects.basicApi.getById(schema.objectTypeId!, created.id, ['serial']);
  assert.is(byId.properties.serial, 'A-1');
  const byFqn = await hs.crm.objects.basicApi.getPage(schema.fullyQualifiedName!, 10, undefined, ['hours']);
  assert.is(byFqn.results[0]!.properties.hours, '12');
  const bare = await failure(hs.crm.objects.basicApi.getPage('machine'));
  assert.is(bare.code, 400);
  assert.is(bare.body.category, 'VALIDATION_ERROR');
  assert.match(bare.body.message!, 'Unable to infer object type from: machine');
  const required = await failure(hs.crm.objects.basicApi.create(schema.objectTypeId!, { properties: { hours: '1' }, associations: [] }));
  assert.match(required.body.message!, /REQUIRED_PROPERTY/);
  const unknownType = await failure(hs.crm.objects.basicApi.getPage('spaceships'));
  assert.is(unknownType.code, 400);
  const listed = await hs.crm.schemas.coreApi.getAll();
  assert.equal(
    listed.results.map((s) => s.name),
    ['machine'],
  );
});

test("`invoices` is HubSpot's standard Invoices object (0-53), even beside a custom object named invoices", async ({ hs }) => {
  const custom = await hs.crm.schemas.coreApi.create({
    name: 'invoices',
    labels: { singular: 'Bill', plural: 'Bills' },
    requiredProperties: [],
    associatedObjects: [],
    properties: [{ name: 'number', label: 'Number', type: 'string' as never, fieldType: 'text' }],
  });
  await hs.crm.objects.basicApi.create(custom.objectTypeId!, { properties: { number: 'C-1' }, associations: [] });
  const page = await hs.crm.objects.basicApi.getPage('invoices', 10, undefined, ['hs_number']);
  assert.equal(page.results, [], 'the custom record is not in the standard object');
  const props = await hs.crm.properties.coreApi.getAll('invoices');
  assert.ok(props.results.some((p) => p.name === 'hs_invoice_status'));
  assert.is((await hs.crm.objects.basicApi.getPage('p_invoices', 10, undefined, ['number'])).results[0]!.properties.number, 'C-1');
});

test.run();
