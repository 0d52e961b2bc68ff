/**
 * Applies against apps that enforce their limits, with several chunks of creates in flight at once
 * (interpret.ts CHUNKS_IN_FLIGHT): HubSpot with a tight rolling window (which answers real 429s)
 * refuses nothing, as the client keeps to the window it reports, and never sees more than the
 * account gate's cap in flight; Google refuses
 * a mutation that arrives while another is under way (Assumption of its emulator), and none is
 * refused. Counted at the emulators and in the run's outcome.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startGoogleEmulator } from '../../src/connectors/google/emulator/server.js';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { MAX_IN_FLIGHT } from '../../src/connectors/hubspot/limits.js';
import { project } from '../helpers/project.js';

const TOKEN = 'limited-token';

const files = (right: string, records: number) => ({
  'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox: { seed: { contacts: ${records}, companies: 0, from: 0 } }
${right}`,
  'syncs/people.yaml': `sync:
  name: people
  object: contacts
  left: { connection: crm }
  right: { connection: app${right.includes('app: google') ? ', folder: contacts' : ''} }
  direction: one-way
  from: crm
`,
});

test('HubSpot, 3,000 creates under a 40-per-second window: no 429, none fails, each batch once, at most the cap in flight', async () => {
  const hubspot = await startHubSpotEmulator({
    tokens: [TOKEN],
    seed: { contacts: 0, companies: 0 },
    limits: { tenSecondMax: 40, windowMs: 1000, searchPerSecond: 1e6, daily: 1e9 },
  });
  process.env.LIMITED_TOKEN = TOKEN;
  let now = 0;
  let most = 0;
  let refused = 0;
  hubspot.server.prependListener('request', (_req, res) => {
    most = Math.max(most, ++now);
    res.once('close', () => {
      now--;
      if (res.statusCode === 429) refused++;
    });
  });
  try {
    const p = project(
      files(
        `  app:
    app: hubspot
    base_url: ${hubspot.url}
    access_token: { env: LIMITED_TOKEN }
`,
        3000,
      ),
    );
    hubspot.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 20, latencyMaxMs: 60, seed: 5 });
    const applied = await p.run('apply', '--yes');
    assert.is(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, '3000 created');
    assert.match(applied.stdout, ', 0 failed.');
    // The client learns the window from HubSpot's headers on its first calls: nothing refused,
    // each batch sent once.
    assert.is(refused, 0);
    assert.is(hubspot.calls.byRoute['POST objects/batch/create'], 30);
    assert.ok(most <= MAX_IN_FLIGHT, `${most} in flight`);
  } finally {
    delete process.env.LIMITED_TOKEN;
    await hubspot.close();
  }
});

test('Google, 2,000 creates in chunks sent at once: mutations one at a time, none refused, one call per 200', async () => {
  // A mutation keeps the user busy 30 ms: one arriving meanwhile would be refused.
  const google = await startGoogleEmulator({ accessToken: TOKEN, mutateLatencyMs: 30 });
  process.env.LIMITED_TOKEN = TOKEN;
  try {
    const p = project(
      files(
        `  app:
    app: google
    root_url: ${google.url}/
    access_token: { env: LIMITED_TOKEN }
`,
        2000,
      ),
    );
    google.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 20, latencyMaxMs: 60, seed: 5 });
    const applied = await p.run('apply', '--yes');
    assert.is(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, '2000 created');
    assert.match(applied.stdout, ', 0 failed.');
    assert.is(google.calls.byRoute['people.batchCreateContacts'], 10);
  } finally {
    delete process.env.LIMITED_TOKEN;
    await google.close();
  }
});

test.run();
