/**
 * `crmsync init` for real accounts: HubSpot and Salesforce emulators started on their own stand in
 * for the accounts, reached over loopback HTTP with credentials from the environment, as plan and
 * apply reach them.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../src/connectors/salesforce/emulator/server.js';
import { project } from '../helpers/project.js';

const test = suite('init: real accounts');
const HS_TOKEN = 'pat-na1-real-init';
const CC = { clientId: '3MVG9init.app', clientSecret: 'init-secret' };
let hubspot: HubSpotEmulator;
let salesforce: SalesforceEmulator;

test.before(async () => {
  hubspot = await startHubSpotEmulator({ tokens: [HS_TOKEN], seed: { contacts: 3, companies: 1, from: 0 } });
  // A custom field in each app, named alike, created before init runs: init must read it live.
  const res = await fetch(`${hubspot.url}/crm/v3/properties/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${HS_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'loyalty_tier', label: 'Loyalty tier', type: 'string', fieldType: 'text', groupName: 'contactinformation' }),
  });
  assert.is(res.status, 201);
  // The org as the README asks of a real one: an External ID field for the idempotency marker.
  const marker = { name: 'Crmsync_Marker__c', type: 'string' as const, length: 64, externalId: true, unique: true };
  salesforce = await startSalesforceEmulator({
    seed: { contacts: 3, companies: 1, from: 10 },
    connectedApps: [{ ...CC, runAs: 'admin@crmsync.example.com' }],
    customFields: { Contact: [marker, { name: 'Loyalty_Tier__c', type: 'string', length: 40 }] },
  });
});
test.after(async () => {
  await hubspot.close();
  await salesforce.close();
});

const ENV = { HUBSPOT_TOKEN: HS_TOKEN, SF_CLIENT_ID: CC.clientId, SF_CLIENT_SECRET: CC.clientSecret };

/** The CLI in-process, with the environment given (no terminal on stdin). */
async function run(dir: string, env: Record<string, string>, ...argv: string[]) {
  const [out, err] = [new PassThrough(), new PassThrough()];
  let [stdout, stderr] = ['', ''];
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in ENV)));
  const code = await main(argv, { stdout: out, stderr: err, stdin: new PassThrough(), env: { ...base, ...env }, cwd: dir });
  return { code, stdout, stderr };
}

const urls = () => ['--left-url', hubspot.url, '--right-url', salesforce.url];

test('init --real writes env references and addresses, proposes the live custom field; validate and plan pass', async () => {
  const p = project();
  const init = await run(p.dir, ENV, 'init', '--real', ...urls());
  assert.is(init.code, 0, init.stderr);
  const connections = p.read('syncs/connections.yaml');
  assert.not.match(connections, /^ +sandbox: true/m);
  assert.equal(parse(connections).connections, {
    hubspot: { app: 'hubspot', access_token: { env: 'HUBSPOT_TOKEN' }, base_url: hubspot.url },
    salesforce: { app: 'salesforce', client_id: { env: 'SF_CLIENT_ID' }, client_secret: { env: 'SF_CLIENT_SECRET' }, login_url: salesforce.url },
  });
  // No secret value is written, only the variables' names.
  assert.not.match(connections, HS_TOKEN);
  assert.not.match(connections, CC.clientSecret);
  const sync = p.read('syncs/hubspot-salesforce-contacts.yaml');
  // Read from the accounts themselves: the custom fields exist in no built-in catalogue.
  assert.match(sync, '  #   - { left: loyalty_tier, right: Loyalty_Tier__c }   # string <-> string');
  assert.equal(parse(sync).sync.right, { connection: 'salesforce', object: 'Contact', marker_property: 'Crmsync_Marker__c' });
  const validate = await run(p.dir, ENV, 'validate');
  assert.is(validate.code, 0, validate.stdout + validate.stderr);
  const plan = await run(p.dir, ENV, 'plan', '--detailed-exitcode');
  // 2: changes (the accounts' contacts differ), read from both emulators over HTTP.
  assert.is(plan.code, 2, plan.stdout + plan.stderr);
  assert.match(plan.stdout, 'create');
});

test('per side: a real HubSpot and the Salesforce sandbox', async () => {
  const p = project();
  const init = await run(p.dir, { HUBSPOT_TOKEN: HS_TOKEN }, 'init', '--left-real', '--left-url', hubspot.url);
  assert.is(init.code, 0, init.stderr);
  const { connections } = parse(p.read('syncs/connections.yaml'));
  assert.equal(connections.hubspot, { app: 'hubspot', access_token: { env: 'HUBSPOT_TOKEN' }, base_url: hubspot.url });
  assert.equal(connections.salesforce, { app: 'salesforce', sandbox: true });
  assert.match(p.read('syncs/hubspot-salesforce-contacts.yaml'), '#   email <-> Email');
});

test('a missing variable is secret-missing, with a hint, and nothing is written', async () => {
  const p = project();
  const r = await run(p.dir, { HUBSPOT_TOKEN: HS_TOKEN, SF_CLIENT_ID: CC.clientId }, 'init', '--real', ...urls());
  assert.is(r.code, 1);
  assert.is(
    r.stderr,
    'error[secret-missing] connection `salesforce` (--right-real) needs client_secret, but environment variable SF_CLIENT_SECRET is not set\n' +
      '  hint: export SF_CLIENT_SECRET=… and run init again, or leave out --right-real for the sandbox\n',
  );
  assert.not.ok(p.exists('syncs'));
});

test('a Salesforce account without its My Domain, and an address for a sandbox, are refused before connecting', async () => {
  const p = project();
  const r = await run(p.dir, ENV, 'init', '--real', '--left-url', hubspot.url);
  assert.is(r.code, 1);
  assert.match(r.stderr, "error[usage] connection `salesforce`: the client credentials flow needs the org's My Domain as `login_url`");
  assert.match(r.stderr, 'init takes the address as --right-url');
  const s = await run(p.dir, ENV, 'init', '--left-url', hubspot.url);
  assert.is(s.code, 1);
  assert.match(s.stderr, 'error[usage] --left-url is for a real account');
  assert.not.ok(p.exists('syncs'));
});

test('a wrong token fails to connect and writes nothing', async () => {
  const p = project();
  const r = await run(p.dir, { ...ENV, HUBSPOT_TOKEN: 'wrong' }, 'init', '--real', ...urls());
  assert.is(r.code, 1, r.stdout);
  assert.match(r.stderr, 'connection hubspot');
  assert.match(r.stderr, 'The access token was refused');
  assert.not.match(r.stderr, '    at ');
  assert.not.ok(p.exists('syncs'));
});

test('on a terminal, init asks sandbox or real account for each side', async () => {
  const p = project();
  const [out, err] = [new PassThrough(), new PassThrough()];
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  stdin.end('hubspot\nsalesforce\ncontacts\nreal\nsandbox\n');
  const code = await main(['init', '--left-url', hubspot.url], { stdout: out, stderr: err, stdin, env: { ...process.env, ...ENV }, cwd: p.dir });
  assert.is(code, 0, stderr);
  assert.match(stdout, 'HubSpot: sandbox or real account (sandbox, real) [sandbox]: ');
  assert.match(stdout, 'Salesforce: sandbox or real account (sandbox, real) [sandbox]: ');
  const { connections } = parse(p.read('syncs/connections.yaml'));
  assert.equal(connections.hubspot, { app: 'hubspot', access_token: { env: 'HUBSPOT_TOKEN' }, base_url: hubspot.url });
  assert.equal(connections.salesforce, { app: 'salesforce', sandbox: true });
});

test.run();
