/**
 * R24 with R30's rule for partial reads: a record missing from an incomplete read of an app may be
 * there all the same, so nothing is created in an app whose read was incomplete, as nothing is
 * deleted. On a first sync whose HubSpot read fails, no Salesforce account is created in HubSpot:
 * each waits, listed with why (plan and status), the run exits 3 and says so in its last line, and
 * the next complete read links or creates them, each once.
 */
import { Connection } from 'jsforce';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../src/connectors/salesforce/emulator/server.js';
import { project } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const test = suite('partial read: no creates into the app read incompletely');
const TOKEN = 'partial-read-token';
const ctx = { hubspot: undefined as unknown as HubSpotEmulator, salesforce: undefined as unknown as SalesforceEmulator };

test.before.each(async () => {
  process.env.PARTIAL_TOKEN = TOKEN;
  ctx.hubspot = await startHubSpotEmulator({
    tokens: [TOKEN],
    seed: { contacts: 0, companies: 10, from: 0 },
    limits: { tenSecondMax: 1e6, searchPerSecond: 1e6, daily: 1e9 },
  });
  ctx.salesforce = await startSalesforceEmulator({ accessToken: TOKEN, seed: { contacts: 0, companies: 40 } });
});
test.after.each(async () => {
  delete process.env.PARTIAL_TOKEN;
  await Promise.all([ctx.hubspot.close(), ctx.salesforce.close()]);
});

const files = () => ({
  'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    base_url: ${ctx.hubspot.url}
    access_token: { env: PARTIAL_TOKEN }
    rate_limit: { max: 100000, window: 1s }
  salesforce:
    app: salesforce
    instance_url: ${ctx.salesforce.url}
    access_token: { env: PARTIAL_TOKEN }
`,
  'syncs/companies.yaml': syncFile(
    'companies',
    'hubspot',
    'salesforce Account',
    `direction: two-way
conflict: { winner: salesforce }`,
  ),
});

/**
 * HubSpot answers the next call (the account check) and refuses every later one with its daily
 * limit's 429, so the run reaches HubSpot but cannot read it.
 */
const readsRefused = () => ctx.hubspot.setLimits({ daily: ctx.hubspot.rate.used(TOKEN).daily + 1 });
const readsAllowed = () => ctx.hubspot.setLimits({ daily: 1e9 });

const hubspotCompanies = (emu: HubSpotEmulator) => [...emu.store.resolveType('companies')!.records.values()].filter((r) => !r.archived).length;
const accountIds = () => [...ctx.salesforce.store.table('Account')!.rows.values()].filter((r) => !r.IsDeleted).map((r) => String(r.Id));

test('HubSpot read fails on the first sync: no account created in HubSpot, each listed waiting, exit 3; then created once', async () => {
  const p = project(files());
  const before = hubspotCompanies(ctx.hubspot);
  readsRefused();
  const plan = await p.run('plan', '--detailed-exitcode');
  assert.is(plan.code, 3, plan.stderr);
  const planLines = plan.stdout.trim().split('\n');
  assert.match(planLines.at(-1)!, /^Incomplete: could not read hubspot \(quota: [A-Z_0-9]+\) completely/);
  assert.match(plan.stdout, /waiting: not created in hubspot, whose read was incomplete/);
  assert.match(plan.stdout, '  hubspot: 0 to create');

  readsRefused();
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 3, applied.stdout + applied.stderr);
  assert.match(applied.stdout.trim().split('\n').at(-1)!, /^Apply incomplete: .*40 record\(s\) wait for a complete read/);
  assert.not.match(applied.stdout, 'Apply complete');
  assert.is(hubspotCompanies(ctx.hubspot), before, 'nothing created in HubSpot');

  const state = p.state().syncs.companies!;
  assert.equal(state.waiting!.map((w) => w.id).sort(), accountIds().sort(), 'every account listed as waiting');
  assert.is(state.links.length, 0);
  assert.equal(state.health!.accounting!.right, { read: 40, linked: 0, created: 0, excluded: 0, waiting: 40, failed: 0, deleted: 0, unaccounted: 0 });
  assert.is(state.cursors.right ?? null, null, 'the waiting side keeps its cursor, so the next read returns them again');
  const status = await p.run('status', '--records', '--status', 'waiting', '--format', 'json');
  const rows = JSON.parse(status.stdout) as Array<{ id: string; app: string; message: string }>;
  assert.is(rows.length, 40);
  assert.ok(rows.every((r) => r.app === 'salesforce' && r.message.includes('whose read was incomplete')));

  // HubSpot answers again: its 10 companies match 10 accounts by name (R26), the other 30 accounts
  // are created there, each once, and the run is complete.
  readsAllowed();
  const again = await p.run('apply', '--yes');
  assert.is(again.code, 0, again.stdout + again.stderr);
  const names = (list: string[]) => [...list].sort();
  const hsNames = names([...ctx.hubspot.store.resolveType('companies')!.records.values()].filter((r) => !r.archived).map((r) => String(r.properties.name)));
  const sfNames = names([...ctx.salesforce.store.table('Account')!.rows.values()].filter((r) => !r.IsDeleted).map((r) => String(r.Name)));
  assert.is(new Set(hsNames).size, hsNames.length, 'no duplicate in HubSpot');
  assert.equal(hsNames, sfNames);
  const after = p.state().syncs.companies!;
  assert.is(after.waiting, undefined);
  assert.is(after.links.length, sfNames.length);
  const final = await p.run('plan', '--detailed-exitcode');
  assert.is(final.code, 0, final.stdout);
  assert.match(final.stdout, 'No changes. Both apps match.');
});

test('a change read in Salesforce waits while HubSpot is unreadable, and reaches HubSpot once it is read again', async () => {
  const p = project(files());
  assert.is((await p.run('apply', '--yes')).code, 0);
  const link = p.state().syncs.companies!.links[0]!;
  const sf = new Connection({ instanceUrl: ctx.salesforce.url, accessToken: TOKEN, version: '59.0' });
  await sf.sobject('Account').update({ Id: link.right, BillingCity: 'Tromsø' });
  const city = () => ctx.hubspot.store.resolveType('companies')!.records.get(link.left)!.properties.city;

  readsRefused();
  const down = await p.run('apply', '--yes');
  assert.is(down.code, 3, down.stdout);
  assert.match(down.stdout, /0 linked pair\(s\) in sync, 40 not read/);
  assert.is.not(city(), 'Tromsø');

  // Salesforce's cursor held, so its change is read again and written once HubSpot answers.
  readsAllowed();
  const up = await p.run('apply', '--yes');
  assert.is(up.code, 0, up.stdout);
  assert.is(city(), 'Tromsø');
});

test.run();
