/**
 * A fleet of `crmsync worker` processes on one PostgreSQL state: 3 workers share 10 syncs, each
 * between its own HubSpot and Google emulators. One worker is SIGKILLed in the middle of a run; its
 * job expires (--run-timeout, 4 s or more: see paced()), its lease expires (CRMSYNC_LEASE, twice
 * the run timeout), another worker runs the sync, and
 * at the end every sync has converged (a plan of all syncs changes nothing), no record is lost or
 * duplicated in any app, and no sync ever had two runs at once (the runs' intervals, recorded in
 * crmsync_worker_runs while each run held the sync's lease, never overlap; the killed run's
 * interval ends at the kill).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/connectors/google/emulator/server.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { createGoogleConnector } from '../../src/connectors/google/connector.js';
import { createHubSpotConnector } from '../../src/connectors/hubspot/connector.js';
import { freshDatabase } from '../helpers/postgres.js';
import { project, type Project } from '../helpers/project.js';
import { all, BIN, TOKEN } from './helpers.js';

const test = suite('crmsync worker fleet on PostgreSQL');
const SYNCS = 10;
/** Per pair: HubSpot people 0..79, Google people 40..119: 120 people, 40 in both. */
const PEOPLE = 120;

interface Pair {
  hubspot: HubSpotEmulator;
  google: GoogleEmulator;
}

async function startPairs(n: number): Promise<Pair[]> {
  return Promise.all(
    Array.from({ length: n }, async () => ({
      hubspot: await startHubSpotEmulator({
        tokens: [TOKEN],
        seed: { contacts: 80, companies: 0, from: 0 },
        limits: { tenSecondMax: 1e6, searchPerSecond: 1e6, daily: 1e9 },
      }),
      google: await startGoogleEmulator({
        accessToken: TOKEN,
        seed: { contacts: 80, from: 40 },
        quotas: { readsPerMinute: 1e6, writesPerMinute: 1e6, fullSyncFirstPages: 1e6 },
      }),
    })),
  );
}

/** A project of one sync per pair, each run by the workers every `every`. */
export function fleetProject(pairs: Pair[], every: string): Project {
  const files: Record<string, string> = {
    'syncs/settings.yaml': 'settings:\n  state: { env: CRMSYNC_STATE_URL }\n',
    'syncs/connections.yaml': `connections:\n${pairs
      .map(
        (p, i) => `  hubspot${i}:
    app: hubspot
    base_url: ${p.hubspot.url}
    access_token: { env: CHAOS_HUBSPOT_TOKEN }
    rate_limit: { max: 100000, window: 1s }
    lookback: 1s
  google${i}:
    app: google
    root_url: ${p.google.url}/
    access_token: { env: CHAOS_GOOGLE_TOKEN }
    rate_limit: { max: 100000, window: 1s }
`,
      )
      .join('')}`,
  };
  pairs.forEach((_, i) => {
    files[`syncs/s${i}.yaml`] = `sync:
  name: s${i}
  object: contacts
  left: { connection: hubspot${i} }
  right: { connection: google${i} }
  direction: two-way
  conflict: { winner: hubspot${i} }
  schedule: { every: ${every} }
`;
  });
  return project(files);
}

