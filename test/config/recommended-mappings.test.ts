/**
 * R5, R15, R17, R9: a pair's recommended mappings are derived from the two registry entries'
 * standard fields (named by the shared vocabulary), never from a table naming the apps.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultMappings } from '../../src/config/default-mappings.js';
import type { AppEntry, SyncObject } from '../../src/connectors/app-entry.js';
import { APPS } from '../../src/connectors/registry.js';

const test = suite('recommended-mappings');

const side = (entry: AppEntry, object?: string) => ({ entry, ...(object ? { object } : {}) });
const between = (l: keyof typeof APPS, r: keyof typeof APPS, object: SyncObject, lo?: string, ro?: string) =>
  defaultMappings(side(APPS[l], lo), side(APPS[r], ro), object, () => ['email', 'firstname']);

test('HubSpot and Google Contacts: the 13 contact mappings, phones by label (R17), none required', () => {
  const m = between('hubspot', 'google', 'contacts')!;
  assert.is(m.length, 13);
  assert.equal(m[0], { left: 'email', right: 'email', required: false, transform: ['trim', 'lowercase'] });
  assert.equal(
    m.filter((x) => x.transform.includes('phone')).map((x) => [x.left, x.right]),
    [
      ['phone', 'phone'],
      ['mobilephone', 'mobile'],
      ['fax', 'fax'],
    ],
  );
  assert.ok(m.every((x) => !x.required));
  // The other way round: the same pairs, sides swapped, in the same order.
  assert.equal(
    between('google', 'hubspot', 'contacts')!.map((x) => [x.right, x.left]),
    m.map((x) => [x.left, x.right]),
  );
});

test('HubSpot and Salesforce: contacts, leads (R6), accounts and opportunities, with what Salesforce requires', () => {
  const contacts = between('hubspot', 'salesforce', 'contacts')!;
  assert.is(contacts.length, 12);
  assert.equal(
    contacts.filter((x) => x.required).map((x) => x.right),
    ['LastName'],
  );
  assert.ok(contacts.some((x) => x.left === 'address' && x.right === 'MailingStreet'));
  const leads = between('hubspot', 'salesforce', 'contacts', undefined, 'Lead')!;
  assert.equal(
    leads.map((x) => x.right),
    ['Email', 'FirstName', 'LastName', 'Phone', 'MobilePhone', 'Fax', 'Title', 'Company', 'Street', 'City', 'State', 'PostalCode', 'Country', 'Website'],
  );
  assert.equal(
    leads.filter((x) => x.required).map((x) => x.right),
    ['LastName', 'Company'],
  );
  assert.equal(
    between('hubspot', 'salesforce', 'companies')!
      .filter((x) => x.required)
      .map((x) => [x.left, x.right]),
    [['name', 'Name']],
  );
  assert.equal(
    between('salesforce', 'hubspot', 'deals')!.map((x) => [x.left, x.right, x.required]),
    [
      ['Name', 'dealname', true],
      ['Amount', 'amount', false],
      ['CloseDate', 'closedate', true],
      ['StageName', 'dealstage', true],
    ],
  );
});

test('R9: tasks map their picklists through the vocabulary, either way round; activities without them', () => {
  const tasks = between('hubspot', 'salesforce', 'tasks')!;
  const status = tasks.find((x) => x.left === 'hs_task_status')!;
  assert.equal(status.values, {
    NOT_STARTED: 'Not Started',
    IN_PROGRESS: 'In Progress',
    COMPLETED: 'Completed',
    WAITING: 'Waiting on someone else',
    DEFERRED: 'Deferred',
  });
  // HubSpot refuses a task without hs_timestamp: required.
  assert.equal(tasks[0], { left: 'hs_timestamp', right: 'ActivityDate', required: true, transform: [] });
  const back = between('salesforce', 'hubspot', 'tasks')!;
  assert.equal(back.find((x) => x.right === 'hs_task_priority')!.values, { High: 'HIGH', Normal: 'MEDIUM', Low: 'LOW' });
  assert.equal(
    between('hubspot', 'salesforce', 'tasks', 'notes')!.map((x) => [x.left, x.right, x.required]),
    [
      ['hs_timestamp', 'ActivityDate', false],
      ['hs_note_body', 'Description', false],
    ],
  );
  // The local store has no activities: no recommended task mappings with Salesforce.
  assert.is(between('local', 'salesforce', 'tasks'), undefined);
});

test('two apps that are not a hub have none (Salesforce and Google); two hubs map their common fields to themselves', () => {
  assert.is(between('salesforce', 'google', 'contacts'), undefined);
  assert.is(between('google', 'salesforce', 'contacts'), undefined);
  assert.equal(
    between('local', 'hubspot', 'contacts')!.map((x) => [x.left, x.right, x.transform]),
    [
      ['email', 'email', ['trim', 'lowercase']],
      ['firstname', 'firstname', []],
    ],
  );
  // The local store names its fields as HubSpot does: the same mappings with Salesforce.
  assert.equal(between('local', 'salesforce', 'companies'), between('hubspot', 'salesforce', 'companies'));
});

test('a registered app gets recommended mappings with a hub from its entry alone', () => {
  const memo: AppEntry = {
    ...APPS.google,
    label: 'Memo',
    objects: { contacts: ['people'] },
    mappings: 'app',
    standardFields: { people: { lastName: { field: 'surname', required: true }, email: 'mail' } },
  };
  const m = defaultMappings(side(APPS.hubspot), side(memo), 'contacts', () => [])!;
  // In the order the app lists them; required where the app needs the field.
  assert.equal(m, [
    { left: 'lastname', right: 'surname', required: true, transform: ['trim'] },
    { left: 'email', right: 'mail', required: false, transform: ['trim', 'lowercase'] },
  ]);
  assert.is(
    defaultMappings(side(APPS.salesforce), side(memo), 'contacts', () => []),
    undefined,
  );
  assert.is(
    defaultMappings(side(APPS.hubspot), side(memo), 'companies', () => []),
    undefined,
  );
});

test.run();
