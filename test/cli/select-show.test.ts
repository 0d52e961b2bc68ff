/** `--sync` selection, `show PLANFILE` and refresh-only runs, through the CLI. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const test = suite('selection and inspection');

/** Two syncs between the same stores: contacts and companies. */
function twoSyncs() {
  const files = twoStores({ seedA: '{ contacts: 4, companies: 3, from: 0 }', seedB: '{ contacts: 4, companies: 3, from: 2 }' });
  files['syncs/companies.yaml'] = syncFile(
    'companies',
    'a',
    'b',
    `direction: two-way
conflict: { winner: a }`,
  );
  return project(files);
}

test('--sync plans and applies only the named sync; the others are not read or written', async () => {
  const p = twoSyncs();
  const plan = await p.run('plan', '--sync', 'companies');
  assert.is(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, 'Selected syncs (--sync): companies');
  assert.match(plan.stdout, /sync contacts: .*\n {2}\(not selected \(--sync\)/);
  const applied = await p.run('apply', '--sync', 'companies', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(records(p.store('a'), 'contacts').length, 4);
  assert.is(records(p.store('a'), 'companies').length, records(p.store('b'), 'companies').length);
  const state = p.state();
  assert.ok(state.syncs.companies!.links.length > 0);
  assert.is(state.syncs.contacts?.links.length ?? 0, 0);
  // The contacts are still to do.
  const rest = await p.run('plan', '--sync', 'contacts', '--json');
  assert.ok(JSON.parse(rest.stdout).plan.ops.some((o: { type: string }) => o.type === 'create'));
});

test('an unknown --sync is a located error with a did-you-mean, on plan, apply, status and import', async () => {
  const p = twoSyncs();
  for (const argv of [
    ['plan', '--sync', 'contcts'],
    ['apply', '--sync', 'contcts', '--yes'],
    ['status', '--sync', 'contcts'],
    ['import', 'contcts', '--yes'],
  ]) {
    const r = await p.run(...argv);
    assert.is(r.code, 1, argv.join(' '));
    assert.match(r.stderr, 'error[unknown-sync]');
    assert.match(r.stderr, 'did you mean contacts? (syncs/contacts.yaml:1:1)');
    assert.not.match(r.stderr, '    at ');
  }
  assert.not.ok(p.exists('.crmsync/state.json'));
});

test('status --sync reports only the named syncs', async () => {
  const p = twoSyncs();
  await p.run('apply', '--yes');
  const r = await p.run('status', '--sync', 'contacts', '--json');
  assert.equal(
    JSON.parse(r.stdout).health.syncs.map((s: { sync: string }) => s.sync),
    ['contacts'],
  );
});

test('show renders a saved plan as plan does, and as JSON; a non-plan is refused', async () => {
  const p = twoSyncs();
  const planned = await p.run('plan', '--out', 'plan.json');
  const shown = await p.run('show', 'plan.json');
  assert.is(shown.code, 0, shown.stderr);
  assert.is(shown.stdout, planned.stdout.replace(/\nSaved the plan to .*\n/, ''));
  const json = await p.run('show', 'plan.json', '--json');
  assert.equal(JSON.parse(json.stdout).plan, JSON.parse(p.read('plan.json')));
  p.write('other.json', '{"hello": 1}');
  const bad = await p.run('show', 'other.json');
  assert.is(bad.code, 1);
  assert.match(bad.stderr, 'error[plan-invalid] other.json is not a crmsync plan file');
});

test('--refresh-only advances links, bases and cursors without writing to the apps', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes');
  const target = records(p.store('a'))[0]!;
  p.editStore('a', (d) => (d.objects.contacts!.records[target.id]!.fields.jobtitle = 'Refreshed'));
  const before = JSON.stringify(p.store('b'));
  const plan = await p.run('plan', '--refresh-only', '--detailed-exitcode');
  assert.is(plan.code, 2, plan.stderr);
  assert.match(plan.stdout, 'Refresh-only plan');
  assert.match(plan.stdout, 'Refresh-only: 1 state change(s)');
  assert.match(plan.stdout, `≈ ${target.id} ↔`);
  const serial = p.state().serial;
  const applied = await p.run('apply', '--refresh-only', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, 'nothing was written to the apps');
  assert.is(JSON.stringify(p.store('b')), before);
  assert.ok(p.state().serial > serial);
  const link = p.state().syncs.contacts!.links.find((l) => l.left === target.id)!;
  assert.is(link.base.left.jobtitle, 'Refreshed');
  // The difference is accepted: a normal plan no longer copies it.
  const after = await p.run('plan', '--detailed-exitcode');
  assert.is(after.code, 0, after.stdout);
});

test.run();
