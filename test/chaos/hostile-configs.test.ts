/**
 * Issue 15.8: 240 generated hostile configurations (mutations of the example project and of a
 * local-store project: wrong types, huge and odd values, deep nesting, unicode, bad references,
 * odd names, binary bytes, alias bombs …) go through `validate --json` and `plan`. None may crash
 * (no "internal error", no stack trace), hang, or report an error without a code and a location
 * (file:line:col, or the connection or record it concerns).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, twoStores } from '../helpers/project.js';
import { mutants, type Mutant } from './hostile-configs.js';

const test = suite('generated hostile configurations');

const EXAMPLE_DIR = new URL('../../syncs/', import.meta.url).pathname;
const example = Object.fromEntries(readdirSync(EXAMPLE_DIR).map((n) => [`syncs/${n}`, readFileSync(join(EXAMPLE_DIR, n), 'utf8')]));

const local = twoStores({
  sync: `  direction: two-way
  conflict: { winner: a, clock_skew: 2s }
  fields:
    - { left: email, right: email, transform: [trim, lowercase] }
    - { left: phone, right: phone, transform: [phone] }
    - { left: jobtitle, right: jobtitle, values: { Engineer: Eng }, sync: two-way }
  match:
    keys: [{ left: email, right: email }]
  filters:
    initial:
      left: [{ field: city, op: in, value: [Paris, Oslo] }]
  deletes: { mode: propagate, max_share: 0.5 }`,
});
local['syncs/settings.yaml'] = 'settings:\n  state: .crmsync/state.json\n';

/** A run may take this long at most; the slowest mutants (100 KB values, alias bombs) take well under it. */
const HANG_MS = 30_000;

// One error line of the CLI: `file:line:col error[code] …`, or `error[code] …` that names what it is about.
const LOCATED = /^\S+:\d+:\d+ (error|warning)\[[a-z-]+\] /;
const NAMED = /^error\[[A-Za-z0-9_-]+\] .*(\S+:\d+:\d+|connection `?[\w-]+|record|sync `?[\w-]+|\S+\.json)/;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} hung for ${HANG_MS} ms`)), HANG_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function materialise(m: Mutant) {
  const p = project();
  for (const [path, content] of Object.entries(m.files)) {
    mkdirSync(dirname(join(p.dir, path)), { recursive: true });
    writeFileSync(join(p.dir, path), content);
  }
  return p;
}

const counts = { configs: 0, validateErrors: 0, validateValid: 0, planned: 0, planRefused: 0, diagnostics: 0, codes: new Set<string>() };

function checkRun(m: Mutant, argv: string, r: { code: number; stdout: string; stderr: string }): void {
  const out = r.stdout + r.stderr;
  assert.ok(r.code === 0 || r.code === 1, `${m.name}: ${argv} exited ${r.code}`);
  assert.not.ok(out.includes('internal error'), `${m.name}: ${argv} crashed:\n${out.slice(0, 2000)}`);
  assert.not.ok(/\n\s+at (async )?\S+ \(?\S+:\d+:\d+\)?/.test(out), `${m.name}: ${argv} printed a stack trace:\n${out.slice(0, 2000)}`);
}

async function runMutant(m: Mutant): Promise<void> {
  counts.configs++;
  const p = materialise(m);
  const validated = await within(p.run('validate', '--json'), `${m.name}: validate`);
  checkRun(m, 'validate', validated);
  const envelope = JSON.parse(validated.stdout) as {
    status: string;
    diagnostics: Array<{ code: string; severity: string; file: string; line: number; col: number; message: string }>;
  };
  const report = { ...envelope, valid: envelope.status === 'ok' };
  assert.is(report.valid, validated.code === 0, m.name);
  for (const d of report.diagnostics) {
    assert.ok(
      /^[a-z-]+$/.test(d.code) && d.file && d.line >= 1 && d.col >= 1 && d.message,
      `${m.name}: unlocated diagnostic ${JSON.stringify(d).slice(0, 300)}`,
    );
    counts.codes.add(d.code);
  }
  counts.diagnostics += report.diagnostics.length;
  if (report.valid) counts.validateValid++;
  else counts.validateErrors++;

  const planned = await within(p.run('plan'), `${m.name}: plan`);
  checkRun(m, 'plan', planned);
  if (planned.code === 0) {
    counts.planned++;
    assert.ok(report.valid, `${m.name}: plan passed what validate refused`);
    return;
  }
  counts.planRefused++;
  const errors = planned.stderr.split('\n').filter((l) => /^(\S+:\d+:\d+ )?error\[/.test(l));
  assert.ok(errors.length > 0, `${m.name}: plan failed without an error[code]:\n${planned.stderr.slice(0, 1000)}`);
  for (const line of errors) {
    // The live catalogue check lists its located diagnostics on the lines after its own.
    const listsLocated = line.startsWith('error[config-invalid]') && planned.stderr.split('\n').some((l) => LOCATED.test(l));
    assert.ok(LOCATED.test(line) || NAMED.test(line) || listsLocated, `${m.name}: unlocated plan error: ${line.slice(0, 300)}`);
  }
}

test('120 mutants of the example project: no crash, no hang, every error coded and located', async () => {
  for (const m of mutants(example, 120, 15)) await runMutant(m);
});

test('120 mutants of a local-store project: no crash, no hang, every error coded and located', async () => {
  for (const m of mutants(local, 120, 1508)) await runMutant(m);
});

test.after(() => {
  process.stdout.write(
    `\n  hostile configs: ${counts.configs} generated; validate: ${counts.validateErrors} refused (${counts.diagnostics} diagnostics, ${counts.codes.size} codes), ${counts.validateValid} valid; plan: ${counts.planned} planned, ${counts.planRefused} refused; 0 crashes, 0 hangs, 0 unlocated errors\n`,
  );
});

test.run();
