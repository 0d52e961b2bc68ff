/**
 * Logins that outlive SOAP (R4): the emulator refuses SOAP login() from API 65.0 and serves the
 * OAuth 2.0 client credentials and JWT bearer grants with Salesforce's `{error, error_description}`
 * answers; the connector logs in with each through jsforce, warns on SOAP login() below 65.0, and
 * re-authorizes by itself when a session expires. Config combinations are located errors.
 */
import { generateKeyPairSync } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Connection } from 'jsforce';
import { jwtAssertion, JWT_BEARER_GRANT } from '../../../src/connectors/salesforce/auth.js';
import { createSalesforceConnector } from '../../../src/connectors/salesforce/connector.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { ConnectorFailure } from '../../../src/connectors/types.js';
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { sandboxCommand } from '../../../src/cli/sandbox.js';
import { project } from '../../helpers/project.js';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const otherKeys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const CC = { clientId: '3MVG9cc.app', clientSecret: 'cc-secret' };
const JWT = { clientId: '3MVG9jwt.app', certificate: keys.publicKey };
const PROD_AUD = 'https://login.salesforce.com';

const test = suite('salesforce: logins that outlive SOAP');
let emu: SalesforceEmulator;

test.before(async () => {
  emu = await startSalesforceEmulator({
    seed: { contacts: 3 },
    connectedApps: [{ ...CC, runAs: 'admin@crmsync.example.com' }, JWT, { clientId: 'norunas', clientSecret: 's' }],
  });
});
test.after(async () => {
  await emu.close();
});

