/**
 * Person ⇄ flat fields, pure: R17's phone rules both ways, first-entry flattening, and writes that
 * keep what the engine cannot see.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { googleStaticCatalogue, GOOGLE_OBJECTS, SYNCED_FIELDS } from '../../../src/connectors/google/catalogue.js';
import { applyFields, PERSON_FIELD_OF, personMeta, personToFields, personToRecord, type Person } from '../../../src/connectors/google/mapping.js';

const test = suite('google mapping');

const ada: Person = {
  resourceName: 'people/c1',
  etag: '%e1',
  metadata: { sources: [{ type: 'CONTACT', id: 'a', updateTime: '2026-03-01T10:20:30.123456Z' }] },
  names: [{ givenName: 'Ada', familyName: 'Lovelace', displayName: 'Ada Lovelace', unstructuredName: 'Ada Lovelace' }],
  emailAddresses: [{ value: 'ada@example.com', type: 'work' }, { value: 'ada@home.example' }, { value: 'a@old.example' }],
  phoneNumbers: [
    { value: '+44 1', type: 'home', formattedType: 'Home' },
    { value: '+44 2', type: 'pager' },
    { value: '+44 3', type: 'mobile' },
    { value: '+44 4', type: 'workFax' },
    { value: '+44 5', type: 'mobile' },
  ],
  organizations: [{ name: 'Engines Ltd', title: 'Analyst' }],
  addresses: [{ streetAddress: '12 St James', city: 'London', country: 'United Kingdom', countryCode: 'GB', formattedValue: 'x' }, { city: 'Paris' }],
  biographies: [{ value: 'Notes', contentType: 'TEXT_PLAIN' }],
  birthdays: [{ date: { year: 1815, month: 12, day: 10 } }],
  memberships: [
    { contactGroupMembership: { contactGroupResourceName: 'contactGroups/myContacts' } },
    { contactGroupMembership: { contactGroupResourceName: 'contactGroups/starred' } },
  ],
  clientData: [{ key: 'crmsync', value: 'marker-1' }],
};

test('the catalogue is static, contacts only, with R17’s unsyncable fields', () => {
  assert.equal([...GOOGLE_OBJECTS], ['contacts']);
  assert.is(googleStaticCatalogue('companies'), undefined);
  const fields = googleStaticCatalogue('contacts')!.fields;
  const unsyncable = fields.filter((f) => f.unsyncable).map((f) => f.name);
  assert.equal(unsyncable.sort(), ['customFields', 'labels', 'owner']);
  for (const name of ['firstName', 'email', 'secondaryEmails', 'phone', 'mobile', 'fax', 'birthday']) assert.ok(fields.some((f) => f.name === name));
});

test('the catalogue and the mapping name the same synced fields', () => {
  assert.equal(Object.keys(personToFields({})).sort(), [...SYNCED_FIELDS].sort());
  assert.equal(Object.keys(PERSON_FIELD_OF).sort(), [...SYNCED_FIELDS].sort());
});

test('R17: first number → phone; further numbers only when labelled mobile or fax', () => {
  const f = personToFields(ada);
  assert.is(f.phone, '+44 1');
  assert.is(f.mobile, '+44 3');
  assert.is(f.fax, '+44 4');
  const onlyMobile = personToFields({ phoneNumbers: [{ value: '+1', type: 'mobile' }] });
  assert.equal([onlyMobile.phone, onlyMobile.mobile], ['+1', null], 'a lone mobile number is the first number');
  const pagerSecond = personToFields({
    phoneNumbers: [
      { value: '+1', type: 'work' },
      { value: '+2', type: 'pager' },
    ],
  });
  assert.equal([pagerSecond.mobile, pagerSecond.fax], [null, null]);
});

test('flattens first entries, decodes dates, empty → null', () => {
  const f = personToFields(ada);
  assert.equal(f, {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    secondaryEmails: ['ada@home.example', 'a@old.example'],
    phone: '+44 1',
    mobile: '+44 3',
    fax: '+44 4',
    company: 'Engines Ltd',
    companyDomain: null,
    jobTitle: 'Analyst',
    street: '12 St James',
    city: 'London',
    region: null,
    postalCode: null,
    country: 'United Kingdom',
    notes: 'Notes',
    birthday: '1815-12-10',
  });
  assert.is(personToFields({ birthdays: [{ date: { month: 2, day: 3 } }] }).birthday, '--02-03');
  assert.ok(Object.values(personToFields({})).every((v) => v === null));
});

test('meta: etag, groups, folder (R20) and the crash-recovery marker; modifiedAt in ISO UTC', () => {
  const record = personToRecord(ada, 'contact');
  assert.equal(record.meta, { groups: ['contactGroups/myContacts', 'contactGroups/starred'], etag: '%e1', folder: 'contacts', marker: 'marker-1' });
  assert.is(record.modifiedAt, '2026-03-01T10:20:30.123Z');
  assert.is(personMeta({ memberships: [] }, 'other').folder, 'other');
  assert.is(personMeta({ memberships: [{ contactGroupMembership: { contactGroupResourceName: 'contactGroups/abc' } }] }, 'contact').folder, undefined);
  const deleted = personToRecord({ resourceName: 'people/c9', metadata: { deleted: true } }, 'contact');
  assert.equal([deleted.id, deleted.deleted], ['people/c9', true]);
});

test('writing R17 phones keeps the numbers the engine cannot see', () => {
  const { person, mask } = applyFields(ada, { mobile: '+46 7', fax: null });
  assert.equal(mask, ['phoneNumbers']);
  assert.equal(person.phoneNumbers, [
    { value: '+44 1', type: 'home' },
    { value: '+44 2', type: 'pager' },
    { value: '+46 7', type: 'mobile' },
    { value: '+44 5', type: 'mobile' },
  ]);
  const fresh = applyFields({}, { phone: '+1', mobile: '+2', fax: '+3' }).person;
  assert.equal(fresh.phoneNumbers, [
    { value: '+1', type: 'work' },
    { value: '+2', type: 'mobile' },
    { value: '+3', type: 'workFax' },
  ]);
  assert.equal(personToFields(fresh).mobile, '+2', 'round trip');
});

test('writing names, emails, address, notes and birthday; unknown fields and bad dates are problems', () => {
  const { person, mask, problems } = applyFields(ada, {
    firstName: 'Augusta',
    secondaryEmails: ['a@old.example', 'new@x.example'],
    country: 'France',
    notes: null,
    birthday: '--05-06',
  });
  assert.equal(problems, []);
  assert.equal(mask.sort(), ['addresses', 'biographies', 'birthdays', 'emailAddresses', 'names']);
  assert.equal(person.names, [{ givenName: 'Augusta', familyName: 'Lovelace' }]);
  assert.equal(
    person.emailAddresses!.map((e) => e.value),
    ['ada@example.com', 'a@old.example', 'new@x.example'],
  );
  assert.equal(person.addresses, [{ streetAddress: '12 St James', city: 'London', country: 'France' }, { city: 'Paris' }]);
  assert.equal(person.biographies, []);
  assert.equal(person.birthdays, [{ date: { month: 5, day: 6 } }]);
  const bad = applyFields({}, { labels: ['x'], birthday: 'tomorrow' });
  assert.equal(bad.problems.map((p) => p.field).sort(), ['birthday', 'labels']);
});

test('R25: a further address written as the first swaps places with the old first one; each address is kept once', () => {
  const { person } = applyFields(ada, { email: 'ADA@home.example', companyDomain: 'engines.example' });
  assert.equal(person.emailAddresses, [{ value: 'ADA@home.example' }, { value: 'ada@example.com', type: 'work' }, { value: 'a@old.example' }]);
  assert.equal(person.organizations, [{ name: 'Engines Ltd', title: 'Analyst', domain: 'engines.example' }]);
  assert.is(personToFields(person).companyDomain, 'engines.example');
  // A new address replaces the first one, as before.
  assert.equal(
    applyFields(ada, { email: 'new@x.example' }).person.emailAddresses!.map((e) => e.value),
    ['new@x.example', 'ada@home.example', 'a@old.example'],
  );
});

test.run();
