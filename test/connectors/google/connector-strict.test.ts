/**
 * The connector against the emulator's strict People API rules: the missing scope named in the
 * error, lookups that never spend the fixed full-sync quota, refused batches mapped to per-record
 * failures from BatchCreate/UpdateContactsErrorDetails, PersonResponse.status, stale etags re-read
 * for the named contacts only and bounded, mutations never overlapping, renamed contacts reported
 * with formerIds, an expired sync token mid-read falling back to one full read, and changes that
 * reach syncs minutes late.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConnectorFailure, type Connector, type WriteOp, type WriteResult } from '../../../src/connectors/types.js';
import { SCOPES } from '../../../src/connectors/google/limits.js';
import type { GoogleEmulator } from '../../../src/connectors/google/emulator/server.js';
import { connectorFor, startEmulator, testClock } from './helpers.js';

const FIELDS = ['firstName', 'lastName', 'email', 'notes'];
const calls = (google: Connector, kind: string) => google.stats().byKind[kind] ?? 0;
const byRef = (results: WriteResult[]) => Object.fromEntries(results.map((r) => [r.ref, r]));
const create = (i: number, extra: Record<string, string | null> = {}): WriteOp => ({
  kind: 'create',
  ref: `c${i}`,
  fields: { firstName: `First${i}`, lastName: `Last${i}`, email: `strict${i}@example.com`, ...extra },
});
const fullRead = (google: Connector) => google.read({ object: 'contacts', fields: FIELDS, mode: 'full' });

const scopes = suite('google connector: scopes');

scopes('folder all without contacts.other.readonly: the read fails naming the missing scope; folder contacts works', async () => {
  const emulator = await startEmulator({ seed: { contacts: 5, otherContacts: 2 }, scopes: [SCOPES.contacts] });
  try {
    const all = connectorFor(emulator, { filter: { folder: 'all' } });
    const result = await fullRead(all);
    assert.is(result.complete, false);
    assert.is(result.error!.code, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT');
    assert.is(result.error!.category, 'permission');
    assert.match(result.error!.message, SCOPES.otherReadonly);
    assert.match(result.error!.hint!, SCOPES.otherReadonly);
    assert.match(result.error!.hint!, SCOPES.contacts);
    const contacts = await fullRead(connectorFor(emulator, { filter: { folder: 'contacts' } }));
    assert.is(contacts.complete, true);
    assert.is(contacts.records.length, 5);
  } finally {
    await emulator.close();
  }
});

scopes('a read-only token: writes stop the run with the scope they need', async () => {
  const emulator = await startEmulator({ scopes: [SCOPES.contactsReadonly] });
  try {
    const google = connectorFor(emulator, { filter: { folder: 'contacts' } });
    try {
      await google.write('contacts', [create(1)]);
      assert.unreachable('a write without the contacts scope must fail');
    } catch (error) {
      assert.instance(error, ConnectorFailure);
      assert.is((error as ConnectorFailure).error.code, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT');
      assert.match((error as ConnectorFailure).error.message, `lacks the OAuth scope ${SCOPES.contacts}`);
    }
  } finally {
    await emulator.close();
  }
});
scopes.run();

const quota = suite('google connector: the fixed full-sync quota');

quota('lookups never spend it: three findBy calls, one plain listing, and the full read still has its first page', async () => {
  const emulator = await startEmulator({ seed: { contacts: 1500 }, quotas: { readsPerMinute: Infinity, writesPerMinute: Infinity, fullSyncFirstPages: 1 } });
  try {
    const google = connectorFor(emulator, { filter: { folder: 'contacts' } });
    const people = [...emulator.store.people.values()];
    const emails = people.slice(0, 3).map((p) => String(p.data.emailAddresses![0]!.value));
    for (const email of emails) assert.is((await google.findBy!('contacts', 'email', [email.toUpperCase()])).length, 1);
    assert.is(calls(google, 'list'), 2, 'one listing of 1500 contacts (two pages) serves every lookup');
    const full = await fullRead(google);
    assert.is(full.complete, true, full.error?.message);
    assert.is(full.records.length, 1500);
    // After a full read the snapshot answers lookups with no call at all.
    const before = google.stats().calls;
    assert.is((await google.findBy!('contacts', 'email', [emails[1]!])).length, 1);
    assert.is(google.stats().calls, before);
  } finally {
    await emulator.close();
  }
});
quota.run();

const writes = suite('google connector: refused batches, status, stale etags, sequential mutations');
const ctx = { emulator: undefined as unknown as GoogleEmulator, google: undefined as unknown as Connector };
let afterResponse: ((route: string) => void) | undefined;
writes.before(async () => {
  ctx.emulator = await startEmulator({ limits: { maxContactBytes: 2000 }, mutateLatencyMs: 20, onResponse: (route) => afterResponse?.(route) });
  ctx.google = connectorFor(ctx.emulator, { filter: { folder: 'contacts' } });
});
writes.after(async () => {
  await ctx.google.close();
  await ctx.emulator.close();
});

writes('a refused create batch fails only the contacts its BatchCreateContactsErrorDetails names, in two calls', async () => {
  const big = 'x'.repeat(3000);
  const ops = [create(1), create(2, { notes: big }), create(3), create(4, { notes: big }), create(5)];
  const before = calls(ctx.google, 'batch/create');
  const results = byRef(await ctx.google.write('contacts', ops));
  assert.is(calls(ctx.google, 'batch/create') - before, 2, 'the refused call, then the rest once');
  for (const ref of ['c1', 'c3', 'c5']) assert.ok(results[ref]!.ok, ref);
  for (const ref of ['c2', 'c4']) {
    const r = results[ref]!;
    assert.ok(!r.ok && r.error.code === 'CONTACT_SIZE_LIMIT_EXCEEDED' && r.error.category === 'quota', JSON.stringify(r));
  }
});

writes('PersonResponse.status: a contact gone before its update is not-found, not a transient failure', async () => {
  const [made] = await ctx.google.write('contacts', [create(10)]);
  assert.ok(made!.ok);
  if (!made!.ok) return;
  ctx.emulator.store.trash(ctx.emulator.store.live(made.id)!);
  const [r] = await ctx.google.write('contacts', [{ kind: 'update', ref: 'u', id: made.id, fields: { lastName: 'Gone' } }]);
  assert.ok(!r!.ok);
  if (r!.ok) return;
  assert.is(r.error.category, 'not-found');
  assert.is(r.error.code, 'NOT_FOUND');
});

writes('a stale etag re-reads only the contact it names; an invalid batch-mate fails alone; two update calls', async () => {
  const made = await ctx.google.write('contacts', [create(20), create(21), create(22)]);
  const [a, b, c] = made.map((r) => (r.ok ? r.id : ''));
  // Someone edits b in Google after crmsync read it.
  const stored = ctx.emulator.store.live(b!)!;
  ctx.emulator.store.replace(stored, { organizations: [{ name: 'Edited Elsewhere' }] }, ['organizations']);
  const before = { update: calls(ctx.google, 'batch/update'), get: calls(ctx.google, 'batch/get') };
  const gets: number[] = [];
  afterResponse = (route) => route === 'people.getBatchGet' && gets.push(1);
  const results = byRef(
    await ctx.google.write('contacts', [
      { kind: 'update', ref: 'ua', id: a!, fields: { lastName: 'A2' } },
      { kind: 'update', ref: 'ub', id: b!, fields: { lastName: 'B2' } },
      { kind: 'update', ref: 'uc', id: c!, fields: { notes: 'x'.repeat(3000) } },
    ]),
  );
  afterResponse = undefined;
  assert.is(calls(ctx.google, 'batch/update') - before.update, 2);
  assert.is(calls(ctx.google, 'batch/get') - before.get, 1);
  assert.ok(results.ua!.ok && results.ub!.ok, JSON.stringify(results));
  assert.ok(!results.uc!.ok && results.uc!.error.category === 'quota');
  assert.is(ctx.emulator.store.live(b!)!.data.organizations![0]!.name, 'Edited Elsewhere', 'the other edit survives the re-merge');
  assert.is(ctx.emulator.store.live(b!)!.data.names![0]!.familyName, 'B2');
});

writes('an etag stale again after the re-read is a retryable conflict, after exactly one re-read', async () => {
  const [made] = await ctx.google.write('contacts', [create(30)]);
  const id = made!.ok ? made!.id : '';
  const bump = () => ctx.emulator.store.replace(ctx.emulator.store.live(id)!, { urls: [{ value: `https://example.com/${Math.random()}` }] }, ['urls']);
  bump();
  // Every re-read is followed by another edit in Google before the update arrives.
  afterResponse = (route) => route === 'people.getBatchGet' && bump();
  const before = calls(ctx.google, 'batch/update');
  const [r] = await ctx.google.write('contacts', [{ kind: 'update', ref: 'u', id, fields: { lastName: 'Never' } }]);
  afterResponse = undefined;
  assert.is(calls(ctx.google, 'batch/update') - before, 2);
  assert.ok(!r!.ok);
  if (r!.ok) return;
  assert.is(r.error.code, 'STALE_ETAG');
  assert.is(r.error.category, 'conflict');
  assert.is(r.error.retryable, true);
});

writes('mutations for one user never overlap, even when writes are asked for at once', async () => {
  // The emulator keeps each mutation busy for 20 ms and refuses one that arrives meanwhile (409 ABORTED).
  const refusals: string[] = [];
  const base = ctx.emulator.calls.byRoute['people.batchCreateContacts'] ?? 0;
  const runs = await Promise.all([0, 1, 2].map((k) => ctx.google.write('contacts', [create(100 + k), create(110 + k)])));
  for (const results of runs) for (const r of results) if (!r.ok) refusals.push(`${r.ref}: ${r.error.code}`);
  assert.equal(refusals, []);
  assert.is((ctx.emulator.calls.byRoute['people.batchCreateContacts'] ?? 0) - base, 3, 'three calls, none refused and resent');
});
writes.run();

const renames = suite('google connector: renamed contacts and expired sync tokens');

renames('a contact with a new resource name is read with its former name in meta.formerIds', async () => {
  const emulator = await startEmulator({ seed: { contacts: 10 } });
  try {
    const google = connectorFor(emulator, { filter: { folder: 'contacts' } });
    const full = await fullRead(google);
    const old = full.records[3]!.id;
    const renamed = emulator.store.rename(emulator.store.live(old)!);
    const inc = await google.read({ object: 'contacts', fields: FIELDS, mode: 'incremental', cursor: full.cursor });
    assert.equal(
      inc.records.map((r) => [r.id, r.meta?.formerIds]),
      [[renamed, [old]]],
    );
    // The renamed contact is updated under its new name, from the read's copy (no extra read).
    const before = calls(google, 'batch/get');
    const [r] = await google.write('contacts', [{ kind: 'update', ref: 'u', id: renamed, fields: { lastName: 'Renamed' } }]);
    assert.ok(r!.ok);
    assert.is(calls(google, 'batch/get'), before);
  } finally {
    await emulator.close();
  }
});

renames('a sync token that expires between pages: one full read, the partial pages discarded', async () => {
  const clock = testClock();
  const emulator = await startEmulator({ now: clock.now, seed: { contacts: 1500 } });
  try {
    const google = connectorFor(emulator, { filter: { folder: 'contacts' } });
    const full = await fullRead(google);
    // 1200 changes: the incremental read takes two pages.
    for (const p of [...emulator.store.people.values()].slice(0, 1200)) emulator.store.replace(p, { biographies: [{ value: 'changed' }] }, ['biographies']);
    clock.advance(7 * 24 * 3600 * 1000 - 1000);
    let pages = 0;
    const before = calls(google, 'list');
    const result = await google.read({
      object: 'contacts',
      fields: FIELDS,
      mode: 'incremental',
      cursor: full.cursor,
      // The chain's seven days run out while the read pages.
      onProgress: () => void (++pages === 1 && clock.advance(2000)),
    });
    assert.is(result.mode, 'full');
    assert.is(result.complete, true);
    assert.is(result.records.length, 1500);
    assert.is(new Set(result.records.map((r) => r.id)).size, 1500, 'no record twice');
    assert.is(calls(google, 'list') - before, 2 + 2, 'two pages of the sync (the second refused), then the two of one full read');
  } finally {
    await emulator.close();
  }
});
renames('propagation delay: a change reaches incremental reads only minutes later, and is never lost', async () => {
  const clock = testClock();
  const emulator = await startEmulator({ now: clock.now, seed: { contacts: 10 }, syncLagMs: 5 * 60_000 });
  try {
    const google = connectorFor(emulator, { filter: { folder: 'contacts' } });
    const inc = (cursor: string | null | undefined) => google.read({ object: 'contacts', fields: FIELDS, mode: 'incremental', cursor });
    const full = await fullRead(google);
    assert.is(full.records.length, 10, 'a full read lists contacts however young');
    clock.advance(6 * 60_000);
    const settled = await inc(full.cursor);
    assert.is(settled.records.length, 10, 'what was too young for the token of the full read comes again');
    const id = full.records[4]!.id;
    emulator.store.replace(emulator.store.live(id)!, { names: [{ givenName: 'Late' }] }, ['names']);
    const early = await inc(settled.cursor);
    assert.equal(early.records, [], 'not yet propagated');
    clock.advance(5 * 60_000);
    const later = await inc(early.cursor);
    assert.equal(
      later.records.map((r) => [r.id, r.fields.firstName]),
      [[id, 'Late']],
    );
  } finally {
    await emulator.close();
  }
});
renames.run();
