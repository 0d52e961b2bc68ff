/**
 * The emulator held to the People API contract: every answer the connector consumes, successes
 * and refusals alike, is checked against the pinned client's own types (@googleapis/people's
 * Schema$ interfaces) and Google's documented error envelope and details (people-types.ts). The
 * scenario drives every call the connector makes, through the connector itself.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Connector, WriteOp } from '../../../src/connectors/types.js';
import { SCOPES } from '../../../src/connectors/google/limits.js';
import { answerProblems, loadPeopleTypes, schemaProblems } from './people-types.js';
import { connectorFor, startEmulator, testClock } from './helpers.js';

const FIELDS = ['firstName', 'lastName', 'email', 'notes'];

test('every answer the connector consumes matches the People API types', async () => {
  const answers: { route: string; status: number; body: unknown }[] = [];
  const clock = testClock();
  const emulator = await startEmulator({
    now: clock.now,
    seed: { contacts: 1200, otherContacts: 3 },
    limits: { maxContactBytes: 2000 },
    quotas: { readsPerMinute: Infinity, writesPerMinute: Infinity, fullSyncFirstPages: 2 },
    tokens: { narrow: [SCOPES.contacts] },
    onResponse: (route, r) => answers.push({ route, status: r.status, body: r.body }),
  });
  try {
    const google: Connector = connectorFor(emulator, { filter: { folder: 'all' }, retry: { attempts: 1, baseMs: 1, maxMs: 1 } });
    const read = (cursor?: string | null) => google.read({ object: 'contacts', fields: FIELDS, mode: cursor === undefined ? 'full' : 'incremental', cursor });
    const full = await read();
    const [a, b, c, d] = full.records.filter((r) => r.id.startsWith('people/'));
    emulator.store.rename(emulator.store.live(a!.id)!);
    emulator.store.trash(emulator.store.live(b!.id)!);
    const inc = await read(full.cursor);
    assert.ok(inc.complete && inc.mode === 'incremental');
    const ops: WriteOp[] = [
      { kind: 'create', ref: 'new', fields: { firstName: 'New', email: 'new@example.com' } },
      { kind: 'create', ref: 'big', fields: { firstName: 'Big', notes: 'x'.repeat(3000) } },
      { kind: 'update', ref: 'gone', id: b!.id, fields: { lastName: 'Gone' } },
      { kind: 'update', ref: 'stale', id: c!.id, fields: { lastName: 'Stale' } },
      { kind: 'delete', ref: 'del', id: d!.id, mode: 'delete' },
      { kind: 'delete', ref: 'unknown', id: 'people/c1', mode: 'delete' },
    ];
    emulator.store.replace(emulator.store.live(c!.id)!, { urls: [{ value: 'https://example.com' }] }, ['urls']);
    await google.write('contacts', ops.slice(0, 2));
    await google.write('contacts', ops.slice(2));
    // A fresh connector's lookup lists without a sync token; a further full sync finds the quota spent.
    const fresh = connectorFor(emulator, { filter: { folder: 'contacts' }, retry: { attempts: 1, baseMs: 1, maxMs: 1 } });
    await fresh.findBy!('contacts', 'email', ['new@example.com']);
    assert.is((await fresh.read({ object: 'contacts', fields: FIELDS, mode: 'full' })).complete, false, 'the quota is spent');
    clock.advance(8 * 24 * 3600 * 1000);
    assert.is((await read(inc.cursor)).mode, 'full', 'an expired token, then a full read');
    clock.advance(60_001);
    const narrow = connectorFor(emulator, { accessToken: 'narrow', filter: { folder: 'all' } });
    assert.is((await narrow.read({ object: 'contacts', fields: FIELDS, mode: 'full' })).error?.code, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT');

    const seen = new Set(answers.map((x) => `${x.route} ${x.status}`));
    for (const expected of [
      'people.connections.list 200',
      'otherContacts.list 200',
      'people.batchCreateContacts 200',
      'people.batchCreateContacts 400',
      'people.batchUpdateContacts 200',
      'people.batchUpdateContacts 400',
      'people.getBatchGet 200',
      'people.batchDeleteContacts 200',
      'people.batchDeleteContacts 400',
      'people.connections.list 429',
      'people.connections.list 400',
      'otherContacts.list 403',
    ])
      assert.ok(seen.has(expected), `${expected} not exercised; seen: ${[...seen].join(', ')}`);
    assert.equal(
      answers.flatMap((x) => answerProblems(x.route, x.status, x.body)),
      [],
    );
  } finally {
    await emulator.close();
  }
});

test('the checker itself: undeclared keys, wrong kinds and unknown details are problems', () => {
  const doc = loadPeopleTypes();
  assert.equal(schemaProblems(doc, 'PersonResponse', { person: { resourceName: 'people/c1' }, status: {} }), []);
  assert.equal(schemaProblems(doc, 'PersonResponse', { httpStatus: 200 }), ['PersonResponse.httpStatus: not declared by PersonResponse']);
  assert.equal(schemaProblems(doc, 'Person', { names: {} }), ['Person.names: expected an array']);
  assert.equal(
    answerProblems('people.batchUpdateContacts', 400, {
      error: { code: 400, details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', contactErrors: {} }] },
    }),
    ['people.batchUpdateContacts 400.error.details[0].contactErrors: not declared by type.googleapis.com/google.rpc.BadRequest'],
  );
});

test.run();
