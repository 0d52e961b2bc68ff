/**
 * R17 through the Google sandbox and a local store: the first phone number in Google maps to
 * Phone, further numbers sync only when labelled mobile or fax, numbers the sync cannot see
 * survive its writes, and Google's custom fields, labels and owner cannot be mapped at all.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records } from '../helpers/project.js';
import { emailOf, googleContacts, inGoogle } from '../helpers/in-google.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R17 Google mappings');

const CONNECTIONS = sandboxes({ crm: ['local', { contacts: 0, companies: 0 }], google: ['google', { contacts: 0 }] });
const SYNC = syncFile('contacts', 'crm', 'google', `direction: two-way`);

test('R17: first number → phone; further numbers only when labelled mobile or fax; hidden numbers survive', async () => {
  const p = project({ 'syncs/connections.yaml': CONNECTIONS, 'syncs/contacts.yaml': SYNC });
  assert.is((await p.run('plan')).code, 0);
  await inGoogle(p, async (google) => {
    const create = (givenName: string, email: string, phoneNumbers: Array<{ value: string; type: string }>) =>
      google.people.createContact({
        personFields: 'names',
        requestBody: { names: [{ givenName, familyName: 'Test' }], emailAddresses: [{ value: email }], phoneNumbers },
      });
    // A home number first (so `phone` whatever its label), then a pager, a mobile and a fax.
    await create('Ada', 'ada@example.com', [
      { value: '+47 22 11 11 11', type: 'home' },
      { value: '+47 22 22 22 22', type: 'pager' },
      { value: '+47 900 00 001', type: 'mobile' },
      { value: '+47 22 33 33 33', type: 'workFax' },
    ]);
    // A lone mobile number is the first number: it is the phone, and there is no mobile.
    await create('Bob', 'bob@example.com', [{ value: '+47 900 00 002', type: 'mobile' }]);
    // A second number with another label does not sync.
    await create('Cy', 'cy@example.com', [
      { value: '+47 22 44 44 44', type: 'work' },
      { value: '+47 22 55 55 55', type: 'home' },
    ]);
  });
  p.editStore(
    'crm',
    (d) =>
      (d.objects.contacts!.records['50'] = {
        id: '50',
        rev: 50,
        modifiedAt: '2026-01-01T00:00:00.000Z',
        fields: { email: 'dee@example.com', firstname: 'Dee', phone: '+47 22 66 66 66', mobilephone: '+47 900 00 004', fax: '+47 22 77 77 77' },
      }),
  );
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);

  const phones = (email: string) => {
    const r = records(p.store('crm')).find((x) => x.fields.email === email)!;
    return [r.fields.phone ?? null, r.fields.mobilephone ?? null, r.fields.fax ?? null];
  };
  assert.equal(phones('ada@example.com'), ['+4722111111', '+4790000001', '+4722333333']);
  assert.equal(phones('bob@example.com'), ['+4790000002', null, null]);
  assert.equal(phones('cy@example.com'), ['+4722444444', null, null]);
  const numbersOf = async (email: string) =>
    (await googleContacts(p)).find((x) => emailOf(x) === email)!.data.phoneNumbers!.map((n) => [n.type, String(n.value).replace(/\s/g, '')]);
  // The store's three numbers become Google's first number, a mobile and a fax.
  assert.equal(await numbersOf('dee@example.com'), [
    ['work', '+4722666666'],
    ['mobile', '+4790000004'],
    ['workFax', '+4722777777'],
  ]);

  // A change of mobile in the store rewrites only Google's mobile; the pager and home numbers stay.
  const ada = records(p.store('crm')).find((x) => x.fields.email === 'ada@example.com')!;
  p.editStore('crm', (d) => (d.objects.contacts!.records[ada.id]!.fields.mobilephone = '+47 900 00 009'));
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.equal(await numbersOf('ada@example.com'), [
    ['home', '+4722111111'],
    ['pager', '+4722222222'],
    ['mobile', '+4790000009'],
    ['workFax', '+4722333333'],
  ]);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('R17: Google custom fields, labels and the owner cannot be mapped; each is refused at its position', async () => {
  const p = project({
    'syncs/connections.yaml': CONNECTIONS,
    'syncs/contacts.yaml': `${SYNC}  fields:
    - left: notes
      right: customFields
    - left: lifecyclestage
      right: labels
    - left: company
      right: owner
`,
  });
  const out = await p.run('validate');
  assert.is(out.code, 1);
  assert.match(out.stderr, 'syncs/contacts.yaml:9:14 error[unsyncable-field] google field `customFields` cannot be synced');
  assert.match(out.stderr, 'syncs/contacts.yaml:11:14 error[unsyncable-field] google field `labels` cannot be synced');
  assert.match(out.stderr, 'syncs/contacts.yaml:13:14 error[unsyncable-field] google field `owner` cannot be synced');
  assert.match(out.stderr, '3 error(s)');
  assert.is((await p.run('apply', '--yes')).code, 1);
  assert.not.ok(p.exists('.crmsync/sandbox/google.json'), 'Google was never opened');
});

test.run();
