/**
 * Hostile record data never crashes a run and never corrupts the other app: quotes and
 * backslashes that reach SOQL, emoji, a 1 MB string, invalid emails and phones, wrong types.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSalesforceEmulator } from '../../src/connectors/salesforce/emulator/server.js';
import { createSalesforceConnector } from '../../src/connectors/salesforce/connector.js';
import { SANDBOX_TOKEN } from '../../src/connectors/sandbox.js';
import { project, records } from '../helpers/project.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const HOSTILE: Array<Record<string, unknown>> = [
  { email: "o'brien+x@example.com", firstname: 'Conan', lastname: "O'Brien" },
  { email: 'back\\slash@example.com', firstname: 'Back', lastname: 'Sl\\ash' },
  { email: "injection@example.com' OR Email != '", firstname: 'Bobby', lastname: 'Tables' },
  { email: 'zoe@example.com', firstname: 'Zoë 🚀', lastname: 'Ørsted-日本語' },
  { email: 'huge@example.com', firstname: 'Huge', lastname: 'x'.repeat(1024 * 1024) },
  { email: 'not-an-email', firstname: 'No', lastname: 'Email' },
  { email: 'phone@example.com', firstname: 'Bad', lastname: 'Phone', phone: '+++abc' },
  { email: 'types@example.com', firstname: 42, lastname: true, city: ['a', 'b'] },
  { email: 'nulls@example.com', firstname: null, lastname: 'Nulls', city: null },
];

test('hostile values: synced exactly where the app accepts them, failed with a category where not; no crash, no duplicates', async () => {
  const p = project({
    'syncs/connections.yaml': sandboxes({
      crm: ['local', { contacts: 3, companies: 0, from: 0 }],
      salesforce: ['salesforce', { contacts: 3, companies: 0, from: 100 }],
    }),
    'syncs/contacts.yaml': syncFile(
      'contacts',
      'crm',
      'salesforce Contact',
      `direction: two-way
conflict: { winner: crm }`,
    ),
  });
  assert.is((await p.run('apply', '--yes')).code, 0);
  p.editStore('crm', (d) => {
    HOSTILE.forEach((fields, i) => (d.objects.contacts!.records[`h${i}`] = { id: `h${i}`, rev: 0, modifiedAt: '', fields: fields as never }));
  });
  for (let run = 0; run < 2; run++) {
    const result = await p.run('apply', '--yes');
    // Records the app refuses are failed, so the run is incomplete (exit 3), never a crash.
    assert.is(result.code, 3, result.stderr);
    assert.match(result.stdout.trim().split('\n').at(-1)!, /^Apply incomplete: /);
    assert.not.match(result.stderr, 'internal error');
  }
  const emulator = await startSalesforceEmulator({ accessToken: SANDBOX_TOKEN, persistPath: `${p.dir}/.crmsync/sandbox/salesforce.json` });
  try {
    const sf = createSalesforceConnector({ name: 's', accessToken: SANDBOX_TOKEN, instanceUrl: emulator.url });
    const contacts = (await sf.read({ object: 'Contact', fields: ['Email', 'FirstName', 'LastName'], mode: 'full' })).records;
    const byEmail = (e: string) => contacts.filter((c) => String(c.fields.Email).toLowerCase() === e.toLowerCase());
    assert.is(byEmail("o'brien+x@example.com").length, 1, 'quotes: exactly one, no duplicate on the second run');
    assert.is(byEmail("o'brien+x@example.com")[0]!.fields.LastName, "O'Brien");
    assert.is(byEmail('back\\slash@example.com')[0]?.fields.LastName, 'Sl\\ash');
    assert.is(byEmail('zoe@example.com')[0]!.fields.FirstName, 'Zoë 🚀');
    assert.is(byEmail('zoe@example.com')[0]!.fields.LastName, 'Ørsted-日本語');
    assert.is(byEmail('not-an-email').length, 0, 'R18: invalid email not synced');
    assert.is(byEmail('huge@example.com').length, 0, 'the 1 MB name is refused by Salesforce');
    // The injection string is data: it neither matched other records nor broke the query.
    assert.ok(byEmail("injection@example.com' OR Email != '").length <= 1);
    assert.is(contacts.length, new Set(contacts.map((c) => String(c.fields.Email).toLowerCase())).size, 'no duplicates');
    // What failed is in the failed list with a category, not silently dropped.
    const failures = p.state().syncs.contacts!.failures;
    const huge = failures.find((f) => f.id === 'h4');
    assert.ok(huge, JSON.stringify(failures));
    assert.is(huge!.category, 'property-value');
    assert.ok(huge!.message.length < 2000, 'the failure message does not carry the 1 MB value');
    // The local store still holds every hostile record unchanged (nothing written back over them).
    const local = records(p.store('crm'));
    assert.is(local.find((r) => r.id === 'h4')!.fields.lastname, 'x'.repeat(1024 * 1024));
    assert.is(local.find((r) => r.id === 'h3')!.fields.firstname, 'Zoë 🚀');
  } finally {
    await emulator.close();
  }
});

test('plan output cuts very long values instead of printing them whole', async () => {
  const p = project({
    'syncs/connections.yaml':
      'connections:\n  a:\n    app: local\n    sandbox: { seed: { contacts: 0, companies: 0 } }\n  b:\n    app: local\n    sandbox: { seed: { contacts: 0, companies: 0 } }\n',
    'syncs/s.yaml': 'sync:\n  name: s\n  object: contacts\n  left: { connection: a }\n  right: { connection: b }\n  direction: two-way\n',
  });
  await p.run('plan');
  p.editStore(
    'a',
    (d) => (d.objects.contacts!.records['1'] = { id: '1', rev: 0, modifiedAt: '', fields: { email: 'long@example.com', notes: 'y'.repeat(500_000) } }),
  );
  const plan = await p.run('plan');
  assert.ok(plan.stdout.length < 10_000, `${plan.stdout.length} characters`);
  assert.match(plan.stdout, '(500002 characters)');
});

test.run();
