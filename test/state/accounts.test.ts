/**
 * Issue 15.6: the state is bound to the accounts it was made with. The first apply records each
 * connection's account (HubSpot portal, Salesforce org, Google account, local store); a run that
 * reaches another account is refused with `state-account-mismatch` before anything is read or
 * written, and `crmsync state rebind CONNECTION` records a deliberate move.
 */
import { decodeStateText } from '../../src/state/file.js';
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createGoogleConnector } from '../../src/connectors/google/connector.js';
import { startGoogleEmulator } from '../../src/connectors/google/emulator/server.js';
import { createHubSpotConnector } from '../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { createLocalConnector } from '../../src/connectors/local/connector.js';
import { createSalesforceConnector } from '../../src/connectors/salesforce/connector.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../src/connectors/salesforce/emulator/server.js';
import { project, twoStores, type Project } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const test = suite('state bound to its accounts');
const TOKEN = 'accounts-test-token';

test.before(() => {
  process.env.ACCOUNTS_TEST_TOKEN = TOKEN;
});
test.after(() => {
  delete process.env.ACCOUNTS_TEST_TOKEN;
});

/** Every record of an emulator's contacts, for "nothing was written". */
const hubspotContacts = (emu: HubSpotEmulator) => JSON.stringify([...emu.store.types.get('0-1')!.records.values()]);
const salesforceContacts = (emu: SalesforceEmulator) => JSON.stringify([...emu.store.table('Contact')!.rows.values()]);

function refused(r: { code: number; stdout: string; stderr: string }, ...names: string[]): void {
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, 'error[state-account-mismatch]');
  for (const n of names) assert.match(r.stderr, n);
  assert.match(r.stderr, /hint: .*crmsync state rebind/);
  assert.not.match(r.stderr + r.stdout, 'internal error');
}

const hubspotProject = (url: string) => ({
  'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox: { seed: { contacts: 4, companies: 0, from: 0 } }
  hubspot:
    app: hubspot
    base_url: ${url}
    access_token: { env: ACCOUNTS_TEST_TOKEN }
`,
  'syncs/contacts.yaml': syncFile('contacts', 'crm', 'hubspot', `direction: two-way`),
});

test('HubSpot: a state made with one portal is refused against another; nothing is read or written; rebind records the move', async () => {
  const first = await startHubSpotEmulator({ tokens: [TOKEN], portalId: 1111111, seed: { contacts: 3, companies: 0, from: 10 } });
  const second = await startHubSpotEmulator({ tokens: [TOKEN], portalId: 2222222, seed: { contacts: 5, companies: 0, from: 2 } });
  try {
    const p = project(hubspotProject(first.url));
    const applied = await p.run('apply', '--yes');
    assert.is(applied.code, 0, applied.stderr);
    assert.equal({ ...p.state().accounts!.hubspot, at: 'x' }, { app: 'hubspot', id: '1111111', label: 'HubSpot account 1111111', at: 'x' });

    p.write('syncs/connections.yaml', hubspotProject(second.url)['syncs/connections.yaml']!);
    const stateBefore = p.read('.crmsync/state.json');
    const recordsBefore = hubspotContacts(second);
    const plan = await p.run('plan');
    refused(plan, 'connection `hubspot` (syncs/connections.yaml:5:3)', 'HubSpot account 2222222', 'HubSpot account 1111111');
    refused(await p.run('apply', '--yes'), 'HubSpot account 2222222');
    assert.is(hubspotContacts(second), recordsBefore, 'nothing written to the other portal');
    assert.equal(Object.keys(second.calls.byRoute), ['GET account-info/details'], 'nothing read from it either');
    assert.is(p.read('.crmsync/state.json'), stateBefore, 'the state is untouched');

    const rebound = await p.run('state', 'rebind', 'hubspot');
    assert.is(rebound.code, 0, rebound.stderr);
    assert.match(rebound.stdout, 'now bound to HubSpot account 2222222 (was HubSpot account 1111111)');
    assert.is(p.state().accounts!.hubspot!.id, '2222222');
    assert.is(
      p.state().accounts!.crm!.id,
      decodeStateText(stateBefore, join(p.dir, '.crmsync', 'state.json')).accounts!.crm!.id,
      'the other connection keeps its account',
    );
    const after = await p.run('plan');
    assert.is(after.code, 0, after.stderr);
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

const salesforceProject = (url: string) => ({
  'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox: { seed: { contacts: 4, companies: 0, from: 0 } }
  salesforce:
    app: salesforce
    instance_url: ${url}
    access_token: { env: ACCOUNTS_TEST_TOKEN }
`,
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'crm',
    'salesforce Contact',
    `direction: two-way
conflict: { winner: crm }`,
  ),
});

