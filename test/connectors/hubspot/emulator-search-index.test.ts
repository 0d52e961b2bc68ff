/**
 * The emulator's sorted search index (search-index.ts): it answers exactly what the scan answers
 * (search-engine.ts) for the searches it takes, and a page of a keyset read costs a binary search
 * and a slice, not a scan of every record (counted, not timed).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { runSearch, type SearchBody } from '../../../src/connectors/hubspot/emulator/search-engine.js';
import { SearchIndexes } from '../../../src/connectors/hubspot/emulator/search-index.js';
import { SEED_EPOCH } from '../../../src/connectors/hubspot/emulator/seed.js';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { HubSpotStore } from '../../../src/connectors/hubspot/emulator/store.js';
import { FAST_RETRY, sdkFor } from './helpers.js';

const LIMITS = { tenSecondMax: 1e6, searchPerSecond: 1e6, daily: 1e9 };
const MINUTE = 60_000;

/** 60 contacts; ten share one modified time (a burst of writes), two are archived, one has no email. */
function store(): HubSpotStore {
  let clock = SEED_EPOCH;
  const s = new HubSpotStore(1, () => clock);
  const contacts = s.types.get('0-1')!;
  for (let i = 0; i < 60; i++) {
    clock = SEED_EPOCH + (i < 10 ? 5 : i) * MINUTE;
    s.create(contacts, i === 7 ? { firstname: 'No email' } : { email: `p${i}@example.com` });
  }
  for (const id of ['120', '130']) s.archive(contacts, contacts.records.get(id)!);
  return s;
}

const at = (minutes: number) => String(SEED_EPOCH + minutes * MINUTE);
const iso = (minutes: number) => new Date(SEED_EPOCH + minutes * MINUTE).toISOString();
const range = (operator: string, value: string, highValue?: string) => ({ propertyName: 'lastmodifieddate', operator, value, highValue });
const sortBy = (propertyName: string, direction = 'ASCENDING') => [{ propertyName, direction }];

test('the index answers as the scan does: same records, same order, same total', () => {
  const s = store();
  const contacts = s.types.get('0-1')!;
  const indexes = new SearchIndexes(s);
  const bodies: SearchBody[] = [
    {},
    { filterGroups: [{ filters: [range('GTE', at(20))] }], sorts: sortBy('lastmodifieddate') },
    { filterGroups: [{ filters: [range('GT', iso(20))] }], sorts: sortBy('lastmodifieddate') },
    { filterGroups: [{ filters: [range('LT', at(12))] }], sorts: sortBy('lastmodifieddate') },
    { filterGroups: [{ filters: [range('LTE', at(12))] }], sorts: ['lastmodifieddate'] },
    { filterGroups: [{ filters: [range('BETWEEN', at(11), at(30))] }], sorts: sortBy('lastmodifieddate') },
    { filterGroups: [{ filters: [range('GTE', at(11)), range('LT', at(30))] }], sorts: sortBy('lastmodifieddate') },
    // The connector's drain of one timestamp: EQ on the time, then by id.
    { filterGroups: [{ filters: [range('EQ', at(5)), { propertyName: 'hs_object_id', operator: 'GT', value: '104' }] }], sorts: sortBy('hs_object_id') },
    { filterGroups: [{ filters: [range('EQ', at(5)), { propertyName: 'hs_object_id', operator: 'LTE', value: '104' }] }] },
    { filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'BETWEEN', value: '110', highValue: '140' }] }] },
    // Values that match nothing: a time that does not parse, a range that is empty.
    { filterGroups: [{ filters: [range('GTE', 'not a time')] }], sorts: sortBy('lastmodifieddate') },
    { filterGroups: [{ filters: [range('BETWEEN', at(30), at(11))] }], sorts: sortBy('lastmodifieddate') },
  ];
  for (const body of bodies) {
    const hits = indexes.search(contacts, body);
    assert.ok(hits, `indexed: ${JSON.stringify(body)}`);
    const expected = runSearch(contacts, body).map((r) => r.id);
    assert.is(hits!.total, expected.length, JSON.stringify(body));
    assert.equal(
      hits!.slice(0, 1000).map((r) => r.id),
      expected,
      JSON.stringify(body),
    );
    assert.equal(
      hits!.slice(3, 8).map((r) => r.id),
      expected.slice(3, 8),
    );
  }
  // Archived records are in neither answer.
  assert.not.ok(runSearch(contacts, {}).some((r) => r.id === '120'));
});

