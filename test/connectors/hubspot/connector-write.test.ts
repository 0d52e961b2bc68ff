/** The connector's writes against the emulator: batching, partial failures, duplicates, rate limits and faults. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHubSpotConnector, type HubSpotConnectorOptions } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { plainCalls } from '../../../src/connectors/hubspot/plain.js';
import type { WriteOp, WriteResult } from '../../../src/connectors/types.js';
import { VirtualClock } from '../../helpers/virtual-clock.js';
import { FAST_RETRY, sdkFor } from './helpers.js';

const test = suite<{ emu: HubSpotEmulator }>('hubspot connector: write');

test.before(async (ctx) => {
  ctx.emu = await startHubSpotEmulator({ seed: { contacts: 20, companies: 5 }, limits: { tenSecondMax: 10_000, searchPerSecond: 1000 } });
});
test.after(async ({ emu }) => emu.close());

function connect(emu: HubSpotEmulator, extra: Partial<HubSpotConnectorOptions> = {}) {
  return createHubSpotConnector({
    name: 'hubspot',
    accessToken: emu.token,
    baseUrl: emu.url,
    retry: FAST_RETRY,
    limiter: { max: 10_000, windowMs: 10_000 },
    searchLimiter: { max: 1000, windowMs: 1000 },
    ...extra,
  });
}

/** Live contacts holding `email`, however it is cased. */
const holders = (emu: HubSpotEmulator, email: string) =>
  [...emu.store.types.get('0-1')!.records.values()].filter((r) => !r.archived && r.properties.email === email.toLowerCase());

const creates = (prefix: string, n: number): WriteOp[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'create', ref: `${prefix}${i}`, fields: { email: `${prefix}${i}@write.example.com`, firstname: `N${i}` } }));

const byRef = (results: WriteResult[]) => new Map(results.map((r) => [r.ref, r]));

test('250 creates go out as 3 batch calls, one result per op', async ({ emu }) => {
  const hs = connect(emu);
  const plain = plainCalls.count;
  const results = await hs.write('contacts', creates('bulk', 250));
  assert.is(results.length, 250);
  assert.ok(results.every((r) => r.ok));
  assert.equal(hs.stats().byKind, { 'batch/create': 3 });
  // Bodies and answers as plain JSON through apiRequest, not the SDK's models (plain.ts).
  assert.is(plainCalls.count - plain, 3);
  const first = byRef(results).get('bulk7')!;
  assert.ok(first.ok);
  if (first.ok) {
    assert.equal(first.fields, { email: 'bulk7@write.example.com', firstname: 'N7' });
    assert.is(emu.store.types.get('0-1')!.records.get(first.id)!.properties.email, 'bulk7@write.example.com');
  }
  assert.is(holders(emu, 'bulk249@write.example.com').length, 1);
});

test('a 207 fails only the record it names', async ({ emu }) => {
  const hs = connect(emu);
  const ids = (await sdkFor(emu).crm.contacts.basicApi.getPage(2)).results.map((r) => r.id);
  const results = byRef(
    await hs.write('contacts', [
      { kind: 'update', ref: 'u1', id: ids[0]!, fields: { jobtitle: 'CTO' } },
      { kind: 'update', ref: 'ghost', id: '909090', fields: { jobtitle: 'CTO' } },
      { kind: 'update', ref: 'u2', id: ids[1]!, fields: { jobtitle: null } },
    ]),
  );
  assert.equal(hs.stats().byKind, { 'batch/update': 1 });
  assert.ok(results.get('u1')!.ok && results.get('u2')!.ok);
  const ghost = results.get('ghost')!;
  assert.ok(!ghost.ok && ghost.error.category === 'not-found' && ghost.error.code === 'OBJECT_NOT_FOUND');
  assert.is(emu.store.types.get('0-1')!.records.get(ids[0]!)!.properties.jobtitle, 'CTO');
  assert.is(emu.store.types.get('0-1')!.records.get(ids[1]!)!.properties.jobtitle, undefined);
});

