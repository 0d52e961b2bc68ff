/**
 * One job of `crmsync worker`: an apply of one sync, as `crmsync apply --sync NAME --auto-approve`
 * would run it, with the configuration read afresh (an edit takes effect without a restart). The
 * run's start and end are recorded while it holds the sync's lease; a run that throws is retried by
 * the queue, and on its last attempt is recorded as a dead letter.
 */
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import type pg from 'pg';
import { applyOnce } from '../cli/apply.js';
import { EXIT, type CliIO } from '../cli/io.js';
import { isError } from '../config/diagnostics.js';
import { CrmsyncError } from '../errors.js';
import { loadProject } from '../pipeline.js';
import { endRun, refusedRun, startRun, type RunStart } from '../state/postgres/worker-runs.js';

export interface JobInfo {
  id: string;
  sync: string;
  /** 0 on the first attempt. */
  attempt: number;
  /** Whether this is the last attempt the queue makes (a failure is then a dead letter). */
  last: boolean;
}

export interface RunResult {
  code: number;
  /** The apply's last line ("Apply complete: …"). */
  line: string;
}

/** The text of an apply, kept so its last line can be reported. */
function collector(): { stream: Writable; last: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text = (text + String(chunk)).slice(-4000);
      done();
    },
  });
  return { stream, last: () => text.trim().split('\n').filter(Boolean).pop() ?? '' };
}

const describe = (error: unknown) =>
  error instanceof CrmsyncError
    ? { code: error.code, message: error.message }
    : { code: (error as { error?: { code?: string } }).error?.code ?? 'internal', message: (error as Error).message ?? String(error) };

/** Runs the job's sync once. Throws when the run failed, so the queue retries it. */
export async function runJob(io: CliIO, db: pg.Pool, worker: string, job: JobInfo): Promise<RunResult> {
  const start: RunStart = { sync: job.sync, worker, host: hostname(), pid: process.pid, job: job.id, attempt: job.attempt };
  let runId: string | undefined;
  try {
    const loaded = await loadProject(io.cwd);
    if (loaded.diagnostics.some(isError)) throw new CrmsyncError('config-invalid', 'the configuration under syncs/ has errors', 'run crmsync validate');
    const project = loaded.project!;
    const sync = project.syncs.find((s) => s.name === job.sync);
    // A sync removed or disabled since the job was queued has nothing to run.
    if (!sync?.enabled) return { code: EXIT.ok, line: `sync ${job.sync} is ${sync ? 'disabled' : 'no longer configured'}; nothing to run` };
    const out = collector();
    const code = await applyOnce({ ...io, stdout: out.stream, stderr: out.stream }, project, {
      yes: true,
      syncs: [job.sync],
      lockTimeout: '0s',
      allowMassDelete: false,
      redact: true,
      loaded,
      operation: `worker ${worker}`,
      leased: async (run) => {
        runId = await startRun(db, start);
        try {
          const result = await run();
          const failed = result !== EXIT.ok && result !== EXIT.incomplete;
          await endRun(
            db,
            runId,
            failed ? { outcome: 'error', code: 'apply-failed', message: out.last(), dead: job.last } : { outcome: result === EXIT.ok ? 'ok' : 'incomplete' },
          );
          return result;
        } catch (error) {
          await endRun(db, runId, { outcome: 'error', ...describe(error), dead: job.last }).catch(() => undefined);
          throw error;
        }
      },
    });
    if (code !== EXIT.ok && code !== EXIT.incomplete) throw new CrmsyncError('apply-failed', out.last() || `apply exited ${code}`);
    return { code, line: out.last() };
  } catch (error) {
    // Refused before the lease (another run holds it) or before the apply started: recorded too,
    // so that a dead letter is visible whatever stopped the run.
    if (runId === undefined) await refusedRun(db, start, { ...describe(error), dead: job.last }).catch(() => undefined);
    throw error;
  }
}
