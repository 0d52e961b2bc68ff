/** The emulator's associations v4 and lists v3, and persistence to a file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Client } from '@hubspot/api-client';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { failure, sdkFor } from './helpers.js';

const test = suite<{ emu: HubSpotEmulator; hs: Client; contacts: string[]; companies: string[]; deal: string }>('hubspot emulator: associations and lists');

test.before(async (ctx) => {
  ctx.emu = await startHubSpotEmulator({ limits: { tenSecondMax: 10_000 } });
  ctx.hs = sdkFor(ctx.emu);
  const made = await ctx.hs.crm.contacts.batchApi.create({
    inputs: ['a', 'b', 'c'].map((n) => ({ properties: { email: `${n}@assoc.example.com` }, associations: [] })),
  });
  ctx.contacts = made.results.map((r) => r.id).sort((x, y) => Number(x) - Number(y));
  const companies = await ctx.hs.crm.companies.batchApi.create({ inputs: ['One', 'Two'].map((name) => ({ properties: { name }, associations: [] })) });
  ctx.companies = companies.results.map((r) => r.id).sort((x, y) => Number(x) - Number(y));
  ctx.deal = (await ctx.hs.crm.deals.basicApi.create({ properties: { dealname: 'Big one', amount: '5000' }, associations: [] })).id;
});
test.after(async ({ emu }) => emu.close());

const spec = (associationTypeId: number) => ({ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId });

test('batch create answers 201 with labels; a primary contact→company link reads back as types 1 and 279', async ({ hs, emu, contacts, companies }) => {
  const created = await hs.crm.associations.v4.batchApi.createWithHttpInfo('contacts', 'companies', {
    inputs: [{ _from: { id: contacts[0]! }, to: { id: companies[0]! }, types: [spec(1)] }],
  });
  assert.is(created.httpStatusCode, 201);
  assert.equal(created.data.results[0]!.labels, ['Primary']);
  assert.is(String(created.data.results[0]!.fromObjectId), contacts[0]);
  const read = await hs.crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: contacts[0]! }] });
  const to = read.results[0]!.to[0]!;
  assert.is(String(to.toObjectId), companies[0]);
  assert.equal(
    to.associationTypes.map((t) => t.typeId).sort((a, b) => a - b),
    [1, 279],
  );
  assert.is(to.associationTypes.find((t) => t.typeId === 1)!.label, 'Primary');
  assert.is(read.results[0]!._from.id, contacts[0]);
  // HubSpot mirrors the primary company on the contact.
  assert.is(emu.store.types.get('0-1')!.records.get(contacts[0]!)!.properties.associatedcompanyid, companies[0]);
  const reverse = await hs.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: companies[0]! }] });
  assert.equal(
    reverse.results[0]!.to[0]!.associationTypes.map((t) => t.typeId).sort((a, b) => a - b),
    [2, 280],
  );
});

test('a new primary company demotes the old one to unlabeled', async ({ hs, contacts, companies }) => {
  await hs.crm.associations.v4.batchApi.create('contacts', 'companies', {
    inputs: [{ _from: { id: contacts[0]! }, to: { id: companies[1]! }, types: [spec(1)] }],
  });
  const read = await hs.crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: contacts[0]! }] });
  const types = Object.fromEntries(read.results[0]!.to.map((t) => [String(t.toObjectId), t.associationTypes.map((a) => a.typeId).sort((a, b) => a - b)]));
  assert.equal(types, { [companies[0]!]: [279], [companies[1]!]: [1, 279] });
});

test('deal→company uses 5 (primary) and 341; the labels endpoint lists them', async ({ hs, deal, companies }) => {
  await hs.crm.associations.v4.batchApi.create('deals', 'companies', { inputs: [{ _from: { id: deal }, to: { id: companies[1]! }, types: [spec(5)] }] });
  const read = await hs.crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs: [{ id: deal }] });
  assert.equal(
    read.results[0]!.to[0]!.associationTypes.map((t) => t.typeId).sort((a, b) => a - b),
    [5, 341],
  );
  const labels = await hs.crm.associations.v4.schema.definitionsApi.getAll('deals', 'companies');
  assert.equal(
    labels.results.map((l) => l.typeId).sort((a, b) => a - b),
    [5, 341],
  );
});

test('207 for unknown records and for inputs without associations; archive answers 204', async ({ hs, contacts, companies }) => {
  const partial = await hs.crm.associations.v4.batchApi.createWithHttpInfo('contacts', 'companies', {
    inputs: [
      { _from: { id: contacts[1]! }, to: { id: companies[0]! }, types: [spec(279)] },
      { _from: { id: '999999' }, to: { id: companies[0]! }, types: [spec(279)] },
    ],
  });
  assert.is(partial.httpStatusCode, 207);
  assert.is(partial.data.results.length, 1);
  const none = await hs.crm.associations.v4.batchApi.getPageWithHttpInfo('contacts', 'companies', { inputs: [{ id: contacts[1]! }, { id: contacts[2]! }] });
  assert.is(none.httpStatusCode, 207);
  assert.is(none.data.results.length, 1);
  const archived = await hs.crm.associations.v4.batchApi.archiveWithHttpInfo('contacts', 'companies', {
    inputs: [{ _from: { id: contacts[1]! }, to: [{ id: companies[0]! }] }],
  });
  assert.is(archived.httpStatusCode, 204);
  const after = await hs.crm.associations.v4.batchApi.getPageWithHttpInfo('contacts', 'companies', { inputs: [{ id: contacts[1]! }] });
  assert.is(after.data.results.length, 0);
});

test("lists: create (trailing-slash path), add/remove members, page them, and a record's lists", async ({ hs, contacts }) => {
  const created = await hs.crm.lists.listsApi.create({ name: 'Sync to Salesforce', objectTypeId: '0-1', processingType: 'MANUAL' });
  const listId = created.list.listId;
  assert.is(created.list.processingStatus, 'COMPLETE');
  const added = await hs.crm.lists.membershipsApi.add(listId, [...contacts, '888888']);
  assert.equal(added.recordsIdsAdded, contacts);
  assert.equal(added.recordIdsMissing, ['888888']);
  const removed = await hs.crm.lists.membershipsApi.remove(listId, [contacts[1]!]);
  assert.equal(removed.recordIdsRemoved, [contacts[1]]);
  const first = await hs.crm.lists.membershipsApi.getPage(listId, undefined, undefined, 1);
  assert.equal(
    first.results.map((r) => r.recordId),
    [contacts[0]],
  );
  assert.ok(first.results[0]!.membershipTimestamp instanceof Date);
  const second = await hs.crm.lists.membershipsApi.getPage(listId, first.paging!.next!.after, undefined, 1);
  assert.equal(
    second.results.map((r) => r.recordId),
    [contacts[2]],
  );
  assert.is(second.paging, undefined);
  const lists = await hs.crm.lists.membershipsApi.getLists('0-1', contacts[0]!);
  assert.equal(
    lists.results.map((l) => l.listId),
    [listId],
  );
  const fetched = await hs.crm.lists.listsApi.getById(listId);
  assert.is(fetched.list.size, 2);
  const dynamic = await hs.crm.lists.listsApi.create({ name: 'Dynamic', objectTypeId: '0-1', processingType: 'DYNAMIC' });
  assert.is((await failure(hs.crm.lists.membershipsApi.add(dynamic.list.listId, [contacts[0]!]))).code, 400);
});

test('data persists to a file and loads back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hs-emu-'));
  const path = join(dir, 'hubspot.json');
  try {
    const first = await startHubSpotEmulator({ persistPath: path, seed: { contacts: 5, companies: 2 } });
    const made = await sdkFor(first).crm.contacts.basicApi.create({ properties: { email: 'kept@example.com' }, associations: [] });
    await first.close();
    const second = await startHubSpotEmulator({ persistPath: path, seed: { contacts: 100 } });
    const hs = sdkFor(second);
    const all = await hs.crm.contacts.getAll(100, undefined, ['email']);
    assert.is(all.length, 6);
    const again = await failure(hs.crm.contacts.basicApi.create({ properties: { email: 'KEPT@example.com' }, associations: [] }));
    assert.is(again.body.message, `Contact already exists. Existing ID: ${made.id}`);
    const links = await hs.crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: all[0]!.id }] });
    assert.is(links.results.length, 1);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
