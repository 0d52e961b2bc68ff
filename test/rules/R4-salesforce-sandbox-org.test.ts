/**
 * R4: a Salesforce connection can point at a sandbox org. `environment: sandbox` sends the login to
 * the sandbox login host (test.salesforce.com, or `login_url`); a sandbox user sent to production is
 * refused, with a hint. Two org emulators stand in for the two hosts, reached through `login_url`.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../src/connectors/salesforce/emulator/server.js';
import { SANDBOX_LOGIN_URL } from '../../src/connectors/salesforce/limits.js';
import { project, records } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const test = suite('R4 Salesforce sandbox orgs');

const orgs = { sandbox: undefined as unknown as SalesforceEmulator, production: undefined as unknown as SalesforceEmulator };

test.before(async () => {
  // The same user name exists only in the sandbox org (Salesforce appends the sandbox name to it).
  orgs.sandbox = await startSalesforceEmulator({
    sandbox: true,
    users: [{ username: 'admin@acme.example.com.uat', password: 'uat-pass', securityToken: 'UATTOKEN' }],
    seed: { contacts: 3, from: 50 },
  });
  orgs.production = await startSalesforceEmulator({
    users: [{ username: 'admin@acme.example.com', password: 'prod-pass', securityToken: 'PRODTOKEN' }],
    seed: { contacts: 5, from: 0 },
  });
  Object.assign(process.env, { R4_SF_USER: 'admin@acme.example.com.uat', R4_SF_PASSWORD: 'uat-pass', R4_SF_TOKEN: 'UATTOKEN' });
});

test.after(async () => {
  for (const name of ['R4_SF_USER', 'R4_SF_PASSWORD', 'R4_SF_TOKEN']) delete process.env[name];
  await orgs.sandbox.close();
  await orgs.production.close();
});

const files = (environment: string) => ({
  'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox: { seed: { contacts: 0, companies: 0 } }
  uat:
    app: salesforce
${environment}    username: { env: R4_SF_USER }
    password: { env: R4_SF_PASSWORD }
    security_token: { env: R4_SF_TOKEN }
`,
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'uat Contact',
    'crm',
    `direction: one-way
from: uat`,
  ),
});

test('R4: the sandbox login host is test.salesforce.com', () => {
  assert.is(new URL(SANDBOX_LOGIN_URL).hostname, 'test.salesforce.com');
});

test('R4: environment: sandbox logs in to the sandbox org and syncs it', async () => {
  const p = project(files(`    environment: sandbox\n    login_url: ${orgs.sandbox.loginUrl}\n`));
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  const sandboxEmails = [...orgs.sandbox.store.table('Contact')!.rows.values()].map((r) => String(r.Email).toLowerCase()).sort();
  assert.equal(
    records(p.store('crm'))
      .map((r) => String(r.fields.email))
      .sort(),
    sandboxEmails,
  );
  assert.is(p.state().syncs.contacts!.links.length, 3);
});

test('R4: a sandbox user sent to the production host is refused, with a hint; nothing is written', async () => {
  const p = project(files(`    login_url: ${orgs.production.loginUrl}\n`));
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 1);
  assert.match(applied.stderr, 'error[INVALID_LOGIN]');
  assert.match(applied.stderr, 'sandbox login host');
  assert.is(records(p.store('crm')).length, 0);
});

test.run();
