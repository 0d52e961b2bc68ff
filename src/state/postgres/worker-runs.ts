/**
 * The runs of `crmsync worker`, one row each in crmsync_worker_runs: which worker ran which sync,
 * when (start and end, both written while the run holds the sync's lease), how it ended, and whether
 * it used up its retries (a dead letter, shown by `crmsync status` until a later run of the sync
 * succeeds). The schedule reads the last start of each sync from here.
 */
import type pg from 'pg';

export type RunOutcome = 'ok' | 'incomplete' | 'error' | 'refused';

export interface RunStart {
  sync: string;
  worker: string;
  host: string;
  pid: number;
  job: string;
  attempt: number;
}

export interface DeadLetter {
  code: string;
  message: string;
  /** How many times the run was tried in all. */
  attempts: number;
  at: string;
  worker: string;
}

type Db = Pick<pg.Pool, 'query'>;

/** Records the start of a run and returns its id. */
export async function startRun(db: Db, run: RunStart): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO crmsync_worker_runs (sync, worker, host, pid, job, attempt) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [run.sync, run.worker, run.host, run.pid, run.job, run.attempt],
  );
  return rows[0]!.id;
}

export async function endRun(db: Db, id: string, end: { outcome: RunOutcome; code?: string; message?: string; dead?: boolean }): Promise<void> {
  await db.query('UPDATE crmsync_worker_runs SET ended_at = clock_timestamp(), outcome = $2, code = $3, message = $4, dead = $5 WHERE id = $1', [
    id,
    end.outcome,
    end.code ?? null,
    end.message ?? null,
    end.dead ?? false,
  ]);
}

/** A run that ended before it held the lease (another run held it): recorded so that a dead letter names it. */
export async function refusedRun(db: Db, run: RunStart, end: { code: string; message: string; dead: boolean }): Promise<void> {
  await db.query(
    `INSERT INTO crmsync_worker_runs (sync, worker, host, pid, job, attempt, ended_at, outcome, code, message, dead)
    VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp(), 'refused', $7, $8, $9)`,
    [run.sync, run.worker, run.host, run.pid, run.job, run.attempt, end.code, end.message, end.dead],
  );
}

/** The last start of each sync that has run. */
export async function lastStarts(db: Db, syncs: string[]): Promise<Map<string, Date>> {
  const { rows } = await db.query<{ sync: string; at: Date }>(
    "SELECT sync, max(started_at) AS at FROM crmsync_worker_runs WHERE sync = ANY($1) AND outcome IS DISTINCT FROM 'refused' GROUP BY sync",
    [syncs],
  );
  return new Map(rows.map((r) => [r.sync, r.at]));
}

/** Per sync, the latest run that used up its retries, unless a run of the sync succeeded after it. */
export async function deadLetters(db: Db, syncs: string[]): Promise<Record<string, DeadLetter>> {
  const { rows } = await db.query<{ sync: string; code: string; message: string; attempt: number; ended_at: Date; worker: string }>(
    `SELECT DISTINCT ON (r.sync) r.sync, r.code, r.message, r.attempt, r.ended_at, r.worker FROM crmsync_worker_runs r
     WHERE r.sync = ANY($1) AND r.dead AND NOT EXISTS (
       SELECT 1 FROM crmsync_worker_runs s WHERE s.sync = r.sync AND s.outcome IN ('ok', 'incomplete') AND s.ended_at > r.ended_at)
     ORDER BY r.sync, r.ended_at DESC`,
    [syncs],
  );
  return Object.fromEntries(
    rows.map((r) => [r.sync, { code: r.code, message: r.message, attempts: r.attempt + 1, at: r.ended_at.toISOString(), worker: r.worker }]),
  );
}

/**
 * Closes the runs whose worker stopped without ending them (killed, or cut off from the database),
 * as the queue's record of their job shows: the job was failed by its timeout (`retry`: another
 * attempt follows; `failed`: no retries left, so the run is a dead letter), or a later attempt of it
 * has started (or already finished). Without this, a worker killed on the last attempt would leave no dead letter for
 * `crmsync status` to show. A run that is in fact still going (its job outlived the timeout) ends
 * later with its real outcome, which overwrites this one. Returns how many runs were closed.
 */
export async function closeLostRuns(db: Db, bossSchema: string): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE crmsync_worker_runs r SET ended_at = clock_timestamp(), outcome = 'error', code = 'worker-lost',
       message = 'the worker ' || r.worker || ' stopped before the run ended (killed, or cut off from the database)',
       dead = (j.state = 'failed')
     FROM ${bossSchema}.job j
     WHERE r.ended_at IS NULL AND j.id::text = r.job
       AND (j.state IN ('retry', 'failed') OR j.retry_count > r.attempt)`,
  );
  return rowCount ?? 0;
}
