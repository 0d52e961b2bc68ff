/**
 * The People API rules the emulator holds clients to, each shown refusing a violating request
 * through the official client: scopes per method (403 PERMISSION_DENIED with
 * ACCESS_TOKEN_SCOPE_INSUFFICIENT), the fixed quota on first pages of full syncs, one mutation at a
 * time per user, and contacts that change resource name (previousResourceNames).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { people_v1 } from '@googleapis/people';
import { SCOPES } from '../../../src/connectors/google/limits.js';
import type { GoogleEmulator } from '../../../src/connectors/google/emulator/server.js';
import { rawClient, startEmulator, testClock, thrown } from './helpers.js';

const clock = testClock();
const ctx = { emulator: undefined as unknown as GoogleEmulator, client: undefined as unknown as people_v1.People };
const test = suite('google emulator: scopes, full-sync quota, sequential mutations, renames');

test.before(async () => {
  ctx.emulator = await startEmulator({
    now: clock.now,
    seed: { contacts: 30, otherContacts: 3 },
    tokens: { 'contacts-only': [SCOPES.contacts], 'read-only': [SCOPES.contactsReadonly, SCOPES.otherReadonly] },
    mutateLatencyMs: 60,
  });
  ctx.client = rawClient(ctx.emulator);
});
test.after(() => ctx.emulator.close());

test('a token without contacts.other.readonly cannot list Other contacts: 403 as Google sends it', async () => {
  const e = await thrown(() => rawClient(ctx.emulator, 'contacts-only').otherContacts.list({ readMask: 'names' }));
  assert.is(e.status, 403);
  const error = e.response!.data.error;
  assert.is(error.status, 'PERMISSION_DENIED');
  assert.is(error.message, 'Request had insufficient authentication scopes.');
  assert.equal(error.details, [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
      domain: 'googleapis.com',
      metadata: { service: 'people.googleapis.com', method: 'google.people.v1.OtherContactsService.ListOtherContacts' },
    },
  ]);
  const header = (e as unknown as { response: { headers: { get(k: string): string } } }).response.headers.get('www-authenticate');
  assert.match(header, `error="insufficient_scope", scope="${SCOPES.otherReadonly}"`);
  // The same token lists contacts; a read-only token lists both but cannot write.
  assert.is((await rawClient(ctx.emulator, 'contacts-only').people.connections.list({ resourceName: 'people/me', personFields: 'names' })).status, 200);
  const readOnly = rawClient(ctx.emulator, 'read-only');
  assert.is((await readOnly.otherContacts.list({ readMask: 'names' })).status, 200);
  const write = await thrown(() =>
    readOnly.people.batchCreateContacts({ requestBody: { contacts: [{ contactPerson: { names: [{ givenName: 'X' }] } }], readMask: 'names' } }),
  );
  assert.is(write.status, 403);
  assert.is(write.response!.data.error.details[0].metadata.method, 'google.people.v1.PeopleService.BatchCreateContacts');
});

test('the first page of a full sync draws on a fixed quota: 429 once spent; later pages, syncs and plain listings do not', async () => {
  ctx.emulator.setQuotas({ fullSyncFirstPages: 2 });
  try {
    const list = (extra: Partial<people_v1.Params$Resource$People$Connections$List> = {}) =>
      ctx.client.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 10, ...extra });
    const first = await list({ requestSyncToken: true });
    await list({ requestSyncToken: true, pageToken: first.data.nextPageToken! });
    await list({ requestSyncToken: true });
    const e = await thrown(() => list({ requestSyncToken: true }));
    assert.is(e.status, 429);
    assert.is(e.response!.data.error.status, 'RESOURCE_EXHAUSTED');
    assert.is(e.response!.data.error.details[0].reason, 'RATE_LIMIT_EXCEEDED');
    assert.is(
      (await thrown(() => ctx.client.otherContacts.list({ readMask: 'names', requestSyncToken: true }))).status,
      429,
      'per user, Other contacts included',
    );
    assert.is((await list()).status, 200, 'a listing without requestSyncToken is not a sync');
    let page = first;
    while (page.data.nextPageToken) page = await list({ requestSyncToken: true, pageToken: page.data.nextPageToken });
    assert.is((await list({ requestSyncToken: true, syncToken: page.data.nextSyncToken! })).status, 200, 'an incremental sync is not a full one');
    clock.advance(60_001);
    assert.is((await list({ requestSyncToken: true })).status, 200, 'room again a minute later');
  } finally {
    ctx.emulator.setQuotas({ fullSyncFirstPages: Infinity });
  }
});

test('a mutation while another one for the user is in progress is refused (Assumption: 409 ABORTED)', async () => {
  const create = (name: string) =>
    ctx.client.people.batchCreateContacts({ requestBody: { contacts: [{ contactPerson: { names: [{ givenName: name }] } }], readMask: 'names' } });
  const before = ctx.emulator.store.people.size;
  const answers = await Promise.allSettled([create('One'), create('Two')]);
  const refused = answers.filter((a) => a.status === 'rejected') as PromiseRejectedResult[];
  assert.is(refused.length, 1);
  assert.is(refused[0]!.reason.status, 409);
  assert.is(refused[0]!.reason.response.data.error.status, 'ABORTED');
  assert.is(ctx.emulator.store.people.size, before + 1, 'the refused one changed nothing');
  await create('Three');
  await create('Four');
  assert.is(ctx.emulator.store.people.size, before + 3, 'one after the other, both are served');
});

test('a renamed contact: a sync returns it under its new name with previousResourceNames; batchGet follows the old name', async () => {
  const list = (extra: Partial<people_v1.Params$Resource$People$Connections$List> = {}) =>
    ctx.client.people.connections.list({ resourceName: 'people/me', personFields: 'names,metadata', pageSize: 1000, requestSyncToken: true, ...extra });
  const full = await list();
  const old = full.data.connections![0]!.resourceName!;
  const renamed = ctx.emulator.store.rename(ctx.emulator.store.live(old)!);
  const sync = await list({ syncToken: full.data.nextSyncToken! });
  assert.equal(
    sync.data.connections!.map((p) => p.resourceName),
    [renamed],
    'the old name is not reported deleted',
  );
  assert.equal(sync.data.connections![0]!.metadata!.previousResourceNames, [old]);
  const again = await list();
  assert.ok(
    again.data.connections!.every((p) => !p.metadata!.previousResourceNames),
    'only syncs carry previousResourceNames',
  );
  const got = await ctx.client.people.getBatchGet({ resourceNames: [old], personFields: 'names' });
  assert.is(got.data.responses![0]!.requestedResourceName, old);
  assert.is(got.data.responses![0]!.person!.resourceName, renamed);
});

test.run();
