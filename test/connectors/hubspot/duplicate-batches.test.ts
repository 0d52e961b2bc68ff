/**
 * A batch HubSpot refuses for duplicates is not split in halves: one lookup by the unique property
 * finds the inputs at fault and the rest goes again in one call, so each refused batch costs O(1)
 * extra calls (counted at the emulator), however many of its records are duplicates.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import type { WriteOp } from '../../../src/connectors/types.js';
import { FAST_RETRY, sdkFor } from './helpers.js';

const route = (emu: { calls: { byRoute: Record<string, number> } }, name: string) => emu.calls.byRoute[name] ?? 0;

test('300 creates, every other one an email HubSpot already has: 3 refused batches cost 3 lookups and 3 resends', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 0 }, limits: { tenSecondMax: 100_000 } });
  try {
    const raw = sdkFor(emu);
    const taken: string[] = [];
    for (let b = 0; b < 2; b++) {
      const inputs = Array.from({ length: 75 }, (_, i) => ({ properties: { email: `taken${b * 75 + i}@dup.example.com` }, associations: [] }));
      const made = await raw.crm.contacts.batchApi.create({ inputs });
      taken.push(...made.results.map((r) => r.id));
    }
    const hs = createHubSpotConnector({
      name: 'hubspot',
      accessToken: emu.token,
      baseUrl: emu.url,
      retry: FAST_RETRY,
      limiter: { max: 100_000, windowMs: 10_000 },
    });
    await hs.catalogue('contacts');
    const before = { ...emu.calls.byRoute };
    // Odd ones repeat a taken address (upper-cased: HubSpot compares emails without case).
    const ops: WriteOp[] = Array.from({ length: 300 }, (_, i) => ({
      kind: 'create',
      ref: `r${i}`,
      fields: { email: i % 2 ? `TAKEN${(i - 1) / 2}@dup.example.com` : `new${i}@dup.example.com`, firstname: `N${i}` },
    }));
    const results = await hs.write('contacts', ops);
    assert.equal(
      results.map((r) => r.ref),
      ops.map((o) => o.ref),
    );
    for (const [i, r] of results.entries()) {
      if (i % 2 === 0) assert.ok(r.ok, `r${i} is created`);
      else {
        assert.ok(!r.ok && r.error.category === 'duplicate', `r${i} fails as a duplicate`);
        if (!r.ok) assert.match(r.error.hint!, new RegExp(`\\b${taken[(i - 1) / 2]}\\b`), 'the hint names the contact holding the email');
      }
    }
    const creates = route(emu, 'POST objects/batch/create') - (before['POST objects/batch/create'] ?? 0);
    const reads = route(emu, 'POST objects/batch/read') - (before['POST objects/batch/read'] ?? 0);
    // 3 batches refused, 3 sent again without the duplicates; halving would have taken hundreds.
    assert.is(creates, 6);
    assert.is(reads, 3);
    assert.is(emu.store.types.get('0-1')!.records.size, 150 + 150);
  } finally {
    await emu.close();
  }
});

test('an email repeated inside one batch fails its second holder, without halving', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 0 }, limits: { tenSecondMax: 100_000 } });
  try {
    const hs = createHubSpotConnector({
      name: 'hubspot',
      accessToken: emu.token,
      baseUrl: emu.url,
      retry: FAST_RETRY,
      limiter: { max: 100_000, windowMs: 10_000 },
    });
    await hs.catalogue('contacts');
    const ops: WriteOp[] = Array.from({ length: 100 }, (_, i) => ({ kind: 'create', ref: `r${i}`, fields: { email: `in${i % 90}@dup.example.com` } }));
    const results = await hs.write('contacts', ops);
    assert.is(results.filter((r) => r.ok).length, 90);
    assert.ok(results.slice(90).every((r) => !r.ok && r.error.category === 'duplicate'));
    assert.is(route(emu, 'POST objects/batch/create'), 2);
    assert.is(route(emu, 'POST objects/batch/read'), 1);
  } finally {
    await emu.close();
  }
});

test('an update to an email another contact holds fails that update alone, in O(1) calls', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 0 }, limits: { tenSecondMax: 100_000 } });
  try {
    const raw = sdkFor(emu);
    const made = await raw.crm.contacts.batchApi.create({
      inputs: Array.from({ length: 100 }, (_, i) => ({ properties: { email: `u${i}@dup.example.com` }, associations: [] })),
    });
    const ids = made.results.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
    const hs = createHubSpotConnector({
      name: 'hubspot',
      accessToken: emu.token,
      baseUrl: emu.url,
      retry: FAST_RETRY,
      limiter: { max: 100_000, windowMs: 10_000 },
    });
    await hs.catalogue('contacts');
    // Each keeps its own email (not a duplicate of itself), except the last, which takes the first's.
    const ops: WriteOp[] = ids.map((id, i) => ({
      kind: 'update',
      ref: `u${i}`,
      id,
      fields: { email: i === 99 ? 'u0@dup.example.com' : `u${i}@dup.example.com`, jobtitle: 'T' },
    }));
    const results = await hs.write('contacts', ops);
    assert.is(results.filter((r) => r.ok).length, 99);
    const last = results[99]!;
    assert.ok(!last.ok && last.error.category === 'duplicate' && new RegExp(`\\b${ids[0]}\\b`).test(last.error.hint!));
    assert.is(route(emu, 'POST objects/batch/update'), 2);
    assert.is(route(emu, 'POST objects/batch/read'), 1);
  } finally {
    await emu.close();
  }
});

test.run();
