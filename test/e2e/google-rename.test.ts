/**
 * A Google contact that changes resource name, end to end (R24): Google gives a contact a new
 * resource name when a field linking it to a profile changes, and a sync reports it under the new
 * name with `previousResourceNames`. The link follows it (a relink op): no delete in the local
 * store, no duplicate in either app, and later changes flow to the contact under its new name.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emailOf, googleContacts, inGoogle } from '../helpers/in-google.js';
import { project, records } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const SEED = { contacts: 6, from: 0 };
const FILES = {
  'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox:
      seed: { contacts: 6, companies: 0, from: 0 }
  google:
    app: google
    sandbox:
      seed: { contacts: 6, from: 0 }
`,
  'syncs/contacts.yaml': syncFile(
    'crm-google',
    'crm',
    'google',
    `direction: two-way
conflict: { winner: crm }
deletes: { mode: propagate, max_share: 1 }`,
    'contacts',
  ),
};

test('R24: a renamed Google contact keeps its link; nothing is deleted or duplicated; changes reach it', async () => {
  const p = project(FILES);
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  const links = () => p.state().syncs['crm-google']!.links.filter((l) => !l.deleted);
  assert.is(links().length, 6);
  const { right: old, left: crmId } = links()[2]!;
  const renamed = await inGoogle(p, async (_, emulator) => emulator.store.rename(emulator.store.live(old)!), { seed: SEED });

  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan as { ops: Array<{ type: string; to?: string }> };
  assert.equal(
    plan.ops.filter((o) => o.type === 'relink').map((o) => o.to),
    [renamed],
  );
  assert.not.ok(
    plan.ops.some((o) => o.type === 'create' || o.type === 'delete'),
    JSON.stringify(plan.ops.map((o) => o.type)),
  );
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.equal(links().find((l) => l.left === crmId)?.right, renamed);
  assert.is(records(p.store('crm')).length, 6);
  assert.is((await googleContacts(p)).length, 6);

  // A change in the local store reaches the contact under its new name.
  p.editStore('crm', (d) => (d.objects.contacts!.records[crmId]!.fields.jobtitle = 'Renamed and Synced'));
  assert.is((await p.run('apply', '--yes')).code, 0);
  const person = (await googleContacts(p)).find((x) => x.resourceName === renamed)!;
  assert.match(JSON.stringify(person.data.organizations), 'Renamed and Synced');
  assert.ok(emailOf(person));
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0, 'converged');
});

test.run();
