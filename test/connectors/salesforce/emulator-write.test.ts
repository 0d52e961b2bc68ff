/**
 * Emulator conformance, write side, through unmodified jsforce: single-record CRUD with the REST
 * status codes, sObject Collections (200 limit, per-record errors, allOrNone), duplicate and
 * validation rules, SystemModstamp upkeep, 15/18-character ids, custom objects and persistence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Connection, SaveResult } from 'jsforce';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { tokenConnection } from './helpers.js';

type Errors = Array<{ statusCode: string; message: string; fields: string[] }>;
const errorsOf = (r: SaveResult) => r.errors as unknown as Errors;
const codeOf = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => 'ok',
    (e: { errorCode: string }) => e.errorCode,
  );
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

const test = suite('salesforce emulator: writes');
let emu: SalesforceEmulator;
let conn: Connection;

test.before(async () => {
  emu = await startSalesforceEmulator({
    seed: { companies: 3, contacts: 20 },
    customObjects: [
      {
        name: 'Invoice__c',
        fields: [
          { name: 'Number', type: 'string', unique: true, externalId: true },
          { name: 'Total', type: 'currency' },
          { name: 'Legacy', type: 'string', externalId: true },
        ],
      },
    ],
    validationRules: [{ object: 'Contact', field: 'Title', message: 'Title must not be "forbidden"', when: (r) => r.Title === 'forbidden' }],
  });
  conn = tokenConnection(emu);
});
test.after(() => emu.close());

test('upsert by External ID: 201 created, then 200 updated; 300 with the URLs when several hold it; 404 on a field that is no External ID', async () => {
  const base = `${emu.url}/services/data/v62.0/sobjects/Invoice__c`;
  const patch = (path: string, body: unknown) =>
    fetch(`${base}/${path}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${emu.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const first = await patch('Number__c/INV-9', { Total__c: 10 });
  const made = (await first.json()) as { id: string; success: boolean; created: boolean; errors: unknown[] };
  assert.equal([first.status, made.success, made.created, made.errors], [201, true, true, []]);
  const again = await patch('Number__c/INV-9', { Total__c: 12 });
  assert.equal([again.status, await again.json()], [200, { id: made.id, success: true, errors: [], created: false }]);
  assert.is(emu.store.get(made.id)!.row.Total__c, 12);
  assert.is(emu.store.table('Invoice__c')!.findLive('Number__c', 'INV-9').length, 1);
  // A non-unique External ID field held by two records: nothing is written.
  const a = await conn.sobject('Invoice__c').create({ Number__c: 'A-1', Legacy__c: 'L' });
  const b = await conn.sobject('Invoice__c').create({ Number__c: 'B-1', Legacy__c: 'L' });
  const several = await patch('Legacy__c/L', { Total__c: 1 });
  assert.is(several.status, 300);
  assert.equal(((await several.json()) as string[]).sort(), [a.id, b.id].map((id) => `/services/data/v62.0/sobjects/Invoice__c/${id}`).sort());
  const notExternal = await patch('Total__c/5', { Number__c: 'X' });
  assert.equal([notExternal.status, ((await notExternal.json()) as Array<{ errorCode: string }>)[0]!.errorCode], [404, 'NOT_FOUND']);
});

test('collection upsert through jsforce: UpsertResults in order with `created`, per-record errors, nothing created twice', async () => {
  const records = [
    { Number__c: 'C-1', Total__c: 1 },
    { Number__c: 'C-2', Total__c: 2 },
  ];
  const first = (await conn.upsert('Invoice__c', records, 'Number__c', { allOrNone: false })) as unknown as Array<{
    id: string;
    success: boolean;
    created: boolean;
  }>;
  assert.equal(
    first.map((r) => [r.success, r.created]),
    [
      [true, true],
      [true, true],
    ],
  );
  const second = (await conn.upsert(
    'Invoice__c',
    [
      { Number__c: 'C-2', Total__c: 22 },
      { Number__c: 'C-3', Total__c: 3 },
      { Number__c: 'C-4', Nope__c: 1 },
    ],
    'Number__c',
    { allOrNone: false },
  )) as unknown as Array<{ id?: string; success: boolean; created: boolean; errors: Errors }>;
  assert.equal(
    second.map((r) => [r.success, r.created]),
    [
      [true, false],
      [true, true],
      [false, false],
    ],
  );
  assert.is(second[0]!.id, first[1]!.id);
  assert.is(emu.store.get(first[1]!.id)!.row.Total__c, 22);
  assert.ok(second[2]!.errors.length > 0);
  assert.is(emu.store.table('Invoice__c')!.findLive('Number__c', 'C-2').length, 1);
  assert.is(await codeOf(conn.upsert('Invoice__c', [{ Total__c: 5, Number__c: 'C-5' }], 'Total__c')), 'NOT_FOUND');
});

test('single create is 201 {id, success, errors}; update and delete are 204; ids are 18 characters', async () => {
  const created = await conn.sobject('Contact').create({ LastName: 'Single', Email: 'single@example.org' });
  assert.equal([created.success, created.errors], [true, []]);
  assert.match(created.id!, /^003[A-Za-z0-9]{15}$/);
  const row = emu.store.get(created.id!)!.row;
  assert.match(String(row.SystemModstamp), STAMP);
  assert.is(row.LastModifiedDate, row.SystemModstamp);
  const updated = await conn.sobject('Contact').update({ Id: created.id!, Title: 'CEO' });
  assert.ok(updated.success);
  const after = emu.store.get(created.id!)!.row;
  assert.is(after.Title, 'CEO');
  assert.ok(String(after.SystemModstamp) > String(row.SystemModstamp));
  assert.is(after.LastModifiedDate, after.SystemModstamp);
  // A 15-character id reads the same record.
  const read = await conn.sobject('Contact').retrieve(created.id!.slice(0, 15));
  assert.is(read.Id, created.id);
  await conn.sobject('Contact').destroy(created.id!);
  assert.is(emu.store.get(created.id!)!.row.IsDeleted, true);
  assert.is(await codeOf(conn.sobject('Contact').retrieve(created.id!)), 'ENTITY_IS_DELETED');
  assert.is(await codeOf(conn.sobject('Contact').update({ Id: created.id!, Title: 'x' })), 'ENTITY_IS_DELETED');
  assert.is(await codeOf(conn.sobject('Contact').retrieve('003000000000000AAA')), 'NOT_FOUND');
});

test('single-call errors are JSON arrays: REQUIRED_FIELD_MISSING, FIELD_CUSTOM_VALIDATION_EXCEPTION with fields', async () => {
  const missing = await conn
    .sobject('Contact')
    .create({ FirstName: 'NoLast' })
    .then(
      () => undefined,
      (e: { errorCode: string; data: { fields: string[] } }) => e,
    );
  assert.is(missing!.errorCode, 'REQUIRED_FIELD_MISSING');
  assert.equal(missing!.data.fields, ['LastName']);
  const invalid = await conn
    .sobject('Contact')
    .create({ LastName: 'V', Title: 'forbidden' })
    .then(
      () => undefined,
      (e: { errorCode: string; data: { fields: string[] } }) => e,
    );
  assert.is(invalid!.errorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
  assert.equal(invalid!.data.fields, ['Title']);
  const res = await fetch(`${emu.url}/services/data/v59.0/sobjects/Lead`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ LastName: 'NoCompany' }),
  });
  assert.is(res.status, 400);
  assert.equal(await res.json(), [{ message: 'Required fields are missing: [Company]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Company'] }]);
});

test('collections: 200 records in one call, one transaction stamp, results in input order', async () => {
  const before = emu.calls.byRoute['POST collections/create'] ?? 0;
  const records = Array.from({ length: 200 }, (_, i) => ({ LastName: `Bulk ${i}`, Email: `bulk${i}@example.org` }));
  const results = await conn.sobject('Contact').create(records, { allOrNone: false });
  assert.is(results.length, 200);
  assert.ok(results.every((r) => r.success));
  assert.is((emu.calls.byRoute['POST collections/create'] ?? 0) - before, 1);
  const stamps = new Set(results.map((r) => emu.store.get(r.id!)!.row.SystemModstamp));
  assert.is(stamps.size, 1);
  assert.is(emu.store.get(results[42]!.id!)!.row.LastName, 'Bulk 42');
});

test('collections: more than 200 records is a 400 EXCEEDED_ID_LIMIT and nothing is written', async () => {
  const count = emu.store.table('Contact')!.rows.size;
  const records = Array.from({ length: 201 }, (_, i) => ({ LastName: `Too many ${i}` }));
  assert.is(await codeOf(conn.sobject('Contact').create(records, { allOrNone: false })), 'EXCEEDED_ID_LIMIT');
  assert.is(emu.store.table('Contact')!.rows.size, count);
});

test('collections: per-record errors use statusCode; the good records are saved', async () => {
  const existing = emu.store.get(emu.seeded.Contact![0]!)!.row.Email as string;
  const results = await conn
    .sobject('Contact')
    .create(
      [
        { LastName: 'Good 1' },
        { FirstName: 'No last name' },
        { LastName: 'Dup', Email: existing.toUpperCase() },
        { LastName: 'Rule', Title: 'forbidden' },
        { LastName: 'Bad email', Email: 'nope' },
        { LastName: 'Good 2' },
      ],
      { allOrNone: false },
    );
  assert.equal(
    results.map((r) => r.success),
    [true, false, false, false, false, true],
  );
  assert.equal(
    results.map((r) => (r.success ? 'ok' : errorsOf(r)[0]!.statusCode)),
    ['ok', 'REQUIRED_FIELD_MISSING', 'DUPLICATES_DETECTED', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'INVALID_EMAIL_ADDRESS', 'ok'],
  );
  assert.equal(errorsOf(results[1]!)[0]!.fields, ['LastName']);
  assert.ok(emu.store.get(results[5]!.id!));
});

test('collections: allOrNone rolls back every record and marks the good ones ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
  const count = emu.store.table('Contact')!.rows.size;
  const results = await conn.sobject('Contact').create([{ LastName: 'Would be ok' }, { FirstName: 'Missing last' }], { allOrNone: true });
  assert.equal(
    results.map((r) => errorsOf(r)[0]!.statusCode),
    ['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'REQUIRED_FIELD_MISSING'],
  );
  assert.is(emu.store.table('Contact')!.rows.size, count);
});

test('collections: a value the JSON parser cannot read fails the whole call (400 JSON_PARSER_ERROR)', async () => {
  const count = emu.store.table('Account')!.rows.size;
  const code = await codeOf(conn.sobject('Account').create([{ Name: 'Fine' }, { Name: 'Bad', NumberOfEmployees: 'many' }], { allOrNone: false }));
  assert.is(code, 'JSON_PARSER_ERROR');
  assert.is(emu.store.table('Account')!.rows.size, count);
});

test('collections: update (lower-case id), delete, and retrieve aligned to ids with null for unknown', async () => {
  const [a, b] = [emu.seeded.Contact![1]!, emu.seeded.Contact![2]!];
  const updated = await conn.sobject('Contact').update(
    [
      { Id: a, Title: 'Head' },
      { Id: '003000000000000AAA', Title: 'x' },
    ],
    { allOrNone: false },
  );
  assert.equal(
    updated.map((r) => (r.success ? 'ok' : errorsOf(r)[0]!.statusCode)),
    ['ok', 'NOT_FOUND'],
  );
  assert.is(emu.store.get(a)!.row.Title, 'Head');
  const got = await conn.sobject('Contact').retrieve([a, '003000000000000AAA']);
  assert.is(got[0]!.Title, 'Head');
  assert.is(got[1], null);
  const deleted = await conn.sobject('Contact').destroy([b, b.slice(0, 15)], { allOrNone: false });
  assert.equal(
    deleted.map((r) => (r.success ? 'ok' : errorsOf(r)[0]!.statusCode)),
    ['ok', 'ENTITY_IS_DELETED'],
  );
});

test('duplicate rules can be switched off per instance', async () => {
  const existing = emu.store.get(emu.seeded.Contact![7]!)!.row.Email as string;
  emu.setDuplicateRules(false);
  const ok = await conn.sobject('Contact').create({ LastName: 'Twin', Email: existing });
  emu.setDuplicateRules(true);
  assert.ok(ok.success);
});

test('custom objects: create, unique external id (DUPLICATE_VALUE), query, Name defaulting to the id', async () => {
  const first = await conn.sobject('Invoice__c').create({ Number__c: 'INV-1', Total__c: 12.5 });
  assert.match(first.id!, /^a00[A-Za-z0-9]{15}$/);
  const dup = await conn.sobject('Invoice__c').create([{ Number__c: 'inv-1' }], { allOrNone: false });
  assert.is(errorsOf(dup[0]!)[0]!.statusCode, 'DUPLICATE_VALUE');
  const res = await conn.query<{ Name: string; Total__c: number }>("SELECT Name, Total__c FROM Invoice__c WHERE Number__c = 'INV-1'");
  assert.equal(
    res.records.map((r) => [r.Name, r.Total__c]),
    [[first.id, 12.5]],
  );
});

test('read-only and unknown fields are refused per record', async () => {
  const results = await conn.sobject('Contact').create(
    [
      { LastName: 'X', SystemModstamp: '2020-01-01T00:00:00Z' },
      { LastName: 'Y', Nope__c: 1 },
    ],
    { allOrNone: false },
  );
  assert.equal(
    results.map((r) => errorsOf(r)[0]!.statusCode),
    ['INVALID_FIELD_FOR_INSERT_UPDATE', 'INVALID_FIELD'],
  );
});

test('SystemModstamp is strictly increasing even for writes within one millisecond', async () => {
  // A frozen clock: every write happens in the same millisecond.
  const frozen = await startSalesforceEmulator({ now: () => Date.parse('2024-05-01T10:00:00.000Z') });
  try {
    const c = tokenConnection(frozen);
    const stamps: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await c.sobject('Contact').create({ LastName: `Quick ${i}` });
      stamps.push(String(frozen.store.get(r.id!)!.row.SystemModstamp));
    }
    assert.equal(stamps, ['2024-05-01T10:00:00.000+0000', '2024-05-01T10:00:00.001+0000', '2024-05-01T10:00:00.002+0000']);
  } finally {
    await frozen.close();
  }
});

test('injected faults answer in the app format (503 SERVER_UNAVAILABLE on POST)', async () => {
  emu.setFaults({ rate: 1, kinds: ['server-error'], methods: ['POST'] });
  const code = await codeOf(conn.sobject('Contact').create({ LastName: 'Fault' }));
  emu.setFaults(null);
  assert.is(code, 'SERVER_UNAVAILABLE');
});

const persisted = suite('salesforce emulator: persistence');

persisted('a persisted org keeps its records, serials and recycle bin across restarts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sf-emu-'));
  const path = join(dir, 'org.json');
  try {
    const first = await startSalesforceEmulator({ persistPath: path, seed: { contacts: 3 } });
    const c1 = tokenConnection(first);
    const created = await c1.sobject('Contact').create({ LastName: 'Kept' });
    await c1.sobject('Contact').destroy(first.seeded.Contact![0]!);
    await first.close();
    const second = await startSalesforceEmulator({ persistPath: path, seed: { contacts: 3 } });
    const c2 = tokenConnection(second);
    const live = await c2.query<{ LastName: string }>('SELECT LastName FROM Contact');
    assert.is(live.totalSize, 3);
    assert.ok(live.records.some((r) => r.LastName === 'Kept'));
    const bin = await c2.query('SELECT Id FROM Contact WHERE IsDeleted = true', { scanAll: true });
    assert.is(bin.totalSize, 1);
    const next = await c2.sobject('Contact').create({ LastName: 'After restart' });
    assert.is.not(next.id, created.id);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
persisted.run();
