/**
 * Two real `crmsync apply` processes at once, waiting on each other with --lock-timeout, over 2,000
 * contacts that no match key can re-link (`match.keys: none`): the second run must plan against the
 * state the first one saved, so nothing is created twice and no link is lost.
 */
import { spawn } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores } from '../helpers/project.js';

const BIN = new URL('../../bin/crmsync.js', import.meta.url).pathname;
const test = suite('state lock across processes');

function cli(dir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

test('two concurrent applies lose no link and duplicate no record (match.keys: none)', async () => {
  const p = project(
    twoStores({
      seedA: '{ contacts: 2000, companies: 0, from: 0 }',
      seedB: '{ contacts: 0, companies: 0, from: 0 }',
      sync: '  direction: two-way\n  conflict: { winner: a }\n  match: { keys: none }',
    }),
  );
  const args = ['apply', '--auto-approve', '--lock-timeout', '120s'];
  const [x, y] = await Promise.all([cli(p.dir, args), cli(p.dir, args)]);
  assert.is(x.code, 0, x.out);
  assert.is(y.code, 0, y.out);
  assert.is(records(p.store('a')).length, 2000, 'nothing created back in a');
  assert.is(records(p.store('b')).length, 2000, 'each contact created once in b');
  const links = p.state().syncs.contacts!.links;
  assert.is(links.length, 2000);
  assert.is(new Set(links.map((l) => l.left)).size, 2000);
  assert.is(new Set(links.map((l) => l.right)).size, 2000);
  assert.not.ok(p.exists('.crmsync/state.json.lock'));
});

test.run();
