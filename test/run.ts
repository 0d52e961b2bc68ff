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

let passed = 0;
let failed = 0;
for (const group of globalThis.UVU_QUEUE) {
  for (let i = 1; i < group.length; i++) {
    const run = group[i] as Runner;
    group[i] = async () => {
      const outcome = await run();
      passed += outcome[1];
      failed += outcome[3] - outcome[1];
      return outcome;
    };
  }
}
await uvu.exec(false);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
if (failed > 0) process.exitCode = 1;
