/**
 * The connector's writes against the emulator: batches split at Google's limits, per-record
 * results, the stale-etag re-read and re-merge, R32's storage quota as a 'quota' failure with its
 * remedy, R17's phone mapping as Google stores it, the crash-recovery marker and findBy.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConnectorFailure, type Connector, type WriteOp, type WriteResult } from '../../../src/connectors/types.js';
import type { GoogleEmulator } from '../../../src/connectors/google/emulator/server.js';
import { connectorFor, startEmulator } from './helpers.js';

const ctx = { emulator: undefined as unknown as GoogleEmulator, google: undefined as unknown as Connector };
const test = suite('google connector: writes');

test.before(async () => {
  ctx.emulator = await startEmulator();
  ctx.google = connectorFor(ctx.emulator, { filter: { folder: 'contacts' } });
});
test.after(async () => {
  await ctx.google.close();
  await ctx.emulator.close();
});

const create = (i: number, extra: Record<string, string | null> = {}): WriteOp => ({
  kind: 'create',
  ref: `r${i}`,
  fields: { firstName: `First${i}`, lastName: `Last${i}`, email: `p${i}@example.com`, ...extra },
});
const byRef = (results: WriteResult[]) => Object.fromEntries(results.map((r) => [r.ref, r]));
const kindCalls = (google: Connector, kind: string) => google.stats().byKind[kind] ?? 0;

test('450 creates take 3 batch calls; each result has its id and what Google stored', async () => {
  const ops = Array.from({ length: 450 }, (_, i) => create(i));
  const results = await ctx.google.write('contacts', ops);
  assert.is(kindCalls(ctx.google, 'batch/create'), 3);
  assert.is(ctx.emulator.calls.byRoute['people.batchCreateContacts'], 3);
  assert.is(results.length, 450);
  assert.ok(results.every((r) => r.ok));
  const r7 = byRef(results).r7!;
  assert.ok(r7.ok && r7.id.startsWith('people/c') && r7.fields!.email === 'p7@example.com' && typeof r7.etag === 'string');
  assert.is(ctx.emulator.store.people.size, 450);
});

test('R17: a lone mobile number is stored as the first number, and the result says so', async () => {
  const [result] = await ctx.google.write('contacts', [create(1000, { mobile: '+46 70 111 22 33' })]);
  assert.ok(result!.ok);
  if (!result!.ok) return;
  assert.is(result.fields!.phone, '+46 70 111 22 33');
  assert.is(result.fields!.mobile, null);
  const [both] = await ctx.google.write('contacts', [create(1001, { phone: '+47 22 00 00 00', mobile: '+46 70 111 22 33', fax: '+47 22 00 00 01' })]);
  assert.ok(both!.ok && both!.fields!.mobile === '+46 70 111 22 33' && both!.fields!.fax === '+47 22 00 00 01');
  const stored = ctx.emulator.store.live((both as { id: string }).id)!;
  assert.equal(
    stored.data.phoneNumbers!.map((n) => n.type),
    ['work', 'mobile', 'workFax'],
  );
});

test('the crash-recovery marker is written as clientData, read back as meta.marker, and found by findBy', async () => {
  const [result] = await ctx.google.write('contacts', [{ ...create(2000), marker: 'crmsync-link-42' } as WriteOp]);
  assert.ok(result!.ok);
  const stored = ctx.emulator.store.live((result as { id: string }).id)!;
  assert.equal(stored.data.clientData, [{ key: 'crmsync', value: 'crmsync-link-42' }]);
  const found = await ctx.google.findBy!('contacts', '$marker', ['crmsync-link-42']);
  assert.equal(
    found.map((r) => r.id),
    [(result as { id: string }).id],
  );
  assert.is(found[0]!.meta!.marker, 'crmsync-link-42');
  const byEmail = await ctx.google.findBy!('contacts', 'email', ['P7@EXAMPLE.COM', 'nobody@example.com']);
  assert.equal(
    byEmail.map((r) => r.fields.email),
    ['p7@example.com'],
  );
});

test('a stale etag: the person is read again, the change re-applied onto it, and the update retried once', async () => {
  const full = await ctx.google.read({ object: 'contacts', fields: ['company'], mode: 'full' });
  const target = full.records.find((r) => r.fields.email === 'p3@example.com')!;
  // Someone edits the contact in Google after the engine read it.
  const stored = ctx.emulator.store.live(target.id)!;
  ctx.emulator.store.replace(stored, { organizations: [{ name: 'Edited In Google' }], biographies: [{ value: 'their note' }] }, [
    'organizations',
    'biographies',
  ]);
  const before = { update: kindCalls(ctx.google, 'batch/update'), get: kindCalls(ctx.google, 'batch/get') };
  const [result] = await ctx.google.write('contacts', [{ kind: 'update', ref: 'u1', id: target.id, etag: target.meta!.etag, fields: { jobTitle: 'CTO' } }]);
  assert.ok(result!.ok, JSON.stringify(result));
  assert.is(kindCalls(ctx.google, 'batch/update') - before.update, 2);
  assert.is(kindCalls(ctx.google, 'batch/get') - before.get, 1);
  const after = ctx.emulator.store.live(target.id)!;
  assert.equal(after.data.organizations, [{ name: 'Edited In Google', title: 'CTO' }]);
  assert.equal(after.data.biographies, [{ value: 'their note' }]);
  assert.ok(result!.ok && result!.fields!.company === 'Edited In Google' && result!.fields!.jobTitle === 'CTO');
});

test('updates: one batch per 200, untouched fields kept, per-record not-found', async () => {
  const full = await ctx.google.read({ object: 'contacts', fields: ['email'], mode: 'full' });
  const ops: WriteOp[] = full.records
    .slice(0, 250)
    .map((r, i) => ({ kind: 'update', ref: `u${i}`, id: r.id, etag: r.meta!.etag, fields: { city: `City${i}` } }));
  ops.push({ kind: 'update', ref: 'gone', id: 'people/c1', fields: { city: 'Nowhere' } });
  const before = kindCalls(ctx.google, 'batch/update');
  const results = byRef(await ctx.google.write('contacts', ops));
  assert.is(kindCalls(ctx.google, 'batch/update') - before, 2);
  assert.ok(results.u0!.ok && results.u0!.fields!.city === 'City0' && results.u0!.fields!.email === full.records[0]!.fields.email);
  assert.is(results.gone!.ok, false);
  assert.is(!results.gone!.ok && results.gone!.error.category, 'not-found');
});

test('bad values fail their own op without a call; Other contacts are read-only', async () => {
  const before = ctx.google.stats().calls;
  const results = byRef(
    await ctx.google.write('contacts', [
      { kind: 'create', ref: 'bad', fields: { birthday: 'someday' } },
      { kind: 'update', ref: 'other', id: 'otherContacts/c1', fields: { firstName: 'x' } },
    ]),
  );
  assert.is(ctx.google.stats().calls, before);
  assert.is(!results.bad!.ok && results.bad!.error.category, 'property-value');
  assert.is(!results.other!.ok && results.other!.error.category, 'permission');
});

test('deletes: batches of 500; an unknown id fails alone', async () => {
  const full = await ctx.google.read({ object: 'contacts', fields: ['email'], mode: 'full' });
  const ops: WriteOp[] = full.records.slice(0, 3).map((r, i) => ({ kind: 'delete', ref: `d${i}`, id: r.id, mode: 'delete' }));
  ops.splice(1, 0, { kind: 'delete', ref: 'ghost', id: 'people/c12345', mode: 'archive' });
  const results = byRef(await ctx.google.write('contacts', ops));
  assert.ok(results.d0!.ok && results.d1!.ok && results.d2!.ok);
  assert.is(!results.ghost!.ok && results.ghost!.error.category, 'not-found');
  assert.is(ctx.emulator.store.people.get(full.records[0]!.id)!.state, 'trashed');
});

test('a refused token on write is a ConnectorFailure (the whole call, not a record)', async () => {
  const bad = connectorFor(ctx.emulator, { accessToken: 'wrong' });
  try {
    await bad.write('contacts', [create(9999)]);
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, ConnectorFailure);
    assert.is((error as ConnectorFailure).error.category, 'authentication');
    assert.is((error as ConnectorFailure).connection, 'google');
  }
});

test.run();

const quota = suite('google connector: storage quota (R32)');
const small = { emulator: undefined as unknown as GoogleEmulator, google: undefined as unknown as Connector };
quota.before(async () => {
  small.emulator = await startEmulator({ limits: { maxContacts: 10, maxContactBytes: 4096 }, seed: { contacts: 6 } });
  small.google = connectorFor(small.emulator);
});
quota.after(() => small.emulator.close());

quota('an oversized contact fails alone; its batch-mates are created', async () => {
  const results = byRef(await small.google.write('contacts', [create(1), create(2, { notes: 'x'.repeat(5000) }), create(3)]));
  assert.ok(results.r1!.ok && results.r3!.ok);
  assert.is(!results.r2!.ok && results.r2!.error.category, 'quota');
  assert.is(!results.r2!.ok && results.r2!.error.code, 'CONTACT_SIZE_LIMIT_EXCEEDED');
});

quota('a full account: category quota, with R32’s remedy as the hint', async () => {
  const results = await small.google.write('contacts', [create(4), create(5), create(6)]);
  assert.ok(results.every((r) => !r.ok));
  const error = (results[0] as { error: { category: string; code: string; hint: string; retryable: boolean } }).error;
  assert.is(error.category, 'quota');
  assert.is(error.code, 'CONTACT_LIMIT_EXCEEDED');
  assert.is(error.retryable, false);
  assert.match(error.hint, /empty Trash and Other contacts, delete duplicates, or shrink large contacts/);
});

quota.run();
