/**
 * Salesforce writes keep several collections in flight after the first (which goes alone, so an org
 * out of allowance refuses one call), never more than the org's in-flight cap, results in order.
 * Counted at the emulator's server.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSalesforceConnector } from '../../../src/connectors/salesforce/connector.js';
import { startSalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { MAX_IN_FLIGHT } from '../../../src/connectors/salesforce/limits.js';
import { WRITES_IN_FLIGHT } from '../../../src/connectors/shared/bounded.js';
import type { WriteOp } from '../../../src/connectors/types.js';
import { inFlight } from '../../helpers/in-flight.js';
import { FAST_RETRY } from './helpers.js';

test("1,800 creates go as 9 collections, several at once, each result in its op's place", async () => {
  const org = await startSalesforceEmulator({ dailyApiLimit: 1e6 });
  try {
    const sf = createSalesforceConnector({ name: 'sf', instanceUrl: org.url, accessToken: org.accessToken, retry: FAST_RETRY });
    await sf.catalogue('Contact');
    org.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 100 });
    const seen = inFlight([org.server]);
    const ops: WriteOp[] = Array.from({ length: 1800 }, (_, i) => ({
      kind: 'create',
      ref: `r${i}`,
      fields: { LastName: `W${i}`, Email: `w${i}@example.org` },
    }));
    const results = await sf.write('Contact', ops);
    assert.equal(
      results.map((r) => r.ref),
      ops.map((o) => o.ref),
    );
    assert.ok(results.every((r) => r.ok));
    assert.is(org.calls.byRoute['POST collections/create'], 9);
    assert.is(seen.most(), WRITES_IN_FLIGHT);
    assert.ok(seen.most() <= MAX_IN_FLIGHT);
    assert.is(org.store.table('Contact')!.rows.size, 1800);
  } finally {
    await org.close();
  }
});

test.run();
