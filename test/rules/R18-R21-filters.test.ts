/** R18 email requirement, R19 initial-only criteria, R21 dynamic inclusion. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('R18-R21 filters');
const empty = { seedB: '{ contacts: 0, companies: 0 }' };

test('R18: contacts without a valid email do not sync by default; the filter can be switched off', async () => {
  const p = project(twoStores(empty));
  await p.run('apply', '--yes');
  p.editStore('a', (d) => {
    d.objects.contacts!.records['100'] = { id: '100', rev: 100, modifiedAt: '2026-01-01T00:00:00.000Z', fields: { email: 'not-an-email', lastname: 'X' } };
    d.objects.contacts!.records['101'] = { id: '101', rev: 101, modifiedAt: '2026-01-01T00:00:00.000Z', fields: { email: null, lastname: 'Y' } };
  });
  await p.run('apply', '--yes');
  assert.not.ok(records(p.store('b')).some((r) => r.fields.lastname === 'X' || r.fields.lastname === 'Y'));
  const status = JSON.parse((await p.run('status', '--json')).stdout).health;
  assert.is(status.syncs[0].excluded.left, 2);

  const q = project(
    twoStores({ ...empty, sync: '  direction: two-way\n  conflict: { winner: a }\n  filters: { require_email: false }\n  match: { keys: none }' }),
  );
  await q.run('apply', '--yes');
  q.editStore(
    'a',
    (d) => (d.objects.contacts!.records['100'] = { id: '100', rev: 100, modifiedAt: '2026-01-01T00:00:00.000Z', fields: { email: null, lastname: 'Y' } }),
  );
  await q.run('apply', '--yes');
  assert.ok(records(q.store('b')).some((r) => r.fields.lastname === 'Y'));
});

test('R19: initial-only criteria decide which records link; once linked they keep syncing', async () => {
  const p = project(
    twoStores({
      ...empty,
      sync: `  direction: two-way
  conflict: { winner: a }
  filters:
    initial:
      left:
        - { field: city, op: equals, value: Oslo }`,
    }),
  );
  p.run; // stores are seeded on first use
  await p.run('plan');
  const all = records(p.store('a'));
  const target = all[0]!;
  p.editStore('a', (d) => {
    for (const r of Object.values(d.objects.contacts!.records)) r.fields.city = r.id === target.id ? 'Oslo' : 'Bergen';
  });
  await p.run('apply', '--yes');
  assert.equal(
    records(p.store('b')).map((r) => r.fields.email),
    [target.fields.email],
  );
  // It stops meeting the criteria: it keeps syncing (R19).
  p.editStore('a', (d) => Object.assign(d.objects.contacts!.records[target.id]!.fields, { city: 'Tromsø', jobtitle: 'Moved' }));
  await p.run('apply', '--yes');
  assert.is(records(p.store('b'))[0]!.fields.jobtitle, 'Moved');
  assert.is(records(p.store('b'))[0]!.fields.city, 'Tromsø');
});

test('R21: dynamic inclusion: a record leaving stops syncing and is not deleted; re-entering resumes', async () => {
  const p = project(
    twoStores({
      ...empty,
      sync: `  direction: two-way
  conflict: { winner: a }
  filters:
    include:
      left:
        - { field: subscribed, op: equals, value: true }`,
    }),
  );
  await p.run('plan');
  const target = records(p.store('a'))[0]!;
  p.editStore('a', (d) => {
    for (const r of Object.values(d.objects.contacts!.records)) r.fields.subscribed = r.id === target.id;
  });
  await p.run('apply', '--yes');
  assert.is(records(p.store('b')).length, 1);
  p.editStore('a', (d) => Object.assign(d.objects.contacts!.records[target.id]!.fields, { subscribed: false, jobtitle: 'While out' }));
  await p.run('apply', '--yes');
  const b = records(p.store('b'));
  assert.is(b.length, 1, 'not deleted');
  assert.is.not(b[0]!.fields.jobtitle, 'While out', 'no longer synced');
  p.editStore('a', (d) => (d.objects.contacts!.records[target.id]!.fields.subscribed = true));
  await p.run('apply', '--yes');
  assert.is(records(p.store('b'))[0]!.fields.jobtitle, 'While out');
});

test.run();
