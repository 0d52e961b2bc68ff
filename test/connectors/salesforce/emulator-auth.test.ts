/**
 * Emulator conformance, sessions and limits, through unmodified jsforce: SOAP login (production
 * and sandbox login hosts, R4), the OAuth2 password flow, 401 INVALID_SESSION_ID and jsforce's
 * re-login on it, and 403 REQUEST_LIMIT_EXCEEDED once the daily allowance is spent (R33).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Connection } from 'jsforce';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { tokenConnection } from './helpers.js';

const codeOf = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => 'ok',
    (e: { errorCode?: string; name?: string; message: string }) => e.errorCode ?? e.message,
  );

const test = suite('salesforce emulator: sessions and limits');
let prod: SalesforceEmulator;
let sandbox: SalesforceEmulator;

test.before(async () => {
  prod = await startSalesforceEmulator({ seed: { companies: 2 } });
  sandbox = await startSalesforceEmulator({
    sandbox: true,
    users: [{ username: 'admin@crmsync.example.com.uat', password: 'sandbox-pass' }],
    seed: { companies: 5 },
  });
});
test.after(async () => {
  await prod.close();
  await sandbox.close();
});

test('SOAP login with password + security token sets instanceUrl, accessToken and user info', async () => {
  const conn = new Connection({ loginUrl: prod.loginUrl, version: '59.0' });
  const user = await conn.login(prod.user.username, prod.user.password + prod.user.securityToken);
  assert.is(conn.instanceUrl, prod.url);
  assert.match(conn.accessToken!, /^00D[A-Za-z0-9]{12}!AQ/);
  assert.is(user.organizationId, prod.store.orgId);
  assert.is(user.id, prod.store.userId);
  const res = await conn.query('SELECT COUNT() FROM Account');
  assert.is(res.totalSize, 2);
});

test('a wrong password is an INVALID_LOGIN SOAP fault', async () => {
  const conn = new Connection({ loginUrl: prod.loginUrl, version: '59.0' });
  const message = await codeOf(conn.login(prod.user.username, 'wrong'));
  assert.match(message, /^INVALID_LOGIN: Invalid username, password, security token; or user locked out\.$/);
});

test('a sandbox org logs in at its own login host and answers sandbox=true (R4)', async () => {
  const conn = new Connection({ loginUrl: sandbox.loginUrl, version: '59.0' });
  await conn.login('admin@crmsync.example.com.uat', 'sandbox-pass');
  assert.is(conn.instanceUrl, sandbox.url);
  assert.is((await conn.query('SELECT COUNT() FROM Account')).totalSize, 5);
  // The production user does not exist in the sandbox.
  const other = new Connection({ loginUrl: sandbox.loginUrl, version: '59.0' });
  assert.match(await codeOf(other.login(prod.user.username, prod.user.password)), /^INVALID_LOGIN/);
  const raw = await fetch(`${sandbox.url}/services/Soap/u/59.0`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml', soapaction: '""' },
    body: '<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Body><login xmlns="urn:partner.soap.sforce.com"><username>admin@crmsync.example.com.uat</username><password>sandbox-pass</password></login></se:Body></se:Envelope>',
  });
  assert.match(await raw.text(), /<sandbox>true<\/sandbox>/);
});

test('OAuth2 username-password flow at /services/oauth2/token', async () => {
  const conn = new Connection({ oauth2: { ...prod.connectedApps[0], loginUrl: prod.loginUrl }, version: '59.0' });
  const user = await conn.login(prod.user.username, prod.user.password);
  assert.is(user.organizationId, prod.store.orgId);
  assert.is(conn.instanceUrl, prod.url);
  assert.is((await conn.query('SELECT COUNT() FROM Account')).totalSize, 2);
  const bad = new Connection({ oauth2: { ...prod.connectedApps[0], loginUrl: prod.loginUrl }, version: '59.0' });
  const error = await bad.login(prod.user.username, 'nope').then(
    () => undefined,
    (e: Error) => e,
  );
  assert.is(error!.name, 'invalid_grant');
});

test('a wrong token is 401 INVALID_SESSION_ID', async () => {
  const conn = new Connection({ instanceUrl: prod.url, accessToken: 'not-a-session', version: '59.0' });
  assert.is(await codeOf(conn.query('SELECT Id FROM Account')), 'INVALID_SESSION_ID');
});

test('after the sessions are revoked, jsforce logs in again by itself (401 then re-login)', async () => {
  const conn = new Connection({ loginUrl: prod.loginUrl, version: '59.0' });
  await conn.login(prod.user.username, prod.user.password);
  const first = conn.accessToken;
  prod.expireSessions();
  assert.is((await conn.query('SELECT COUNT() FROM Account')).totalSize, 2);
  assert.is.not(conn.accessToken, first);
});

test('the daily allowance: usage in Sforce-Limit-Info, then 403 REQUEST_LIMIT_EXCEEDED (R33)', async () => {
  const emu = await startSalesforceEmulator({ dailyApiLimit: 5 });
  try {
    const conn = tokenConnection(emu);
    for (let i = 1; i <= 5; i++) {
      await conn.query('SELECT COUNT() FROM Contact');
      assert.equal(conn.limitInfo.apiUsage, { used: i, limit: 5 });
    }
    assert.is(await codeOf(conn.query('SELECT COUNT() FROM Contact')), 'REQUEST_LIMIT_EXCEEDED');
    assert.is(await codeOf(conn.sobject('Contact').create({ LastName: 'Refused' })), 'REQUEST_LIMIT_EXCEEDED');
    assert.is(emu.store.table('Contact')!.rows.size, 0);
    assert.equal(conn.limitInfo.apiUsage, { used: 5, limit: 5 });
    // Usage ages out of the rolling 24 hours; here the test moves it by hand.
    emu.setApiUsage(0);
    assert.is((await conn.query('SELECT COUNT() FROM Contact')).totalSize, 0);
  } finally {
    await emu.close();
  }
});

test.run();
