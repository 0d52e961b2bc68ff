/**
 * The emulator's search index lag (searchLagMs): until a change is indexed, search shows the record
 * as it was (a new record not at all, an archived one still live); reads by id see the change at once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { sdkFor } from './helpers.js';

test('search serves the indexed version until the lag has passed', async () => {
  let clock = Date.UTC(2026, 0, 1);
  const emu = await startHubSpotEmulator({
    seed: { contacts: 2 },
    searchLagMs: 60_000,
    now: () => clock,
    limits: { tenSecondMax: 10_000, searchPerSecond: 10_000 },
  });
  try {
    const hs = sdkFor(emu);
    const [kept, gone] = [...emu.store.types.get('0-1')!.records.keys()];
    const search = async () => {
      const page = await hs.crm.contacts.searchApi.doSearch({ filterGroups: [], properties: ['jobtitle'], limit: 100 } as never);
      return Object.fromEntries(page.results.map((r) => [r.id, r.properties.jobtitle ?? null]));
    };
    clock += 120_000; // the seeded records are indexed
    const before = await search();
    assert.equal(Object.keys(before).sort(), [kept, gone].sort());

    await hs.crm.contacts.basicApi.update(kept!, { properties: { jobtitle: 'Changed' } });
    await hs.crm.contacts.basicApi.archive(gone!);
    const created = await hs.crm.contacts.basicApi.create({ properties: { email: 'new@lag.example.com' }, associations: [] });
    clock += 30_000;
    // Within the lag: the old title, the archived record still there, the new one not yet.
    assert.equal(await search(), before);
    assert.is((await hs.crm.contacts.basicApi.getById(kept!, ['jobtitle'])).properties.jobtitle, 'Changed', 'reads by id are not lagged');

    clock += 31_000;
    const after = await search();
    assert.equal(after, { [kept!]: 'Changed', [created.id]: null });
  } finally {
    await emu.close();
  }
});

test.run();