test('a duplicate email fails only that record, naming the existing contact', async ({ emu }) => {
  const hs = connect(emu);
  const existing = (await sdkFor(emu).crm.contacts.basicApi.getPage(1, undefined, ['email'])).results[0]!;
  const ops = creates('dup', 150);
  ops[77] = { kind: 'create', ref: 'clash', fields: { email: existing.properties.email!.toUpperCase() } };
  const results = byRef(await hs.write('contacts', ops));
  const clash = results.get('clash')!;
  assert.ok(!clash.ok);
  if (!clash.ok) {
    assert.is(clash.error.category, 'duplicate');
    assert.match(clash.error.hint!, new RegExp(`\\b${existing.id}\\b`));
  }
  assert.is([...results.values()].filter((r) => r.ok).length, 149);
  for (let i = 0; i < 150; i++) if (i !== 77) assert.is(holders(emu, `dup${i}@write.example.com`).length, 1);
  assert.is(holders(emu, existing.properties.email!).length, 1);
});

test('an invalid value fails only its record; a property missing everywhere fails all in one call', async ({ emu }) => {
  const hs = connect(emu);
  const ops = creates('val', 10);
  ops[3] = { kind: 'create', ref: 'bad', fields: { email: 'val3@write.example.com', lifecyclestage: 'emperor' } };
  const results = byRef(await hs.write('contacts', ops));
  const bad = results.get('bad')!;
  assert.ok(!bad.ok && bad.error.category === 'property-value' && bad.error.code === 'INVALID_OPTION');
  assert.is([...results.values()].filter((r) => r.ok).length, 9);
  const before = hs.stats().byKind['batch/create']!;
  const missing = await hs.write(
    'contacts',
    creates('nope', 5).map((op) => ({ ...op, fields: { ...(op as { fields: object }).fields, shoe_size: 42 } }) as WriteOp),
  );
  assert.ok(missing.every((r) => !r.ok && r.error.code === 'PROPERTY_DOESNT_EXIST' && /shoe_size/.test(r.error.hint!)));
  assert.is(hs.stats().byKind['batch/create']! - before, 1);
});

test('deletes archive in batches', async ({ emu }) => {
  const hs = connect(emu);
  const made = await hs.write('contacts', creates('del', 3));
  const results = await hs.write(
    'contacts',
    made.map((r, i) => ({ kind: 'delete', ref: `d${i}`, id: r.ok ? r.id : '', mode: 'archive' })),
  );
  assert.ok(results.every((r) => r.ok));
  assert.equal(hs.stats().byKind['batch/archive'], 1);
  for (const r of made) if (r.ok) assert.ok(emu.store.types.get('0-1')!.records.get(r.id)!.archived);
});

test('the client-side limiter keeps a burst under the ten-second limit: no 429s', async () => {
  // One virtual clock for the limiter and the emulator's window: each call reaches the emulator at
  // the instant the limiter released it, so the outcome does not depend on the machine's load.
  const clock = new VirtualClock();
  const emu = await startHubSpotEmulator({ seed: { contacts: 5 }, limits: { tenSecondMax: 8, windowMs: 400 }, now: clock.now });
  try {
    const ids = [...emu.store.types.get('0-1')!.records.keys()];
    // Without the limiter, the same burst is refused.
    const raw = sdkFor(emu);
    await Promise.allSettled(Array.from({ length: 12 }, () => raw.crm.contacts.basicApi.getPage(1)));
    assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 4);
    clock.advance(400);
    const before = emu.calls.total;
    const hs = connect(emu, { limiter: { max: 8, windowMs: 400 }, clock });
    const started = clock.now();
    const results = await clock.drive(
      Promise.all(
        Array.from({ length: 24 }, (_, i) => hs.write('contacts', [{ kind: 'update', ref: `r${i}`, id: ids[i % ids.length]!, fields: { jobtitle: `T${i}` } }])),
      ),
      () => emu.calls.total - before >= hs.stats().calls,
    );
    assert.ok(results.flat().every((r) => r.ok));
    assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 4);
    assert.is(hs.stats().byKind['batch/update'], 24);
    assert.is(emu.calls.total - before, 24);
    // 24 calls, 8 per window of 400 ms plus the limiter's 100 ms of slack: three windows.
    assert.is(clock.now() - started, 1000, 'the burst was spread over the window');
  } finally {
    await emu.close();
  }
});

