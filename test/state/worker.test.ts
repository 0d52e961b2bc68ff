/**
 * `crmsync worker` against a real PostgreSQL server: a run that keeps failing is retried, then
 * recorded as a dead letter that `crmsync status` shows until a later run succeeds; `--json` prints
 * the envelope when the worker stops; a file state is refused. And the PostgreSQL state keeps a
 * serial per sync: a saved plan of one sync survives an apply of another.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import pg from 'pg';
import { migrateSchema } from '../../src/state/postgres/schema.js';
import { closeLostRuns, deadLetters, startRun } from '../../src/state/postgres/worker-runs.js';
import { BOSS_SCHEMA, QUEUE, startQueue } from '../../src/worker/queue.js';
import { freshDatabase } from '../helpers/postgres.js';
import { project, records } from '../helpers/project.js';

const BIN = new URL('../../bin/crmsync.js', import.meta.url).pathname;
const test = suite('crmsync worker');
const schema = JSON.parse(readFileSync(new URL('../../schema/output.schema.json', import.meta.url), 'utf8'));
const validEnvelope = new Ajv({ strict: false }).compile(schema);

function cli(dir: string, env: Record<string, string>, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const seed = (n: number) => `{ seed: { contacts: ${n}, companies: 0, from: 0 } }`;
const sync = (name: string, left: string, right: string, extra = '') => `sync:
  name: ${name}
  object: contacts
  left: { connection: ${left} }
  right: { connection: ${right} }
  direction: two-way
  conflict: { winner: ${left} }
  match: { keys: none }
${extra}`;

test('a run that keeps failing is retried, then a dead letter in status, cleared by a later success; --json envelope on stop', async () => {
  const url = await freshDatabase('worker_dead');
  const hubspot = await startHubSpotEmulator({ tokens: ['right-token'], seed: { contacts: 5, companies: 0, from: 0 } });
  const p = project({
    'syncs/settings.yaml': 'settings:\n  state: { env: CRMSYNC_STATE_URL }\n',
    'syncs/connections.yaml': `connections:
  hubspot: { app: hubspot, base_url: ${hubspot.url}, access_token: { env: WORKER_HS_TOKEN } }
  b: { app: local, sandbox: ${seed(0)} }
`,
    'syncs/contacts.yaml': sync('contacts', 'hubspot', 'b', '  schedule: { every: 1s }\n'),
  });
  const env = { CRMSYNC_STATE_URL: url, WORKER_HS_TOKEN: 'wrong-token' };
  const args = ['worker', '--name', 'wd', '--poll', '500ms', '--retries', '1', '--retry-delay', '1s', '--json'];
  try {
    const failing = await cli(p.dir, env, [...args, '--max-runs', '2']);
    assert.is(failing.code, 0, failing.stderr);
    const envelope = JSON.parse(failing.stdout) as { command: string; status: string; worker: unknown };
    assert.ok(validEnvelope(envelope), JSON.stringify(validEnvelope.errors));
    assert.equal([envelope.command, envelope.status, envelope.worker], ['worker', 'ok', { name: 'wd', runs: 2, succeeded: 0, failed: 2 }]);
    assert.match(failing.stderr, 'no retries left: dead letter');

    Object.assign(process.env, env);
    const status = await p.run('status', '--json');
    const row = JSON.parse(status.stdout).health.syncs[0];
    assert.is(row.deadLetter?.attempts, 2, JSON.stringify(row));
    assert.is(row.deadLetter.worker, 'wd');
    assert.is(row.deadLetter.code, 'INVALID_AUTHENTICATION', JSON.stringify(row.deadLetter));
    assert.match((await p.run('status')).stdout, /dead letter: the worker run of .* failed 2 time\(s\)/);

    // The sync stays scheduled after a dead letter: with the token fixed, its next run succeeds.
    const fixed = await cli(p.dir, { ...env, WORKER_HS_TOKEN: 'right-token' }, [...args, '--max-runs', '1']);
    assert.is(fixed.code, 0, fixed.stderr);
    assert.equal(JSON.parse(fixed.stdout).worker, { name: 'wd', runs: 1, succeeded: 1, failed: 0 });
    assert.is(records(p.store('b')).length, 5, 'the run applied');
    process.env.WORKER_HS_TOKEN = 'right-token';
    assert.is(JSON.parse((await p.run('status', '--json')).stdout).health.syncs[0].deadLetter, null);
  } finally {
    delete process.env.CRMSYNC_STATE_URL;
    delete process.env.WORKER_HS_TOKEN;
    await hubspot.close();
  }
});

test('the worker refuses a state file: exit 1, error[worker-needs-postgres]', async () => {
  const p = project({
    'syncs/connections.yaml': `connections:\n  a: { app: local, sandbox: ${seed(1)} }\n  b: { app: local, sandbox: ${seed(0)} }\n`,
    'syncs/contacts.yaml': sync('contacts', 'a', 'b'),
  });
  const run = await p.run('worker');
  assert.is(run.code, 1);
  assert.match(run.stderr, 'error[worker-needs-postgres]');
  const json = await p.run('worker', '--json');
  assert.is(JSON.parse(json.stdout).diagnostics[0].code, 'worker-needs-postgres');
});

test('PostgreSQL keeps a serial per sync: a plan saved for one sync survives an apply of another, not an apply of its own', async () => {
  const url = await freshDatabase('sync_serials');
  const p = project({
    'syncs/settings.yaml': 'settings:\n  state: { env: CRMSYNC_STATE_URL }\n',
    'syncs/connections.yaml': `connections:
  a1: { app: local, sandbox: ${seed(3)} }
  b1: { app: local, sandbox: ${seed(0)} }
  a2: { app: local, sandbox: ${seed(3)} }
  b2: { app: local, sandbox: ${seed(0)} }
`,
    'syncs/one.yaml': sync('one', 'a1', 'b1'),
    'syncs/two.yaml': sync('two', 'a2', 'b2'),
  });
  process.env.CRMSYNC_STATE_URL = url;
  try {
    assert.is((await p.run('plan', '--sync', 'one', '--out', 'one.json')).code, 0);
    const other = await p.run('apply', '--sync', 'two', '--auto-approve');
    assert.is(other.code, 0, other.stderr);
    const applied = await p.run('apply', 'one.json');
    assert.is(applied.code, 0, applied.stdout + applied.stderr);
    assert.is(records(p.store('b1')).length, 3, 'the saved plan of one applied after two changed the state');

    // The other way round: an apply of `one` makes a plan of `one` stale.
    p.editStore('a1', (data) => {
      const first = Object.values(data.objects.contacts!.records)[0]!;
      first.fields.firstname = 'Changed';
    });
    assert.is((await p.run('plan', '--sync', 'one', '--out', 'again.json')).code, 0);
    assert.is((await p.run('apply', '--sync', 'one', '--auto-approve')).code, 0);
    const stale = await p.run('apply', 'again.json');
    assert.is(stale.code, 1);
    assert.match(stale.stderr, 'error[plan-stale]');
    assert.match(stale.stderr, 'the state of sync one changed');
  } finally {
    delete process.env.CRMSYNC_STATE_URL;
  }
});

/** A run whose worker died: its row was started, its job then failed by the queue (as a timeout does). */
async function lostRun(label: string, retries: number) {
  const url = await freshDatabase(label);
  const db = new pg.Pool({ connectionString: url, max: 2 });
  const client = await db.connect();
  await migrateSchema(client);
  client.release();
  const boss = await startQueue(url, { retries, retryDelayMs: 60_000, runTimeoutMs: 60_000, pollMs: 500 }, () => undefined);
  await boss.send(QUEUE, { sync: 'contacts' }, { singletonKey: 'contacts' });
  const [job] = await boss.fetch<{ sync: string }>(QUEUE);
  await startRun(db, { sync: 'contacts', worker: 'gone', host: 'h', pid: 1, job: job!.id, attempt: 0 });
  // What pg-boss's maintenance does to a job whose worker was killed: the same failJobs path.
  await boss.fail(QUEUE, job!.id, { message: 'job failed by timeout in active state' });
  const closed = await closeLostRuns(db, BOSS_SCHEMA);
  const dead = await deadLetters(db, ['contacts']);
  const { rows } = await db.query<{ outcome: string; code: string; ended: boolean }>(
    'SELECT outcome, code, ended_at IS NOT NULL AS ended FROM crmsync_worker_runs',
  );
  await boss.stop({ graceful: false, wait: true });
  await db.end();
  return { closed, dead, rows };
}

