/**
 * An association added in HubSpot moves no modification date of either record (Assumption: HubSpot
 * documents none, and incremental readers are known to miss such changes; only a primary company
 * does, through the contact's associatedcompanyid), so no incremental read can see it. The sync's
 * reconciliation read (reconcile_every) reads both apps in full, associations included, and the
 * association reaches the other app (R27).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inHubSpot } from '../helpers/sandbox-apps.js';
import { ageFullRead, hubspotAndStore, project, records } from '../helpers/project.js';

const FILES = {
  ...hubspotAndStore({
    sandbox: '{ seed: { contacts: 4, companies: 3, from: 0 } }',
    sync: '  conflict: { winner: hubspot }\n  associations:\n    - { sync: companies, primary_only: false }',
  }),
  'syncs/companies.yaml': hubspotAndStore()['syncs/contacts.yaml']!.replace(/contacts/g, 'companies'),
};

test('an association change that moves no modification date is synced by the reconciliation read', async () => {
  const p = project(FILES);
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  const contactLink = p.state().syncs.contacts!.links[0]!;
  const copy = () => records(p.store('b')).find((r) => r.id === contactLink.right)!;
  const before = copy().associations?.companies ?? [];
  // A company the contact is not associated with yet.
  const companyLink = p.state().syncs.companies!.links.find((l) => !before.includes(l.right))!;
  assert.ok(companyLink);

  // A non-primary (unlabeled, type 279) contact → company association, made in HubSpot.
  const modified = await inHubSpot(p, async (hs) => {
    const was = (await hs.crm.contacts.basicApi.getById(contactLink.left, ['lastmodifieddate'])).properties.lastmodifieddate;
    await hs.crm.associations.v4.batchApi.create('contacts', 'companies', {
      inputs: [
        { _from: { id: contactLink.left }, to: { id: companyLink.left }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 279 }] },
      ],
    });
    const now = (await hs.crm.contacts.basicApi.getById(contactLink.left, ['lastmodifieddate'])).properties.lastmodifieddate;
    return { was, now };
  });
  assert.is(modified.now, modified.was, 'the association moved no modification date');

  const incremental = await p.run('apply', '--yes');
  assert.is(incremental.code, 0, incremental.stderr);
  assert.equal(copy().associations?.companies ?? [], before, 'an incremental read cannot see it');

  ageFullRead(p, 'contacts', 25);
  const plan = await p.run('plan');
  assert.match(plan.stdout, 'reconciliation read');
  const reconciled = await p.run('apply', '--yes');
  assert.is(reconciled.code, 0, reconciled.stderr);
  assert.ok(copy().associations!.companies!.includes(companyLink.right), 'the association reached b');
  assert.is(records(p.store('b'), 'companies').length, 3, 'no company created');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test.run();
