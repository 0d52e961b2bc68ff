/**
 * A plan saved with `plan --sync X --out F` covers X only: `apply F` (or `apply F --sync X`) applies
 * X alone, and checks the configuration of X and the connections it uses, not the other syncs';
 * `apply F --sync Y` for a Y it does not cover is a usage error. File backend; the PostgreSQL leases
 * are in test/state/saved-plan-leases.test.ts.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records } from '../helpers/project.js';

const test = suite('saved plan of selected syncs');

const seed = (n: number) => `{ seed: { contacts: ${n}, companies: 0, from: 0 } }`;
const sync = (name: string, left: string, right: string) => `sync:
  name: ${name}
  object: contacts
  left: { connection: ${left} }
  right: { connection: ${right} }
  direction: two-way
  conflict: { winner: ${left} }
  match: { keys: none }
`;
const connections = (a2Extra = '', a1Extra = '') => `connections:
  a1: { app: local, sandbox: ${seed(3)}${a1Extra} }
  b1: { app: local, sandbox: ${seed(0)} }
  a2: { app: local, sandbox: ${seed(2)}${a2Extra} }
  b2: { app: local, sandbox: ${seed(0)} }
`;

/** Syncs `one` (a1 → b1) and `two` (a2 → b2), with `one` planned and saved to one.json. */
async function savedPlanOfOne() {
  const p = project({ 'syncs/connections.yaml': connections(), 'syncs/one.yaml': sync('one', 'a1', 'b1'), 'syncs/two.yaml': sync('two', 'a2', 'b2') });
  const planned = await p.run('plan', '--sync', 'one', '--out', 'one.json');
  assert.is(planned.code, 0, planned.stderr);
  assert.equal(JSON.parse(p.read('one.json')).selected, ['one']);
  return p;
}

test('apply F --sync X applies a plan saved with plan --sync X, and only X', async () => {
  const p = await savedPlanOfOne();
  const applied = await p.run('apply', 'one.json', '--sync', 'one');
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.is(records(p.store('b1')).length, 3);
  assert.not.ok(p.exists('.crmsync/local/b2.json'), 'sync two was not even connected to');
  assert.is(p.state().syncs.two?.links.length ?? 0, 0);
});

test('apply F applies exactly the syncs F covers', async () => {
  const p = await savedPlanOfOne();
  const applied = await p.run('apply', 'one.json');
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.is(records(p.store('b1')).length, 3);
  assert.is(p.state().syncs.two?.links.length ?? 0, 0, 'sync two is not applied by a plan of one');
  assert.not.ok(p.exists('.crmsync/local/b2.json'), 'nor read');
});

test("an edit to another sync's YAML or to a connection only it uses leaves the plan valid", async () => {
  const p = await savedPlanOfOne();
  p.write('syncs/two.yaml', sync('two', 'a2', 'b2').replace('winner: a2', 'winner: b2'));
  p.write('syncs/connections.yaml', connections(', path: elsewhere.json'));
  const applied = await p.run('apply', 'one.json');
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.is(records(p.store('b1')).length, 3);
});

test("an edit to X's YAML makes the plan stale, located at X's file", async () => {
  const p = await savedPlanOfOne();
  p.write('syncs/one.yaml', sync('one', 'a1', 'b1').replace('winner: a1', 'winner: b1'));
  for (const argv of [
    ['apply', 'one.json'],
    ['apply', 'one.json', '--sync', 'one'],
  ]) {
    const stale = await p.run(...argv);
    assert.is(stale.code, 1, argv.join(' '));
    assert.match(stale.stderr, 'error[plan-stale] the saved plan one.json is stale: syncs/one.yaml:1:1: the configuration of sync one changed');
    assert.not.match(stale.stderr, '    at ');
  }
  assert.is(records(p.store('b1')).length, 0, 'nothing was applied');
});

test('an edit to a connection X uses makes the plan stale', async () => {
  const p = await savedPlanOfOne();
  p.write('syncs/connections.yaml', connections('', ', path: elsewhere.json'));
  const stale = await p.run('apply', 'one.json');
  assert.is(stale.code, 1);
  assert.match(stale.stderr, 'error[plan-stale] the saved plan one.json is stale');
  assert.is(records(p.store('b1')).length, 0);
});

test('apply F --sync Y for a sync F does not cover is a usage error with a hint; nothing is applied', async () => {
  const p = await savedPlanOfOne();
  const other = await p.run('apply', 'one.json', '--sync', 'two');
  assert.is(other.code, 1);
  assert.match(other.stderr, 'error[usage] --sync two: the saved plan one.json does not cover sync two (it covers one)');
  assert.match(other.stderr, 'crmsync plan --sync two --out <file>');
  const both = await p.run('apply', 'one.json', '--sync', 'one', '--sync', 'two');
  assert.is(both.code, 1);
  assert.match(both.stderr, 'error[usage] --sync two: the saved plan one.json does not cover sync two');
  // A plan of the whole project is applied whole.
  assert.is((await p.run('plan', '--out', 'all.json')).code, 0);
  const part = await p.run('apply', 'all.json', '--sync', 'one');
  assert.is(part.code, 1);
  assert.match(part.stderr, 'error[usage] --sync names only some of the syncs the saved plan all.json covers (one, two)');
  assert.is(records(p.store('b1')).length, 0);
  assert.not.ok(p.exists('.crmsync/state.json'));
});

test.run();