test('search 429s ("secondly limit") are retried after the search window', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 3 }, limits: { searchPerSecond: 2, searchWindowMs: 200 } });
  try {
    // A search budget larger than the emulator's, so HubSpot has to refuse some.
    const hs = connect(emu, { searchLimiter: { max: 50, windowMs: 200 }, retry: { attempts: 10, baseMs: 5, maxMs: 50 } });
    const emails = [...emu.store.types.get('0-1')!.records.values()].map((r) => r.properties.email!);
    const found = await Promise.all(Array.from({ length: 6 }, (_, i) => hs.findBy('contacts', 'email', [emails[i % 3]!])));
    assert.ok(found.every((f) => f.length === 1));
    assert.ok((emu.rate.refusals.SECONDLY ?? 0) > 0);
  } finally {
    await emu.close();
  }
});

test('a DAILY 429 is not retried and fails with category quota', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 1 }, limits: { daily: 0 } });
  try {
    const hs = connect(emu);
    const [result] = await hs.write('contacts', [{ kind: 'update', ref: 'q', id: '101', fields: { firstname: 'Q' } }]);
    assert.ok(result && !result.ok && result.error.category === 'quota' && result.error.code === 'DAILY');
    assert.is(hs.stats().byKind['batch/update'], 1);
  } finally {
    await emu.close();
  }
});

test('injected 429s are retried and every write lands exactly once', async ({ emu }) => {
  const hs = connect(emu);
  emu.setFaults({ rate: 0.5, kinds: ['rate-limit'], seed: 3 });
  try {
    const results = await hs.write('contacts', creates('flaky', 230));
    assert.ok(results.every((r) => r.ok));
    for (let i = 0; i < 230; i++) assert.is(holders(emu, `flaky${i}@write.example.com`).length, 1);
    assert.ok(hs.stats().byKind['batch/create']! > 3, 'retries were made');
    assert.ok(emu.calls.faults > 0);
  } finally {
    emu.setFaults(null);
  }
});

test('a 5xx is retried for updates, never for a create: the create may have gone through', async ({ emu }) => {
  const hs = connect(emu);
  const [made] = await hs.write('contacts', creates('fivexx', 1));
  const id = (made as { id: string }).id;
  emu.setFaults({ rate: 1, kinds: ['server-error'], methods: ['POST'], when: 'after' });
  try {
    const before = hs.stats().byKind['batch/create'] ?? 0;
    const [lost] = await hs.write('contacts', creates('afterwards', 1));
    assert.ok(lost && !lost.ok && lost.error.category === 'server-error');
    assert.is((hs.stats().byKind['batch/create'] ?? 0) - before, 1, 'the create was sent once');
    assert.is(holders(emu, 'afterwards0@write.example.com').length, 1, 'HubSpot did create it');
    // Updates are safe to repeat: the first faulted answer is retried until one gets through.
    emu.setFaults({ rate: 0.5, kinds: ['server-error'], methods: ['POST'], seed: 4 });
    const [updated] = await hs.write('contacts', [{ kind: 'update', ref: 'u', id, fields: { firstname: 'Again' } }]);
    assert.ok(updated?.ok);
  } finally {
    emu.setFaults(null);
  }
});

test('a create whose connection dropped is not repeated', async ({ emu }) => {
  const hs = connect(emu);
  emu.setFaults({ rate: 1, kinds: ['drop'], methods: ['POST'] });
  try {
    const [result] = await hs.write('contacts', creates('dropped', 1));
    assert.ok(result && !result.ok && result.error.category === 'network' && result.error.retryable);
    assert.is(hs.stats().byKind['batch/create'], 1);
  } finally {
    emu.setFaults(null);
  }
  assert.is(holders(emu, 'dropped0@write.example.com').length, 0);
});

test('findBy finds contacts by email, whatever the case', async ({ emu }) => {
  const hs = connect(emu);
  await hs.write('contacts', creates('find', 3));
  const found = await hs.findBy('contacts', 'email', ['FIND0@write.example.com', 'find2@WRITE.example.com', 'absent@example.com']);
  assert.equal(found.map((r) => r.fields.email).sort(), ['find0@write.example.com', 'find2@write.example.com']);
  assert.equal(hs.stats().byKind.search, 1);
});

