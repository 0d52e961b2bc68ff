/**
 * Read and write progress: on stderr, off when stderr is no terminal unless --progress forces it,
 * with the apps' own totals (Salesforce's totalSize, Google's totalItems, a HubSpot search's total).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hubspotAndStore, project, records, twoStores } from '../helpers/project.js';
import { inHubSpot } from '../helpers/sandbox-apps.js';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';

const test = suite('progress');

test('--progress shows reads with the totals Salesforce and Google give; stdout keeps the plan', async () => {
  const p = project();
  assert.is((await p.run('init', '--left', 'salesforce', '--right', 'google')).code, 0);
  const quiet = await p.run('plan');
  assert.not.match(quiet.stderr, 'read ', 'no progress when stderr is not a terminal');
  const plan = await p.run('plan', '--progress');
  assert.is(plan.code, 0, plan.stderr);
  const sf = /^read salesforce: (\d+)\/(\d+)$/m.exec(plan.stderr);
  const google = /^read google: (\d+)\/(\d+)$/m.exec(plan.stderr);
  assert.ok(sf && google, plan.stderr);
  assert.ok(Number(sf![2]) > 0 && Number(google![2]) > 0);
  // The last line of each read reaches the app's total.
  assert.match(plan.stderr, /^read salesforce: (\d+)\/\1$/m);
  assert.match(plan.stderr, /^read google: (\d+)\/\1$/m);
  assert.not.match(plan.stdout, /^read /m);
  assert.match(plan.stdout, 'Plan: ');
});

test("HubSpot: a full read's total from one counting search (its list gives none), only when progress is shown; an incremental read has its search's total", async () => {
  const p = project(hubspotAndStore());
  const quiet = project(hubspotAndStore());
  const calls = (stdout: string) => Number(/API calls: hubspot (\d+)/.exec(stdout)![1]);
  const applied = await p.run('apply', '--yes', '--progress');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stderr, /^read hubspot: 6\/6$/m);
  assert.is(calls(applied.stdout), calls((await quiet.run('apply', '--yes')).stdout) + 1, 'one search call more, for the count');
  assert.match(applied.stderr, /^create b: 6\/6$/m);
  const [first] = await inHubSpot(p, async (hs) => (await hs.crm.contacts.basicApi.getPage(1)).results);
  await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.update(first!.id, { properties: { jobtitle: 'Edited' } }));
  const again = await p.run('plan', '--progress');
  assert.match(again.stderr, /^read hubspot: 1\/1$/m, again.stderr);
});

test('long writes: one line a step when forced, nothing by default; each connection written to has its own count', async () => {
  const p = project(twoStores({ seedA: '{ contacts: 1200, companies: 0, from: 0 }', seedB: '{ contacts: 300, companies: 0, from: 5000 }' }));
  const quiet = project(twoStores({ seedA: '{ contacts: 30, companies: 0, from: 0 }', seedB: '{ contacts: 0, companies: 0 }' }));
  assert.not.match((await quiet.run('apply', '--yes')).stderr, 'create');
  const result = await p.run('apply', '--yes', '--progress');
  assert.is(result.code, 0, result.stderr);
  // Two chunks (1,000 and 200) are in flight at once: either may finish first.
  assert.match(result.stderr, /^create b: (1000|200)\/1200$/m);
  assert.match(result.stderr, /^create b: 1200\/1200$/m);
  // The other app's creates are counted apart, against their own total.
  assert.match(result.stderr, /^create a: 300\/300$/m);
  assert.not.match(result.stderr, /^create: /m);
  assert.not.match(result.stdout, 'create b: 1200/1200');
  assert.is(records(p.store('b')).length, 1500);
  assert.is(records(p.store('a')).length, 1500);
});

test('calls held for a rate limit are said in progress, and the summary adds them up', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 3 } });
  process.env.CRMSYNC_TEST_HUBSPOT_TOKEN = emu.token;
  try {
    // One call a second: every call after the account check waits for the one before it.
    const p = project({
      'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    base_url: ${emu.url}
    access_token: { env: CRMSYNC_TEST_HUBSPOT_TOKEN }
    rate_limit: { max: 1, window: 1s }
  b:
    app: local
    sandbox: { seed: { contacts: 2, companies: 0, from: 10 } }
`,
      'syncs/contacts.yaml': twoStores()['syncs/contacts.yaml']!.replace(/\ba\b/g, 'hubspot'),
    });
    const quiet = await p.run('plan');
    assert.not.match(quiet.stderr, 'rate limit', 'nothing without --progress off a terminal');
    // plan says what its reads waited, after the plan.
    assert.match(quiet.stdout, /\nRate limits:\n {2}hubspot \(HubSpot\): waited [\d.]+ s for HubSpot's rate limit over \d+ call\(s\)\n?$/);
    const r = await p.run('apply', '--yes', '--progress');
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /^hubspot: rate limit: waited [\d.]+ s so far$/m);
    assert.match(r.stdout, /^ {2}hubspot \(HubSpot\): waited [\d.]+ s for HubSpot's rate limit over \d+ call\(s\)$/m);
    assert.equal(emu.rate.refusals, {}, 'held, never refused');
  } finally {
    delete process.env.CRMSYNC_TEST_HUBSPOT_TOKEN;
    await emu.close();
  }
});

test.run();
