/** HubSpot writes keep several batches in flight (under the connection's limiter), results in order. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { WRITES_IN_FLIGHT } from '../../../src/connectors/shared/bounded.js';
import type { WriteOp } from '../../../src/connectors/types.js';
import { inFlight } from '../../helpers/in-flight.js';
import { FAST_RETRY } from './helpers.js';

test("800 creates go as 8 batches, several at once, each result in its op's place", async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 0 }, limits: { tenSecondMax: 10_000 } });
  try {
    const hs = createHubSpotConnector({
      name: 'hubspot',
      accessToken: emu.token,
      baseUrl: emu.url,
      retry: FAST_RETRY,
      limiter: { max: 10_000, windowMs: 10_000 },
    });
    await hs.catalogue('contacts'); // the property types, read once before the batches
    emu.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 100 });
    const seen = inFlight([emu.server]);
    const ops: WriteOp[] = Array.from({ length: 800 }, (_, i) => ({
      kind: 'create',
      ref: `r${i}`,
      fields: { email: `w${i}@example.com`, firstname: `W${i}` },
    }));
    const results = await hs.write('contacts', ops);
    assert.equal(
      results.map((r) => r.ref),
      ops.map((o) => o.ref),
    );
    assert.ok(results.every((r) => r.ok));
    const creates = Object.entries(emu.calls.byRoute).filter(([route]) => route.includes('batch/create'));
    assert.equal(
      creates.map(([, n]) => n),
      [8],
    );
    assert.is(seen.most(), WRITES_IN_FLIGHT);
    await hs.close();
  } finally {
    await emu.close();
  }
});

test.run();
