/** The state lock: stale and unreadable locks are named as such, and force-unlock removes them. */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { unlink } from 'node:fs/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FileBackend } from '../../src/state/file-backend.js';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('state lock');

/** A pid that surely belongs to no running process: one that has just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

test('a lock whose process is gone from this host is reported as stale, with the command to clear it', async () => {
  const p = project(twoStores());
  p.write('.crmsync/state.json.lock', JSON.stringify({ id: 'lock-dead', pid: deadPid(), host: hostname(), operation: 'apply', at: '2026-01-01T00:00:00Z' }));
  const blocked = await p.run('apply', '--yes');
  assert.is(blocked.code, 1);
  assert.match(blocked.stderr, 'error[state-locked]');
  assert.match(blocked.stderr, 'no longer running');
  assert.match(blocked.stderr, 'stale');
  assert.match(blocked.stderr, 'crmsync force-unlock lock-dead');
  assert.not.ok(p.exists('.crmsync/state.json'), 'a stale lock is not taken over');
  assert.is((await p.run('force-unlock', 'lock-dead')).code, 0);
  assert.is((await p.run('apply', '--yes')).code, 0);
});

test('a live lock on this host is not called stale', async () => {
  const p = project(twoStores());
  p.write('.crmsync/state.json.lock', JSON.stringify({ id: 'lock-live', pid: process.pid, host: hostname(), operation: 'apply', at: '2026-01-01T00:00:00Z' }));
  const blocked = await p.run('apply', '--yes');
  assert.is(blocked.code, 1);
  assert.match(blocked.stderr, 'locked by another run');
  assert.not.match(blocked.stderr, 'stale');
});

for (const [what, content] of [
  ['empty', ''],
  ['not JSON', '{"id": "x", "pi'],
] as const) {
  test(`a lock file that is ${what} is reported as unreadable, and force-unlock removes it`, async () => {
    const p = project(twoStores());
    p.write('.crmsync/state.json.lock', content);
    const blocked = await p.run('apply', '--yes');
    assert.is(blocked.code, 1);
    assert.match(blocked.stderr, 'error[state-locked]');
    assert.match(blocked.stderr, `is unreadable: it is ${what}`);
    assert.match(blocked.stderr, 'crmsync force-unlock unreadable');
    assert.not.match(blocked.stderr, '    at ');
    const wrong = await p.run('force-unlock', 'lock-1');
    assert.is(wrong.code, 1);
    assert.match(wrong.stderr, 'crmsync force-unlock unreadable');
    assert.ok(p.exists('.crmsync/state.json.lock'));
    const unlocked = await p.run('force-unlock', 'unreadable');
    assert.is(unlocked.code, 0, unlocked.stderr);
    assert.not.ok(p.exists('.crmsync/state.json.lock'));
    assert.is((await p.run('apply', '--yes')).code, 0);
    assert.is(records(p.store('b')).length, 9);
  });
}

test('a run whose lock was force-unlocked meanwhile does not write the state', async () => {
  const p = project(twoStores());
  const path = join(p.dir, '.crmsync', 'state.json');
  const error = await new FileBackend(path).withState('apply', {}, async (state) => {
    await unlink(`${path}.lock`);
    return state.save().then(
      () => undefined,
      (e: { code?: string }) => e.code,
    );
  });
  assert.is(error, 'state-lock-lost');
  assert.not.ok(p.exists('.crmsync/state.json'));
});

test('the lock records the pid, host and start time, and is gone after the run', async () => {
  const p = project(twoStores());
  const path = join(p.dir, '.crmsync', 'state.json');
  const seen = await new FileBackend(path).withState('import', {}, async () => JSON.parse(p.read('.crmsync/state.json.lock')));
  assert.is(seen.pid, process.pid);
  assert.is(seen.host, hostname());
  assert.is(seen.operation, 'import');
  assert.ok(Date.now() - Date.parse(seen.at) < 60_000);
  assert.not.ok(p.exists('.crmsync/state.json.lock'));
});

test.run();
