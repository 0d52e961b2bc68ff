/**
 * A merge in HubSpot, made through its merge API, synced through the HubSpot connector: HubSpot
 * merges two contacts into a new record that lists both old ids in hs_merged_object_ids, so the
 * link of the primary follows it (R24) and the other pair ends without a delete (R30), even with
 * `deletes: propagate`; nothing is created or deleted in the other app.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inHubSpot } from '../helpers/sandbox-apps.js';
import { hubspotAndStore, project, records } from '../helpers/project.js';

const FILES = hubspotAndStore({ sync: '  conflict: { winner: hubspot }\n  deletes: { mode: propagate, max_share: 1 }' });

test('a HubSpot merge re-points the link to the merged record: no delete, no duplicate', async () => {
  const p = project(FILES);
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  assert.is(records(p.store('b')).length, 6);
  const links = p.state().syncs.contacts!.links;
  const [primary, other] = links.map((l) => l.left);
  const partnerOf = (id: string) => links.find((l) => l.left === id)!.right;
  const merged = await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.merge({ primaryObjectId: primary!, objectIdToMerge: other! }));
  assert.ok(![primary, other].includes(merged.id), 'HubSpot gives the merged record a new id');
  assert.equal(merged.properties.hs_merged_object_ids!.split(';').sort(), [primary, other].sort());

  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan as {
    ops: Array<{ type: string; to?: string; deleted?: string; link?: { left: string } }>;
  };
  const shapes = plan.ops.filter((o) => o.type !== 'update' && o.type !== 'rebase').map((o) => [o.type, o.link?.left, o.to ?? o.deleted]);
  assert.equal(shapes, [
    ['relink', primary, merged.id],
    ['forget', other, 'left'],
  ]);

  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, '0 created');
  const b = records(p.store('b'));
  assert.is(b.length, 6, 'nothing deleted or created in b');
  const state = p.state().syncs.contacts!.links;
  assert.ok(
    state.some((l) => l.left === merged.id && l.right === partnerOf(primary!) && !l.deleted),
    'the link follows the merge',
  );
  assert.is(state.find((l) => l.right === partnerOf(other!))!.deleted, 'left', "the other pair ends without deleting b's record");
  // Reading by an old id gives the merged record (merge changelog), and the link now works both ways.
  const byOld = await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.getById(primary!));
  assert.is(byOld.id, merged.id);
  await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.update(merged.id, { properties: { jobtitle: 'After the merge' } }));
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.is(records(p.store('b')).find((r) => r.id === partnerOf(primary!))!.fields.jobtitle, 'After the merge');
  assert.is(records(p.store('b')).length, 6);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0, 'converged');
});

test.run();
