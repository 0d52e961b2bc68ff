/**
 * R20: Google Contacts filters narrow the sync: `starred: true` syncs starred contacts only, and
 * the contacts folder leaves out Other contacts, contacts outside My Contacts and Trash unless
 * `folder: all` asks for Other contacts too. Filters add nothing to Google's lists.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, type Project } from '../helpers/project.js';
import type { GoogleSeed } from '../../src/connectors/google/emulator/server.js';
import { emailOf, googleContacts, inGoogle } from '../helpers/in-google.js';

const test = suite('R20 Google filters');

const connections = (seed: GoogleSeed) => `connections:
  crm:
    app: local
    sandbox: { seed: { contacts: 0, companies: 0 } }
  google:
    app: google
    sandbox: { seed: ${JSON.stringify(seed)} }
`;
const sync = (google: string) => `sync:
  name: contacts
  object: contacts
  left: { connection: crm }
  right: ${google}
  direction: two-way
`;
const crmEmails = (p: Project) =>
  records(p.store('crm'))
    .map((r) => r.fields.email as string)
    .sort();
const starredEmails = async (p: Project, seed: GoogleSeed) =>
  (await googleContacts(p, { seed }))
    .filter((x) => x.groups.includes('starred'))
    .map((x) => emailOf(x)!)
    .sort();

test('R20: starred: true syncs starred contacts only; starring adds one, unstarring stops it; no star is added', async () => {
  // The sandbox stars every tenth contact: 0 and 10 of these twelve.
  const seed = { contacts: 12, from: 0 };
  const p = project({ 'syncs/connections.yaml': connections(seed), 'syncs/contacts.yaml': sync('{ connection: google, starred: true }') });
  assert.is((await p.run('apply', '--yes')).code, 0);
  const starred = await starredEmails(p, seed);
  assert.is(starred.length, 2);
  assert.equal(crmEmails(p), starred);

  // Starring a contact in Google brings it over on the next run.
  const all = await googleContacts(p, { seed });
  const newStar = all.find((x) => !x.groups.includes('starred'))!;
  await inGoogle(
    p,
    (google) => google.contactGroups.members.modify({ resourceName: 'contactGroups/starred', requestBody: { resourceNamesToAdd: [newStar.resourceName] } }),
    { seed },
  );
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.equal(crmEmails(p), [...starred, emailOf(newStar)!].sort());

  // Unstarred, a linked contact stops syncing; it is not deleted from the store.
  const unstar = all.find((x) => emailOf(x) === starred[0])!;
  await inGoogle(
    p,
    async (google) => {
      await google.contactGroups.members.modify({ resourceName: 'contactGroups/starred', requestBody: { resourceNamesToRemove: [unstar.resourceName] } });
      const { data } = await google.people.get({ resourceName: unstar.resourceName, personFields: 'names,organizations' });
      await google.people.updateContact({
        resourceName: unstar.resourceName,
        updatePersonFields: 'organizations',
        requestBody: { etag: data.etag, organizations: [{ name: 'Elsewhere', title: 'Unstarred title' }] },
      });
    },
    { seed },
  );
  assert.is((await p.run('apply', '--yes')).code, 0);
  const kept = records(p.store('crm')).find((r) => r.fields.email === starred[0])!;
  assert.ok(kept, 'not deleted');
  assert.is.not(kept.fields.jobtitle, 'Unstarred title');

  // A contact the store sends to Google is created in My Contacts, not starred.
  p.editStore(
    'crm',
    (d) =>
      (d.objects.contacts!.records['900'] = {
        id: '900',
        rev: 900,
        modifiedAt: '2026-01-01T00:00:00.000Z',
        fields: { email: 'from.crm@example.com', lastname: 'Crm' },
      }),
  );
  assert.is((await p.run('apply', '--yes')).code, 0);
  const created = (await googleContacts(p, { seed })).find((x) => emailOf(x) === 'from.crm@example.com')!;
  assert.equal(created.groups, ['myContacts']);
  assert.equal(await starredEmails(p, seed), [...starred.slice(1), emailOf(newStar)!].sort(), 'the sync starred nothing');
});

test('R20: the contacts folder leaves out Other contacts, contacts outside My Contacts and Trash; folder: all adds Other contacts', async () => {
  const seed = { contacts: 3, from: 0 };
  const p = project({ 'syncs/connections.yaml': connections(seed), 'syncs/contacts.yaml': sync('{ connection: google }') });
  assert.is((await p.run('plan')).code, 0);
  const [kept, trashed] = await googleContacts(p, { seed });
  await inGoogle(
    p,
    async (google, emulator) => {
      await google.people.deleteContact({ resourceName: trashed!.resourceName });
      // Google creates Other contacts itself (people the user emailed); there is no API to add one.
      emulator.store.insert({ names: [{ givenName: 'Olive', familyName: 'Other' }], emailAddresses: [{ value: 'olive@other.example' }] }, { kind: 'other' });
      const label = emulator.store.createGroup('Conference');
      emulator.store.insert({ names: [{ givenName: 'Lars', familyName: 'Label' }], emailAddresses: [{ value: 'lars@label.example' }] }, { groups: [label.id] });
    },
    { seed },
  );

  assert.is((await p.run('apply', '--yes')).code, 0);
  const inContactsFolder = (await googleContacts(p, { seed }))
    .filter((x) => x.kind === 'contact' && x.groups.includes('myContacts'))
    .map((x) => emailOf(x)!)
    .sort();
  assert.equal(crmEmails(p), inContactsFolder);
  assert.ok(crmEmails(p).includes(emailOf(kept)!));
  assert.not.ok(crmEmails(p).includes(emailOf(trashed)!), 'Trash never syncs');

  p.write('syncs/contacts.yaml', sync('{ connection: google, folder: all }'));
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.equal(crmEmails(p), [...inContactsFolder, 'lars@label.example', 'olive@other.example'].sort());
  assert.not.ok(crmEmails(p).includes(emailOf(trashed)!), 'Trash never syncs');
});

test.run();
