/**
 * What test files get for `import { suite, test } from 'uvu'` (test/runner/uvu-hooks.mjs routes it
 * here): uvu's own public `suite()`, with each suite
 * - given a time budget, so a suite that hangs (a promise never settled, a server never closed) fails
 *   instead of stalling CI, and the run goes on;
 * - counted, for the `N passed, N failed` line test/run.ts ends with;
 * - followed by the removal of the temporary folders made while it ran (test/helpers/temp.ts).
 */
import { fileURLToPath } from 'node:url';
import { relative, resolve } from 'node:path';
import { exec, type Callback, type Test, suite as uvuSuite } from 'uvu';
import { removeTempDirsSince, tempDirMark } from '../helpers/temp.js';

export { exec };
export type { Callback, Test };

/** Totals over every suite run so far. */
export const tally = { passed: 0, failed: 0, timedOut: 0 };

const limitMs = () => Number(process.env.CRMSYNC_TEST_SUITE_TIMEOUT_MS ?? 600_000);
const here = fileURLToPath(import.meta.url);
const testRoot = resolve(import.meta.dirname, '..');

/** The test file that registered a test: the first stack frame outside this module. */
function callerFile(): string {
  for (const line of new Error().stack!.split('\n').slice(1)) {
    const path = /(?:file:\/\/)?(\/[^():]+\.[cm]?[jt]s):\d+/.exec(line)?.[1];
    if (path && path !== here) return relative(testRoot, path);
  }
  return 'an unknown file';
}

/** One `run()` of a suite: what it holds and how far it got. */
interface SuiteRun {
  file: string;
  tests: number;
  only: number;
  passed: number;
  deadline?: number;
  expired: boolean;
  mark: number;
}

const fresh = (): SuiteRun => ({ file: '', tests: 0, only: 0, passed: 0, expired: false, mark: -1 });

/** Runs `fn` within what is left of the suite's budget; a hook that ends the suite never throws on timeout. */
function guard<T>(run: SuiteRun, fn: Callback<T>, kind: 'test' | 'hook' | 'after'): Callback<T> {
  return async (ctx) => {
    if (run.expired && kind !== 'after') throw new Error(`not run: a suite in ${run.file} ran out of time`);
    run.deadline ??= Date.now() + limitMs();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), Math.max(0, run.deadline! - Date.now()));
    });
    const outcome = await Promise.race([Promise.resolve(fn(ctx)).then(() => 'done' as const), timeout]).finally(() => clearTimeout(timer));
    if (outcome === 'timeout') {
      const message = `a suite in ${run.file} did not finish within ${limitMs()} ms`;
      if (!run.expired) tally.timedOut++;
      run.expired = true;
      if (kind !== 'after') throw new Error(message);
      process.stdout.write(`\n  ${message}\n`);
      tally.failed++;
      return;
    }
    if (kind === 'test') run.passed++;
  };
}

function timed<T>(t: Test<T>): Test<T> {
  let run = fresh();
  const register = (kind: 'tests' | 'only') => (name: string, fn: Callback<T>) => {
    run.file ||= callerFile();
    run[kind === 'tests' ? 'tests' : 'only']++;
    (kind === 'tests' ? t : t.only)(name, guard(run, fn, 'test'));
  };
  const hook = (add: (fn: Callback<T>) => void, kind: 'hook' | 'after') => (fn: Callback<T>) => add(guard(run, fn, kind));
  const wrapped = register('tests') as Test<T>;
  wrapped.only = register('only');
  wrapped.skip = (...args) => t.skip(...args);
  wrapped.before = Object.assign(hook(t.before, 'hook'), { each: hook(t.before.each, 'hook') });
  wrapped.after = Object.assign(hook(t.after, 'after'), { each: hook(t.after.each, 'hook') });
  wrapped.run = () => {
    const current = run;
    run = fresh();
    // Added last, so they run after the suite's own hooks (servers are closed before folders go).
    t.before(() => void (current.mark = tempDirMark()));
    t.after(() => {
      if (current.mark >= 0) removeTempDirsSince(current.mark);
      const total = current.only || current.tests;
      tally.passed += current.passed;
      tally.failed += total - current.passed;
    });
    t.run();
  };
  return wrapped;
}

/** uvu's `suite()`, timed, counted and cleaned up after. */
export function suite<T = Record<string, unknown>>(title?: string, context?: T): Test<T> {
  return timed(uvuSuite<T>(title, context));
}

/** uvu's default suite, likewise. */
export const test = suite();
