/**
 * Conformance of the emulator's mutations through the official client: etags that change on
 * every update and are checked, the batch limits, all-or-nothing batches, and R32's limits.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { people_v1 } from '@googleapis/people';
import type { GoogleEmulator } from '../../../src/connectors/google/emulator/server.js';
import { loadPeopleTypes, schemaProblems } from './people-types.js';
import { ALL_FIELDS, rawClient, startEmulator, thrown } from './helpers.js';

const doc = loadPeopleTypes();
const ctx = { emulator: undefined as unknown as GoogleEmulator, client: undefined as unknown as people_v1.People };
const person = (i: number): people_v1.Schema$Person => ({
  names: [{ givenName: `Given${i}`, familyName: `Family${i}` }],
  emailAddresses: [{ value: `person${i}@example.com` }],
});

const writes = suite('google emulator: create, update, delete, batches');
writes.before(async () => {
  ctx.emulator = await startEmulator();
  ctx.client = rawClient(ctx.emulator);
});
writes.after(() => ctx.emulator.close());

writes('createContact, people.get and getBatchGet return persons the People API types of the client accept', async () => {
  const created = await ctx.client.people.createContact({
    personFields: ALL_FIELDS,
    requestBody: { ...person(1), clientData: [{ key: 'crmsync', value: 'm-1' }] },
  });
  assert.is(created.status, 200);
  assert.match(created.data.resourceName!, /^people\/c\d+$/);
  assert.is(created.data.clientData![0]!.value, 'm-1');
  assert.is(created.data.memberships![0]!.contactGroupMembership!.contactGroupResourceName, 'contactGroups/myContacts');
  const got = await ctx.client.people.get({ resourceName: created.data.resourceName!, personFields: 'names,metadata' });
  assert.is(got.data.names![0]!.givenName, 'Given1');
  assert.is(got.data.emailAddresses, undefined, 'fields outside personFields are left out');
  const batch = await ctx.client.people.getBatchGet({ resourceNames: [created.data.resourceName!, 'people/c1'], personFields: 'names' });
  // PersonResponse.status (a google.rpc.Status; OK leaves its code out), not the deprecated httpStatusCode.
  assert.equal(
    batch.data.responses!.map((r) => r.status?.code ?? 0),
    [0, 5],
  );
  assert.equal(
    batch.data.responses!.map((r) => r.httpStatusCode),
    [undefined, undefined],
  );
  assert.equal(schemaProblems(doc, 'Person', created.data), []);
  assert.equal(schemaProblems(doc, 'GetPeopleResponse', batch.data), []);
});

writes('updateContact needs the current etag; the etag changes on every update', async () => {
  const { data: p } = await ctx.client.people.createContact({ personFields: 'names', requestBody: person(2) });
  const first = await ctx.client.people.updateContact({
    resourceName: p.resourceName!,
    updatePersonFields: 'names',
    personFields: 'names',
    requestBody: { etag: p.etag, names: [{ givenName: 'Renamed' }] },
  });
  assert.is.not(first.data.etag, p.etag);
  assert.is(first.data.names![0]!.givenName, 'Renamed');

  const stale = await thrown(() =>
    ctx.client.people.updateContact({
      resourceName: p.resourceName!,
      updatePersonFields: 'names',
      requestBody: { etag: p.etag, names: [{ givenName: 'Again' }] },
    }),
  );
  assert.is(stale.status, 400);
  assert.is(stale.response!.data.error.status, 'FAILED_PRECONDITION');
  assert.is(stale.response!.data.error.message, 'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.');

  const noMask = await thrown(() => ctx.client.people.updateContact({ resourceName: p.resourceName!, requestBody: { etag: first.data.etag, names: [] } }));
  assert.is(noMask.status, 400);
  assert.is(noMask.response!.data.error.status, 'INVALID_ARGUMENT');
  const noEtag = await thrown(() =>
    ctx.client.people.updateContact({ resourceName: p.resourceName!, updatePersonFields: 'names', requestBody: { names: [] } }),
  );
  assert.is(noEtag.status, 400);
  assert.is(noEtag.response!.data.error.status, 'INVALID_ARGUMENT');
});

writes('a listed field absent from the body is cleared; others stay', async () => {
  const { data: p } = await ctx.client.people.createContact({ personFields: 'names', requestBody: { ...person(3), biographies: [{ value: 'note' }] } });
  const { data } = await ctx.client.people.updateContact({
    resourceName: p.resourceName!,
    updatePersonFields: 'biographies',
    personFields: 'names,biographies,emailAddresses',
    requestBody: { etag: p.etag },
  });
  assert.is(data.biographies, undefined);
  assert.is(data.emailAddresses![0]!.value, 'person3@example.com');
});

writes('batchCreateContacts takes 200 and refuses 201', async () => {
  const ok = await ctx.client.people.batchCreateContacts({
    requestBody: { contacts: Array.from({ length: 200 }, (_, i) => ({ contactPerson: person(100 + i) })), readMask: 'names,metadata' },
  });
  assert.is(ok.data.createdPeople!.length, 200);
  assert.is(ok.data.createdPeople![0]!.person!.names![0]!.givenName, 'Given100');
  assert.equal(schemaProblems(doc, 'BatchCreateContactsResponse', ok.data), []);
  const e = await thrown(() =>
    ctx.client.people.batchCreateContacts({
      requestBody: { contacts: Array.from({ length: 201 }, (_, i) => ({ contactPerson: person(i) })), readMask: 'names' },
    }),
  );
  assert.is(e.status, 400);
  assert.is(e.response!.data.error.status, 'INVALID_ARGUMENT');
});

writes('invalid contacts refuse the whole batch; BatchCreateContactsErrorDetails names each by index', async () => {
  const before = ctx.emulator.store.people.size;
  const bad = { names: [{ givenName: 'A' }, { givenName: 'B' }] };
  const e = await thrown(() =>
    ctx.client.people.batchCreateContacts({
      requestBody: {
        contacts: [{ contactPerson: person(1) }, { contactPerson: bad }, { contactPerson: person(2) }, { contactPerson: bad }],
        readMask: 'names',
      },
    }),
  );
  assert.is(e.status, 400);
  const [detail] = e.response!.data.error.details;
  assert.is(detail['@type'], 'type.googleapis.com/google.people.v1.BatchCreateContactsErrorDetails');
  assert.equal(Object.keys(detail.contactErrors), ['1', '3'], 'contacts not named would have been created');
  assert.is(detail.contactErrors['1'].code, 3);
  assert.ok(detail.contactErrors['1'].details[0].fieldViolations[0].field.startsWith('contacts[1]'));
  assert.is(ctx.emulator.store.people.size, before);
});

writes('batchUpdateContacts: 200 at most, per-person results, a stale etag refuses the batch', async () => {
  const { data } = await ctx.client.people.batchCreateContacts({
    requestBody: { contacts: [person(7), person(8)].map((p) => ({ contactPerson: p })), readMask: 'names' },
  });
  const [a, b] = data.createdPeople!.map((r) => r.person!);
  const updated = await ctx.client.people.batchUpdateContacts({
    requestBody: {
      contacts: { [a!.resourceName!]: { etag: a!.etag, names: [{ givenName: 'A2' }] }, [b!.resourceName!]: { etag: b!.etag, names: [{ givenName: 'B2' }] } },
      updateMask: 'names',
      readMask: 'names',
    },
  });
  assert.is(updated.data.updateResult![a!.resourceName!]!.person!.names![0]!.givenName, 'A2');
  assert.equal(schemaProblems(doc, 'BatchUpdateContactsResponse', updated.data), []);
  const stale = await thrown(() =>
    ctx.client.people.batchUpdateContacts({
      requestBody: { contacts: { [a!.resourceName!]: { etag: a!.etag, names: [] } }, updateMask: 'names', readMask: 'names' },
    }),
  );
  assert.is(stale.status, 400);
  assert.is(stale.response!.data.error.status, 'FAILED_PRECONDITION');
  const [detail] = stale.response!.data.error.details;
  assert.is(detail['@type'], 'type.googleapis.com/google.people.v1.BatchUpdateContactsErrorDetails');
  assert.equal(Object.keys(detail.contactErrors), [a!.resourceName!], 'keyed by resource name');
  assert.is(detail.contactErrors[a!.resourceName!].code, 9);
  assert.match(detail.contactErrors[a!.resourceName!].message, 'etag');
  const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`people/c${i}`, { etag: 'x' }]));
  const e = await thrown(() => ctx.client.people.batchUpdateContacts({ requestBody: { contacts: many, updateMask: 'names', readMask: 'names' } }));
  assert.is(e.status, 400);
});

writes('batchDeleteContacts takes 500 and refuses 501; deleted contacts leave listings', async () => {
  const e = await thrown(() =>
    ctx.client.people.batchDeleteContacts({ requestBody: { resourceNames: Array.from({ length: 501 }, (_, i) => `people/c${i}`) } }),
  );
  assert.is(e.status, 400);
  const { data } = await ctx.client.people.batchCreateContacts({
    requestBody: { contacts: [person(9)].map((p) => ({ contactPerson: p })), readMask: 'names' },
  });
  const name = data.createdPeople![0]!.person!.resourceName!;
  const del = await ctx.client.people.batchDeleteContacts({ requestBody: { resourceNames: [name] } });
  assert.equal(del.data, {});
  const gone = await thrown(() => ctx.client.people.get({ resourceName: name, personFields: 'names' }));
  assert.is(gone.status, 404);
  assert.is(gone.response!.data.error.status, 'NOT_FOUND');
});

writes('getBatchGet refuses more than 200 names', async () => {
  const e = await thrown(() => ctx.client.people.getBatchGet({ resourceNames: Array.from({ length: 201 }, (_, i) => `people/c${i}`), personFields: 'names' }));
  assert.is(e.status, 400);
});

writes.run();

// R32: 25,000 contacts (Other contacts and Trash included) and 128 KB a contact, shrunk for the test.
const limits = suite('google emulator: storage limits (R32)');
const small = { emulator: undefined as unknown as GoogleEmulator, client: undefined as unknown as people_v1.People };
limits.before(async () => {
  small.emulator = await startEmulator({ limits: { maxContacts: 4, maxContactBytes: 2000 }, seed: { contacts: 2, otherContacts: 1 } });
  small.client = rawClient(small.emulator);
});
limits.after(() => small.emulator.close());

limits('the contact limit counts Other contacts and Trash; emptying Trash frees room', async () => {
  const { data } = await small.client.people.createContact({ personFields: 'names', requestBody: person(1) });
  await small.client.people.deleteContact({ resourceName: data.resourceName! });
  const e = await thrown(() => small.client.people.createContact({ personFields: 'names', requestBody: person(2) }));
  assert.is(e.status, 400);
  assert.is(e.response!.data.error.status, 'FAILED_PRECONDITION');
  assert.is(e.response!.data.error.details[0].reason, 'CONTACT_LIMIT_EXCEEDED');
  assert.is(small.emulator.store.emptyTrash(), 1);
  const ok = await small.client.people.createContact({ personFields: 'names', requestBody: person(2) });
  assert.is(ok.status, 200);
});

limits('a contact over the size limit is refused', async () => {
  const e = await thrown(() =>
    small.client.people.batchCreateContacts({
      requestBody: { contacts: [{ contactPerson: { ...person(3), biographies: [{ value: 'x'.repeat(3000) }] } }], readMask: 'names' },
    }),
  );
  assert.is(e.status, 400);
  const status = e.response!.data.error.details[0].contactErrors['0'];
  assert.is(status.details[0].reason, 'CONTACT_SIZE_LIMIT_EXCEEDED');
});

limits.run();
