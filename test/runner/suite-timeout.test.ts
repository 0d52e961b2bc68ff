/**
 * The test entry point fails a suite that never finishes instead of stalling CI, and still ends
 * with the `N passed, N failed` line CI reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const here = import.meta.dirname;

test('a hanging suite counts as failed and the run still ends with its summary line', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, '..', 'run.ts'), join(here, 'fixtures', 'hangs.suite.ts'), join(here, 'fixtures', 'passes.suite.ts')],
    {
      env: { ...process.env, CRMSYNC_TEST_SUITE_TIMEOUT_MS: '1500' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  assert.is(run.signal, null, 'the runner left by itself');
  assert.is(run.status, 1);
  assert.match(run.stdout, /a suite in .*hangs\.suite\.ts did not finish within 1500 ms/);
  assert.is(run.stdout.trim().split('\n').at(-1), '1 passed, 1 failed');
});

test('temporary folders are removed when the suite that made them ends', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'crmsync-runner-'));
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, '..', 'run.ts'), join(here, 'fixtures', 'temp.suite.ts')], {
      env: { ...process.env, TMPDIR: tmp },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.is(run.stdout.trim().split('\n').at(-1), '2 passed, 0 failed', run.stdout);
    assert.equal(
      readdirSync(tmp).filter((name) => name.startsWith('crmsync-')),
      [],
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test.run();
