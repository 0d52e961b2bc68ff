/**
 * The connector's reads against the emulator: a full read by pages of 1000 with the sync token as
 * cursor, incremental reads that return exactly what changed, the fallback to a full read when the
 * token expired, R20's filters, and failures reported as data.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Connector, ReadResult } from '../../../src/connectors/types.js';
import type { GoogleEmulator } from '../../../src/connectors/google/emulator/server.js';
import { connectorFor, startEmulator, testClock } from './helpers.js';
import { AccountGate } from '../../../src/connectors/shared/account-gate.js';
import { VirtualClock } from '../../helpers/virtual-clock.js';

const clock = testClock();
const ctx = { emulator: undefined as unknown as GoogleEmulator, google: undefined as unknown as Connector };
const test = suite('google connector: reads');
const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'mobile'];

test.before(async () => {
  ctx.emulator = await startEmulator({ now: clock.now, seed: { contacts: 2500, otherContacts: 3, starredEvery: 10 } });
  ctx.google = connectorFor(ctx.emulator, { filter: { folder: 'contacts' } });
});
test.after(async () => {
  await ctx.google.close();
  await ctx.emulator.close();
});

const read = (google: Connector, cursor?: string | null): Promise<ReadResult> =>
  google.read({ object: 'contacts', fields: FIELDS, mode: cursor === undefined ? 'full' : 'incremental', cursor });
const calls = (google: Connector, kind: string) => google.stats().byKind[kind] ?? 0;

test('a full read of 2500 contacts takes 3 pages and yields a cursor', async () => {
  const before = calls(ctx.google, 'list');
  const result = await read(ctx.google);
  assert.is(calls(ctx.google, 'list') - before, 3);
  assert.is(result.mode, 'full');
  assert.is(result.complete, true);
  assert.is(result.records.length, 2500);
  assert.type(result.cursor, 'string');
  const r = result.records[0]!;
  assert.match(r.id, /^people\/c\d+$/);
  assert.type(r.fields.email, 'string');
  assert.type(r.fields.mobile, 'string', 'the seeded second number is a mobile (R17)');
  assert.ok(r.modifiedAt!.endsWith('Z'));
  assert.type(r.meta!.etag, 'string');
  assert.is(r.meta!.folder, 'contacts');
});

test('an incremental read after one update and one delete returns exactly those two, in one call', async () => {
  const full = await read(ctx.google);
  const [a, b] = [full.records[5]!, full.records[1500]!];
  const { store } = ctx.emulator;
  store.replace(store.live(a.id)!, { names: [{ givenName: 'Grace', familyName: 'Updated' }] }, ['names']);
  store.trash(store.live(b.id)!);
  const before = calls(ctx.google, 'list');
  const inc = await read(ctx.google, full.cursor);
  assert.is(calls(ctx.google, 'list') - before, 1);
  assert.is(inc.mode, 'incremental');
  assert.is(inc.complete, true);
  assert.is(inc.records.length, 2);
  const updated = inc.records.find((r) => r.id === a.id)!;
  const deleted = inc.records.find((r) => r.id === b.id)!;
  assert.is(updated.fields.firstName, 'Grace');
  assert.is(deleted.deleted, true);

  const noop = await read(ctx.google, inc.cursor);
  assert.is(calls(ctx.google, 'list') - before, 2, 'a no-op incremental costs one call');
  assert.equal(noop.records, []);
  assert.is(noop.complete, true);
  assert.type(noop.cursor, 'string');
});

test('an expired sync token falls back to a full read, reported as mode full', async () => {
  const full = await read(ctx.google);
  clock.advance(8 * 24 * 3600 * 1000);
  const result = await read(ctx.google, full.cursor);
  assert.is(result.mode, 'full');
  assert.is(result.complete, true);
  assert.is(result.records.length, full.records.length);
  const next = await read(ctx.google, result.cursor);
  assert.is(next.mode, 'incremental');
});

test('R20: the starred filter keeps starred contacts only', async () => {
  const starred = connectorFor(ctx.emulator, { filter: { folder: 'contacts', starred: true } });
  const result = await read(starred);
  assert.ok(result.records.length > 0);
  assert.ok(result.records.every((r) => r.meta!.groups!.includes('contactGroups/starred')));
  const expected = [...ctx.emulator.store.people.values()].filter((p) => p.state === 'live' && p.groups.includes('starred')).length;
  assert.is(result.records.length, expected);
  // Unstarring is a change; the record no longer passes the filter.
  const first = ctx.emulator.store.live(result.records[0]!.id)!;
  ctx.emulator.store.setGroups(first, ['myContacts']);
  const inc = await read(starred, result.cursor);
  assert.equal(inc.records, []);
});

test('R20: the folder filter — contacts folder only, or all with Other contacts', async () => {
  const { store } = ctx.emulator;
  const group = store.createGroup('Label only');
  const outside = store.insert({ names: [{ givenName: 'Outside' }] }, { groups: [group.id] });
  const contactsOnly = await read(ctx.google);
  assert.not.ok(contactsOnly.records.some((r) => r.id === outside.resourceName));
  assert.not.ok(contactsOnly.records.some((r) => r.id.startsWith('otherContacts/')));

  const all = connectorFor(ctx.emulator);
  const result = await read(all);
  assert.ok(result.records.some((r) => r.id === outside.resourceName));
  const others = result.records.filter((r) => r.id.startsWith('otherContacts/'));
  assert.is(others.length, 3);
  assert.ok(others.every((r) => r.meta!.folder === 'other' && typeof r.fields.email === 'string'));
  assert.equal(all.stats().byKind, { list: 3, 'list/other': 1 });
  const inc = await read(all, result.cursor);
  assert.is(inc.mode, 'incremental');
  assert.equal(inc.records, []);
});

test('the client-side limiter spaces calls so Google rarely has to refuse', async () => {
  const slow = connectorFor(ctx.emulator, { filter: { folder: 'contacts' }, limiter: { max: 1, windowMs: 150 } });
  const started = Date.now();
  const result = await read(slow);
  assert.is(result.complete, true);
  assert.is(slow.stats().byKind.list, 3);
  assert.ok(Date.now() - started >= 300, 'three calls at one per 150 ms take at least 300 ms');
});

test("the limiter's holds are counted: how many calls it held and for how long (stats().held)", async () => {
  // On a virtual clock (helpers/virtual-clock.ts), so the holds are the limiter's alone, not the machine's pace.
  const clock = new VirtualClock();
  const slow = connectorFor(ctx.emulator, { filter: { folder: 'contacts' }, limiter: { max: 1, windowMs: 150 }, gate: new AccountGate(4, clock) });
  const before = ctx.emulator.calls.total;
  const result = await clock.drive(read(slow), () => ctx.emulator.calls.total - before >= slow.stats().calls);
  assert.is(result.complete, true);
  assert.is(slow.stats().calls, 3);
  assert.equal(slow.stats().held, { calls: 2, ms: 300 }, 'the second and third pages waited 150 ms each');
  assert.is(slow.stats().refused, undefined);
});

test('a refused token is a failed read returned as data, never a throw', async () => {
  const bad = connectorFor(ctx.emulator, { accessToken: 'wrong' });
  const result = await read(bad);
  assert.is(result.complete, false);
  assert.is(result.error!.category, 'authentication');
  assert.is(result.error!.code, 'UNAUTHENTICATED');
  assert.is(result.cursor, null);
});

test('5xx, 429 and dropped connections are retried on reads; the read completes', async () => {
  ctx.emulator.setFaults({ rate: 0.4, kinds: ['server-error', 'rate-limit', 'drop'], seed: 7 });
  try {
    const google = connectorFor(ctx.emulator, { filter: { folder: 'contacts' }, retry: { attempts: 8, baseMs: 1, maxMs: 5 } });
    const result = await read(google);
    assert.is(result.complete, true);
    assert.ok(result.records.length > 2000);
    assert.ok(google.stats().calls > 3, 'some calls were repeated');
  } finally {
    ctx.emulator.setFaults(null);
  }
});

test('a page that keeps failing ends the read incomplete, with what was read so far', async () => {
  const google = connectorFor(ctx.emulator, { filter: { folder: 'contacts' }, retry: { attempts: 2, baseMs: 1, maxMs: 2 } });
  const full = await read(google);
  ctx.emulator.setFaults({ rate: 1, kinds: ['server-error'] });
  const served = ctx.emulator.calls.total;
  const made = google.stats().calls;
  try {
    const inc = await read(google, full.cursor);
    assert.is(ctx.emulator.calls.total - served, 2, 'our policy: two attempts; the client itself never retries');
    assert.is(google.stats().calls - made, 2);
    assert.is(inc.complete, false);
    assert.is(inc.error!.category, 'server-error');
    assert.is(inc.error!.retryable, true);
  } finally {
    ctx.emulator.setFaults(null);
  }
});

test.run();
