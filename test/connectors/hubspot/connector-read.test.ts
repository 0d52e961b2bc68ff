/** The connector's reads against the emulator: full paging, incremental changes and deletes, cursor boundary, cost. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHubSpotConnector, type HubSpotConnectorOptions } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { plainCalls } from '../../../src/connectors/hubspot/plain.js';
import { FAST_RETRY, sdkFor } from './helpers.js';

const test = suite<{ emu: HubSpotEmulator }>('hubspot connector: read');
const FIELDS = ['email', 'firstname', 'lastname', 'company'];

test.before(async (ctx) => {
  ctx.emu = await startHubSpotEmulator({ seed: { contacts: 450, companies: 20, deals: 12 }, limits: { tenSecondMax: 10_000, searchPerSecond: 1000 } });
});
test.after(async ({ emu }) => emu.close());

function connect(emu: HubSpotEmulator, extra: Partial<HubSpotConnectorOptions> = {}) {
  return createHubSpotConnector({
    name: 'hubspot',
    accessToken: emu.token,
    baseUrl: emu.url,
    retry: FAST_RETRY,
    limiter: { max: 10_000, windowMs: 10_000 },
    searchLimiter: { max: 1000, windowMs: 1000 },
    ...extra,
  });
}

test('a full read pages through 450 contacts, 100 at a time', async ({ emu }) => {
  const hs = connect(emu);
  const plain = plainCalls.count;
  const result = await hs.read({ object: 'contacts', fields: FIELDS, mode: 'full' });
  assert.is(result.mode, 'full');
  assert.ok(result.complete);
  assert.is(result.records.length, 450);
  assert.is(new Set(result.records.map((r) => r.id)).size, 450);
  assert.equal(hs.stats().byKind, { list: 5 });
  // Every page as plain JSON through apiRequest, not the SDK's models (plain.ts).
  assert.is(plainCalls.count - plain, 5);
  // With a progress listener, one search counts the records first (the list gives no total).
  const counted = connect(emu);
  const seen: Array<[number, number | undefined]> = [];
  await counted.read({ object: 'contacts', fields: FIELDS, mode: 'full', onProgress: (n, total) => seen.push([n, total]) });
  assert.equal(counted.stats().byKind, { search: 1, list: 5 });
  assert.equal(seen, [
    [100, 450],
    [200, 450],
    [300, 450],
    [400, 450],
    [450, 450],
  ]);
  const first = result.records[0]!;
  assert.match(String(first.fields.email), /@/);
  assert.equal(Object.keys(first.fields).sort(), [...FIELDS].sort());
  assert.match(first.modifiedAt!, /^2024-01-01T/);
  assert.ok(result.cursor);
});

test('values are decoded by catalogue type', async ({ emu }) => {
  const hs = connect(emu);
  const deals = await hs.read({ object: 'deals', fields: ['dealname', 'amount', 'closedate', 'dealstage'], mode: 'full' });
  const deal = deals.records[0]!;
  assert.type(deal.fields.amount, 'number');
  assert.match(String(deal.fields.closedate), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const companies = await hs.read({ object: 'companies', fields: ['name', 'numberofemployees', 'industry'], mode: 'full' });
  assert.type(companies.records[0]!.fields.numberofemployees, 'number');
  assert.is(companies.records[0]!.fields.industry, null);
});

test('an incremental read returns an update and a delete, and nothing else', async ({ emu }) => {
  const hs = connect(emu);
  const full = await hs.read({ object: 'contacts', fields: FIELDS, mode: 'full' });
  const [changed, removed] = [full.records[10]!, full.records[20]!];
  const sdk = sdkFor(emu);
  await sdk.crm.contacts.basicApi.update(changed.id, { properties: { firstname: 'Renamed' } });
  await sdk.crm.contacts.basicApi.archive(removed.id);
  const inc = await hs.read({ object: 'contacts', fields: FIELDS, mode: 'incremental', cursor: full.cursor });
  assert.is(inc.mode, 'incremental');
  assert.ok(inc.complete);
  assert.equal(inc.records.map((r) => r.id).sort(), [changed.id, removed.id].sort());
  const update = inc.records.find((r) => r.id === changed.id)!;
  assert.is(update.fields.firstname, 'Renamed');
  assert.is(update.deleted, undefined);
  assert.ok(inc.records.find((r) => r.id === removed.id)!.deleted);
  assert.ok(inc.cursor && inc.cursor !== full.cursor);
});

test('a run with no changes costs one search and one archived page', async ({ emu }) => {
  const hs = connect(emu);
  const full = await hs.read({ object: 'companies', fields: ['name'], mode: 'full' });
  const before = hs.stats().calls;
  const inc = await hs.read({ object: 'companies', fields: ['name'], mode: 'incremental', cursor: full.cursor });
  assert.ok(inc.complete);
  assert.is(inc.records.length, 0);
  assert.is(hs.stats().calls - before, 2);
  assert.equal(hs.stats().byKind, { list: 1, search: 1, 'list/archived': 1 });
});

test('a record modified in the same millisecond as the cursor is not missed', async ({ emu }) => {
  const hs = connect(emu, { lookbackMs: 0 });
  const sdk = sdkFor(emu);
  const full = await hs.read({ object: 'contacts', fields: FIELDS, mode: 'full' });
  const touched = await sdk.crm.contacts.basicApi.update(full.records[30]!.id, { properties: { lastname: 'First' } });
  const inc = await hs.read({ object: 'contacts', fields: FIELDS, mode: 'incremental', cursor: full.cursor });
  const boundary = JSON.parse(inc.cursor!).modified as number;
  assert.is(boundary, Date.parse(touched.properties.lastmodifieddate!));
  // Another write lands in that very millisecond, after the read.
  const contacts = emu.store.types.get('0-1')!;
  const late = contacts.records.get(full.records[40]!.id)!;
  emu.store.update(contacts, late, { lastname: 'Same-ms' });
  late.properties.lastmodifieddate = new Date(boundary).toISOString();
  late.updatedAt = late.properties.lastmodifieddate;
  emu.store.touch();
  const next = await hs.read({ object: 'contacts', fields: FIELDS, mode: 'incremental', cursor: inc.cursor });
  const found = next.records.find((r) => r.id === late.id);
  assert.ok(found, 'the same-millisecond change is read');
  assert.is(found!.fields.lastname, 'Same-ms');
});

test('a missing or foreign cursor falls back to a full read', async ({ emu }) => {
  const hs = connect(emu);
  const result = await hs.read({ object: 'deals', fields: ['dealname'], mode: 'incremental', cursor: 'not-a-cursor' });
  assert.is(result.mode, 'full');
  assert.is(result.records.length, 12);
});

test('associations come in meta, the primary company first', async ({ emu }) => {
  const sdk = sdkFor(emu);
  const contact = await sdk.crm.contacts.basicApi.create({ properties: { email: 'two.companies@example.com' }, associations: [] });
  const companies = (await sdk.crm.companies.basicApi.getPage(3)).results.map((c) => c.id);
  const link = (to: string, typeId: number) => ({
    _from: { id: contact.id },
    to: { id: to },
    types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: typeId }],
  });
  await sdk.crm.associations.v4.batchApi.create('contacts', 'companies', { inputs: [link(companies[0]!, 279), link(companies[2]!, 1)] });
  const hs = connect(emu, { associations: { contacts: ['companies'] } });
  const result = await hs.read({ object: 'contacts', fields: ['email'], mode: 'full' });
  const mine = result.records.find((r) => r.id === contact.id)!;
  assert.equal(mine.meta?.associations?.companies, [companies[2], companies[0]]);
  const seeded = result.records.find((r) => r.fields.email !== 'two.companies@example.com')!;
  assert.is(seeded.meta?.associations?.companies?.length, 1);
  assert.is(hs.stats().byKind['associations/read'], hs.stats().byKind.list);
});

test('a failed read returns what it has, incomplete, without advancing', async ({ emu }) => {
  const revoked = connect(emu, { accessToken: 'pat-na1-revoked' });
  const denied = await revoked.read({ object: 'contacts', fields: FIELDS, mode: 'full' });
  assert.not.ok(denied.complete);
  assert.is(denied.cursor, null);
  assert.is(denied.error?.category, 'authentication');
  const hs = connect(emu, { retry: { attempts: 2, baseMs: 1, maxMs: 2 } });
  const full = await hs.read({ object: 'contacts', fields: FIELDS, mode: 'full' });
  emu.setFaults({ rate: 1, kinds: ['server-error'], methods: ['POST'] });
  try {
    const inc = await hs.read({ object: 'contacts', fields: FIELDS, mode: 'incremental', cursor: full.cursor });
    assert.not.ok(inc.complete);
    assert.is(inc.cursor, full.cursor);
    assert.is(inc.error?.category, 'server-error');
    assert.ok(inc.error?.retryable);
  } finally {
    emu.setFaults(null);
  }
});

test('an incremental read past 10,000 changes pages by a single-sort keyset, never hitting the cap', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 10_300 }, limits: { tenSecondMax: 10_000, searchPerSecond: 1000 } });
  try {
    const hs = connect(emu);
    // Every record counts as changed (modified since 0); deletes are looked for over the last minute.
    const cursor = JSON.stringify({ v: 1, modified: 0, archived: Date.now() - 60_000 });
    const result = await hs.read({ object: 'contacts', fields: ['email'], mode: 'incremental', cursor });
    assert.ok(result.complete, result.error?.message);
    assert.is(result.records.length, 10_300);
    assert.is(hs.stats().byKind.search, 52);
    // Every record in one millisecond (a bulk import): the restart has to page by id within it.
    const contacts = emu.store.types.get('0-1')!;
    for (const r of contacts.records.values()) r.properties.lastmodifieddate = '2025-03-03T03:03:03.303Z';
    emu.store.touch();
    const same = await hs.read({ object: 'contacts', fields: ['email'], mode: 'incremental', cursor });
    assert.ok(same.complete, same.error?.message);
    assert.is(same.records.length, 10_300);
    // One page finds a whole page at one timestamp, 52 pages drain it by id, one asks past it.
    assert.is(hs.stats().byKind.search, 52 + 54);
  } finally {
    await emu.close();
  }
});

test('lookups by match key lower-case string values, stay under 3,000 characters and find a mixed-case company (R26)', async ({ emu }) => {
  const hs = connect(emu);
  const company = await sdkFor(emu).crm.companies.basicApi.create({ properties: { name: 'MiXeD Case Holdings' }, associations: [] });
  await hs.read({ object: 'companies', fields: ['name', 'domain'], mode: 'full' });
  const names = ['mixed case holdings', ...Array.from({ length: 99 }, (_, i) => `Some Rather Long Company Name Number ${i}`)];
  const before = hs.stats().byKind.search ?? 0;
  const found = await hs.findBy('companies', 'name', names);
  assert.equal(
    found.map((r) => r.id),
    [company.id],
  );
  assert.equal(Object.keys(found[0]!.fields).sort(), ['domain', 'name'], 'only the fields the sync reads');
  assert.ok((hs.stats().byKind.search ?? 0) - before >= 2, 'the lookup is split to fit the body limit');
});

test.run();