/** Raw token request, as Salesforce's docs show it: form-encoded POST. */
async function token(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('emulator: SOAP login() at API 65.0 is a 500 UNSUPPORTED_API_VERSION fault; 64.0 still logs in', async () => {
  const body = `<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Body><login xmlns="urn:partner.soap.sforce.com"><username>${emu.user.username}</username><password>${emu.user.password}</password></login></se:Body></se:Envelope>`;
  const raw = await fetch(`${emu.url}/services/Soap/u/65.0`, { method: 'POST', headers: { 'content-type': 'text/xml', soapaction: '""' }, body });
  assert.is(raw.status, 500);
  assert.match(await raw.text(), /<faultcode>sf:UNSUPPORTED_API_VERSION<\/faultcode>/);
  const at65 = new Connection({ loginUrl: emu.loginUrl, version: '65.0' });
  const error = await at65.login(emu.user.username, emu.user.password).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.match(error!.message, /^UNSUPPORTED_API_VERSION: login\(\) is not available in API version 65\.0/);
  const at64 = new Connection({ loginUrl: emu.loginUrl, version: '64.0' });
  await at64.login(emu.user.username, emu.user.password);
  assert.is((await at64.query('SELECT COUNT() FROM Contact')).totalSize, 3);
});

test('emulator: client credentials through jsforce OAuth2, and the refusals with their real bodies', async () => {
  const conn = new Connection({ oauth2: { ...CC, loginUrl: emu.loginUrl }, version: '66.0' });
  const user = await conn.authorize({ grant_type: 'client_credentials' });
  assert.is(user.organizationId, emu.store.orgId);
  assert.is((await conn.query('SELECT COUNT() FROM Contact')).totalSize, 3);
  assert.equal(await token({ grant_type: 'client_credentials', client_id: CC.clientId, client_secret: 'wrong' }), {
    status: 400,
    body: { error: 'invalid_client', error_description: 'invalid client credentials' },
  });
  assert.equal(await token({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' }), {
    status: 400,
    body: { error: 'invalid_client_id', error_description: 'client identifier invalid' },
  });
  assert.equal(await token({ grant_type: 'client_credentials', client_id: 'norunas', client_secret: 's' }), {
    status: 400,
    body: { error: 'invalid_grant', error_description: 'no client credentials user enabled' },
  });
  assert.equal(await token({ grant_type: 'magic' }), { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } });
});

test('emulator: JWT bearer checks the RS256 signature against the certificate, the audience, exp and the user', async () => {
  const good = jwtAssertion(JWT.clientId, emu.user.username, PROD_AUD, keys.privateKey);
  const conn = new Connection({ oauth2: { loginUrl: emu.loginUrl }, version: '66.0' });
  await conn.authorize({ grant_type: JWT_BEARER_GRANT, assertion: good });
  assert.is((await conn.query('SELECT COUNT() FROM Contact')).totalSize, 3);
  const refused = (assertion: string) => token({ grant_type: JWT_BEARER_GRANT, assertion });
  assert.equal((await refused(jwtAssertion(JWT.clientId, emu.user.username, PROD_AUD, otherKeys.privateKey))).body, {
    error: 'invalid_grant',
    error_description: 'invalid assertion',
  });
  assert.equal((await refused(jwtAssertion(JWT.clientId, emu.user.username, 'https://test.salesforce.com', keys.privateKey))).body, {
    error: 'invalid_grant',
    error_description: 'audience is invalid',
  });
  assert.equal((await refused(jwtAssertion(JWT.clientId, emu.user.username, PROD_AUD, keys.privateKey, Date.now() - 600_000))).body, {
    error: 'invalid_grant',
    error_description: 'expired authorization code',
  });
  assert.equal((await refused(jwtAssertion(JWT.clientId, 'ghost@example.com', PROD_AUD, keys.privateKey))).body, {
    error: 'invalid_grant',
    error_description: "user hasn't approved this consumer",
  });
  assert.equal((await refused(jwtAssertion('unknown', emu.user.username, PROD_AUD, keys.privateKey))).body, {
    error: 'invalid_client_id',
    error_description: 'client identifier invalid',
  });
  // Tampering with the claims breaks the signature.
  const [h, , s] = good.split('.');
  const forged = Buffer.from(JSON.stringify({ iss: JWT.clientId, sub: emu.user.username, aud: PROD_AUD, exp: 9e9 })).toString('base64url');
  assert.equal((await refused(`${h}.${forged}.${s}`)).body, { error: 'invalid_grant', error_description: 'invalid assertion' });
});

test('connector: client credentials at API 66.0 reads, and re-authorizes when the session is revoked', async () => {
  const connector = createSalesforceConnector({ name: 'sf', loginUrl: emu.loginUrl, ...CC, version: '66.0' });
  const first = await connector.read({ object: 'Contact', fields: ['Email'], mode: 'full' });
  assert.is(first.records.length, 3);
  emu.expireSessions();
  const again = await connector.read({ object: 'Contact', fields: ['Email'], mode: 'full' });
  assert.ok(again.complete, JSON.stringify(again.error));
  assert.is(again.records.length, 3);
  await connector.close();
});

test('connector: JWT bearer logs in with the private key and the username; a wrong key is an authentication failure', async () => {
  const connector = createSalesforceConnector({
    name: 'sf',
    loginUrl: emu.loginUrl,
    clientId: JWT.clientId,
    privateKey: keys.privateKey,
    username: emu.user.username,
    version: '66.0',
  });
  assert.is((await connector.read({ object: 'Contact', fields: ['Email'], mode: 'full' })).records.length, 3);
  const wrong = createSalesforceConnector({
    name: 'sf',
    loginUrl: emu.loginUrl,
    clientId: JWT.clientId,
    privateKey: otherKeys.privateKey,
    username: emu.user.username,
    version: '66.0',
  });
  const error = await wrong.read({ object: 'Contact', fields: ['Email'], mode: 'full' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.instance(error, ConnectorFailure);
  assert.is((error as ConnectorFailure).error.code, 'invalid_grant');
  assert.is((error as ConnectorFailure).error.category, 'authentication');
});

test('connector: SOAP login() below 65.0 warns of the retirement; at 65.0 it fails before any call', async () => {
  const warnings: string[] = [];
  const soap = createSalesforceConnector({
    name: 'legacy',
    loginUrl: emu.loginUrl,
    username: emu.user.username,
    password: emu.user.password,
    version: '59.0',
    onWarning: (m) => warnings.push(m),
  });
  assert.is((await soap.read({ object: 'Contact', fields: ['Email'], mode: 'full' })).records.length, 3);
  assert.is(warnings.length, 1);
  assert.match(warnings[0]!, "retires it for every version in Summer '27");
  const before = emu.calls.byRoute['POST soap'] ?? 0;
  const at65 = createSalesforceConnector({
    name: 'legacy',
    loginUrl: emu.loginUrl,
    username: emu.user.username,
    password: emu.user.password,
    version: '65.0',
    onWarning: (m) => warnings.push(m),
  });
  const error = await at65.read({ object: 'Contact', fields: ['Email'], mode: 'full' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.is((error as ConnectorFailure).error.code, 'SOAP_LOGIN_UNAVAILABLE');
  assert.is(emu.calls.byRoute['POST soap'] ?? 0, before);
});

const CONFIG_CASES: Array<[name: string, connection: string, code: string, where: string, severity: string]> = [
  ['private_key without client_id', '    private_key: { env: K }\n    username: { env: U }\n', 'credentials-conflict', 'syncs/c.yaml:4:5', 'error'],
  [
    'private_key with a password',
    '    client_id: { env: C }\n    private_key: { env: K }\n    username: { env: U }\n    password: { env: P }\n',
    'credentials-conflict',
    'syncs/c.yaml:7:5',
    'error',
  ],
  ['client credentials without My Domain', '    client_id: { env: C }\n    client_secret: { env: S }\n', 'credentials-conflict', 'syncs/c.yaml:2:3', 'error'],
  [
    'client credentials at login.salesforce.com',
    '    login_url: https://login.salesforce.com\n    client_id: { env: C }\n    client_secret: { env: S }\n',
    'credentials-conflict',
    'syncs/c.yaml:4:5',
    'error',
  ],
  ['client_id alone', '    client_id: { env: C }\n', 'credentials-conflict', 'syncs/c.yaml:4:5', 'error'],
  ['SOAP login at 65.0', '    version: "65.0"\n    username: { env: U }\n    password: { env: P }\n', 'soap-login-unavailable', 'syncs/c.yaml:4:14', 'error'],
  ['SOAP login below 65.0 is a warning', '    username: { env: U }\n    password: { env: P }\n', 'soap-login-retiring', 'syncs/c.yaml:5:5', 'warning'],
];

for (const [name, connection, code, where, severity] of CONFIG_CASES) {
  test(`config: ${name} is ${code} at ${where}`, async () => {
    const p = project({ 'syncs/c.yaml': `connections:\n  sf:\n    app: salesforce\n${connection}` });
    const result = await p.run('validate', '--json');
    const report = JSON.parse(result.stdout) as {
      diagnostics: Array<{ code: string; file: string; line: number; col: number; severity: string; hint?: string }>;
    };
    const found = report.diagnostics.find((d) => d.code === code);
    assert.ok(found, JSON.stringify(report.diagnostics));
    assert.is(`${found!.file}:${found!.line}:${found!.col}`, where);
    assert.is(found!.severity, severity);
    assert.ok(found!.hint);
    assert.is(result.code, severity === 'error' ? 1 : 0, result.stdout);
  });
}

test('config: client credentials with a My Domain and JWT bearer with all three keys are valid', async () => {
  for (const connection of [
    '    login_url: https://acme.my.salesforce.com\n    client_id: { env: C }\n    client_secret: { env: S }\n',
    '    client_id: { env: C }\n    private_key: { env: K }\n    username: { env: U }\n',
  ]) {
    const p = project({ 'syncs/c.yaml': `connections:\n  sf:\n    app: salesforce\n${connection}` });
    const result = await p.run('validate', '--json');
    assert.equal(JSON.parse(result.stdout).diagnostics, []);
    assert.is(result.code, 0);
  }
});

test('crmsync sandbox issues client credentials (in the printed settings) and a JWT bearer key that log in', async () => {
  const p = project();
  const out = new PassThrough();
  let text = '';
  out.on('data', (c) => (text += c));
  let stop!: () => void;
  const until = new Promise<void>((r) => (stop = r));
  const running = sandboxCommand(
    { stdout: out, stderr: out, stdin: new PassThrough(), env: {}, cwd: p.dir },
    { ports: { hubspot: 0, salesforce: 0, google: 0 }, contacts: 4, until },
  );
  try {
    while (!text.includes('google:')) await new Promise((r) => setTimeout(r, 20));
    const env = Object.fromEntries(
      /export (.+)/
        .exec(text)![1]!
        .split(' ')
        .map((kv) => kv.split('=') as [string, string]),
    );
    const loginUrl = /salesforce:\n\s+app: salesforce\n\s+login_url: (\S+)/.exec(text)![1]!;
    const cc = createSalesforceConnector({ name: 'sf', loginUrl, clientId: env.SF_CLIENT_ID, clientSecret: env.SF_CLIENT_SECRET, version: '66.0' });
    assert.is((await cc.read({ object: 'Contact', fields: ['Email'], mode: 'full' })).records.length, 4);
    const keyFile = /cat ([^)]+)\)/.exec(text)![1]!;
    const username = /SF_USERNAME=(\S+)/.exec(text)![1]!;
    const jwt = createSalesforceConnector({
      name: 'sf',
      loginUrl,
      clientId: env.SF_CLIENT_ID,
      privateKey: readFileSync(keyFile, 'utf8'),
      username,
      version: '66.0',
    });
    assert.is((await jwt.read({ object: 'Contact', fields: ['Email'], mode: 'full' })).records.length, 4);
  } finally {
    stop();
    assert.is(await running, 0);
  }
});

test.run();
