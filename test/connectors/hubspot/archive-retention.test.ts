/**
 * The 90-day archive: an archived record is listed with `archived=true` and can be restored for 90
 * days, then HubSpot purges it. A sync whose cursor is older than that cannot learn of the purged
 * record from the archived listing, so the connector reads in full and the record is found missing
 * (R30) instead of staying linked for ever.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { encodeCursor } from '../../../src/connectors/hubspot/cursor.js';
import { failure, FAST_RETRY, sdkFor } from './helpers.js';

const DAY = 24 * 3_600_000;

async function withClock() {
  let offset = 0;
  const emu = await startHubSpotEmulator({ seed: { contacts: 3 }, now: () => Date.now() + offset, limits: { tenSecondMax: 10_000, searchPerSecond: 1000 } });
  return { emu, setOffset: (ms: number) => void (offset = ms) };
}

test('archived records are listed and restorable for 90 days, then purged', async () => {
  const { emu, setOffset } = await withClock();
  try {
    const hs = sdkFor(emu);
    const contacts = emu.store.types.get('0-1')!;
    const [a, b] = [...contacts.records.keys()];
    setOffset(-100 * DAY);
    await hs.crm.contacts.basicApi.archive(a!);
    setOffset(-30 * DAY);
    await hs.crm.contacts.basicApi.archive(b!);
    setOffset(0);
    // b (30 days ago) is still in the archive; a (100 days ago) is purged.
    const listed = (await hs.crm.contacts.basicApi.getPage(100, undefined, undefined, undefined, undefined, true)).results.map((r) => r.id);
    assert.equal(listed, [b]);
    assert.is((await hs.crm.contacts.basicApi.getById(b!, undefined, undefined, undefined, true)).archived, true);
    assert.is((await failure(hs.crm.contacts.basicApi.getById(a!, undefined, undefined, undefined, true))).code, 404);
    const batch = await hs.crm.contacts.batchApi.read({ inputs: [{ id: a! }, { id: b! }], properties: [], propertiesWithHistory: [] }, true);
    assert.equal(
      batch.results.map((r) => r.id),
      [b],
    );
    assert.not.ok(emu.store.restore(contacts, a!), 'a purged record cannot be restored');
    assert.ok(emu.store.restore(contacts, b!), 'within 90 days it can');
    assert.is((await hs.crm.contacts.basicApi.getById(b!)).archived, false);
  } finally {
    await emu.close();
  }
});

test('a cursor older than the archive reads in full, so a purged record is found missing', async () => {
  const { emu, setOffset } = await withClock();
  try {
    const ids = [...emu.store.types.get('0-1')!.records.keys()];
    const hs = createHubSpotConnector({ name: 'hubspot', accessToken: emu.token, baseUrl: emu.url, retry: FAST_RETRY });
    // Synced 95 days ago; a record archived the day after, and purged since.
    const syncedAt = Date.now() - 95 * DAY;
    setOffset(-94 * DAY);
    await sdkFor(emu).crm.contacts.basicApi.archive(ids[0]!);
    setOffset(0);
    const stale = await hs.read({
      object: 'contacts',
      fields: ['email'],
      mode: 'incremental',
      cursor: encodeCursor({ modified: syncedAt, archived: syncedAt }),
    });
    assert.is(stale.mode, 'full');
    assert.ok(stale.complete);
    assert.equal(stale.records.map((r) => r.id).sort(), ids.slice(1).sort(), 'the purged record is missing from a full read');

    // A recent cursor stays incremental and learns of an archive from the archived listing.
    const recent = Date.now() - DAY;
    await sdkFor(emu).crm.contacts.basicApi.archive(ids[1]!);
    const fresh = await hs.read({ object: 'contacts', fields: ['email'], mode: 'incremental', cursor: encodeCursor({ modified: recent, archived: recent }) });
    assert.is(fresh.mode, 'incremental');
    assert.equal(
      fresh.records.filter((r) => r.deleted).map((r) => r.id),
      [ids[1]],
    );
  } finally {
    await emu.close();
  }
});

test.run();
