/**
 * Both apps of a sync are read at once: with every call slowed down, the two apps' requests
 * overlap. Counted as requests in flight across both emulators at the same moment.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startApps, TOKEN } from '../../chaos/helpers.js';
import { inFlight } from '../../helpers/in-flight.js';

test('a plan reads HubSpot and Google at the same time', async () => {
  process.env.CHAOS_HUBSPOT_TOKEN = TOKEN;
  process.env.CHAOS_GOOGLE_TOKEN = TOKEN;
  const apps = await startApps({ hubspot: 30, google: 30, from: 15 });
  try {
    // A first run loads each app's client library (Google's takes a while), so the second one
    // shows the reads themselves.
    assert.is((await apps.p.run('plan')).code, 0);
    for (const app of [apps.hubspot, apps.google]) app.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 150 });
    const seen = inFlight([apps.hubspot.server, apps.google.server]);
    const plan = await apps.p.run('plan');
    assert.is(plan.code, 0, plan.stderr);
    assert.ok(seen.most() >= 2, `at most ${seen.most()} request(s) in flight`);
  } finally {
    await apps.close();
    delete process.env.CHAOS_HUBSPOT_TOKEN;
    delete process.env.CHAOS_GOOGLE_TOKEN;
  }
});

test.run();
