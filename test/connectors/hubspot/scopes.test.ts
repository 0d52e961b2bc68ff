/**
 * Scopes: the emulator refuses a call whose token lacks the endpoint's scope with HubSpot's 403
 * MISSING_SCOPES (`errors[].context.requiredGranularScopes`); the connector turns it into an error
 * naming the scope; and the README's HubSpot scope list is exactly what the connector needs: with
 * those scopes every operation the engine uses succeeds, and without any one of them some fails.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failure, sdkFor } from './helpers.js';
import { connect, emulator, operations, outcome } from './workload.js';
import { project } from '../../helpers/project.js';
import { syncFile } from '../../helpers/fixtures.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The scopes the README's HubSpot bullet names. */
function readmeScopes(): string[] {
  const bullet = README.slice(README.indexOf('- **HubSpot.** Create a private app'), README.indexOf('- **Salesforce.**'));
  return [...new Set([...bullet.matchAll(/`(crm\.[a-z_.]+)`/g)].map((m) => m[1]!))];
}

test("a token without the scope gets HubSpot's 403 MISSING_SCOPES, naming the granular scopes", async () => {
  const emu = await emulator({ 'pat-read-only': ['crm.objects.contacts.read'] });
  try {
    const sdk = sdkFor(emu, 'pat-read-only');
    assert.is((await sdk.crm.contacts.basicApi.getPage(1)).results.length, 1);
    const write = await failure(sdk.crm.contacts.basicApi.update('101', { properties: { firstname: 'X' } }));
    assert.is(write.code, 403);
    assert.is(write.body.category, 'MISSING_SCOPES');
    assert.is(write.body.status, 'error');
    assert.match(String(write.body.message), "This app hasn't been granted all required scopes");
    assert.equal((write.body.errors as unknown[])[0], {
      message: 'One or more of the following scopes are required.',
      context: { requiredGranularScopes: ['crm.objects.contacts.write'] },
    });
    const schemas = await failure(sdk.crm.schemas.coreApi.getAll());
    assert.equal((schemas.body.errors as Array<{ context: unknown }>)[0]!.context, { requiredGranularScopes: ['crm.schemas.custom.read'] });
    const lists = await failure(sdk.crm.lists.membershipsApi.getPage('1'));
    assert.equal((lists.body.errors as Array<{ context: unknown }>)[0]!.context, { requiredGranularScopes: ['crm.lists.read'] });
    const companies = await failure(sdk.crm.companies.basicApi.getPage(1));
    assert.equal((companies.body.errors as Array<{ context: unknown }>)[0]!.context, { requiredGranularScopes: ['crm.objects.companies.read'] });
    // Activities ride on the contacts scopes (tasks guide, "Scope requirements").
    assert.ok((await sdk.crm.objects.basicApi.getPage('tasks', 1)).results);
  } finally {
    await emu.close();
  }
});

test('the connector reports a missing scope as a permission error that names it', async () => {
  const emu = await emulator({ 'pat-no-schemas': ['crm.objects.custom.read', 'crm.objects.contacts.read'] });
  try {
    const hs = connect(emu, 'pat-no-schemas');
    const read = await hs.read({ object: 'companies', fields: ['name'], mode: 'full' });
    assert.not.ok(read.complete);
    assert.is(read.error!.code, 'MISSING_SCOPES');
    assert.is(read.error!.category, 'permission');
    assert.match(read.error!.message, '`crm.objects.companies.read`');
    assert.match(read.error!.hint!, 'Grant the app the scope `crm.objects.companies.read`');
    // A custom object is found through the schemas API, which needs crm.schemas.custom.read.
    const custom = await outcome(() => hs.read({ object: 'billing_invoices', fields: ['invoice_number'], mode: 'full' }));
    assert.is(custom?.code, 'MISSING_SCOPES');
    assert.match(custom!.message, '`crm.schemas.custom.read`');
  } finally {
    await emu.close();
  }
});

test('the README lists exactly the scopes the connector needs', async () => {
  const scopes = readmeScopes();
  assert.ok(scopes.includes('crm.schemas.custom.read'), 'the schemas scope for custom objects is listed');
  const tokens: Record<string, string[]> = { all: scopes };
  for (const s of scopes) tokens[`without ${s}`] = scopes.filter((x) => x !== s);
  const emu = await emulator(tokens);
  try {
    const full = connect(emu, 'all');
    for (const [name, op] of operations(full, emu)) assert.is(await outcome(op), null, `${name} works with the README's scopes`);
    for (const s of scopes) {
      const hs = connect(emu, `without ${s}`);
      const refused: string[] = [];
      for (const [name, op] of operations(hs, emu)) {
        const error = await outcome(op);
        if (error?.code === 'MISSING_SCOPES' && error.message.includes(s)) refused.push(name);
      }
      assert.ok(refused.length > 0, `${s} is listed but no operation needs it`);
    }
  } finally {
    await emu.close();
  }
});

test('a CLI run whose HubSpot token lacks a scope stops with an error naming the scope, no stack trace', async () => {
  const emu = await emulator({ 'pat-companies-only': ['crm.objects.companies.read'] });
  const p = project({
    'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    base_url: ${emu.url}
    access_token: { env: HS_SCOPES_TOKEN }
  b:
    app: local
`,
    'syncs/contacts.yaml': syncFile(
      'contacts',
      'hubspot',
      'b',
      `direction: one-way
from: hubspot`,
    ),
  });
  process.env.HS_SCOPES_TOKEN = 'pat-companies-only';
  try {
    const run = await p.run('plan');
    assert.is(run.code, 1);
    assert.match(run.stderr, 'error[MISSING_SCOPES]');
    assert.match(run.stderr, '`crm.objects.contacts.read`');
    assert.not.match(run.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    delete process.env.HS_SCOPES_TOKEN;
    await emu.close();
  }
});

test.run();
