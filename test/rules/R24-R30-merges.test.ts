/**
 * Merged and renamed records: the link follows the record to its new id (R24: linked, not
 * duplicated) and a merge is never propagated as a delete (R30), even with `deletes: propagate`.
 * Through the local store, whose records can carry the same merge facts the apps report
 * (HubSpot `hs_merged_object_ids`, Salesforce `MasterRecordId`, Google `previousResourceNames`).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { LocalStoreData } from '../../src/connectors/local/store.js';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('merges');
const propagate = { sync: '  direction: two-way\n  conflict: { winner: a }\n  deletes: { mode: propagate, max_share: 1 }' };

/** A record added to store a out of band, as the app's merge leaves it. */
function addSurvivor(d: LocalStoreData, fields: Record<string, string>, extra: Record<string, unknown> = {}): string {
  const id = String(d.nextId++);
  d.rev += 1;
  d.objects.contacts!.records[id] = { id, fields, modifiedAt: new Date().toISOString(), rev: d.rev, ...extra };
  return id;
}

test('merged into a new record (mergedInto on the loser): the link moves, nothing is deleted or duplicated', async () => {
  const p = project(twoStores(propagate));
  assert.is((await p.run('apply', '--yes')).code, 0);
  const loser = records(p.store('a'))[0]!;
  const partner = p.state().syncs.contacts!.links.find((l) => l.left === loser.id)!.right;
  let survivor = '';
  p.editStore('a', (d) => {
    survivor = addSurvivor(d, { ...(loser.fields as Record<string, string>), jobtitle: 'Merged' });
    d.rev += 1;
    Object.assign(d.objects.contacts!.records[loser.id]!, { deleted: true, mergedInto: survivor, rev: d.rev });
  });
  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.equal(
    plan.ops.filter((o: { type: string }) => o.type !== 'update').map((o: { type: string; to?: string }) => [o.type, o.to]),
    [['relink', survivor]],
  );
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  const b = records(p.store('b'));
  assert.is(b.length, 9, 'nothing deleted or created in b');
  assert.is(b.find((r) => r.id === partner)!.fields.jobtitle, 'Merged', "the survivor's values reach the partner");
  const links = p.state().syncs.contacts!.links;
  assert.ok(links.some((l) => l.left === survivor && l.right === partner && !l.deleted));
  assert.not.ok(links.some((l) => l.left === loser.id));
  assert.is(records(p.store('a')).length, 9, 'the survivor is not copied back as a new record');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0, 'converged');
});

test('merged into a record that is already linked: the pair ends, the partner is kept and never recreated', async () => {
  const p = project(twoStores(propagate));
  await p.run('apply', '--yes');
  const [loser, keeper] = records(p.store('a'));
  const links = p.state().syncs.contacts!.links;
  const partner = links.find((l) => l.left === loser!.id)!.right;
  p.editStore('a', (d) => {
    d.rev += 1;
    Object.assign(d.objects.contacts!.records[loser!.id]!, { deleted: true, mergedInto: keeper!.id, rev: d.rev });
  });
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.ok(
    records(p.store('b')).some((r) => r.id === partner),
    'a merge is not a delete, even with deletes: propagate',
  );
  assert.is(records(p.store('b')).length, 9);
  assert.is(records(p.store('a')).length, 8, 'the partner is not recreated in a');
  assert.is(p.state().syncs.contacts!.links.find((l) => l.right === partner)!.deleted, 'left');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0, 'converged');
});

test('renamed or merged away without a trace but the survivor lists the old id (formerIds)', async () => {
  const p = project(twoStores(propagate));
  await p.run('apply', '--yes');
  const old = records(p.store('a'))[2]!;
  const partner = p.state().syncs.contacts!.links.find((l) => l.left === old.id)!.right;
  let renamed = '';
  p.editStore('a', (d) => {
    const rec = d.objects.contacts!.records[old.id]!;
    delete d.objects.contacts!.records[old.id];
    renamed = addSurvivor(d, rec.fields as Record<string, string>, { formerIds: [old.id] });
  });
  // A full read: the old id is simply absent, which alone would be a delete.
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.ok(
    records(p.store('b')).some((r) => r.id === partner),
    'not deleted',
  );
  assert.is(records(p.store('b')).length, 9);
  assert.ok(p.state().syncs.contacts!.links.some((l) => l.left === renamed && l.right === partner));
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0, 'converged');
});

test.run();
