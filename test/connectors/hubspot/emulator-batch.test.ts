/** The emulator's batch endpoints: limits, 207 partial failures, whole-batch 409 and 400. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Client } from '@hubspot/api-client';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { failure, sdkFor } from './helpers.js';

const test = suite<{ emu: HubSpotEmulator; hs: Client }>('hubspot emulator: batch');

test.before(async (ctx) => {
  ctx.emu = await startHubSpotEmulator({ seed: { contacts: 10 }, limits: { tenSecondMax: 10_000 } });
  ctx.hs = sdkFor(ctx.emu);
});
test.after(async ({ emu }) => emu.close());

const contactCount = (emu: HubSpotEmulator) => [...emu.store.types.get('0-1')!.records.values()].filter((r) => !r.archived).length;

test('batch create answers 201 and echoes objectWriteTraceId', async ({ hs, emu }) => {
  const before = contactCount(emu);
  const inputs = [0, 1, 2].map((i) => ({ properties: { email: `batch${i}@example.com` }, associations: [], objectWriteTraceId: `t${i}` }));
  const answer = await hs.crm.contacts.batchApi.createWithHttpInfo({ inputs });
  assert.is(answer.httpStatusCode, 201);
  assert.is(answer.data.status, 'COMPLETE');
  assert.ok(answer.data.startedAt instanceof Date);
  assert.equal(answer.data.results.map((r) => r.objectWriteTraceId).sort(), ['t0', 't1', 't2']);
  assert.is(contactCount(emu), before + 3);
});

test('more than 100 inputs is a 400 VALIDATION_ERROR', async ({ hs }) => {
  const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i) }));
  const tooMany = await failure(hs.crm.contacts.batchApi.read({ inputs, properties: [], propertiesWithHistory: [] }));
  assert.is(tooMany.code, 400);
  assert.is(tooMany.body.category, 'VALIDATION_ERROR');
  const history = await failure(hs.crm.contacts.batchApi.read({ inputs: inputs.slice(0, 51), properties: [], propertiesWithHistory: ['email'] }));
  assert.is(history.code, 400);
});

test('batch read with unknown ids answers 207 with numErrors and the ids', async ({ hs }) => {
  const page = await hs.crm.contacts.basicApi.getPage(2);
  const ids = page.results.map((r) => r.id);
  const answer = await hs.crm.contacts.batchApi.readWithHttpInfo({
    inputs: [...ids, '999999'].map((id) => ({ id })),
    properties: ['email'],
    propertiesWithHistory: [],
  });
  assert.is(answer.httpStatusCode, 207);
  const body = answer.data as typeof answer.data & { numErrors?: number; errors?: Array<{ category: string; context: Record<string, string[]> }> };
  assert.equal(body.results.map((r) => r.id).sort(), [...ids].sort());
  assert.is(body.numErrors, 1);
  assert.is(body.errors![0]!.category, 'OBJECT_NOT_FOUND');
  assert.equal(body.errors![0]!.context.ids, ['999999']);
});

test('batch update applies the known ids and answers 207 for the rest', async ({ hs, emu }) => {
  const page = await hs.crm.contacts.basicApi.getPage(1);
  const id = page.results[0]!.id;
  const answer = await hs.crm.contacts.batchApi.updateWithHttpInfo({
    inputs: [
      { id, properties: { jobtitle: 'CFO' } },
      { id: '424242', properties: { jobtitle: 'CFO' } },
    ],
  });
  assert.is(answer.httpStatusCode, 207);
  assert.is(emu.store.types.get('0-1')!.records.get(id)!.properties.jobtitle, 'CFO');
  const repeated = await failure(
    hs.crm.contacts.batchApi.update({
      inputs: [
        { id, properties: {} },
        { id, properties: {} },
      ],
    }),
  );
  assert.is(repeated.code, 400);
});

test('a duplicate email fails the whole batch create with 409, case-insensitively, writing nothing', async ({ hs, emu }) => {
  const existing = (await hs.crm.contacts.basicApi.getPage(1, undefined, ['email'])).results[0]!;
  const before = contactCount(emu);
  const inputs = [
    { properties: { email: 'fresh1@example.com' }, associations: [] },
    { properties: { email: existing.properties.email!.toUpperCase() }, associations: [] },
    { properties: { email: 'fresh2@example.com' }, associations: [] },
  ];
  const refused = await failure(hs.crm.contacts.batchApi.create({ inputs }));
  assert.is(refused.code, 409);
  assert.is(refused.body.category, 'CONFLICT');
  assert.is(refused.body.message, `Contact already exists. Existing ID: ${existing.id}`);
  assert.is(contactCount(emu), before);
});

test('an invalid value fails the whole batch with 400, writing nothing', async ({ hs, emu }) => {
  const before = contactCount(emu);
  const refused = await failure(
    hs.crm.contacts.batchApi.create({
      inputs: [
        { properties: { email: 'ok@example.com' }, associations: [] },
        { properties: { email: 'bad@example.com', numemployees: 'lots' }, associations: [] },
      ],
    }),
  );
  assert.is(refused.code, 400);
  assert.match(refused.body.message!, /INVALID_OPTION/);
  assert.is(contactCount(emu), before);
});

test('batch archive answers 204 and ignores unknown ids', async ({ hs, emu }) => {
  const page = await hs.crm.contacts.basicApi.getPage(2);
  const answer = await hs.crm.contacts.batchApi.archiveWithHttpInfo({ inputs: [...page.results.map((r) => ({ id: r.id })), { id: '31337' }] });
  assert.is(answer.httpStatusCode, 204);
  for (const r of page.results) assert.ok(emu.store.types.get('0-1')!.records.get(r.id)!.archived);
});

test.run();
