/** The state file: validated on read, never silently replaced, migrated forward, locked. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { storedLink } from '../../src/state/encode.js';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('state');

test('a corrupt state file is a clear error and is left untouched', async () => {
  const p = project(twoStores());
  p.write('.crmsync/state.json', '{"format":"crmsync-state","version":1,');
  const result = await p.run('apply', '--yes');
  assert.is(result.code, 1);
  assert.match(result.stderr, 'error[state-corrupt]');
  assert.not.match(result.stderr, '    at ');
  assert.is(p.read('.crmsync/state.json'), '{"format":"crmsync-state","version":1,');
});

test('a state file of another shape is refused, naming the bad place', async () => {
  const p = project(twoStores());
  p.write(
    '.crmsync/state.json',
    JSON.stringify({ format: 'crmsync-state', version: 1, lineage: 'x', serial: 1, syncs: { contacts: { links: [{ l: 1 }] } }, journal: [] }),
  );
  const result = await p.run('plan');
  assert.is(result.code, 1);
  assert.match(result.stderr, 'error[state-corrupt]');
  assert.match(result.stderr, '/syncs/contacts');
});

test('a state from a newer crmsync is refused and not rewritten', async () => {
  const p = project(twoStores());
  const future = JSON.stringify({ format: 'crmsync-state', version: 99, lineage: 'x', serial: 1, syncs: {}, journal: [] });
  p.write('.crmsync/state.json', future);
  const result = await p.run('apply', '--yes');
  assert.is(result.code, 1);
  assert.match(result.stderr, 'error[state-future-version]');
  assert.is(p.read('.crmsync/state.json'), future);
});

test('a version 0 state migrates forward, and is saved in the version 3 format', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes');
  const v1 = p.state();
  // Links as version 0 stored them: sides `l` and `r`.
  const v0 = { ...v1, version: 0, syncs: { contacts: { pairs: v1.syncs.contacts!.links.map(storedLink), cursors: {} } } } as Record<string, unknown>;
  delete v0.journal;
  p.write('.crmsync/state.json', JSON.stringify(v0));
  const plan = await p.run('plan', '--detailed-exitcode');
  assert.is(plan.code, 0, plan.stderr + plan.stdout);
  await p.run('apply', '--yes');
  assert.is(p.state().version, 3);
  assert.match(p.read('.crmsync/state.json').split('\n')[0]!, /^\{"format":"crmsync-state","version":3,[^\n]*\}$/, 'saved as JSON Lines, header first');
  assert.is(p.state().syncs.contacts!.links.length, 9);
});

test('a second apply refuses while the state is locked; force-unlock clears a stale lock', async () => {
  const p = project(twoStores());
  p.write('.crmsync/state.json.lock', JSON.stringify({ id: 'lock-1', pid: 999999, host: 'ci', operation: 'apply', at: '2026-01-01T00:00:00Z' }));
  const blocked = await p.run('apply', '--yes');
  assert.is(blocked.code, 1);
  assert.match(blocked.stderr, 'error[state-locked]');
  assert.match(blocked.stderr, 'crmsync force-unlock lock-1');
  assert.not.ok(p.exists('.crmsync/state.json'), 'nothing was written while locked');
  const wrong = await p.run('force-unlock', 'nope');
  assert.is(wrong.code, 1);
  const unlocked = await p.run('force-unlock', 'lock-1');
  assert.is(unlocked.code, 0);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(records(p.store('a')).length, 9);
});

test('two applies at once: one waits for the lock, the state stays valid and nothing is duplicated', async () => {
  const p = project(twoStores());
  const [x, y] = await Promise.all([p.run('apply', '--yes', '--lock-timeout', '20s'), p.run('apply', '--yes', '--lock-timeout', '20s')]);
  assert.is(x.code, 0, x.stderr);
  assert.is(y.code, 0, y.stderr);
  assert.is(records(p.store('a')).length, 9);
  assert.is(records(p.store('b')).length, 9);
  assert.is(p.state().syncs.contacts!.links.length, 9);
});

test.run();