test('searches the index cannot answer exactly are left to the scan', () => {
  const s = store();
  const contacts = s.types.get('0-1')!;
  const indexes = new SearchIndexes(s);
  const scanned: SearchBody[] = [
    { filterGroups: [{ filters: [range('GTE', at(20))] }], sorts: sortBy('lastmodifieddate', 'DESCENDING') },
    { filterGroups: [{ filters: [range('GTE', at(20))] }, { filters: [range('LT', at(3))] }] },
    { filterGroups: [{ filters: [range('GTE', at(20)), { propertyName: 'email', operator: 'HAS_PROPERTY' }] }] },
    { filterGroups: [{ filters: [range('GTE', at(20)), { propertyName: 'hs_object_id', operator: 'GT', value: '130' }] }] },
    { filterGroups: [{ filters: [range('GTE', at(20))] }], sorts: sortBy('email') },
    // Unsorted, hits come by id; over a range of times that is not the index's order.
    { filterGroups: [{ filters: [range('LTE', at(12))] }] },
    // Unfiltered, a sort puts records without a value last: not what the index holds.
    { sorts: sortBy('lastmodifieddate') },
    { query: 'p1', filterGroups: [{ filters: [range('GTE', at(20))] }] },
  ];
  for (const body of scanned) assert.is(indexes.search(contacts, body), undefined, JSON.stringify(body));
});

test('a keyset read of 2,000 changed contacts through the connector builds the index once, and no page scans', async () => {
  // The connector's cursor is on the real clock; the emulator's only never goes back.
  let clock = Date.now();
  const emu = await startHubSpotEmulator({ seed: { contacts: 2000 }, limits: LIMITS, now: () => clock });
  try {
    const hs = createHubSpotConnector({
      name: 'hubspot',
      accessToken: emu.token,
      baseUrl: emu.url,
      retry: FAST_RETRY,
      limiter: { max: 1e6, windowMs: 10_000 },
      searchLimiter: { max: 1e6, windowMs: 1000 },
      lookbackMs: 1000,
    });
    const full = await hs.read({ object: 'contacts', fields: ['email'], mode: 'full' });
    assert.is(full.records.length, 2000);
    // Every contact changes after the cursor, 100 of them in the same millisecond (a batch).
    const sdk = sdkFor(emu);
    const ids = full.records.map((r) => r.id);
    clock = Date.now() + 5000; // after the full read's cursor, whatever seeding and reading took
    for (let i = 0; i < ids.length; i += 100) {
      clock += i < 1900 ? 1 : 0;
      await sdk.crm.contacts.batchApi.update({ inputs: ids.slice(i, i + 100).map((id) => ({ id, properties: { jobtitle: `t${i}` } })) });
    }
    clock = Math.max(clock, Date.now()) + 10_000;
    const visited = emu.store.types.get('0-1')!.records.size;
    const before = { scans: emu.searches.scans, visited: emu.searches.indexes.visited };
    const changes = await hs.read({ object: 'contacts', fields: ['email', 'jobtitle'], mode: 'incremental', cursor: full.cursor });
    assert.is(changes.records.length, 2000);
    assert.is(new Set(changes.records.map((r) => r.id)).size, 2000);
    assert.ok(changes.records.every((r) => String(r.fields.jobtitle).startsWith('t')));
    const searches = hs.stats().byKind.search ?? 0;
    assert.ok(searches >= 10, `paged in ${searches} searches`);
    // One index over the store for the whole read (it did not change meanwhile), and no scan.
    assert.is(emu.searches.scans - before.scans, 0);
    assert.is(emu.searches.indexes.visited - before.visited, visited);

    // A write makes the next search see it: the index is built again, once.
    await sdk.crm.contacts.basicApi.update(ids[0]!, { properties: { jobtitle: 'Later' } });
    const next = await hs.read({ object: 'contacts', fields: ['jobtitle'], mode: 'incremental', cursor: changes.cursor });
    // (The last burst comes again too: the read looks back a second before its cursor.)
    assert.is(next.records.find((r) => r.id === ids[0])?.fields.jobtitle, 'Later');
    assert.is(emu.searches.indexes.visited - before.visited, 2 * visited);
    assert.is(emu.searches.scans - before.scans, 0);
  } finally {
    await emu.close();
  }
});

test('the archived listing walks the archived ids only, listed once per change of the store', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 1000 }, limits: LIMITS });
  try {
    const sdk = sdkFor(emu);
    const contacts = emu.store.types.get('0-1')!;
    const gone = [...contacts.records.keys()].filter((_, i) => i % 400 === 7);
    for (const id of gone) await sdk.crm.contacts.basicApi.archive(id);
    const page = await sdk.crm.contacts.basicApi.getPage(100, undefined, undefined, undefined, undefined, true);
    assert.equal(
      page.results.map((r) => r.id),
      gone,
    );
    const listed = emu.store.archivedOrder(contacts);
    assert.equal(listed, gone);
    // Unchanged store: the same list, not another walk over a thousand records.
    await sdk.crm.contacts.basicApi.getPage(100, undefined, undefined, undefined, undefined, true);
    assert.ok(emu.store.archivedOrder(contacts) === listed);
    await sdk.crm.contacts.basicApi.archive(String(contacts.order[500]));
    const after = emu.store.archivedOrder(contacts);
    assert.ok(after !== listed);
    assert.is(after.length, gone.length + 1);
  } finally {
    await emu.close();
  }
});

test.run();
