/**
 * The connector's reads through its interface, against the emulator: full reads over every page,
 * incremental reads by SystemModstamp with deletions, the cursor boundary, the API cost of a no-op
 * run, and stopping cleanly at the daily-budget share (R33).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSalesforceConnector, type SalesforceConnectorOptions } from '../../../src/connectors/salesforce/connector.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import type { Connector } from '../../../src/connectors/types.js';
import { FAST_RETRY, tokenConnection } from './helpers.js';
import { AccountGate } from '../../../src/connectors/shared/account-gate.js';
import { VirtualClock } from '../../helpers/virtual-clock.js';

const FIELDS = ['FirstName', 'LastName', 'Email', 'Title', 'HasOptedOutOfEmail', 'AccountId', 'Account.Name'];

function connect(emu: SalesforceEmulator, more: Partial<SalesforceConnectorOptions> = {}): Connector {
  return createSalesforceConnector({ name: 'sf', instanceUrl: emu.url, accessToken: emu.accessToken, retry: FAST_RETRY, ...more });
}

const test = suite('salesforce connector: reads');
let emu: SalesforceEmulator;

test.before(async () => {
  emu = await startSalesforceEmulator({ seed: { companies: 10, contacts: 4500 } });
});
test.after(() => emu.close());

test('a full read returns all 4500 records across 3 pages, decoded', async () => {
  const sf = connect(emu);
  const out = await sf.read({ object: 'Contact', fields: FIELDS, mode: 'full' });
  assert.equal([out.mode, out.complete, out.records.length], ['full', true, 4500]);
  assert.is(new Set(out.records.map((r) => r.id)).size, 4500);
  assert.equal(sf.stats().byKind, { describe: 1, query: 1, queryMore: 2 });
  const first = out.records.find((r) => r.id === emu.seeded.Contact![0])!;
  const row = emu.store.get(first.id)!.row;
  assert.equal(first.fields, {
    FirstName: row.FirstName,
    LastName: row.LastName,
    Email: row.Email,
    Title: row.Title,
    HasOptedOutOfEmail: false,
    AccountId: emu.seeded.Account![0],
    'Account.Name': 'Acme',
  });
  assert.match(first.modifiedAt!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  // Every lookup comes along (the owner too), keyed by the object it points at.
  assert.equal(first.meta?.associations?.Account, [emu.seeded.Account![0]]);
  assert.ok(out.cursor);
});

test("the limiter's holds are counted (stats().held): the calls it held and the time it held them", async () => {
  // On a virtual clock (helpers/virtual-clock.ts): each call after the first waits exactly the window.
  const clock = new VirtualClock();
  const sf = connect(emu, { limiter: { max: 1, windowMs: 150 }, gate: new AccountGate(5, clock) });
  const before = emu.calls.total;
  const out = await clock.drive(sf.read({ object: 'Contact', fields: FIELDS, mode: 'full' }), () => emu.calls.total - before >= sf.stats().calls);
  assert.ok(out.complete);
  const { calls, held } = sf.stats();
  assert.ok(calls >= 4, `${calls} calls`);
  assert.equal(held, { calls: calls - 1, ms: 150 * (calls - 1) });
});

test('an incremental read picks up an update and a delete, and nothing else', async () => {
  const sf = connect(emu);
  const full = await sf.read({ object: 'Contact', fields: FIELDS, mode: 'full' });
  // Another user changes one record and deletes another.
  const other = tokenConnection(emu);
  const [changed, removed] = [emu.seeded.Contact![100]!, emu.seeded.Contact![200]!];
  await other.sobject('Contact').update({ Id: changed, Title: 'Chief Sync Officer' });
  await other.sobject('Contact').destroy(removed);
  const before = sf.stats().calls;
  const inc = await sf.read({ object: 'Contact', fields: FIELDS, mode: 'incremental', cursor: full.cursor });
  assert.equal([inc.mode, inc.complete], ['incremental', true]);
  assert.equal(
    inc.records.map((r) => [r.id, r.deleted ?? false]).sort(),
    [
      [changed, false],
      [removed, true],
    ].sort(),
  );
  assert.is(inc.records.find((r) => r.id === changed)!.fields.Title, 'Chief Sync Officer');
  assert.is(sf.stats().calls - before, 1);
  // Nothing changed since: nothing comes back.
  const again = await sf.read({ object: 'Contact', fields: FIELDS, mode: 'incremental', cursor: inc.cursor });
  assert.equal([again.records.length, again.complete], [0, true]);
});

test('a no-op incremental run costs at most 2 API calls for the object (describe + queryAll)', async () => {
  const org = await startSalesforceEmulator({ seed: { contacts: 300 } });
  try {
    const full = await connect(org).read({ object: 'Contact', fields: ['Email'], mode: 'full' });
    const fresh = connect(org);
    const inc = await fresh.read({ object: 'Contact', fields: ['Email'], mode: 'incremental', cursor: full.cursor });
    assert.equal([inc.complete, inc.records.length], [true, 0]);
    assert.equal(fresh.stats(), { calls: 2, byKind: { describe: 1, queryAll: 1 } });
  } finally {
    await org.close();
  }
});

test('records sharing the boundary SystemModstamp, or committed late with an earlier one, are not missed', async () => {
  const org = await startSalesforceEmulator();
  try {
    const sf = connect(org);
    const other = tokenConnection(org);
    const start = await sf.read({ object: 'Contact', fields: ['LastName'], mode: 'full' });
    // One collection call = one transaction = one SystemModstamp for A, B and C.
    const [a, b, c] = await other.sobject('Contact').create([{ LastName: 'A' }, { LastName: 'B' }, { LastName: 'C' }], { allOrNone: false });
    const table = org.store.table('Contact')!;
    const rowC = table.rows.get(c!.id!)!;
    assert.is(rowC.SystemModstamp, table.rows.get(a!.id!)!.SystemModstamp);
    // C's transaction commits late: invisible to the first read, visible to the next, same stamp.
    table.remove(c!.id!);
    const first = await sf.read({ object: 'Contact', fields: ['LastName'], mode: 'incremental', cursor: start.cursor });
    assert.equal(first.records.map((r) => r.fields.LastName).sort(), ['A', 'B']);
    table.put(rowC);
    // And D commits even later, stamped 30 s before the cursor (inside the overlap).
    const d = await other.sobject('Contact').create({ LastName: 'D' });
    const rowD = table.rows.get(d.id!)!;
    table.put({
      ...rowD,
      SystemModstamp: new Date(Date.parse(String(rowC.SystemModstamp).replace('+0000', 'Z')) - 30_000).toISOString().replace('Z', '+0000'),
    });
    const second = await sf.read({ object: 'Contact', fields: ['LastName'], mode: 'incremental', cursor: first.cursor });
    assert.equal(second.records.map((r) => r.fields.LastName).sort(), ['C', 'D']);
    assert.ok(b);
    const third = await sf.read({ object: 'Contact', fields: ['LastName'], mode: 'incremental', cursor: second.cursor });
    assert.is(third.records.length, 0);
  } finally {
    await org.close();
  }
});

test('an unusable cursor falls back to a full read and says so', async () => {
  const sf = connect(emu);
  for (const cursor of [
    'not json',
    JSON.stringify({ v: 1, object: 'Lead', since: new Date().toISOString(), seen: {} }),
    JSON.stringify({ v: 1, object: 'Contact', since: '2020-01-01T00:00:00Z', seen: {} }),
  ]) {
    const out = await sf.read({ object: 'Contact', fields: ['Email'], mode: 'incremental', cursor });
    assert.equal([out.mode, out.complete, out.records.some((r) => r.deleted)], ['full', true, false]);
  }
});

test('unknown fields fail the read before any query, with a hint', async () => {
  const sf = connect(emu);
  const out = await sf.read({ object: 'Contact', fields: ['Email', 'Shoe_Size__c'], mode: 'full' });
  assert.equal([out.complete, out.error?.code, out.error?.category], [false, 'INVALID_FIELD', 'property-value']);
  assert.ok(out.error?.hint);
  assert.equal(sf.stats().byKind, { describe: 1 });
});

test('5xx and concurrency refusals on GET are retried by the connector, fast (no jsforce backoff)', async () => {
  const sf = connect(emu);
  emu.setFaults({ rate: 0.4, kinds: ['server-error', 'rate-limit'], methods: ['GET'], seed: 7 });
  const before = emu.calls.total;
  const out = await sf.read({ object: 'Contact', fields: ['Email'], mode: 'full' });
  emu.setFaults(null);
  const live = [...emu.store.table('Contact')!.rows.values()].filter((r) => !r.IsDeleted).length;
  assert.equal([out.complete, out.records.length], [true, live]);
  assert.ok(sf.stats().calls > 4, 'some calls were retried');
  // Every request the org saw was one of the connector's own attempts: jsforce retried (and slept) none itself.
  assert.is(emu.calls.total - before, sf.stats().calls);
});

test('a page that keeps failing ends the read incomplete with what it has, cursor unchanged', async () => {
  const sf = connect(emu);
  await sf.catalogue('Contact');
  emu.setFaults({ rate: 1, kinds: ['server-error'], methods: ['GET'] });
  const out = await sf.read({ object: 'Contact', fields: ['Email'], mode: 'incremental', cursor: 'previous' });
  emu.setFaults(null);
  assert.equal(
    [out.complete, out.cursor, out.error?.code, out.error?.category, out.error?.retryable],
    [false, 'previous', 'SERVER_UNAVAILABLE', 'server-error', true],
  );
  assert.is(sf.stats().byKind.query, FAST_RETRY.attempts);
});

const budget = suite('salesforce connector: daily budget on reads (R33)');

budget('a full read stops cleanly at maxDailyShare: complete:false with a quota error, usage within the share', async () => {
  const org = await startSalesforceEmulator({ seed: { contacts: 4500 }, dailyApiLimit: 1000 });
  try {
    org.setApiUsage(797);
    const sf = connect(org, { maxDailyShare: 0.8 });
    const out = await sf.read({ object: 'Contact', fields: ['Email'], mode: 'full' });
    assert.equal([out.complete, out.records.length, out.cursor], [false, 4000, null]);
    assert.equal([out.error?.category, out.error?.retryable], ['quota', true]);
    assert.ok(out.error?.hint?.includes('R33'));
    assert.equal(org.apiUsage(), { used: 800, limit: 1000 });
    // The next run, once calls have freed up, reads everything.
    org.setApiUsage(0);
    const next = await connect(org, { maxDailyShare: 0.8 }).read({ object: 'Contact', fields: ['Email'], mode: 'full' });
    assert.equal([next.complete, next.records.length], [true, 4500]);
  } finally {
    await org.close();
  }
});

budget('REQUEST_LIMIT_EXCEEDED from the app is handled the same way', async () => {
  const org = await startSalesforceEmulator({ seed: { contacts: 10 }, dailyApiLimit: 100 });
  try {
    org.setApiUsage(100);
    const out = await connect(org).read({ object: 'Contact', fields: ['Email'], mode: 'full' });
    assert.equal(
      [out.complete, out.records.length, out.error?.code, out.error?.category, out.error?.retryable],
      [false, 0, 'REQUEST_LIMIT_EXCEEDED', 'quota', true],
    );
  } finally {
    await org.close();
  }
});

const catalogue = suite('salesforce connector: catalogue and login');

catalogue('catalogue() maps describe onto FieldDefs, custom fields included', async () => {
  const org = await startSalesforceEmulator({
    customFields: {
      Contact: [
        { name: 'Shoe_Size', type: 'double' },
        { name: 'Interests', type: 'multipicklist', picklist: ['CRM', 'Sync'] },
      ],
    },
  });
  try {
    const cat = await connect(org).catalogue('Contact');
    const byName = new Map(cat.fields.map((f) => [f.name, f]));
    assert.is(cat.object, 'Contact');
    assert.equal(byName.get('LastName'), { name: 'LastName', label: 'Last Name', type: 'string', required: true });
    assert.equal(byName.get('Id'), { name: 'Id', label: 'Record ID', type: 'id', readOnly: true });
    assert.is(byName.get('SystemModstamp')!.readOnly, true);
    assert.is(byName.get('Email')!.type, 'email');
    assert.equal(byName.get('Shoe_Size__c'), { name: 'Shoe_Size__c', label: 'Shoe Size', type: 'number', custom: true });
    assert.equal(byName.get('Interests__c')!.options, ['CRM', 'Sync']);
    assert.is(byName.get('HasOptedOutOfEmail')!.required, undefined);
  } finally {
    await org.close();
  }
});

catalogue('username/password login goes to the login host given, e.g. a sandbox (R4); bad credentials throw', async () => {
  const org = await startSalesforceEmulator({
    sandbox: true,
    users: [{ username: 'me@example.com.uat', password: 'pw', securityToken: 'TOK' }],
    seed: { leads: 3 },
  });
  try {
    const sf = createSalesforceConnector({
      name: 'sandbox',
      loginUrl: org.loginUrl,
      username: 'me@example.com.uat',
      password: 'pw',
      securityToken: 'TOK',
      retry: FAST_RETRY,
    });
    const out = await sf.read({ object: 'Lead', fields: ['Company'], mode: 'full' });
    assert.equal([out.complete, out.records.length], [true, 3]);
    assert.is(sf.stats().byKind.login, 1);
    const wrong = createSalesforceConnector({ name: 'sandbox', loginUrl: org.loginUrl, username: 'me@example.com.uat', password: 'nope', retry: FAST_RETRY });
    const error = await wrong.read({ object: 'Lead', fields: ['Company'], mode: 'full' }).then(
      () => undefined,
      (e: { error: { code: string; category: string } }) => e.error,
    );
    assert.equal([error?.code, error?.category], ['INVALID_LOGIN', 'authentication']);
  } finally {
    await org.close();
  }
});

test.run();
budget.run();
catalogue.run();
