/**
 * Test entry point: runs every `*.test.ts` under test/ (or those under the paths given as arguments)
 * with uvu's own runner (`uvu/run`), and ends with the one line CI reads: `N passed, N failed`.
 * Test files' `uvu` imports are routed to test/runner/uvu.ts, which gives each suite its time budget
 * (CRMSYNC_TEST_SUITE_TIMEOUT_MS), counts it and removes its temporary folders.
 */
import { readdirSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { join, relative, resolve } from 'node:path';

register('./runner/uvu-hooks.mjs', import.meta.url);
const { run } = await import('uvu/run');

function collect(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const root = resolve(import.meta.dirname);
const args = process.argv.slice(2);
const roots = args.length ? args.map((a) => resolve(a)) : [root];
const files = roots.flatMap((r) => (statSync(r).isDirectory() ? collect(r, []) : [r]));

await run(files.map((file) => ({ name: relative(root, file), file })));
// Imported only now: uvu/run must load uvu first, in its deferred mode, before anything else does.
const { tally } = await import('./runner/uvu.js');
if (tally.failed > 0) process.exitCode = 1;
process.stdout.write(`${tally.passed} passed, ${tally.failed} failed\n`, () => {
  // A timed-out suite may hold sockets or timers open for ever: leave once the line is written.
  if (tally.timedOut > 0) process.exit();
});
