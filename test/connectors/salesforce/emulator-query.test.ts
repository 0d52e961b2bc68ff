/**
 * Emulator conformance, read side, through unmodified jsforce: SOQL paging with nextRecordsUrl,
 * queryAll and the recycle bin, errors, describe against jsforce's own types, limits and the
 * Sforce-Limit-Info header, getUpdated/getDeleted.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Connection } from 'jsforce';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { jsforceTypeKeys, tokenConnection } from './helpers.js';

const test = suite('salesforce emulator: query and describe');
let emu: SalesforceEmulator;
let conn: Connection;

test.before(async () => {
  emu = await startSalesforceEmulator({
    seed: { companies: 10, contacts: 4500 },
    customObjects: [{ name: 'Invoice__c', fields: [{ name: 'Amount', type: 'currency' }] }],
  });
  conn = tokenConnection(emu);
});
test.after(() => emu.close());

test('autoFetch follows nextRecordsUrl through /query/<locator> until done', async () => {
  const before = { ...emu.calls.byRoute };
  const res = await conn.query('SELECT Id, LastName, Account.Name FROM Contact').autoFetch(true).maxFetch(100_000).execute();
  assert.is(res.totalSize, 4500);
  assert.is(res.records.length, 4500);
  assert.is(new Set(res.records.map((r) => r.Id)).size, 4500);
  assert.is((emu.calls.byRoute['GET query'] ?? 0) - (before['GET query'] ?? 0), 1);
  assert.is((emu.calls.byRoute['GET queryMore'] ?? 0) - (before['GET queryMore'] ?? 0), 2);
});

test('one page is 2000 records, with totalSize, done:false and a nextRecordsUrl; queryMore continues', async () => {
  const first = await conn.query<{ Id: string }>('SELECT Id FROM Contact ORDER BY Id');
  assert.equal([first.totalSize, first.done, first.records.length], [4500, false, 2000]);
  // jsforce rebuilds the URL from the locator (the last path segment) and its own base URL.
  assert.match(first.nextRecordsUrl!, /\/services\/data\/v59\.0\/query\/01g[A-Za-z0-9]+-2000$/);
  const second = await conn.queryMore<{ Id: string }>(first.nextRecordsUrl!);
  assert.equal([second.totalSize, second.done, second.records.length], [4500, false, 2000]);
  assert.ok(second.records[0]!.Id > first.records[1999]!.Id);
  const third = await conn.queryMore(second.nextRecordsUrl!);
  assert.equal([third.done, third.records.length, third.nextRecordsUrl], [true, 500, undefined]);
});

test('on the wire, nextRecordsUrl is a path under the version', async () => {
  const res = await fetch(`${emu.url}/services/data/v58.0/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`, {
    headers: { authorization: `Bearer ${emu.accessToken}` },
  });
  const body = (await res.json()) as { nextRecordsUrl: string; done: boolean };
  assert.is(res.status, 200);
  assert.is(body.done, false);
  assert.match(body.nextRecordsUrl, /^\/services\/data\/v58\.0\/query\/01g[A-Za-z0-9]+-2000$/);
});

test('Sforce-Query-Options batchSize changes the page size within 200..2000', async () => {
  const small = await conn.query('SELECT Id FROM Contact', { headers: { 'Sforce-Query-Options': 'batchSize=500' } });
  assert.is(small.records.length, 500);
  const tiny = await conn.query('SELECT Id FROM Contact', { headers: { 'Sforce-Query-Options': 'batchSize=10' } });
  assert.is(tiny.records.length, 200);
});

test('queryAll includes recycle-bin rows with IsDeleted = true; query does not', async () => {
  const id = emu.seeded.Contact![3]!;
  await conn.sobject('Contact').destroy(id);
  const live = await conn.query(`SELECT Id FROM Contact WHERE Id = '${id}'`);
  assert.is(live.totalSize, 0);
  const all = await conn.query<{ Id: string; IsDeleted: boolean }>(`SELECT Id, IsDeleted FROM Contact WHERE IsDeleted = true`, { scanAll: true });
  assert.equal(
    all.records.map((r) => [r.Id, r.IsDeleted]),
    [[id, true]],
  );
});

test('bad queries and locators are 400s with the app error codes', async () => {
  const code = (p: PromiseLike<unknown>) =>
    Promise.resolve(p).then(
      () => 'ok',
      (e: { errorCode: string }) => e.errorCode,
    );
  assert.is(await code(conn.query('SELECT Id FROM')), 'MALFORMED_QUERY');
  assert.is(await code(conn.query('SELECT Nope__c FROM Contact')), 'INVALID_FIELD');
  assert.is(await code(conn.query('SELECT Id FROM Nope__c')), 'INVALID_TYPE');
  assert.is(await code(conn.queryMore('/services/data/v59.0/query/01gdoesnotexist-2000')), 'INVALID_QUERY_LOCATOR');
});

test('records carry attributes, canonical names, +0000 datetimes and nested relationships', async () => {
  const res = await conn.query<Record<string, unknown>>('SELECT id, systemmodstamp, account.name FROM contact WHERE Account.Name != null LIMIT 1');
  const r = res.records[0]!;
  assert.equal(Object.keys(r), ['attributes', 'Id', 'SystemModstamp', 'Account']);
  assert.match(String(r.SystemModstamp), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  assert.match((r.attributes as { url: string }).url, new RegExp(`/services/data/v59.0/sobjects/Contact/${String(r.Id)}$`));
  assert.is((r.Account as { attributes: { type: string } }).attributes.type, 'Account');
});

test('describe has every key of jsforce DescribeSObjectResult and Field', async () => {
  const d = await conn.describe('Contact');
  for (const key of [...jsforceTypeKeys('DescribeGlobalSObjectResult'), ...jsforceTypeKeys('DescribeSObjectResult')])
    assert.ok(key in d, `describe lacks ${key}`);
  const fieldKeys = jsforceTypeKeys('Field');
  assert.ok(fieldKeys.length > 40);
  for (const f of d.fields) for (const key of fieldKeys) assert.ok(key in f, `${f.name} lacks ${key}`);
  const last = d.fields.find((f) => f.name === 'LastName')!;
  assert.equal([last.type, last.nillable, last.createable, last.defaultedOnCreate], ['string', false, true, false]);
  const stamp = d.fields.find((f) => f.name === 'SystemModstamp')!;
  assert.equal([stamp.type, stamp.createable, stamp.updateable], ['datetime', false, false]);
  const account = d.fields.find((f) => f.name === 'AccountId')!;
  assert.equal([account.type, account.referenceTo, account.relationshipName], ['reference', ['Account'], 'Account']);
  assert.is(d.keyPrefix, '003');
});

test('describeGlobal lists standard and declared custom objects; custom object describe works', async () => {
  const g = await conn.describeGlobal();
  const names = g.sobjects.map((s) => s.name);
  for (const name of ['Account', 'Contact', 'Lead', 'Opportunity', 'Task', 'Invoice__c']) assert.ok(names.includes(name), name);
  const inv = await conn.describe('Invoice__c');
  assert.ok(inv.custom);
  assert.ok(inv.fields.some((f) => f.name === 'Amount__c' && f.custom && f.type === 'currency'));
  const missing = await conn.describe('Nope__c').then(
    () => 'ok',
    (e: { errorCode: string }) => e.errorCode,
  );
  assert.is(missing, 'NOT_FOUND');
});

test('every response reports Sforce-Limit-Info, parsed by jsforce into conn.limitInfo; /limits agrees', async () => {
  await conn.query('SELECT COUNT() FROM Contact');
  const usage = emu.apiUsage();
  assert.equal(conn.limitInfo, { apiUsage: { used: usage.used, limit: 15000 } });
  const limits = await conn.limits();
  assert.is(limits.DailyApiRequests!.Max, 15000);
  assert.is(limits.DailyApiRequests!.Remaining, 15000 - (usage.used + 1));
});

test('getUpdated and getDeleted answer ids, deletions and covered dates; bad windows are refused', async () => {
  const id = emu.seeded.Contact![5]!;
  await conn.sobject('Contact').update({ Id: id, Title: 'Updated' });
  const del = emu.seeded.Contact![6]!;
  await conn.sobject('Contact').destroy(del);
  const start = new Date(Date.now() - 10 * 60_000);
  const end = new Date(Date.now() + 2 * 60_000);
  const updated = await conn.sobject('Contact').updated(start, end);
  assert.ok(updated.ids.includes(id));
  assert.ok(!updated.ids.includes(del));
  assert.match(updated.latestDateCovered, /:00\.000\+0000$/);
  const deleted = await conn.sobject('Contact').deleted(start, end);
  assert.ok(deleted.deletedRecords.some((r) => r.id === del));
  const bad = await conn
    .sobject('Contact')
    .updated(end, start)
    .then(
      () => 'ok',
      (e: { errorCode: string }) => e.errorCode,
    );
  assert.is(bad, 'INVALID_REPLICATION_DATE');
});

test('any /services/data/vNN.N works, including jsforce’s default 50.0; GET /services/data lists versions', async () => {
  const old = tokenConnection(emu, '50.0');
  const res = await old.query('SELECT COUNT() FROM Account');
  assert.is(res.totalSize, 10);
  const versions = (await (await fetch(`${emu.url}/services/data`)).json()) as Array<{ version: string; url: string }>;
  assert.ok(versions.some((v) => v.version === '59.0' && v.url === '/services/data/v59.0'));
});

test.run();
