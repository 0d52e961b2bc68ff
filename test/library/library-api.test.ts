/**
 * The library API as a program embedding crmsync uses it: load → validate → plan → apply → status,
 * against the built-in HubSpot and Salesforce sandboxes (their emulators, in-process). The records
 * are then read back through the apps' official clients.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apply, load, plan, status, validate } from '../../src/index.js';
import { project } from '../helpers/project.js';
import { inHubSpot, inSalesforce } from '../helpers/sandbox-apps.js';

const FILES = {
  'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    sandbox:
      seed: { contacts: 5, companies: 0, from: 0 }
  salesforce:
    app: salesforce
    sandbox:
      seed: { contacts: 5, companies: 0, from: 3 }
`,
  'syncs/contacts.yaml': `sync:
  name: contacts
  object: contacts
  left: { connection: hubspot }
  right: { connection: salesforce }
  direction: two-way
  conflict: { winner: hubspot }
`,
};

test('load, validate, plan, apply and status through the library API, on the sandboxes', async () => {
  const p = project(FILES);
  const options = { root: p.dir, env: {} };
  const loaded = await load(options);
  assert.ok(loaded.project, JSON.stringify(loaded.diagnostics));
  assert.equal(
    (await validate(options)).filter((d) => d.severity === 'error'),
    [],
  );

  // People 0-4 in HubSpot, 3-7 in Salesforce: 3 and 4 are linked by email (R24), the others created.
  const planned = await plan(options, {}, loaded);
  const creates = planned.plan.ops.filter((op) => op.type === 'create');
  assert.equal([creates.filter((op) => op.side === 'left').length, creates.filter((op) => op.side === 'right').length], [3, 3]);

  const applied = await apply(options, {}, loaded);
  assert.equal([applied.tally.created, applied.tally.failed], [6, 0]);

  const hubspot = await inHubSpot(p, async (hs) =>
    (await hs.crm.contacts.basicApi.getPage(100, undefined, ['email'])).results.map((c) => String(c.properties.email).toLowerCase()).sort(),
  );
  const salesforce = await inSalesforce(p, async (sf) =>
    (await sf.query<{ Email: string }>('SELECT Email FROM Contact')).records.map((c) => c.Email.toLowerCase()).sort(),
  );
  assert.is(hubspot.length, 8);
  assert.equal(salesforce, hubspot);

  assert.is((await plan(options)).plan.ops.length, 0);
  const health = await status(options);
  assert.equal(
    health.syncs.map((s) => [s.sync, s.inSync, s.failed]),
    [['contacts', 8, 0]],
  );
});

test('an invalid configuration is diagnostics, located, not an exception', async () => {
  const p = project({ ...FILES, 'syncs/contacts.yaml': FILES['syncs/contacts.yaml'].replace('connection: salesforce', 'connection: salesforc') });
  const diagnostics = await validate({ root: p.dir, env: {} });
  const error = diagnostics.find((d) => d.severity === 'error');
  assert.equal(error && [error.file, error.line], ['syncs/contacts.yaml', 5]);
  // plan refuses it with the code the CLI prints.
  try {
    await plan({ root: p.dir, env: {} });
    assert.unreachable('plan must refuse an invalid configuration');
  } catch (e) {
    assert.is((e as { code?: string }).code, 'config-invalid');
  }
});

test('checked against the live apps, each problem comes back as its own located diagnostic', async () => {
  const sync = `${FILES['syncs/contacts.yaml']}  fields:\n    - { left: shoe_size, right: Description }\n    - { left: email, right: Shoe_Size__c }\n`;
  const p = project({ ...FILES, 'syncs/contacts.yaml': sync });
  // Offline, a field the built-in catalogues lack may be a custom one: warnings only.
  assert.equal(
    (await validate({ root: p.dir, env: {} })).filter((d) => d.severity === 'error'),
    [],
  );
  try {
    await plan({ root: p.dir, env: {} });
    assert.unreachable('plan must refuse fields the apps lack');
  } catch (e) {
    const { code, diagnostics } = e as { code?: string; diagnostics?: Array<{ code: string; file: string; line: number }> };
    assert.is(code, 'config-invalid');
    assert.equal(
      diagnostics?.map((d) => [d.code, d.file, d.line]),
      [
        ['unknown-field', 'syncs/contacts.yaml', 9],
        ['unknown-field', 'syncs/contacts.yaml', 10],
      ],
    );
  }
});

test('the package exports the built library with its type declarations (npm run build)', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    types: string;
    exports: { '.': { types: string; import: string } };
  };
  assert.is(pkg.exports['.'].types, pkg.types);
  const declarations = readFileSync(new URL(`../../${pkg.types}`, import.meta.url), 'utf8');
  for (const name of ['load', 'validate', 'plan', 'apply', 'status']) assert.match(declarations, `export declare const ${name}:`);
  // Imported by its package name, as an embedding program does (Node resolves it through `exports`).
  // (A name in a variable: type checking does not need the build.)
  const name = 'crmsync';
  const built = (await import(name)) as Record<string, unknown>;
  assert.equal(
    ['load', 'validate', 'plan', 'apply', 'status'].map((f) => typeof built[f]),
    Array(5).fill('function'),
  );
});

test.run();