test('Salesforce: a copied state is refused against another org, the org is left untouched; rebind then works', async () => {
  const first = await startSalesforceEmulator({ accessToken: TOKEN, org: 1, seed: { contacts: 3 } });
  const second = await startSalesforceEmulator({ accessToken: TOKEN, org: 2, seed: { contacts: 6 } });
  try {
    const a = project(salesforceProject(first.url));
    const applied = await a.run('apply', '--yes');
    assert.is(applied.code, 0, applied.stderr);
    assert.is(a.state().accounts!.salesforce!.id, first.store.orgId.slice(0, 15));

    // Another project against another org, with the first project's state and local store copied in.
    const b = project(salesforceProject(second.url));
    mkdirSync(join(b.dir, '.crmsync'), { recursive: true });
    cpSync(join(a.dir, '.crmsync'), join(b.dir, '.crmsync'), { recursive: true });
    b.write(
      'syncs/connections.yaml',
      salesforceProject(second.url)['syncs/connections.yaml']!.replace('app: local\n', `app: local\n    path: ${join(a.dir, '.crmsync/local/crm.json')}\n`),
    );
    const recordsBefore = salesforceContacts(second);
    const usageBefore = second.apiUsage().used;
    refused(await b.run('apply', '--yes'), 'connection `salesforce`', `Salesforce org ${second.store.orgId}`, `Salesforce org ${first.store.orgId}`);
    assert.is(salesforceContacts(second), recordsBefore);
    assert.is(second.apiUsage().used, usageBefore, 'no REST call was made');

    assert.is((await b.run('state', 'rebind', 'salesforce')).code, 0);
    const planned = await b.run('plan');
    assert.is(planned.code, 0, planned.stderr);
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

test('local stores with deletes: propagate: a copied state deletes nothing in the other stores', async () => {
  const files = twoStores({ sync: '  direction: two-way\n  conflict: { winner: a }\n  deletes: { mode: propagate, max_share: 1 }' });
  const a = project(files);
  assert.is((await a.run('apply', '--yes')).code, 0);
  const b = project(
    twoStores({
      sync: '  direction: two-way\n  conflict: { winner: a }\n  deletes: { mode: propagate, max_share: 1 }',
      seedA: '{ contacts: 5, companies: 0, from: 40 }',
      seedB: '{ contacts: 5, companies: 0, from: 42 }',
    }),
  );
  assert.is((await b.run('validate')).code, 0);
  // b's own stores exist (a plan seeds them); then a's state is copied over.
  await b.run('plan');
  const storesBefore = [readFileSync(join(b.dir, '.crmsync/local/a.json'), 'utf8'), readFileSync(join(b.dir, '.crmsync/local/b.json'), 'utf8')];
  // The whole state: its project document and its links documents.
  for (const file of readdirSync(join(a.dir, '.crmsync')).filter((f) => f.startsWith('state.json'))) b.write(`.crmsync/${file}`, a.read(`.crmsync/${file}`));
  for (const argv of [['plan'], ['apply', '--yes']])
    refused(await b.run(...argv), 'connection `a`', 'connection `b`', join(b.dir, '.crmsync/local/a.json'), join(a.dir, '.crmsync/local/a.json'));
  assert.equal(
    [readFileSync(join(b.dir, '.crmsync/local/a.json'), 'utf8'), readFileSync(join(b.dir, '.crmsync/local/b.json'), 'utf8')],
    storesBefore,
    'no record deleted or overwritten',
  );
  assert.is(b.read('.crmsync/state.json'), a.read('.crmsync/state.json'));

  assert.is((await b.run('state', 'rebind', 'a')).code, 0);
  refused(await b.run('plan'), 'connection `b`');
  assert.is((await b.run('state', 'rebind', 'b')).code, 0);
  assert.is((await b.run('plan')).code, 0);
});

test('state rebind of an unknown connection is a usage error', async () => {
  const p: Project = project(twoStores());
  const r = await p.run('state', 'rebind', 'nope');
  assert.is(r.code, 1);
  assert.match(r.stderr, 'error[usage]');
  assert.match(r.stderr, 'hint: connections: a, b');
});

test('each connector names its account, as the app does', async () => {
  const hs = [await startHubSpotEmulator({ tokens: [TOKEN], portalId: 42 }), await startHubSpotEmulator({ tokens: [TOKEN], portalId: 43 })];
  const sf = [await startSalesforceEmulator({ accessToken: TOKEN, org: 7 }), await startSalesforceEmulator({ accessToken: TOKEN, org: 8 })];
  const g = [await startGoogleEmulator({ accessToken: TOKEN, account: '111' }), await startGoogleEmulator({ accessToken: TOKEN, account: '222' })];
  try {
    const hubspot = await Promise.all(hs.map((e, i) => createHubSpotConnector({ name: `h${i}`, accessToken: TOKEN, baseUrl: e.url }).identity()));
    assert.equal(
      hubspot.map((x) => x.id),
      ['42', '43'],
    );
    const salesforce = await Promise.all(sf.map((e, i) => createSalesforceConnector({ name: `s${i}`, instanceUrl: e.url, accessToken: TOKEN }).identity()));
    assert.equal(
      salesforce.map((x) => x.id),
      sf.map((e) => e.store.orgId.slice(0, 15)),
    );
    assert.is.not(salesforce[0]!.id, salesforce[1]!.id);
    // A login names the org itself: no call to the UserInfo endpoint.
    const login = createSalesforceConnector({
      name: 'soap',
      loginUrl: sf[0]!.loginUrl,
      username: sf[0]!.user.username,
      password: sf[0]!.user.password,
      onWarning: () => undefined,
    });
    assert.is((await login.identity()).id, salesforce[0]!.id);
    assert.is(sf[0]!.calls.byRoute['GET oauth2/userinfo'], 1);
    const google = await Promise.all(g.map((e, i) => createGoogleConnector({ name: `g${i}`, accessToken: TOKEN, rootUrl: `${e.url}/` }).identity()));
    assert.equal(
      google.map((x) => x.id),
      ['people/111', 'people/222'],
    );
    const dir = project().dir;
    const local = await createLocalConnector({ name: 'l', path: join(dir, 'x', '..', 'store.json') }).identity();
    assert.is(local.id, join(dir, 'store.json'));
    // A wrong token is the app's refusal, as a connector failure, not a crash.
    const bad = createHubSpotConnector({ name: 'bad', accessToken: 'nope', baseUrl: hs[0]!.url });
    const error = await bad.identity().then(
      () => undefined,
      (e: unknown) => e as { error: { category: string } },
    );
    assert.is(error?.error.category, 'authentication');
    // Salesforce's UserInfo refuses an unknown token with 403 Bad_OAuth_Token; the hint says what the check needs.
    const refused = await fetch(`${sf[0]!.url}/services/oauth2/userinfo`, { headers: { authorization: 'Bearer nope' } });
    assert.equal([refused.status, await refused.text()], [403, 'Bad_OAuth_Token']);
    const badOrg = createSalesforceConnector({ name: 'bad', instanceUrl: sf[0]!.url, accessToken: 'nope', retry: { attempts: 1, baseMs: 1, maxMs: 1 } });
    const sfError = await badOrg.identity().then(
      () => undefined,
      (e: unknown) => e as { connection: string; error: { hint?: string } },
    );
    assert.is(sfError?.connection, 'bad');
    assert.match(sfError!.error.hint!, '`id` (or `openid`) scope');
  } finally {
    await Promise.all([...hs, ...sf, ...g].map((e) => e.close()));
  }
});

test.run();
