/** R30: delete handling per sync, never after a partial read, the mass-delete guard, resync-deleted. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CompiledSync } from '../../src/config/model.js';
import { diffSync } from '../../src/plan/diff.js';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('R30 deletes');
const remove = (p: ReturnType<typeof project>, store: string, id: string) =>
  p.editStore(store, (d) => Object.assign(d.objects.contacts!.records[id]!, { deleted: true, rev: 999 }));

test('ignore (default): the other record stays, the link is remembered, resync-deleted recreates it', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes');
  const gone = records(p.store('a'))[0]!;
  remove(p, 'a', gone.id);
  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.equal(
    plan.ops.map((o: { type: string; reason: { rule: string } }) => [o.type, o.reason.rule]),
    [['forget', 'R30']],
  );
  await p.run('apply', '--yes');
  assert.is(records(p.store('b')).length, 9, 'kept in b');
  const link = p.state().syncs.contacts!.links.find((l) => l.left === gone.id)!;
  assert.is(link.deleted, 'left');
  // Not recreated by a normal run.
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
  const status = JSON.parse((await p.run('status', '--json')).stdout).health;
  assert.is(status.syncs[0].deleted, 1);
  // resync-deleted brings it back into a, and links it again.
  const resync = await p.run('resync-deleted', 'contacts', '--into', 'a', '--yes');
  assert.is(resync.code, 0, resync.stderr);
  assert.match(resync.stdout, '1 created');
  assert.ok(records(p.store('a')).some((r) => r.fields.email === gone.fields.email));
  const links = p.state().syncs.contacts!.links;
  assert.is(links.length, 9);
  assert.not.ok(links.some((l) => l.deleted));
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('resync-deleted: only the named records, into a chosen app', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes');
  const [x, y] = records(p.store('b'));
  remove(p, 'b', x!.id);
  remove(p, 'b', y!.id);
  await p.run('apply', '--yes');
  const bad = await p.run('resync-deleted', 'contacts', '--into', 'nowhere', '--yes');
  assert.is(bad.code, 1);
  assert.match(bad.stderr, 'error[usage]');
  await p.run('resync-deleted', 'contacts', '--into', 'b', '--ids', x!.id, '--yes');
  const emails = records(p.store('b')).map((r) => r.fields.email);
  assert.ok(emails.includes(x!.fields.email));
  assert.not.ok(emails.includes(y!.fields.email));
});

test('propagate: a delete in one app deletes the linked record in the other', async () => {
  const p = project(twoStores({ sync: '  direction: two-way\n  conflict: { winner: a }\n  deletes: { mode: propagate, max_share: 0.5 }' }));
  await p.run('apply', '--yes');
  const gone = records(p.store('a'))[0]!;
  remove(p, 'a', gone.id);
  await p.run('apply', '--yes');
  assert.not.ok(records(p.store('b')).some((r) => r.fields.email === gone.fields.email));
  assert.is(p.state().syncs.contacts!.links.length, 8);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('archive: the linked record is archived, not deleted', async () => {
  const p = project(twoStores({ sync: '  direction: two-way\n  conflict: { winner: a }\n  deletes: { mode: archive, max_share: 0.5 }' }));
  await p.run('apply', '--yes');
  const gone = records(p.store('a'))[0]!;
  remove(p, 'a', gone.id);
  await p.run('apply', '--yes');
  const archived = Object.values(p.store('b').objects.contacts!.records).find((r) => r.fields.email === gone.fields.email)!;
  assert.is(archived.archived, true);
  assert.is.not(archived.deleted, true);
});

test('the mass-delete guard refuses more than max_count or max_share, whichever is larger, unless --allow-mass-delete', async () => {
  const p = project(twoStores({ sync: '  direction: two-way\n  conflict: { winner: a }\n  deletes: { mode: propagate, max_share: 0.1, max_count: 2 }' }));
  await p.run('apply', '--yes');
  for (const r of records(p.store('a')).slice(0, 3)) remove(p, 'a', r.id);
  const refused = await p.run('apply', '--yes');
  assert.is(refused.code, 1);
  assert.match(
    refused.stderr,
    'error[mass-delete] sync contacts would delete 3 of 9 linked records; the limit is 2 (the larger of max_count 2 and max_share 0.1 of the links)',
  );
  assert.is(records(p.store('b')).length, 9, 'nothing deleted');
  const forced = await p.run('apply', '--yes', '--allow-mass-delete');
  assert.is(forced.code, 0);
  assert.is(records(p.store('b')).length, 6);
});

test('the mass-delete guard by default lets a small sync delete a few records (up to 10), and counts the share in a large one', async () => {
  const p = project(twoStores({ sync: '  direction: two-way\n  conflict: { winner: a }\n  deletes: { mode: propagate }' }));
  await p.run('apply', '--yes');
  for (const r of records(p.store('a')).slice(0, 3)) remove(p, 'a', r.id);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(records(p.store('b')).length, 6);
  // 120 links: 10 % is 12, more than 10; the 13th delete is refused.
  const big = project(
    twoStores({
      seedA: '{ contacts: 120, companies: 0, from: 0 }',
      seedB: '{ contacts: 0, companies: 0, from: 0 }',
      sync: '  direction: two-way\n  conflict: { winner: a }\n  deletes: { mode: propagate }',
    }),
  );
  await big.run('apply', '--yes');
  for (const r of records(big.store('a')).slice(0, 13)) remove(big, 'a', r.id);
  const refused = await big.run('apply', '--yes');
  assert.match(refused.stderr, 'would delete 13 of 120 linked records; the limit is 12');
});

test("settings.deletes sets the guard for every sync; a sync's own deletes: overrides it", async () => {
  const files = twoStores({ sync: '  direction: two-way\n  conflict: { winner: a }\n  deletes: { mode: propagate }' });
  files['syncs/connections.yaml'] += 'settings:\n  deletes: { max_count: 0, max_share: 0 }\n';
  const p = project(files);
  await p.run('apply', '--yes');
  remove(p, 'a', records(p.store('a'))[0]!.id);
  const refused = await p.run('apply', '--yes');
  assert.match(refused.stderr, 'would delete 1 of 9 linked records; the limit is 0');
  p.write('syncs/contacts.yaml', p.read('syncs/contacts.yaml').replace('deletes: { mode: propagate }', 'deletes: { mode: propagate, max_count: 1 }'));
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(records(p.store('b')).length, 8);
});

test('never after a partial read: a record missing from an incomplete read is not deleted', () => {
  const sync = {
    name: 's',
    deletes: { mode: 'propagate', maxShare: 1 },
    direction: 'two-way',
    left: { connection: 'a' },
    right: { connection: 'b' },
    fields: [],
    matchKeys: [],
    filters: { requireEmail: null, initial: { left: [], right: [] }, include: { left: [], right: [] } },
    initialSync: 'full',
    source: { file: 's', line: 1, col: 1 },
  } as unknown as CompiledSync;
  const state = { links: [{ left: '1', right: '2', base: { left: {}, right: {} }, at: '' }], cursors: {}, failures: [] };
  const partial = diffSync({
    sync,
    state,
    now: '2026-01-01T00:00:00Z',
    left: { records: [], complete: false, mode: 'full' },
    right: { records: [{ id: '2', fields: {} }], complete: true, mode: 'full' },
  });
  assert.equal(partial.ops, []);
  const complete = diffSync({
    sync,
    state,
    now: '2026-01-01T00:00:00Z',
    left: { records: [], complete: true, mode: 'full' },
    right: { records: [{ id: '2', fields: {} }], complete: true, mode: 'full' },
  });
  assert.equal(
    complete.ops.map((o) => o.type),
    ['delete'],
  );
});

test.run();