test('findBy returns a merged record with the ids it replaced (R24)', async ({ emu }) => {
  const hs = connect(emu);
  const made = await hs.write('contacts', creates('merged', 2));
  const [a, b] = made.map((r) => (r.ok ? r.id : ''));
  // As in a sync: the read before the lookup names the mapped fields only.
  await hs.read({ object: 'contacts', fields: ['email', 'firstname'], mode: 'full' });
  const merged = await sdkFor(emu).crm.contacts.basicApi.merge({ primaryObjectId: a!, objectIdToMerge: b! });
  const [found] = await hs.findBy('contacts', 'email', ['merged0@write.example.com']);
  assert.is(found?.id, merged.id);
  assert.equal([...(found?.meta?.formerIds ?? [])].sort(), [a, b].sort());
});

test('R25: findBy on secondary emails finds a contact holding the address among others, whatever its case; email does not', async ({ emu }) => {
  const hs = connect(emu);
  const [made] = await hs.write('contacts', creates('second', 1));
  const id = made?.ok ? made.id : '';
  // hs_additional_emails is read-only through the API (HubSpot fills it); set as HubSpot stores it.
  emu.store.types.get('0-1')!.records.get(id)!.properties.hs_additional_emails = 'old.one@second.example.com;old.two@second.example.com';
  const found = await hs.findBy('contacts', 'hs_additional_emails', ['Old.Two@Second.example.com', 'nobody@second.example.com']);
  assert.equal(
    found.map((r) => r.id),
    [id],
  );
  assert.equal(await hs.findBy('contacts', 'email', ['old.two@second.example.com']), []);
});

test('associate links with the primary type and reports unknown records', async ({ emu }) => {
  const hs = connect(emu);
  const [contact] = await hs.write('contacts', creates('assoc', 1));
  const company = [...emu.store.types.get('0-2')!.records.keys()][0]!;
  assert.ok(contact?.ok);
  const fromId = contact!.ok ? contact!.id : '';
  const results = byRef(
    await hs.associate('contacts', 'companies', [
      { fromId, toId: company, primary: true },
      { fromId: '777777', toId: company },
    ]),
  );
  assert.ok(results.get(`${fromId}->${company}`)!.ok);
  const failed = results.get(`777777->${company}`)!;
  assert.ok(!failed.ok && failed.error.category === 'association');
  const types = emu.store.associations.of('0-1', fromId, '0-2').get(company);
  assert.equal(
    [...types!].sort((a, b) => a - b),
    [1, 279],
  );
});

test('createProperty provisions a field the next write and read use (R16)', async ({ emu }) => {
  const hs = connect(emu);
  const def = await hs.createProperty('contacts', { name: 'is_partner', label: 'Partner?', type: 'boolean' });
  assert.equal(def, { name: 'is_partner', label: 'Partner?', type: 'boolean', custom: true });
  const again = await hs.createProperty('contacts', { name: 'is_partner', label: 'Partner?', type: 'boolean' });
  assert.is(again.name, 'is_partner');
  const [made] = await hs.write('contacts', [{ kind: 'create', ref: 'p', fields: { email: 'partner@write.example.com', is_partner: true } }]);
  assert.ok(made?.ok && made.fields?.is_partner === true);
  const found = await hs.findBy('contacts', 'email', ['partner@write.example.com']);
  const catalogue = await hs.catalogue('contacts');
  assert.ok(catalogue.fields.some((f) => f.name === 'is_partner' && f.type === 'boolean'));
  const read = await hs.read({ object: 'contacts', fields: ['email', 'is_partner'], mode: 'full' });
  assert.is(read.records.find((r) => r.id === found[0]!.id)!.fields.is_partner, true);
});

test('a marker property ties a lost create back to its record', async ({ emu }) => {
  const setup = connect(emu);
  await setup.createProperty('companies', { name: 'crmsync_marker', label: 'crmsync marker', type: 'string' });
  const hs = connect(emu, { markerProperty: 'crmsync_marker' });
  await hs.write('companies', [{ kind: 'create', ref: 'm', fields: { name: 'Marked AS' }, marker: 'run-1/op-7' }]);
  const found = await hs.findBy('companies', 'crmsync_marker', ['run-1/op-7']);
  assert.is(found.length, 1);
  assert.is(found[0]!.meta?.marker, 'run-1/op-7');
  assert.is(found[0]!.fields.name, 'Marked AS');
});

test.run();
