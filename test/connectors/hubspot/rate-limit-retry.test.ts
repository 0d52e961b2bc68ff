/**
 * 429s from HubSpot's ten-second window, with and without a Retry-After header: the connector retries
 * a bounded number of times, waits what the header says when there is one and HubSpot's window
 * otherwise, and every write lands exactly once (R31: a rate limit is a retryable failure).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import type { RetryHooks } from '../../../src/connectors/shared/retry.js';

interface Waits {
  hooks: RetryHooks;
  waits: number[];
}

/** Records each wait the retry loop decides on; `sleep: false` skips the actual waiting. */
function recorder(sleep = true): Waits {
  const waits: number[] = [];
  return {
    waits,
    hooks: {
      onRetry: (_attempt, ms) => void waits.push(ms),
      ...(sleep ? {} : { sleep: async () => undefined }),
    },
  };
}

/**
 * A connector whose own limiter lets every call out at once. It follows the limit HubSpot's first
 * answer reports (calls.ts), so the tests have another integration spend the window first
 * (`spend`): HubSpot then has to refuse.
 */
function connect(emu: HubSpotEmulator, windowMs: number, w: Waits, attempts = 6) {
  return createHubSpotConnector({
    name: 'hubspot',
    accessToken: emu.token,
    baseUrl: emu.url,
    limiter: { max: 1000, windowMs },
    retry: { attempts, baseMs: 5, maxMs: 20_000 },
    retryHooks: w.hooks,
  });
}

/** Another integration on the same token spends `n` calls of the window, unseen by the connector. */
async function spend(emu: HubSpotEmulator, n: number) {
  for (let i = 0; i < n; i++) await fetch(`${emu.url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: `Bearer ${emu.token}` } });
}

const updates = (emu: HubSpotEmulator, n: number) => {
  const ids = [...emu.store.types.get('0-1')!.records.keys()];
  return Array.from({ length: n }, (_, i) => ({ kind: 'update' as const, ref: `u${i}`, id: ids[i % ids.length]!, fields: { jobtitle: `Title ${i}` } }));
};

test('without Retry-After, a TEN_SECONDLY_ROLLING 429 waits the policy window and is retried', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 4 }, limits: { tenSecondMax: 2, windowMs: 300 } });
  try {
    const w = recorder();
    const hs = connect(emu, 300, w);
    // One write per call, sequentially, after another integration spent the window: the first is refused.
    await spend(emu, 2);
    for (const op of updates(emu, 4)) assert.ok((await hs.write('contacts', [op]))[0]!.ok);
    const refused = emu.rate.refusals.TEN_SECONDLY_ROLLING ?? 0;
    assert.ok(refused >= 1, 'HubSpot refused some calls');
    assert.is(w.waits.length, refused, 'one retry per refusal');
    assert.ok(
      w.waits.every((ms) => ms === 300),
      `waits ${w.waits}`,
    );
    // Calls made = writes + refused ones, and each value landed once.
    assert.is(hs.stats().byKind['batch/update'], 4 + refused);
    const titles = [...emu.store.types.get('0-1')!.records.values()].map((r) => r.properties.jobtitle).sort();
    assert.equal(titles, ['Title 0', 'Title 1', 'Title 2', 'Title 3']);
  } finally {
    await emu.close();
  }
});

test('with Retry-After, the wait is the header value, not the policy window', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 3 }, limits: { tenSecondMax: 2, windowMs: 1000, retryAfter: true } });
  try {
    const w = recorder();
    // The connector believes in a 10 s window; the header says 1 s.
    const hs = connect(emu, 10_000, w);
    await spend(emu, 2);
    for (const op of updates(emu, 3)) assert.ok((await hs.write('contacts', [op]))[0]!.ok);
    assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 1);
    assert.equal(w.waits, [1000]);
    assert.is(hs.stats().byKind['batch/update'], 4);
  } finally {
    await emu.close();
  }
});

test('retries are bounded: a window that never opens ends in a rate-limit failure after `attempts` calls', async () => {
  for (const retryAfter of [false, true]) {
    const emu = await startHubSpotEmulator({ seed: { contacts: 1 }, limits: { tenSecondMax: 0, windowMs: 2000, retryAfter } });
    try {
      const w = recorder(false);
      const hs = connect(emu, 10_000, w, 3);
      const [result] = await hs.write('contacts', updates(emu, 1));
      assert.ok(result && !result.ok, 'the write failed');
      if (result && !result.ok) {
        assert.is(result.error.category, 'rate-limit');
        assert.is(result.error.code, 'TEN_SECONDLY_ROLLING');
        assert.ok(result.error.retryable);
      }
      assert.is(hs.stats().byKind['batch/update'], 3, 'three attempts, no more');
      assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 3);
      // Retry-After's 2 s when there is one, else HubSpot's window as its
      // X-HubSpot-RateLimit-Interval-Milliseconds header reports it (2 s), never the connector's own 10 s.
      assert.equal(w.waits, [2000, 2000]);
    } finally {
      await emu.close();
    }
  }
});

test.run();
