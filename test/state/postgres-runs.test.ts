/**
 * The state in PostgreSQL through the CLI (settings.state as an env reference), and real `crmsync
 * apply --sync` processes: runs of different syncs go on at the same time, runs of one sync never
 * do (the second is refused, or waits with --lock-timeout).
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PostgresBackend } from '../../src/state/postgres/backend.js';
import { freshDatabase } from '../helpers/postgres.js';
import { project, records } from '../helpers/project.js';

const BIN = new URL('../../bin/crmsync.js', import.meta.url).pathname;
const test = suite('state in PostgreSQL: runs');

function cli(dir: string, env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Two syncs over four local stores; `contacts` records in each left store, none on the right; no match key can re-link. */
function twoSyncs(contacts: number): Record<string, string> {
  const seed = (n: number) => `{ contacts: ${n}, companies: 0, from: 0 }`;
  const sync = (name: string, left: string, right: string) => `sync:
  name: ${name}
  object: contacts
  left: { connection: ${left} }
  right: { connection: ${right} }
  direction: two-way
  conflict: { winner: ${left} }
  match: { keys: none }
`;
  return {
    'syncs/settings.yaml': 'settings:\n  state: { env: CRMSYNC_STATE_URL }\n',
    'syncs/connections.yaml': `connections:
  a1: { app: local, sandbox: { seed: ${seed(contacts)} } }
  b1: { app: local, sandbox: { seed: ${seed(0)} } }
  a2: { app: local, sandbox: { seed: ${seed(contacts)} } }
  b2: { app: local, sandbox: { seed: ${seed(0)} } }
`,
    'syncs/one.yaml': sync('one', 'a1', 'b1'),
    'syncs/two.yaml': sync('two', 'a2', 'b2'),
  };
}

async function linkCount(url: string, sync: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query('SELECT count(*) AS n FROM crmsync_links WHERE sync = $1', [sync])).rows[0].n);
  } finally {
    await client.end();
  }
}

test('settings.state from an env reference keeps the state in PostgreSQL: apply, then a plan with no changes, and no state file', async () => {
  const url = await freshDatabase('cli');
  const p = project(twoSyncs(5));
  const missing = await p.run('plan');
  assert.is(missing.code, 1);
  assert.match(missing.stderr, 'error[secret-missing] settings.state needs environment variable CRMSYNC_STATE_URL');
  process.env.CRMSYNC_STATE_URL = url;
  try {
    const apply = await p.run('apply', '--yes');
    assert.is(apply.code, 0, apply.stderr);
    assert.is(await linkCount(url, 'one'), 5);
    assert.is(await linkCount(url, 'two'), 5);
    const plan = await p.run('plan', '--detailed-exitcode');
    assert.is(plan.code, 0, plan.stdout + plan.stderr);
    assert.not.ok(p.exists('.crmsync/state.json'));
    assert.is(records(p.store('b1')).length, 5);
  } finally {
    delete process.env.CRMSYNC_STATE_URL;
  }
});

test('an unreachable database is a user error naming the URL without its password', async () => {
  const p = project({ ...twoSyncs(1), 'syncs/settings.yaml': 'settings:\n  state: postgres://crm:s3cret-pw@127.0.0.1:1/crmsync\n' });
  const result = await p.run('plan');
  assert.is(result.code, 1);
  assert.match(result.stderr, 'error[state-unreachable] cannot connect to the PostgreSQL state at postgres://crm:***@127.0.0.1:1/crmsync');
  assert.not.match(result.stderr, 's3cret-pw');
  assert.not.match(result.stderr, '    at ');
});

test('while one sync is leased, apply --sync of another runs; apply --sync of the same one is refused, or waits with --lock-timeout', async () => {
  const url = await freshDatabase('lease');
  const p = project(twoSyncs(20));
  const env = { CRMSYNC_STATE_URL: url };
  const backend = new PostgresBackend(url);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let leased!: () => void;
  const isLeased = new Promise<void>((r) => (leased = r));
  const holder = backend.withState('apply', { syncs: ['one'] }, async () => {
    leased();
    await released;
  });
  await isLeased;
  try {
    process.env.CRMSYNC_STATE_URL = url;
    const status = await p.run('status').finally(() => delete process.env.CRMSYNC_STATE_URL);
    assert.match(status.stdout, `one (contacts): 0 in sync`);
    assert.match(status.stdout, new RegExp(`running: apply, pid ${process.pid} on .+ \\(lease until `));
    assert.is(status.stdout.split('running:').length, 2, 'only sync one is running');
    const other = await cli(p.dir, env, ['apply', '--yes', '--sync', 'two']);
    assert.is(other.code, 0, other.out);
    assert.is(await linkCount(url, 'two'), 20);
    const refused = await cli(p.dir, env, ['apply', '--yes', '--sync', 'one']);
    assert.is(refused.code, 1, refused.out);
    assert.match(refused.out, 'error[state-locked] sync one is leased by another run');
    assert.is(await linkCount(url, 'one'), 0, 'the refused run wrote no state');
    const waiting = cli(p.dir, env, ['apply', '--yes', '--sync', 'one', '--lock-timeout', '60s']);
    setTimeout(release, 1500);
    const waited = await waiting;
    assert.is(waited.code, 0, waited.out);
    assert.is(await linkCount(url, 'one'), 20);
  } finally {
    release();
    await holder;
    await backend.close();
  }
});

test('concurrent apply processes: different syncs both finish; the same sync twice loses no link and duplicates no record', async () => {
  const url = await freshDatabase('procs');
  const p = project(twoSyncs(500));
  const env = { CRMSYNC_STATE_URL: url };
  const args = ['apply', '--auto-approve', '--lock-timeout', '120s'];
  const [x, y, z] = await Promise.all([
    cli(p.dir, env, [...args, '--sync', 'one']),
    cli(p.dir, env, [...args, '--sync', 'one']),
    cli(p.dir, env, [...args, '--sync', 'two']),
  ]);
  for (const r of [x, y, z]) assert.is(r.code, 0, r.out);
  for (const [sync, right] of [
    ['one', 'b1'],
    ['two', 'b2'],
  ] as const) {
    assert.is(records(p.store(right)).length, 500, `each contact of ${sync} created once`);
    assert.is(await linkCount(url, sync), 500);
  }
  const backend = new PostgresBackend(url);
  const state = await backend.read();
  await backend.close();
  assert.is(new Set(state.syncs.one!.links.map((l) => l.right)).size, 500);
});

test.run();