test('a worker killed on the last attempt leaves a dead letter: its run is closed as worker-lost', async () => {
  const { closed, dead, rows } = await lostRun('worker_lost_dead', 0);
  assert.is(closed, 1);
  assert.equal(rows, [{ outcome: 'error', code: 'worker-lost', ended: true }]);
  assert.is(dead.contacts?.code, 'worker-lost', JSON.stringify(dead));
  assert.is(dead.contacts!.worker, 'gone');
  assert.match(dead.contacts!.message, 'the worker gone stopped before the run ended');
});

test('a worker killed with retries left: its run is closed, and no dead letter (the queue retries it)', async () => {
  const { closed, dead, rows } = await lostRun('worker_lost_retry', 1);
  assert.is(closed, 1);
  assert.equal(rows, [{ outcome: 'error', code: 'worker-lost', ended: true }]);
  assert.equal(dead, {});
});

test('a sync added while the worker runs is scheduled without a restart', async () => {
  const url = await freshDatabase('worker_reread');
  const p = project({
    'syncs/settings.yaml': 'settings:\n  state: { env: CRMSYNC_STATE_URL }\n',
    'syncs/connections.yaml': `connections:
  a1: { app: local, sandbox: ${seed(2)} }
  b1: { app: local, sandbox: ${seed(0)} }
  a2: { app: local, sandbox: ${seed(3)} }
  b2: { app: local, sandbox: ${seed(0)} }
`,
    // Due once now, then not for an hour: only a newly scheduled sync can make a second run.
    'syncs/one.yaml': sync('one', 'a1', 'b1', '  schedule: { every: 1h }\n'),
  });
  const child = spawn(process.execPath, [BIN, 'worker', '--name', 'wr', '--poll', '300ms', '--max-runs', '2', '--json'], {
    cwd: p.dir,
    env: { ...process.env, CRMSYNC_STATE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let log = '';
  child.stdout.on('data', (c) => (stdout += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await new Promise<void>((resolve) =>
    child.stderr.on('data', (c) => {
      log += c;
      if (log.includes('one: ')) resolve();
    }),
  );
  p.write('syncs/two.yaml', sync('two', 'a2', 'b2', '  schedule: { every: 1h }\n'));
  const code = await exited;
  clearTimeout(killer);
  assert.is(code, 0, log);
  assert.match(log, 'schedule reloaded: 2 sync(s)');
  assert.equal(JSON.parse(stdout).worker, { name: 'wr', runs: 2, succeeded: 2, failed: 0 });
  assert.is(records(p.store('b2')).length, 3, 'the added sync ran');
});

test.run();
