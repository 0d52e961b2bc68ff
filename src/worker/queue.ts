/**
 * The job queue of `crmsync worker`: pg-boss (10.x, the last line that runs on Node 20) in its own
 * schema of the state's database. One queue, `crmsync-sync`, holds one job per due run of a sync,
 * keyed by the sync's name (singletonKey) under the `stately` policy: at most one job per sync
 * waiting and one running. Failed runs are retried with exponential backoff; a run that uses up its
 * retries goes to the dead-letter queue `crmsync-dead` (and `crmsync status` shows it).
 *
 * The queue only spreads runs over workers; the sync's lease (state/postgres/lease.ts) is what keeps
 * two runs of one sync from writing at once, even when a job outlives its expiry.
 */
import PgBoss from 'pg-boss';
import type pg from 'pg';
import { lastStarts } from '../state/postgres/worker-runs.js';

export const QUEUE = 'crmsync-sync';
export const DEAD_QUEUE = 'crmsync-dead';
/** pg-boss's own tables live apart from crmsync's. */
export const BOSS_SCHEMA = 'crmsync_boss';

export interface QueueOptions {
  /** Retries after the first attempt, each after a delay that doubles (pg-boss retryBackoff). */
  retries: number;
  retryDelayMs: number;
  /** A job still running after this long is failed and retried by another worker (a killed worker's job). */
  runTimeoutMs: number;
  /** How often an idle worker looks for a job. */
  pollMs: number;
}

export interface SyncJob {
  sync: string;
}

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

/** Starts pg-boss on the state's database and creates (or updates) the queues. */
export async function startQueue(url: string, options: QueueOptions, onError: (error: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: BOSS_SCHEMA,
    max: 4,
    // Expired jobs (a killed worker's) are found by the maintenance pass: run it often enough
    // that a killed run is retried soon after its timeout.
    maintenanceIntervalSeconds: Math.min(60, Math.max(1, Math.floor(options.runTimeoutMs / 4000))),
    // Scheduling is crmsync's own (schedule.every per sync, see dueJobs); pg-boss's cron is off.
    schedule: false,
  });
  boss.on('error', onError);
  await boss.start();
  const queue: Omit<PgBoss.Queue, 'name'> = {
    policy: 'stately',
    retryLimit: options.retries,
    retryDelay: seconds(options.retryDelayMs),
    retryBackoff: true,
    expireInSeconds: seconds(options.runTimeoutMs),
    deadLetter: DEAD_QUEUE,
  };
  await ensureQueue(boss, DEAD_QUEUE, {});
  await ensureQueue(boss, QUEUE, queue);
  return boss;
}

/** Creates a queue, or updates it when another worker created it first (its options may have changed). */
async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  if (!(await boss.getQueue(name))) {
    try {
      await boss.createQueue(name, { name, ...options });
      return;
    } catch (error) {
      // Two workers starting at once: the second finds the queue made (unique violation).
      if ((error as { code?: string }).code !== '23505') throw error;
    }
  }
  if (Object.keys(options).length) await boss.updateQueue(name, { name, ...options });
}

/**
 * Queues the next run of every sync that has no job waiting or running: due `every` after its last
 * start (at once if it never ran). Workers all do this; the stately policy keeps one waiting job per
 * sync when two of them queue the same run at once.
 */
export async function queueDueRuns(boss: PgBoss, db: pg.Pool, schedule: Map<string, number>, now = new Date()): Promise<number> {
  const syncs = [...schedule.keys()];
  // pg-boss keeps jobs in its schema's job table (pinned version); unfinished states sort before 'completed'.
  const { rows } = await db.query<{ sync: string }>(`SELECT DISTINCT singleton_key AS sync FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state < 'completed'`, [
    QUEUE,
  ]);
  const busy = new Set(rows.map((r) => r.sync));
  const started = await lastStarts(db, syncs);
  let queued = 0;
  for (const sync of syncs) {
    if (busy.has(sync)) continue;
    const last = started.get(sync);
    const due = last ? new Date(last.getTime() + schedule.get(sync)!) : now;
    const id = await boss.send(QUEUE, { sync } satisfies SyncJob, { singletonKey: sync, ...(due > now ? { startAfter: due } : {}) });
    if (id) queued++;
  }
  return queued;
}
