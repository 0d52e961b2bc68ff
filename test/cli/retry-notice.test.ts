/** Rate-limit waits are reported as they happen (a 429 storm must not look like a hang). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { retryNotice } from '../../src/cli/retry-notice.js';
import { project, twoStores } from '../helpers/project.js';

const test = suite('retry notices');

test('apply against a HubSpot that answers 429 with Retry-After: each wait is said on stderr, and the apply completes', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 3 }, limits: { tenSecondMax: 1, windowMs: 1000, retryAfter: true } });
  try {
    const p = project({
      'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    base_url: ${emu.url}
    access_token: { env: CRMSYNC_TEST_HUBSPOT_TOKEN }
    rate_limit: { max: 1000, window: 1s }
  b:
    app: local
    sandbox: { seed: { contacts: 2, companies: 0, from: 10 } }
`,
      'syncs/contacts.yaml': twoStores()['syncs/contacts.yaml']!.replace(/\ba\b/g, 'hubspot'),
    });
    process.env.CRMSYNC_TEST_HUBSPOT_TOKEN = emu.token;
    const r = await p.run('apply', '--yes');
    assert.is(r.code, 0, r.stderr);
    const refused = emu.rate.refusals.TEN_SECONDLY_ROLLING ?? 0;
    assert.ok(refused >= 1, 'HubSpot refused some calls');
    const notices = r.stderr.split('\n').filter((l) => l.startsWith('hubspot: rate limit (429): waiting 1 s before retry'));
    assert.is(notices.length, refused, r.stderr);
    assert.match(notices[0]!, / before retry 1$/, 'the first retry is retry 1');
    assert.match(r.stdout, 'Apply complete: 5 created');
    // The summary adds up what the rate limit cost: the 429s and the time waited for HubSpot's window.
    const summary = new RegExp(
      `^  hubspot \\(HubSpot\\): (waited [\\d.]+ s for HubSpot's rate limit over \\d+ call\\(s\\); )?${refused} 429\\(s\\) answered, waited [\\d.]+ s for HubSpot's window$`,
      'm',
    );
    assert.match(r.stdout, summary);
    // --json carries the same per connection (`calls`), and counts each 429 HubSpot gave.
    const before = emu.rate.refusals.TEN_SECONDLY_ROLLING ?? 0;
    const plan = await p.run('plan', '--json');
    const hubspot = (JSON.parse(plan.stdout).calls as Array<{ connection: string; calls: number; refused?: { calls: number; ms: number } }>).find(
      (c) => c.connection === 'hubspot',
    )!;
    assert.is(hubspot.refused?.calls ?? 0, (emu.rate.refusals.TEN_SECONDLY_ROLLING ?? 0) - before, plan.stdout);
    assert.ok(hubspot.calls > (hubspot.refused?.calls ?? 0));
  } finally {
    delete process.env.CRMSYNC_TEST_HUBSPOT_TOKEN;
    await emu.close();
  }
});

test('the notice names the status when the client gives one', () => {
  assert.is(retryNotice('sf', 2, 250, { statusCode: 503 }), 'sf: temporary error (503): waiting 250 ms before retry 2');
  assert.is(retryNotice('g', 1, 10_000, { response: { status: 429 } }), 'g: rate limit (429): waiting 10 s before retry 1');
  assert.is(retryNotice('x', 1, 1500, new Error('socket hang up')), 'x: temporary error: waiting 1.5 s before retry 1');
});

test.run();
