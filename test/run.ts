/**
 * Test entry point: loads every `*.test.ts` under test/ (or those under the paths given as arguments)
 * into uvu's queue, runs them, and ends with the one line CI reads: `N passed, N failed`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type Outcome = [errors: string | true, ran: number, skipped: number, total: number];
type Runner = () => Promise<Outcome>;
declare global {
  // uvu's own globals, set up the way its CLI does.
  var UVU_DEFER: number;
  var UVU_INDEX: number;
  var UVU_QUEUE: Array<[string | null, ...Runner[]]>;
}

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

globalThis.UVU_DEFER = 1;
const uvu = await import('uvu');
let index = 0;
for (const file of files) {
  globalThis.UVU_INDEX = index++;
  globalThis.UVU_QUEUE.push([relative(root, file)]);
  await import(pathToFileURL(file).href);
}

// A suite that hangs (a promise never settled, a server never closed) must fail, not stall CI:
// after this long it counts as one failed test and the run goes on.
const suiteTimeoutMs = Number(process.env.CRMSYNC_TEST_SUITE_TIMEOUT_MS ?? 600_000);

let passed = 0;
let failed = 0;
let timedOut = 0;
for (const group of globalThis.UVU_QUEUE) {
  const file = group[0];
  for (let i = 1; i < group.length; i++) {
    const run = group[i] as Runner;
    group[i] = async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<Outcome>((done) => {
        timer = setTimeout(() => {
          timedOut++;
          done([`a suite in ${file} did not finish within ${suiteTimeoutMs} ms`, 0, 0, 1]);
        }, suiteTimeoutMs);
      });
      const outcome = await Promise.race([run(), timeout]).finally(() => clearTimeout(timer));
      passed += outcome[1];
      failed += outcome[3] - outcome[1];
      return outcome;
    };
  }
}
await uvu.exec(false);
if (failed > 0) process.exitCode = 1;
process.stdout.write(`${passed} passed, ${failed} failed\n`, () => {
  // A timed-out suite may hold sockets or timers open for ever: leave once the line is written.
  if (timedOut > 0) process.exit();
});