export function startWorker(
  dir: string,
  env: NodeJS.ProcessEnv,
  name: string,
  extra: string[] = [],
  runTimeoutS = 4,
): ChildProcess & { out: () => string; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [BIN, 'worker', '--name', name, '--poll', '500ms', '--run-timeout', `${runTimeoutS}s`, '--retry-delay', '1s', '--retries', '5', ...extra],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return Object.assign(child, { out: () => out, exited });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The run timeout (seconds) from the work at this machine's pace: a run that outlives it counts as
 * lost, so it must stay well above a real run however loaded the machine is, yet short enough for a
 * killed run to be retaken soon. A run of one sync reads both apps and writes 40 records to each;
 * ten times a plan of one sync (the reads) covers it. At least 4 s, as on an idle machine.
 */
async function paced(p: Project): Promise<number> {
  const started = performance.now();
  const probe = await p.run('plan', '--sync', 's0');
  assert.is(probe.code, 0, probe.stderr);
  return Math.max(4, Math.ceil((10 * (performance.now() - started)) / 1000));
}

test('3 workers, 10 syncs, one worker SIGKILLed mid-run: every sync converges, nothing lost or duplicated, never two runs of a sync at once', async () => {
  const url = await freshDatabase('fleet');
  const pairs = await startPairs(SYNCS);
  const p = fleetProject(pairs, '2s');
  Object.assign(process.env, { CRMSYNC_STATE_URL: url, CHAOS_HUBSPOT_TOKEN: TOKEN, CHAOS_GOOGLE_TOKEN: TOKEN });
  const runTimeoutS = await paced(p);
  const env = { ...process.env, CRMSYNC_LEASE: `${2 * runTimeoutS}s` };
  const db = new pg.Client({ connectionString: url });
  const workers = ['w1', 'w2', 'w3'].map((name) => startWorker(p.dir, env, name, [], runTimeoutS));
  try {
    await db.connect();
    // Mid-run: a run of w1 that has started (it holds its sync's lease) and not ended.
    let open: { sync: string } | undefined;
    for (let waited = 0; !open; waited += 20) {
      if (waited > 60_000) throw new Error(`w1 never ran a sync:\n${workers[0]!.out()}`);
      const tableReady = (await db.query("SELECT to_regclass('crmsync_worker_runs') AS t")).rows[0].t;
      if (tableReady) open = (await db.query("SELECT sync FROM crmsync_worker_runs WHERE worker = 'w1' AND ended_at IS NULL AND outcome IS NULL")).rows[0];
      if (!open) await sleep(20);
    }
    workers[0]!.kill('SIGKILL');
    await workers[0]!.exited;
    const killedAt: Date = (await db.query('SELECT clock_timestamp() AS t')).rows[0].t;

    // Until its lease expires, status names the dead worker as the one running the sync.
    const status = await p.run('status', '--json', '--sync', open.sync);
    assert.is(status.code, 0, status.stderr);
    const running = JSON.parse(status.stdout).health.syncs[0].running;
    assert.is(running?.operation, 'worker w1', JSON.stringify(running));

    // Every sync runs to completion after the kill; the killed sync on another worker.
    // The killed job expires after the run timeout and its lease after twice that; then the retry.
    const deadline = Date.now() + 120_000 + 3 * runTimeoutS * 1000;
    for (;;) {
      const { rows } = await db.query<{ sync: string; worker: string }>(
        "SELECT DISTINCT sync, worker FROM crmsync_worker_runs WHERE outcome = 'ok' AND started_at > $1",
        [killedAt],
      );
      const done = new Set(rows.map((r) => r.sync));
      const retaken = rows.some((r) => r.sync === open!.sync && r.worker !== 'w1');
      if (done.size === SYNCS && retaken) break;
      if (Date.now() > deadline) throw new Error(`not every sync ran after the kill (${[...done].join(', ')}):\n${workers[1]!.out().slice(-3000)}`);
      await sleep(250);
    }
    // Graceful stop: the runs in progress finish and release their leases, exit 0.
    for (const w of workers.slice(1)) w.kill('SIGTERM');
    for (const w of workers.slice(1)) assert.is(await w.exited, 0, w.out().slice(-2000));
    const leases = await db.query('SELECT sync, operation FROM crmsync_leases WHERE expires_at > now()');
    assert.equal(
      leases.rows.filter((l) => l.operation !== 'worker w1'),
      [],
      'the stopped workers hold no lease',
    );

    // Converged: a plan of every sync has nothing to change.
    const plan = await p.run('plan', '--detailed-exitcode');
    assert.is(plan.code, 0, plan.stdout + plan.stderr);
    // Nothing lost, nothing duplicated, in any app.
    for (const [i, pair] of pairs.entries()) {
      const hs = await all(createHubSpotConnector({ name: 'hs', accessToken: TOKEN, baseUrl: pair.hubspot.url, limiter: { max: 1e6, windowMs: 1000 } }), [
        'email',
      ]);
      const g = await all(
        createGoogleConnector({
          name: 'g',
          accessToken: TOKEN,
          rootUrl: `${pair.google.url}/`,
          limiter: { max: 1e6, windowMs: 1000 },
          filter: { folder: 'contacts' },
        }),
        ['email'],
      );
      for (const [app, rs] of [
        ['HubSpot', hs],
        ['Google', g],
      ] as const) {
        assert.is(rs.length, PEOPLE, `s${i}: everyone once in ${app}`);
        assert.is(new Set(rs.map((r) => String(r.fields.email).toLowerCase())).size, PEOPLE, `s${i}: no duplicate in ${app}`);
      }
    }
    const links = await db.query<{ sync: string; n: string }>('SELECT sync, count(*) AS n FROM crmsync_links GROUP BY sync');
    assert.equal(Object.fromEntries(links.rows.map((r) => [r.sync, Number(r.n)])), Object.fromEntries(pairs.map((_, i) => [`s${i}`, PEOPLE])));

    // Never two runs of one sync at once: the intervals each run held the lease, per sync, are disjoint.
    const runs = await db.query<{ sync: string; worker: string; started_at: Date; ended_at: Date | null; code: string | null }>(
      "SELECT sync, worker, started_at, ended_at, code FROM crmsync_worker_runs WHERE outcome IS DISTINCT FROM 'refused' ORDER BY sync, started_at",
    );
    // The killed run is still open, or closed as worker-lost by a surviving worker once the queue
    // failed its job (closeLostRuns); it ended, in fact, when its worker was killed.
    const lost = (r: (typeof runs.rows)[number]) => r.ended_at === null || r.code === 'worker-lost';
    const killedRuns = runs.rows.filter(lost);
    assert.equal(
      killedRuns.map((r) => [r.sync, r.worker]),
      [[open.sync, 'w1']],
      'the only run that did not end by itself is the killed one',
    );
    for (let i = 1; i < runs.rows.length; i++) {
      const [a, b] = [runs.rows[i - 1]!, runs.rows[i]!];
      if (a.sync !== b.sync) continue;
      const end = lost(a) ? killedAt : a.ended_at!;
      assert.ok(
        end <= b.started_at,
        `sync ${a.sync}: a run of ${b.worker} started at ${b.started_at.toISOString()} while ${a.worker}'s ran until ${end.toISOString()}`,
      );
    }
    const perSync = new Map<string, number>();
    for (const r of runs.rows) perSync.set(r.sync, (perSync.get(r.sync) ?? 0) + 1);
    process.stdout.write(
      `  runs: ${runs.rows.length} (${[...perSync].map(([s, n]) => `${s} ${n}`).join(', ')}); killed in ${open.sync}; run timeout ${runTimeoutS} s\n`,
    );
  } finally {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await db.end().catch(() => undefined);
    delete process.env.CRMSYNC_STATE_URL;
    await Promise.all(pairs.flatMap((pair) => [pair.hubspot.close(), pair.google.close()]));
  }
});

test.run();
