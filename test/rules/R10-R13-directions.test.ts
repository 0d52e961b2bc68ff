/** R10 directions, R11 default app, R12 blanks, R13 one-way sources are never written. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('R10-R13 directions and conflicts');
const byEmail = (p: ReturnType<typeof project>, store: string, email: unknown) => records(p.store(store)).find((r) => r.fields.email === email)!;

test("R10 one-way: records flow from the source only, and the target's own changes never flow back", async () => {
  const p = project(twoStores({ sync: '  direction: one-way\n  from: a\n  conflict: { winner: a }' }));
  await p.run('apply', '--yes');
  // a had people 0-5, b had 3-8: b gains 0-2; a gains nothing.
  assert.is(records(p.store('a')).length, 6);
  assert.is(records(p.store('b')).length, 9);
  const shared = records(p.store('b')).find((r) => !records(p.store('a')).some((x) => x.fields.email === r.fields.email))!;
  const linked = byEmail(p, 'b', records(p.store('a'))[0]!.fields.email);
  p.editStore('b', (d) => (d.objects.contacts!.records[linked.id]!.fields.city = 'Changed in target'));
  void shared;
  const plan = await p.run('plan', '--json');
  assert.equal(
    JSON.parse(plan.stdout).plan.ops.filter((o: { type: string }) => o.type !== 'rebase'),
    [],
  );
  await p.run('apply', '--yes');
  assert.not.equal(records(p.store('a'))[0]!.fields.city, 'Changed in target');
  // A later change in the source still flows, overwriting the target's edit.
  p.editStore('a', (d) => (d.objects.contacts!.records[records(p.store('a'))[0]!.id]!.fields.city = 'From source'));
  await p.run('apply', '--yes');
  assert.is(byEmail(p, 'b', records(p.store('a'))[0]!.fields.email).fields.city, 'From source');
});

test('R13: with one-way from b and a as the default app, nothing is ever written to b', async () => {
  const p = project(twoStores({ sync: '  direction: one-way\n  from: b\n  conflict: { winner: a }' }));
  await p.run('plan');
  const before = JSON.stringify(records(p.store('b')).map((r) => r.fields));
  await p.run('apply', '--yes');
  const sharedEmail = records(p.store('b'))[0]!.fields.email;
  p.editStore('a', (d) => (d.objects.contacts!.records[byEmail(p, 'a', sharedEmail).id]!.fields.jobtitle = 'Edited in a'));
  await p.run('apply', '--yes');
  assert.is(JSON.stringify(records(p.store('b')).map((r) => r.fields)), before);
});

test('R11: when both apps changed a field, the default app wins', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes');
  const email = records(p.store('a'))[4]!.fields.email;
  p.editStore('a', (d) => (d.objects.contacts!.records[byEmail(p, 'a', email).id]!.fields.city = 'A city'));
  p.editStore('b', (d) => (d.objects.contacts!.records[byEmail(p, 'b', email).id]!.fields.city = 'B city'));
  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  const update = plan.ops.find((o: { type: string }) => o.type === 'update');
  assert.is(update.side, 'right');
  assert.is(update.changes[0].reason.rule, 'R11');
  await p.run('apply', '--yes');
  assert.is(byEmail(p, 'b', email).fields.city, 'A city');
  assert.is(byEmail(p, 'a', email).fields.city, 'A city');
});

test('R12: a blank in the default app never wipes the other app; the other value fills it', async () => {
  const p = project(twoStores({ seedA: '{ contacts: 0, companies: 0 }', seedB: '{ contacts: 0, companies: 0 }' }));
  await p.run('apply', '--yes');
  p.editStore(
    'a',
    (d) =>
      (d.objects.contacts!.records['1'] = {
        id: '1',
        rev: 1,
        modifiedAt: '2026-01-01T00:00:00.000Z',
        fields: { email: 'x@y.com', city: null, jobtitle: 'CEO' },
      }),
  );
  p.editStore(
    'b',
    (d) =>
      (d.objects.contacts!.records['1'] = {
        id: '1',
        rev: 1,
        modifiedAt: '2026-01-01T00:00:00.000Z',
        fields: { email: 'X@Y.com', city: 'Oslo', jobtitle: 'CTO' },
      }),
  );
  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  const toA = plan.ops.find((o: { type: string; side: string }) => o.type === 'update' && o.side === 'left');
  assert.equal(
    toA.changes.map((c: { field: string; reason: { rule: string } }) => [c.field, c.reason.rule]),
    [['city', 'R12']],
  );
  await p.run('apply', '--yes');
  assert.is(records(p.store('a'))[0]!.fields.city, 'Oslo');
  assert.is(records(p.store('b'))[0]!.fields.city, 'Oslo');
  assert.is(records(p.store('b'))[0]!.fields.jobtitle, 'CEO', 'the default app wins where it has a value');
  // Clearing the value in the default app later does not clear the other app under `prefer`.
  p.editStore('a', (d) => (d.objects.contacts!.records['1']!.fields.city = null));
  await p.run('apply', '--yes');
  assert.is(records(p.store('b'))[0]!.fields.city, 'Oslo');
});

test.run();
