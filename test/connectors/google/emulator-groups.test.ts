/**
 * Conformance of contact groups, Other contacts, quotas, authentication and injected faults,
 * through the official client.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { people_v1 } from '@googleapis/people';
import type { GoogleEmulator } from '../../../src/connectors/google/emulator/server.js';
import { loadPeopleTypes, schemaProblems } from './people-types.js';
import { rawClient, startEmulator, testClock, thrown } from './helpers.js';

const doc = loadPeopleTypes();
const clock = testClock();
const ctx = { emulator: undefined as unknown as GoogleEmulator, client: undefined as unknown as people_v1.People };
const test = suite('google emulator: groups, Other contacts, quotas, auth');

test.before(async () => {
  ctx.emulator = await startEmulator({ now: clock.now, seed: { contacts: 20, otherContacts: 5, starredEvery: 5 } });
  ctx.client = rawClient(ctx.emulator);
});
test.after(() => ctx.emulator.close());

const firstContact = async () =>
  (await ctx.client.people.connections.list({ resourceName: 'people/me', personFields: 'memberships', pageSize: 1 })).data.connections![0]!;

test('contactGroups.list has the system groups with member counts', async () => {
  const { data } = await ctx.client.contactGroups.list({ pageSize: 100 });
  const byName = Object.fromEntries(data.contactGroups!.map((g) => [g.name, g]));
  assert.is(byName.myContacts!.resourceName, 'contactGroups/myContacts');
  assert.is(byName.myContacts!.groupType, 'SYSTEM_CONTACT_GROUP');
  assert.is(byName.myContacts!.formattedName, 'My Contacts');
  assert.is(byName.myContacts!.memberCount, 20);
  assert.is(byName.starred!.memberCount, 4);
  assert.equal(schemaProblems(doc, 'ListContactGroupsResponse', data), []);
});

test('members:modify stars a contact; only myContacts, starred and user groups take members', async () => {
  const person = await firstContact();
  const name = person.resourceName!;
  await ctx.client.contactGroups.members.modify({ resourceName: 'contactGroups/starred', requestBody: { resourceNamesToRemove: [name] } });
  const { data } = await ctx.client.contactGroups.members.modify({
    resourceName: 'contactGroups/starred',
    requestBody: { resourceNamesToAdd: [name, 'people/c1'] },
  });
  assert.equal(data.notFoundResourceNames, ['people/c1']);
  assert.equal(schemaProblems(doc, 'ModifyContactGroupMembersResponse', data), []);
  const got = await ctx.client.people.get({ resourceName: name, personFields: 'memberships' });
  const groups = got.data.memberships!.map((m) => m.contactGroupMembership!.contactGroupResourceName);
  assert.ok(groups.includes('contactGroups/starred'));
  assert.is.not(got.data.etag, person.etag, 'a membership change is a change of the person');

  const e = await thrown(() => ctx.client.contactGroups.members.modify({ resourceName: 'contactGroups/family', requestBody: { resourceNamesToAdd: [name] } }));
  assert.is(e.status, 400);
  assert.is(e.response!.data.error.status, 'FAILED_PRECONDITION');
});

test('a contact keeps its last group', async () => {
  const person = await ctx.client.people.createContact({ personFields: 'memberships', requestBody: { names: [{ givenName: 'Solo' }] } });
  const { data } = await ctx.client.contactGroups.members.modify({
    resourceName: 'contactGroups/myContacts',
    requestBody: { resourceNamesToRemove: [person.data.resourceName!] },
  });
  assert.equal(data.canNotRemoveLastContactGroupResourceNames, [person.data.resourceName]);
});

test('user groups: create, duplicate name 409, get with maxMembers', async () => {
  const { data: group } = await ctx.client.contactGroups.create({ requestBody: { contactGroup: { name: 'Customers' } } });
  assert.is(group.groupType, 'USER_CONTACT_GROUP');
  assert.match(group.resourceName!, /^contactGroups\/[0-9a-f]+$/);
  assert.equal(schemaProblems(doc, 'ContactGroup', group), []);
  const dup = await thrown(() => ctx.client.contactGroups.create({ requestBody: { contactGroup: { name: 'customers' } } }));
  assert.is(dup.status, 409);
  assert.is(dup.response!.data.error.status, 'ALREADY_EXISTS');
  const person = await firstContact();
  await ctx.client.contactGroups.members.modify({ resourceName: group.resourceName!, requestBody: { resourceNamesToAdd: [person.resourceName!] } });
  const { data } = await ctx.client.contactGroups.get({ resourceName: group.resourceName!, maxMembers: 10 });
  assert.is(data.memberCount, 1);
  assert.equal(data.memberResourceNames, [person.resourceName]);
});

test('otherContacts.list needs a readMask and lists only Other contacts', async () => {
  const e = await thrown(() => ctx.client.otherContacts.list({}));
  assert.is(e.status, 400);
  assert.is(e.response!.data.error.status, 'INVALID_ARGUMENT');
  const bad = await thrown(() => ctx.client.otherContacts.list({ readMask: 'organizations' }));
  assert.is(bad.status, 400);
  const { data } = await ctx.client.otherContacts.list({ readMask: 'names,emailAddresses,metadata', requestSyncToken: true });
  assert.is(data.otherContacts!.length, 5);
  assert.ok(data.otherContacts!.every((p) => p.resourceName!.startsWith('otherContacts/c')));
  assert.is(data.otherContacts![0]!.metadata!.sources![0]!.type, 'OTHER_CONTACT');
  assert.type(data.nextSyncToken, 'string');
  assert.equal(schemaProblems(doc, 'ListOtherContactsResponse', data), []);
  const contacts = await ctx.client.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 1000 });
  assert.ok(contacts.data.connections!.every((p) => p.resourceName!.startsWith('people/')));
});

test('a wrong or missing token is 401 UNAUTHENTICATED', async () => {
  const e = await thrown(() => rawClient(ctx.emulator, 'wrong-token').people.connections.list({ resourceName: 'people/me', personFields: 'names' }));
  assert.is(e.status, 401);
  assert.is(e.response!.data.error.status, 'UNAUTHENTICATED');
});

test('per-minute quotas: 429 RESOURCE_EXHAUSTED with the real message, room again a minute later', async () => {
  ctx.emulator.setQuotas({ readsPerMinute: 2, writesPerMinute: 1 });
  try {
    const list = () => ctx.client.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 1 });
    await list();
    await list();
    const e = await thrown(list);
    assert.is(e.status, 429);
    assert.is(e.response!.data.error.status, 'RESOURCE_EXHAUSTED');
    assert.match(
      e.response!.data.error.message,
      /^Quota exceeded for quota metric 'Critical read requests \(Contact and Profile Reads\)' and limit 'Critical read requests \(Contact and Profile Reads\) per minute per user' of service 'people.googleapis.com' for consumer 'project_number:\d+'\.$/,
    );
    const del = () => ctx.client.people.batchDeleteContacts({ requestBody: { resourceNames: ['people/c404'] } });
    assert.is((await thrown(del)).status, 400, 'the first write is served (and refused for its content)');
    assert.is((await thrown(del)).status, 429);
    clock.advance(60_001);
    assert.is((await list()).status, 200);
  } finally {
    ctx.emulator.setQuotas({ readsPerMinute: Infinity, writesPerMinute: Infinity });
  }
});

test('injected faults answer 503 UNAVAILABLE or 429 in Google’s format', async () => {
  ctx.emulator.setFaults({ rate: 1, kinds: ['server-error'] });
  try {
    const e = await thrown(() => ctx.client.contactGroups.list({}));
    assert.is(e.status, 503);
    assert.is(e.response!.data.error.status, 'UNAVAILABLE');
    ctx.emulator.setFaults({ rate: 1, kinds: ['rate-limit'] });
    const q = await thrown(() => ctx.client.contactGroups.list({}));
    assert.is(q.status, 429);
    assert.is(q.response!.data.error.status, 'RESOURCE_EXHAUSTED');
  } finally {
    ctx.emulator.setFaults(null);
  }
});

test.run();
