/**
 * An apply writes to its apps at the same time: with every call slowed down, a HubSpot batch create
 * and a Salesforce collection create are under way at the same moment. Timed at the emulators'
 * servers as intervals (request arrived → answer closed), not as a duration.
 */
import type { Server } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { startSalesforceEmulator } from '../../src/connectors/salesforce/emulator/server.js';
import { project } from '../helpers/project.js';

const TOKEN = 'across-token';

/** Intervals of the requests whose path contains `part`. */
function intervals(server: Server, part: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  server.prependListener('request', (req, res) => {
    if (req.method !== 'POST' || !String(req.url).includes(part)) return;
    const span: [number, number] = [performance.now(), Infinity];
    out.push(span);
    res.once('close', () => (span[1] = performance.now()));
  });
  return out;
}

test('creates in HubSpot and in Salesforce are sent at the same time', async () => {
  const hubspot = await startHubSpotEmulator({
    tokens: [TOKEN],
    seed: { contacts: 0, companies: 0 },
    limits: { tenSecondMax: 1e6, searchPerSecond: 1e6, daily: 1e9 },
  });
  const salesforce = await startSalesforceEmulator({ accessToken: TOKEN, seed: { contacts: 0 }, dailyApiLimit: 1e6 });
  process.env.ACROSS_TOKEN = TOKEN;
  try {
    const p = project({
      'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox: { seed: { contacts: 300, companies: 300, from: 0 } }
  hubspot:
    app: hubspot
    base_url: ${hubspot.url}
    access_token: { env: ACROSS_TOKEN }
  salesforce:
    app: salesforce
    instance_url: ${salesforce.url}
    access_token: { env: ACROSS_TOKEN }
`,
      'syncs/people.yaml': `sync:
  name: people
  object: contacts
  left: { connection: crm }
  right: { connection: hubspot }
  direction: one-way
  from: crm
`,
      'syncs/firms.yaml': `sync:
  name: firms
  object: companies
  left: { connection: crm }
  right: { connection: salesforce, object: Account }
  direction: one-way
  from: crm
`,
    });
    for (const app of [hubspot, salesforce]) app.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 150 });
    const hs = intervals(hubspot.server, '/batch/create');
    const sf = intervals(salesforce.server, '/composite/sobjects');
    const applied = await p.run('apply', '--yes');
    assert.is(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, '600 created');
    assert.ok(hs.length >= 3 && sf.length >= 2, `${hs.length} HubSpot and ${sf.length} Salesforce creates`);
    const overlap = hs.some(([a, b]) => sf.some(([c, d]) => a < d && c < b));
    assert.ok(overlap, 'a HubSpot create and a Salesforce create were under way at the same moment');
  } finally {
    delete process.env.ACROSS_TOKEN;
    await Promise.all([hubspot.close(), salesforce.close()]);
  }
});

test.run();
