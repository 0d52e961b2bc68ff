/**
 * `npm run bench:worker -- --syncs 20 --seconds 30 --workers 1,2,4`: how many sync runs per minute
 * N `crmsync worker` processes complete together, on this machine, against one PostgreSQL state.
 * Each sync is between its own HubSpot and Google emulators (in this process, 50 contacts each, 25
 * shared) and is scheduled `every: 1s`, so there is always a run due: the figure is the fleet's
 * capacity, not the schedule. Each round starts on a fresh database; the count starts once every
 * worker has started, after a warm-up (the first runs, initial syncs that link everyone). PostgreSQL is the test suite's server
 * (test/helpers/postgres.ts): CRMSYNC_TEST_PG_URL, or one started from the machine's binaries.
 * Needs `npm run build` first (workers run bin/crmsync.js).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startGoogleEmulator } from '../src/connectors/google/emulator/server.js';
import { startHubSpotEmulator } from '../src/connectors/hubspot/emulator/server.js';
import { freshDatabase } from '../test/helpers/postgres.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1]! : fallback);
const SYNCS = Number(arg('syncs', '20'));
const SECONDS = Number(arg('seconds', '30'));
const WARMUP_SECONDS = Number(arg('warmup', '10'));
const FLEETS = arg('workers', '1,2,4').split(',').map(Number);
const BIN = new URL('../bin/crmsync.js', import.meta.url).pathname;
const TOKEN = 'bench-token';

const pairs = await Promise.all(
  Array.from({ length: SYNCS }, async () => ({
    hubspot: await startHubSpotEmulator({
      tokens: [TOKEN],
      seed: { contacts: 50, companies: 0, from: 0 },
      limits: { tenSecondMax: 1e6, searchPerSecond: 1e6, daily: 1e9 },
    }),
    google: await startGoogleEmulator({
      accessToken: TOKEN,
      seed: { contacts: 50, from: 25 },
      quotas: { readsPerMinute: 1e6, writesPerMinute: 1e6, fullSyncFirstPages: 1e6 },
    }),
  })),
);

function writeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crmsync-bench-worker-'));
  mkdirSync(join(dir, 'syncs'));
  writeFileSync(join(dir, 'syncs/settings.yaml'), 'settings:\n  state: { env: CRMSYNC_STATE_URL }\n');
  writeFileSync(
    join(dir, 'syncs/connections.yaml'),
    `connections:\n${pairs
      .map(
        (
          p,
          i,
        ) => `  hubspot${i}: { app: hubspot, base_url: ${p.hubspot.url}, access_token: { env: BENCH_TOKEN }, rate_limit: { max: 100000, window: 1s }, lookback: 1s }
  google${i}: { app: google, root_url: ${p.google.url}/, access_token: { env: BENCH_TOKEN }, rate_limit: { max: 100000, window: 1s } }
`,
      )
      .join('')}`,
  );
  pairs.forEach((_, i) =>
    writeFileSync(
      join(dir, `syncs/s${i}.yaml`),
      `sync:
  name: s${i}
  object: contacts
  left: { connection: hubspot${i} }
  right: { connection: google${i} }
  direction: two-way
  conflict: { winner: hubspot${i} }
  schedule: { every: 1s }
`,
    ),
  );
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function round(workers: number): Promise<{ runs: number; perMinute: number }> {
  const url = await freshDatabase(`bench_worker_${workers}`);
  const dir = writeProject();
  const env = { ...process.env, CRMSYNC_STATE_URL: url, BENCH_TOKEN: TOKEN };
  let log = '';
  let started = 0;
  const children: ChildProcess[] = Array.from({ length: workers }, (_, i) => {
    const child = spawn(process.execPath, [BIN, 'worker', '--name', `b${i + 1}`, '--poll', '500ms'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c) => {
      started += (String(c).match(/\] started on /g) ?? []).length;
      log = (log + c).slice(-20_000);
    });
    child.stderr!.on('data', (c) => (log = (log + c).slice(-20_000)));
    return child;
  });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    // Counted once every worker is up (process start and pg-boss take seconds on a loaded machine).
    while (started < workers) await sleep(100);
    await sleep(WARMUP_SECONDS * 1000);
    const from: Date = (await db.query('SELECT clock_timestamp() AS t')).rows[0].t;
    await sleep(SECONDS * 1000);
    const to: Date = (await db.query('SELECT clock_timestamp() AS t')).rows[0].t;
    const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM crmsync_worker_runs WHERE outcome = 'ok' AND ended_at > $1 AND ended_at <= $2", [
      from,
      to,
    ]);
    const runs = Number(rows[0]!.n);
    // A round with no run at all is broken, not slow: show what the workers said.
    if (!runs) console.error(log.slice(-4000));
    return { runs, perMinute: (runs * 60_000) / (to.getTime() - from.getTime()) };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(undefined) : c.on('exit', r)))));
    await db.end();
  }
}

console.log(
  `${SYNCS} syncs (HubSpot ↔ Google emulators, 75 people each), every 1s; ${SECONDS}s counted after ${WARMUP_SECONDS}s of warm-up; ${cpus().length} CPU(s)`,
);
for (const n of FLEETS) {
  const r = await round(n);
  console.log(`${n} worker(s): ${r.runs} runs, ${r.perMinute.toFixed(0)} syncs/min`);
}
await Promise.all(pairs.flatMap((p) => [p.hubspot.close(), p.google.close()]));
