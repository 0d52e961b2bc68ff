/**
 * Incremental runs against the emulators: after the initial sync, a run with nothing changed costs
 * at most 2 API calls per app and object, plus one per connection that checks it still reaches the
 * account the state was made with (state bound to its accounts), and a change in either app is
 * picked up without a full read, with no duplicates and no missed records. HubSpot's search lags
 * writes here (search_lag), as the real index does: a change is seen by the first run after it is
 * indexed, within the lookback.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { SANDBOX_TOKEN } from '../../src/connectors/sandbox.js';
import { project } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

/** HubSpot's search index lag in these runs (well under the 30 s lookback). */
const LAG_MS = 8000;

const FILES = {
  'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    sandbox: { seed: { contacts: 300, companies: 0, from: 0 }, search_lag: ${LAG_MS}ms }
  salesforce:
    app: salesforce
    sandbox: { seed: { contacts: 300, companies: 0, from: 150 } }
`,
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'hubspot',
    'salesforce Contact',
    `direction: two-way
conflict: { winner: salesforce }`,
  ),
};

const calls = (out: string) =>
  Object.fromEntries(
    /API calls: (.*)/
      .exec(out)![1]!
      .split(', ')
      .map((x) => [x.split(' ')[0], Number(x.split(' ')[1])]),
  );

test('no-op incremental runs cost at most 2 calls per app and object, plus the account check; a change is picked up incrementally', async () => {
  const p = project(FILES);
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, '300 created');
  await p.run('apply', '--yes'); // reads back its own writes once
  const noop = await p.run('apply', '--yes');
  assert.match(noop.stdout, '0 created, 0 updated');
  const c = calls(noop.stdout);
  // 2 for the object, 1 for the account check.
  assert.ok(c.hubspot! <= 3 && c.salesforce! <= 3, JSON.stringify(c));
  // A change in HubSpot, made through its API, reaches Salesforce.
  const hs = await startHubSpotEmulator({ tokens: [SANDBOX_TOKEN], persistPath: `${p.dir}/.crmsync/sandbox/hubspot.json` });
  const { createHubSpotConnector } = await import('../../src/connectors/hubspot/connector.js');
  const client = createHubSpotConnector({ name: 'h', accessToken: SANDBOX_TOKEN, baseUrl: hs.url });
  const [someone] = (await client.read({ object: 'contacts', fields: ['email'], mode: 'full' })).records;
  const [written] = await client.write('contacts', [{ kind: 'update', ref: 'x', id: someone!.id, fields: { jobtitle: 'Changed incrementally' } }]);
  assert.ok(written!.ok);
  const writtenAt = Date.now();
  await hs.close();
  // Not indexed yet: the run right after the change does not see it, and moves on.
  const early = await p.run('apply', '--yes');
  assert.ok(Date.now() - writtenAt < LAG_MS, 'the early run finished within the lag');
  assert.match(early.stdout, '0 created, 0 updated');
  await new Promise((r) => setTimeout(r, writtenAt + LAG_MS + 100 - Date.now()));
  const changed = await p.run('apply', '--yes');
  assert.match(changed.stdout, '1 updated');
  assert.match(changed.stdout, 'Changed incrementally');
  const after = calls(changed.stdout);
  assert.ok(after.hubspot! <= 4, JSON.stringify(after));
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test.run();
