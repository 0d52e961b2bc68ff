/**
 * Conformance of the emulator's listing and sync, through the unmodified official client:
 * paging, nextSyncToken on the last page only, deletions flagged in syncs, and the expired-token
 * error exactly as Google sends it. Responses are checked against the client's own People API types (people-types.ts).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { people_v1 } from '@googleapis/people';
import type { GoogleEmulator } from '../../../src/connectors/google/emulator/server.js';
import { loadPeopleTypes, schemaProblems } from './people-types.js';
import { ALL_FIELDS, rawClient, startEmulator, testClock, thrown } from './helpers.js';

const doc = loadPeopleTypes();
const clock = testClock();
const ctx = { emulator: undefined as unknown as GoogleEmulator, client: undefined as unknown as people_v1.People };
const test = suite('google emulator: connections.list and sync tokens');

test.before(async () => {
  ctx.emulator = await startEmulator({ now: clock.now, seed: { contacts: 2500 } });
  ctx.client = rawClient(ctx.emulator);
});
test.after(() => ctx.emulator.close());

const list = (params: people_v1.Params$Resource$People$Connections$List) =>
  ctx.client.people.connections.list({ resourceName: 'people/me', personFields: ALL_FIELDS, ...params });

async function fullSync(): Promise<{ pages: people_v1.Schema$ListConnectionsResponse[]; token: string }> {
  const pages: people_v1.Schema$ListConnectionsResponse[] = [];
  let pageToken: string | undefined;
  do {
    const { data } = await list({ pageSize: 1000, requestSyncToken: true, ...(pageToken ? { pageToken } : {}) });
    pages.push(data);
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
  return { pages, token: pages.at(-1)!.nextSyncToken! };
}

test('pages 2500 contacts as 1000 + 1000 + 500, the sync token on the last page only', async () => {
  const { pages, token } = await fullSync();
  assert.equal(
    pages.map((p) => p.connections?.length),
    [1000, 1000, 500],
  );
  assert.equal(
    pages.map((p) => !!p.nextPageToken),
    [true, true, false],
  );
  assert.equal(
    pages.map((p) => !!p.nextSyncToken),
    [false, false, true],
  );
  assert.type(token, 'string');
  assert.is(pages[0]!.totalItems, 2500);
  const names = new Set(pages.flatMap((p) => p.connections!.map((c) => c.resourceName)));
  assert.is(names.size, 2500);
  for (const name of names) assert.match(name!, /^people\/c\d{19}$/);
  for (const page of pages) assert.equal(schemaProblems(doc, 'ListConnectionsResponse', page), []);
});

test('a person carries metadata.sources with updateTime, field metadata and memberships', async () => {
  const { data } = await list({ pageSize: 1 });
  const person = data.connections![0]!;
  assert.is(person.metadata!.sources![0]!.type, 'CONTACT');
  assert.ok(Date.parse(person.metadata!.sources![0]!.updateTime!) > 0);
  assert.is(person.names![0]!.metadata!.primary, true);
  assert.is(person.names![0]!.displayName, `${person.names![0]!.givenName} ${person.names![0]!.familyName}`);
  assert.is(person.phoneNumbers![1]!.type, 'mobile');
  assert.is(person.phoneNumbers![1]!.formattedType, 'Mobile');
  assert.ok(person.memberships!.some((m) => m.contactGroupMembership!.contactGroupResourceName === 'contactGroups/myContacts'));
  assert.equal(schemaProblems(doc, 'Person', person), []);
});

test('personFields is required: 400 INVALID_ARGUMENT in the AIP-193 envelope', async () => {
  const e = await thrown(() => ctx.client.people.connections.list({ resourceName: 'people/me' }));
  assert.is(e.status, 400);
  assert.is(e.response!.data.error.code, 400);
  assert.is(e.response!.data.error.status, 'INVALID_ARGUMENT');
  assert.type(e.response!.data.error.message, 'string');
});

test('pageSize above 1000 is refused', async () => {
  const e = await thrown(() => list({ pageSize: 1001 }));
  assert.is(e.status, 400);
  assert.is(e.response!.data.error.status, 'INVALID_ARGUMENT');
});

test('a sync returns exactly the changed people, deletions flagged metadata.deleted', async () => {
  const { pages, token } = await fullSync();
  const [a, b] = [pages[0]!.connections![10]!, pages[1]!.connections![20]!];
  await ctx.client.people.updateContact({
    resourceName: a.resourceName!,
    updatePersonFields: 'names',
    requestBody: { etag: a.etag, names: [{ givenName: 'Changed', familyName: 'Person' }] },
  });
  await ctx.client.people.deleteContact({ resourceName: b.resourceName! });
  const { data } = await list({ syncToken: token, requestSyncToken: true });
  assert.is(data.connections!.length, 2);
  const changed = data.connections!.find((c) => c.resourceName === a.resourceName)!;
  const deleted = data.connections!.find((c) => c.resourceName === b.resourceName)!;
  assert.is(changed.names![0]!.givenName, 'Changed');
  assert.is(changed.metadata!.deleted, undefined);
  assert.is(deleted.metadata!.deleted, true);
  assert.type(data.nextSyncToken, 'string');
  assert.equal(schemaProblems(doc, 'ListConnectionsResponse', data), []);

  // Nothing changed since: an empty answer that still carries a new token.
  const again = await list({ syncToken: data.nextSyncToken!, requestSyncToken: true });
  assert.is(again.data.connections, undefined);
  assert.type(again.data.nextSyncToken, 'string');
});

test('a sync pages too, with the token on its last page only', async () => {
  const { token } = await fullSync();
  const { store } = ctx.emulator;
  const live = [...store.people.values()].filter((p) => p.state === 'live').slice(0, 5);
  for (const p of live) store.replace(p, { biographies: [{ value: 'edited' }] }, ['biographies']);
  const first = await list({ syncToken: token, requestSyncToken: true, pageSize: 3 });
  assert.is(first.data.connections!.length, 3);
  assert.ok(first.data.nextPageToken);
  assert.is(first.data.nextSyncToken, undefined);
  const second = await list({ syncToken: token, requestSyncToken: true, pageSize: 3, pageToken: first.data.nextPageToken! });
  assert.is(second.data.connections!.length, 2);
  assert.is(second.data.nextPageToken, undefined);
  assert.type(second.data.nextSyncToken, 'string');
});

test('a sync token expires 7 days after the full sync: 400 FAILED_PRECONDITION, EXPIRED_SYNC_TOKEN', async () => {
  const { token } = await fullSync();
  clock.advance(7 * 24 * 3600 * 1000 + 1);
  const e = await thrown(() => list({ syncToken: token, requestSyncToken: true }));
  assert.is(e.status, 400);
  const error = e.response!.data.error;
  assert.is(error.status, 'FAILED_PRECONDITION');
  assert.is(error.message, 'Sync token is expired. Clear local cache and retry call without the sync token.');
  assert.equal(error.details, [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'EXPIRED_SYNC_TOKEN', domain: 'people.googleapis.com' }]);
});

test('page tokens must come with the same parameters', async () => {
  const { data } = await list({ pageSize: 1000 });
  const e = await thrown(() => ctx.client.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageToken: data.nextPageToken! }));
  assert.is(e.status, 400);
});

test.run();
