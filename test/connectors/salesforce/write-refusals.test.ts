/**
 * Per-record refusals the app makes inside an sObject Collections call: a value outside a
 * restricted picklist (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, not retried, the others saved) and
 * a record another transaction holds (UNABLE_TO_LOCK_ROW: sent again a bounded number of times,
 * then a retryable 'conflict' for the next run).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSalesforceConnector } from '../../../src/connectors/salesforce/connector.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { LOCK_ROW_MAX_ATTEMPTS } from '../../../src/connectors/salesforce/limits.js';
import type { WriteResult } from '../../../src/connectors/types.js';
import { FAST_RETRY, tokenConnection } from './helpers.js';

const test = suite('salesforce: restricted picklists and locked rows');
let emu: SalesforceEmulator;

test.before(async () => {
  emu = await startSalesforceEmulator({ seed: { companies: 2, contacts: 4 }, restrictedPicklists: { Contact: ['LeadSource'] } });
});
test.after(() => emu.close());

const connect = () => createSalesforceConnector({ name: 'sf', instanceUrl: emu.url, accessToken: emu.accessToken, retry: FAST_RETRY });
const calls = (route: string) => emu.calls.byRoute[route] ?? 0;
const failed = (r: WriteResult | undefined) => (r && !r.ok ? r.error : undefined);

test('emulator: a value outside a restricted picklist fails its record only, with the real result shape', async () => {
  const conn = tokenConnection(emu);
  const field = (await conn.sobject('Contact').describe()).fields.find((f) => f.name === 'LeadSource')!;
  assert.is(field.restrictedPicklist, true);
  const results = await conn.sobject('Contact').create(
    [
      { LastName: 'Ok', LeadSource: 'Web' },
      { LastName: 'Bad', LeadSource: 'Carrier Pigeon' },
      { LastName: 'Multi', LeadSource: 'web' },
    ],
    { allOrNone: false },
  );
  assert.is(results[0]!.success, true);
  assert.equal(results[1], {
    success: false,
    errors: [
      {
        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'Lead Source: bad value for restricted picklist field: Carrier Pigeon',
        fields: ['LeadSource'],
      },
    ],
  } as never);
  assert.is((results[2] as { errors: Array<{ statusCode: string }> }).errors[0]!.statusCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  // An unrestricted picklist (Salutation) still takes any text.
  const [free] = await conn.sobject('Contact').create([{ LastName: 'Free', Salutation: 'Captain' }], { allOrNone: false });
  assert.is(free!.success, true);
});

test('connector: a bad picklist value fails its record as a non-retryable property-value error; the rest are created in one call', async () => {
  const sf = connect();
  const before = calls('POST collections/create');
  const results = await sf.write('Contact', [
    { kind: 'create', ref: 'a', fields: { LastName: 'A', LeadSource: 'Web' } },
    { kind: 'create', ref: 'b', fields: { LastName: 'B', LeadSource: 'Fax Machine' } },
    { kind: 'create', ref: 'c', fields: { LastName: 'C', LeadSource: 'Other' } },
  ]);
  assert.equal(
    results.map((r) => r.ok),
    [true, false, true],
  );
  const error = failed(results[1])!;
  assert.is(error.code, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  assert.is(error.category, 'property-value');
  assert.is(error.retryable, false);
  assert.match(error.hint!, 'picklist');
  assert.is(calls('POST collections/create') - before, 1);
});

test('emulator: a locked record (or a locked parent) refuses the write with UNABLE_TO_LOCK_ROW, then frees up', async () => {
  const conn = tokenConnection(emu);
  const [contact] = emu.seeded.Contact!;
  emu.lockRecords([contact!], 1);
  const [first] = await conn.sobject('Contact').update([{ Id: contact!, Title: 'CTO' }], { allOrNone: false });
  assert.equal(first, {
    id: contact,
    success: false,
    errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: `unable to obtain exclusive access to this record or 1 records: ${contact}`, fields: [] }],
  } as never);
  const [second] = await conn.sobject('Contact').update([{ Id: contact!, Title: 'CTO' }], { allOrNone: false });
  assert.is(second!.success, true);
  const [account] = emu.seeded.Account!;
  emu.lockRecords([account!], 1);
  const [child] = await conn.sobject('Contact').create([{ LastName: 'Child', AccountId: account }], { allOrNone: false });
  assert.is((child as { errors: Array<{ statusCode: string }> }).errors[0]!.statusCode, 'UNABLE_TO_LOCK_ROW');
});

test('connector: a row locked once is sent again and saved; the others are not sent twice', async () => {
  const sf = connect();
  const [c1, c2] = emu.seeded.Contact!.slice(1);
  emu.lockRecords([c1!], 1);
  const before = calls('PATCH collections/update');
  const results = await sf.write('Contact', [
    { kind: 'update', ref: '1', id: c1!, fields: { Title: 'Locked once' } },
    { kind: 'update', ref: '2', id: c2!, fields: { Title: 'Free' } },
  ]);
  assert.ok(
    results.every((r) => r.ok),
    JSON.stringify(results),
  );
  assert.is(calls('PATCH collections/update') - before, 2);
  assert.is(emu.store.get(c1!)!.row.Title, 'Locked once');
  const lastModified = emu.store.get(c2!)!.row.SystemModstamp;
  assert.is(emu.store.get(c2!)!.row.Title, 'Free');
  // c2 was written once: a second write would have moved its stamp past the first call's.
  assert.is(emu.store.get(c2!)!.row.SystemModstamp, lastModified);
});

test('connector: a row that stays locked fails after the bounded attempts as a retryable conflict', async () => {
  const sf = connect();
  const [c3] = emu.seeded.Contact!.slice(3);
  emu.lockRecords([c3!], 99);
  const before = calls('PATCH collections/update');
  const [result] = await sf.write('Contact', [{ kind: 'update', ref: '3', id: c3!, fields: { Title: 'Never' } }]);
  const error = failed(result)!;
  assert.is(error.code, 'UNABLE_TO_LOCK_ROW');
  assert.is(error.category, 'conflict');
  assert.is(error.retryable, true);
  assert.is(calls('PATCH collections/update') - before, LOCK_ROW_MAX_ATTEMPTS);
  assert.is.not(emu.store.get(c3!)!.row.Title, 'Never');
  emu.lockRecords([c3!], 0);
});

test.run();
