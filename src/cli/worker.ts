/**
 * `crmsync worker`: a long-running process that takes sync runs from a job queue in the PostgreSQL
 * state (src/worker/queue.ts) and runs them one at a time. Start one per machine against one
 * database and they share the syncs; each sync runs on its own `schedule.every`, never twice at
 * once. SIGTERM or Ctrl-C stops taking jobs, lets the run in progress finish and release its lease,
 * then exits 0.
 */
import { hostname } from 'node:os';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import { CrmsyncError } from '../errors.js';
import { loadProject } from '../pipeline.js';
import { projectStateLocation } from '../state/project.js';
import { isPostgresUrl, redactUrl } from '../state/backend.js';
import { migrateSchema } from '../state/postgres/schema.js';
import { closeLostRuns } from '../state/postgres/worker-runs.js';
import { isError } from '../config/diagnostics.js';
import type { CompiledProject } from '../config/model.js';
import { BOSS_SCHEMA, queueDueRuns, QUEUE, startQueue, type QueueOptions, type SyncJob } from '../worker/queue.js';
import { runJob } from '../worker/run.js';
import { configFailed, printEnvelope, warnings } from './envelope.js';
import { EXIT, println, type CliIO } from './io.js';

export interface WorkerArgs extends QueueOptions {
  /** Shown by `crmsync status` as the lease holder; default host-pid. */
  name?: string;
  /** The time between runs of a sync without `schedule.every`. */
  everyMs: number;
  json: boolean;
  /** Stop after this many runs (tests, benchmarks); default never. */
  maxRuns?: number;
  signals?: NodeJS.EventEmitter;
}

async function prepareSchema(pool: pg.Pool, where: string): Promise<void> {
  const client = await pool.connect().catch((error: Error) => {
    throw new CrmsyncError(
      'state-unreachable',
      `cannot connect to the PostgreSQL state at ${where}: ${error.message}`,
      'check settings.state (host, port, database, user) and that the server is running',
    );
  });
  try {
    await migrateSchema(client);
  } finally {
    client.release();
  }
}

const scheduleOf = (project: CompiledProject, everyMs: number) =>
  new Map(project.syncs.filter((s) => s.enabled).map((s) => [s.name, s.scheduleEveryMs ?? everyMs]));

/** The schedule of the configuration as it is now; the last good one while the configuration has errors. */
async function rereadSchedule(root: string, everyMs: number, last: Map<string, number>, log: (text: string) => void): Promise<Map<string, number>> {
  const loaded = await loadProject(root).catch(() => undefined);
  if (!loaded?.project || loaded.diagnostics.some(isError)) {
    log('the configuration under syncs/ has errors (crmsync validate shows them): scheduling by the last valid one');
    return last;
  }
  const next = scheduleOf(loaded.project, everyMs);
  const changed = next.size !== last.size || [...next].some(([sync, every]) => last.get(sync) !== every);
  if (changed) log(`schedule reloaded: ${next.size} sync(s)`);
  return next;
}

export async function workerCommand(io: CliIO, args: WorkerArgs): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (configFailed(io, 'worker', loaded, args.json)) return EXIT.error;
  const project = loaded.project!;
  const location = await projectStateLocation({ root: io.cwd, env: io.env }, project);
  if (!isPostgresUrl(location)) {
    throw new CrmsyncError(
      'worker-needs-postgres',
      `crmsync worker shares syncs through the state's database, and the state is the file ${location}`,
      'set settings.state to a postgres:// URL or an env reference holding one, and move the state there with crmsync state push',
    );
  }
  const where = redactUrl(location);
  const name = args.name ?? `${hostname()}-${process.pid}`;
  const log = (text: string) => println(args.json ? io.stderr : io.stdout, `[worker ${name}] ${text}`);
  // The schedule is read again before each scheduling pass (as each run reads the configuration
  // afresh), so an added sync or a changed `schedule.every` takes effect without a restart.
  let schedule = scheduleOf(project, args.everyMs);
  const pool = new pg.Pool({ connectionString: location, max: 2 });
  pool.on('error', () => undefined);
  const tally = { runs: 0, succeeded: 0, failed: 0 };
  let boss: PgBoss | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    if (!stopping) log('stopping: the run in progress finishes first');
    stopping = true;
    wake?.();
  };
  const signals = args.signals ?? process;
  signals.on('SIGINT', stop);
  signals.on('SIGTERM', stop);
  try {
    await prepareSchema(pool, where);
    boss = await startQueue(location, args, (error) => log(`queue error: ${error.message}`));
    log(`started on ${where}: ${schedule.size} sync(s)`);
    await boss.work<SyncJob>(QUEUE, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: Math.max(0.5, args.pollMs / 1000) }, async ([job]) => {
      if (!job || stopping) throw new CrmsyncError('worker-stopping', 'the worker is stopping; another worker takes the run');
      tally.runs++;
      try {
        const result = await runJob(io, pool, name, { id: job.id, sync: job.data.sync, attempt: job.retryCount, last: job.retryCount >= job.retryLimit });
        tally.succeeded++;
        log(`${job.data.sync}: ${result.line}`);
      } catch (error) {
        tally.failed++;
        const retry = job.retryCount < job.retryLimit;
        log(
          `${job.data.sync}: ${error instanceof CrmsyncError ? `error[${error.code}] ` : ''}${(error as Error).message}; ${retry ? `retried (attempt ${job.retryCount + 1} of ${job.retryLimit + 1})` : 'no retries left: dead letter (crmsync status shows it)'}`,
        );
        throw error;
      } finally {
        if (args.maxRuns !== undefined && tally.runs >= args.maxRuns) stop();
      }
    });
    while (!stopping) {
      schedule = await rereadSchedule(io.cwd, args.everyMs, schedule, log);
      await closeLostRuns(pool, BOSS_SCHEMA).catch((error: Error) => log(`closing lost runs failed: ${error.message}`));
      await queueDueRuns(boss, pool, schedule).catch((error: Error) => log(`scheduling failed: ${error.message}`));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, args.pollMs);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
    // Graceful: no new job; the one in progress finishes (and releases its lease) before pg-boss stops.
    await boss.offWork(QUEUE);
    await boss.stop({ graceful: true, wait: true, timeout: args.runTimeoutMs });
    boss = undefined;
    log(`stopped: ${tally.runs} run(s), ${tally.succeeded} succeeded, ${tally.failed} failed`);
    if (args.json) printEnvelope(io, 'worker', 'ok', warnings(loaded), { worker: { name, ...tally } });
    return EXIT.ok;
  } finally {
    signals.off('SIGINT', stop);
    signals.off('SIGTERM', stop);
    await boss?.stop({ graceful: false, wait: true }).catch(() => undefined);
    await pool.end();
  }
}
