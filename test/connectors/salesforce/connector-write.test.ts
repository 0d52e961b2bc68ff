/**
 * The connector's writes through its interface: batching into sObject Collections of 200, one bad
 * record failing alone (with its category and hint, R31), isolating a record that fails a whole
 * call, the daily-budget stop (R33), retries on injected faults, findBy with hostile values,
 * markers, and associations as lookups (R27, R28).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSalesforceConnector, type SalesforceConnectorOptions } from '../../../src/connectors/salesforce/connector.js';
import { salesforceStaticCatalogue, SALESFORCE_OBJECTS } from '../../../src/connectors/salesforce/catalogue.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { MARKER_FIELD, type Connector, type WriteOp, type WriteResult } from '../../../src/connectors/types.js';
import { FAST_RETRY } from './helpers.js';

function connect(emu: SalesforceEmulator, more: Partial<SalesforceConnectorOptions> = {}): Connector {
  return createSalesforceConnector({ name: 'sf', instanceUrl: emu.url, accessToken: emu.accessToken, retry: FAST_RETRY, ...more });
}
const creates = (n: number, prefix: string): WriteOp[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'create',
    ref: `${prefix}${i}`,
    fields: { FirstName: 'Test', LastName: `${prefix} ${i}`, Email: `${prefix}.${i}@example.org` },
  }));
const failures = (results: WriteResult[]) => results.filter((r): r is Extract<WriteResult, { ok: false }> => !r.ok);

const test = suite('salesforce connector: writes');
let emu: SalesforceEmulator;

test.before(async () => {
  emu = await startSalesforceEmulator({
    seed: { companies: 3, contacts: 10 },
    customFields: { Contact: [{ name: 'Crmsync_Marker', type: 'string', externalId: true, unique: true }] },
  });
});
test.after(() => emu.close());

test('creating 450 records takes 3 collection calls; every op gets its id', async () => {
  const sf = connect(emu);
  const before = emu.calls.byRoute['POST collections/create'] ?? 0;
  const results = await sf.write('Contact', creates(450, 'bulk'));
  assert.is(results.length, 450);
  assert.ok(results.every((r) => r.ok));
  assert.is((emu.calls.byRoute['POST collections/create'] ?? 0) - before, 3);
  assert.is(sf.stats().byKind['collections/create'], 3);
  const r7 = results.find((r) => r.ref === 'bulk7') as Extract<WriteResult, { ok: true }>;
  assert.is(emu.store.get(r7.id)!.row.LastName, 'bulk 7');
});

test('one invalid record fails alone, with the app code, a category and a hint', async () => {
  const sf = connect(emu);
  const existing = emu.store.get(emu.seeded.Contact![0]!)!.row.Email as string;
  const ops = creates(5, 'mixed');
  ops[1] = { kind: 'create', ref: 'mixed1', fields: { FirstName: 'No last name' } };
  ops[3] = { kind: 'create', ref: 'mixed3', fields: { LastName: 'Dup', Email: existing } };
  const results = await sf.write('Contact', ops);
  assert.equal(
    results.map((r) => r.ok),
    [true, false, true, false, true],
  );
  const [missing, dup] = failures(results);
  assert.equal(
    [missing!.ref, missing!.error.code, missing!.error.category, missing!.error.retryable],
    ['mixed1', 'REQUIRED_FIELD_MISSING', 'required-field', false],
  );
  assert.equal([dup!.ref, dup!.error.code, dup!.error.category], ['mixed3', 'DUPLICATES_DETECTED', 'duplicate']);
  assert.ok(missing!.error.hint && dup!.error.hint);
  assert.is(sf.stats().byKind['collections/create'], 1);
});

test('unknown, read-only and mistyped fields fail before any call', async () => {
  const sf = connect(emu);
  await sf.catalogue('Contact');
  const results = await sf.write('Contact', [
    { kind: 'create', ref: 'a', fields: { LastName: 'A', Shoe_Size__c: 44 } },
    { kind: 'create', ref: 'b', fields: { LastName: 'B', SystemModstamp: '2020-01-01T00:00:00Z' } },
    { kind: 'create', ref: 'c', fields: { LastName: 'C', HasOptedOutOfEmail: 'yes' } },
  ]);
  assert.equal(
    failures(results).map((f) => [f.ref, f.error.category]),
    [
      ['a', 'property-value'],
      ['b', 'permission'],
      ['c', 'property-value'],
    ],
  );
  assert.equal(sf.stats().byKind, { describe: 1 });
});

test('a record that makes the app refuse the whole call is isolated by splitting the batch', async () => {
  const sf = connect(emu);
  const ops = creates(10, 'split');
  ops[6] = { kind: 'create', ref: 'split6', fields: { LastName: 'Bad date', Birthdate: 'not-a-date' } };
  const results = await sf.write('Contact', ops);
  assert.equal(
    failures(results).map((f) => [f.ref, f.error.code, f.error.category]),
    [['split6', 'JSON_PARSER_ERROR', 'property-value']],
  );
  assert.is(results.filter((r) => r.ok).length, 9);
  assert.ok(sf.stats().byKind['collections/create']! <= 9, 'bisecting costs a few calls, not one per record');
});

test('updates and deletes go through collections; deleting a deleted record is fine, a missing one is not-found', async () => {
  const sf = connect(emu);
  const [a, b] = [emu.seeded.Contact![1]!, emu.seeded.Contact![2]!];
  const results = await sf.write('Contact', [
    { kind: 'update', ref: 'u', id: a, fields: { Title: 'VP', FirstName: null } },
    { kind: 'delete', ref: 'd1', id: b, mode: 'delete' },
    { kind: 'update', ref: 'gone', id: '003000000000000AAA', fields: { Title: 'x' } },
  ]);
  assert.equal(
    results.map((r) => [r.ref, r.ok]),
    [
      ['u', true],
      ['gone', false],
      ['d1', true],
    ],
  );
  assert.is(failures(results)[0]!.error.category, 'not-found');
  assert.equal([emu.store.get(a)!.row.Title, emu.store.get(a)!.row.FirstName, emu.store.get(b)!.row.IsDeleted], ['VP', null, true]);
  const again = await sf.write('Contact', [{ kind: 'delete', ref: 'd2', id: b, mode: 'archive' }]);
  assert.equal(again, [{ ref: 'd2', ok: true, id: b }]);
});

test('429s on creates are retried; a 5xx on a plain create is not sent again blindly: nothing is created twice', async () => {
  const sf = connect(emu, { retry: { attempts: 8, baseMs: 2, maxMs: 10 } });
  const count = emu.store.table('Contact')!.rows.size;
  emu.setFaults({ rate: 0.5, kinds: ['rate-limit'], methods: ['POST', 'PATCH'], seed: 3 });
  const limited = await sf.write('Contact', creates(600, 'flaky'));
  assert.ok(
    limited.every((r) => r.ok),
    JSON.stringify(failures(limited)[0]),
  );
  assert.ok(sf.stats().byKind['collections/create']! > 3);
  // The 5xx came after the org saved the records: a resend would have made 200 duplicates.
  emu.setFaults({ rate: 1, kinds: ['server-error'], methods: ['POST'], when: 'after' });
  const lost = await sf.write('Contact', creates(200, 'lost'));
  emu.setFaults(null);
  assert.ok(lost.every((r) => !r.ok && r.error.category === 'server-error'));
  assert.is(emu.store.table('Contact')!.rows.size, count + 800);
});

test('with an External ID marker field, creates are upserts on it: resent after a lost answer, nothing is created twice', async () => {
  const sf = connect(emu, { markerField: 'Crmsync_Marker__c', retry: { attempts: 8, baseMs: 2, maxMs: 10 } });
  const count = emu.store.table('Contact')!.rows.size;
  const ops = creates(400, 'upsert').map((op, i) => ({ ...op, marker: `crmsync:upsert-${i}` }));
  emu.setFaults({ rate: 0.6, kinds: ['server-error', 'drop'], methods: ['PATCH'], when: 'after', seed: 1 });
  const results = await sf.write('Contact', ops);
  emu.setFaults(null);
  assert.ok(
    results.every((r) => r.ok),
    JSON.stringify(failures(results)[0]),
  );
  assert.ok(emu.calls.faultsAfter > 0 && sf.stats().byKind['collections/upsert']! > 2, 'answers were lost and the upserts sent again');
  assert.is(emu.store.table('Contact')!.rows.size, count + 400);
  // Each op's id is the record that holds its marker.
  for (const [i, r] of results.entries()) assert.is(emu.store.get((r as { id: string }).id)!.row.Crmsync_Marker__c, `crmsync:upsert-${i}`);
});

test('findBy matches exact values only, whatever quotes and backslashes they hold', async () => {
  const sf = connect(emu);
  const hostile = ["O'Brien \\ Co", "x' OR LastName != '", "\\' OR Id != null OR LastName = \\'"];
  const made = await sf.write(
    'Contact',
    hostile.map((name, i) => ({ kind: 'create', ref: `h${i}`, fields: { LastName: name } })),
  );
  assert.ok(made.every((r) => r.ok));
  const found = await sf.findBy!('Contact', 'LastName', [hostile[0]!, "nobody' OR LastName != '"]);
  assert.equal(
    found.map((r) => r.fields.LastName),
    [hostile[0]],
  );
  const all = await sf.findBy!('Contact', 'LastName', hostile);
  assert.equal(all.map((r) => r.fields.LastName).sort(), [...hostile].sort());
  const byId = await sf.findBy!('Contact', 'Id', [emu.seeded.Contact![3]!.slice(0, 15), "' OR Id != '"]);
  assert.equal(
    byId.map((r) => r.id),
    [emu.seeded.Contact![3]],
  );
});

test('a create marker lands in the marker field, and findBy($marker) finds the record by it', async () => {
  const sf = connect(emu, { markerField: 'Crmsync_Marker__c' });
  const [res] = await sf.write('Contact', [{ kind: 'create', ref: 'm', fields: { LastName: 'Marked' }, marker: 'op-123' }]);
  assert.ok(res!.ok);
  const found = await sf.findBy!('Contact', MARKER_FIELD, ['op-123']);
  assert.equal(
    found.map((r) => [r.id, r.meta?.marker, r.fields.LastName]),
    [[(res as { id: string }).id, 'op-123', 'Marked']],
  );
  assert.equal(await sf.findBy!('Contact', MARKER_FIELD, ['op-404']), []);
  // A connection without a marker field cannot keep markers, so finds nothing by one.
  assert.equal(await connect(emu).findBy!('Contact', MARKER_FIELD, ['op-123']), []);
});

test('associate sets the lookup (Contact.AccountId); only the primary of several links is kept (R28)', async () => {
  const sf = connect(emu);
  const [c1, c2] = [emu.seeded.Contact![4]!, emu.seeded.Contact![5]!];
  const [a1, a2] = [emu.seeded.Account![1]!, emu.seeded.Account![2]!];
  const results = await sf.associate!('Contact', 'Account', [
    { fromId: c1, toId: a1 },
    { fromId: c2, toId: a1 },
    { fromId: c2, toId: a2, primary: true },
  ]);
  assert.equal(
    results.map((r) => [r.ref, r.ok]),
    [
      [`${c1}->${a1}`, true],
      [`${c2}->${a1}`, false],
      [`${c2}->${a2}`, true],
    ],
  );
  assert.equal([emu.store.get(c1)!.row.AccountId, emu.store.get(c2)!.row.AccountId], [a1, a2]);
  // Accounts have no lookup to Leads: refused before any call.
  const none = await sf.associate!('Account', 'Lead', [{ fromId: a1, toId: c1 }]);
  assert.equal(
    none.map((r) => [r.ok, !r.ok && r.error.category]),
    [[false, 'association']],
  );
});

test('a custom object syncs like a standard one (R7): listed, written, read back', async () => {
  const org = await startSalesforceEmulator({
    customObjects: [
      {
        name: 'Invoice__c',
        fields: [
          { name: 'Total', type: 'currency' },
          { name: 'Due', type: 'date' },
        ],
      },
    ],
  });
  try {
    const sf = connect(org, { customObjects: ['Invoice__c'] });
    assert.ok(sf.objects().includes('Invoice__c'));
    const [made] = await sf.write('Invoice__c', [{ kind: 'create', ref: 'i', fields: { Name: 'INV-7', Total__c: '99.5', Due__c: '2025-01-31' } }]);
    assert.ok(made!.ok);
    const out = await sf.read({ object: 'Invoice__c', fields: ['Name', 'Total__c', 'Due__c'], mode: 'full' });
    assert.equal(
      out.records.map((r) => r.fields),
      [{ Name: 'INV-7', Total__c: 99.5, Due__c: '2025-01-31' }],
    );
  } finally {
    await org.close();
  }
});

const budget = suite('salesforce connector: daily budget on writes (R33)');

budget('writes stop at maxDailyShare: the rest fail as retryable quota errors, usage stays within the share', async () => {
  const org = await startSalesforceEmulator({ dailyApiLimit: 100 });
  try {
    org.setApiUsage(77);
    const sf = connect(org, { maxDailyShare: 0.8 });
    const results = await sf.write('Contact', creates(600, 'quota'));
    // describe (78), two collection calls (79, 80), then stop.
    assert.is(results.filter((r) => r.ok).length, 400);
    const refused = failures(results);
    assert.is(refused.length, 200);
    assert.ok(refused.every((f) => f.error.category === 'quota' && f.error.retryable));
    assert.equal(org.apiUsage(), { used: 80, limit: 100 });
    assert.is(org.store.table('Contact')!.rows.size, 400);
  } finally {
    await org.close();
  }
});

budget('REQUEST_LIMIT_EXCEEDED from the app stops the write after one refused call', async () => {
  const org = await startSalesforceEmulator({ dailyApiLimit: 50 });
  try {
    const sf = connect(org);
    await sf.catalogue('Contact');
    org.setApiUsage(50);
    const results = await sf.write('Contact', creates(450, 'refused'));
    assert.ok(results.every((r) => !r.ok && r.error.code === 'REQUEST_LIMIT_EXCEEDED' && r.error.category === 'quota' && r.error.retryable));
    assert.is(sf.stats().byKind['collections/create'], 1);
  } finally {
    await org.close();
  }
});

const statics = suite('salesforce connector: static catalogue');

statics('the static catalogue knows the standard objects, their required and read-only fields', () => {
  assert.equal(SALESFORCE_OBJECTS, ['Account', 'Contact', 'Lead', 'Opportunity', 'Task']);
  const required = (object: string) =>
    salesforceStaticCatalogue(object)!
      .fields.filter((f) => f.required)
      .map((f) => f.name)
      .sort();
  assert.equal(required('Contact'), ['LastName']);
  assert.equal(required('Lead'), ['Company', 'LastName']);
  assert.equal(required('Account'), ['Name']);
  assert.equal(required('Opportunity'), ['CloseDate', 'Name', 'StageName']);
  const contact = new Map(salesforceStaticCatalogue('contact')!.fields.map((f) => [f.name, f]));
  for (const name of ['Id', 'SystemModstamp', 'CreatedDate', 'LastModifiedDate', 'IsDeleted']) assert.is(contact.get(name)!.readOnly, true, name);
  assert.equal([contact.get('Email')!.type, contact.get('AccountId')!.type, contact.get('LeadSource')!.type], ['email', 'reference', 'enum']);
  assert.is(salesforceStaticCatalogue('Invoice__c'), undefined);
});

statics('the static catalogue agrees with what the emulated org describes', async () => {
  const org = await startSalesforceEmulator();
  try {
    const sf = connect(org);
    for (const object of SALESFORCE_OBJECTS) {
      const live = await sf.catalogue(object);
      assert.equal(live.fields, salesforceStaticCatalogue(object)!.fields, object);
    }
  } finally {
    await org.close();
  }
});

test.run();
budget.run();
statics.run();
