/**
 * Progress of reads and writes, on stderr so stdout stays the command's result (a plan, JSON).
 * On by default only when stderr is a terminal (a bar per step, or a running count when the app
 * gives no total); `--progress` forces it on anywhere, as lines at most every `intervalMs` per step
 * (CI logs), and `--no-progress` off. Totals are the apps' own: a HubSpot search's `total`, a
 * Salesforce query's `totalSize`, Google's `totalItems`; HubSpot's list endpoint gives none, so a
 * full read counts up. Steps name their connection (`read hubspot`, `create salesforce`): both apps
 * are read at once and each connection is written at once, so each step has its own bar. Time a
 * connection's calls spent held for its app's rate limit is shown too, so a throttled run does not
 * look hung.
 */
import cliProgress from 'cli-progress';
import type { CliIO } from './io.js';

export interface ProgressOptions {
  /** `--progress` (true) or `--no-progress` (false); unset: on when stderr is a terminal. */
  force?: boolean;
  intervalMs?: number;
}

/** One progress line: `read hubspot: 200/1200` or, with no total, `read hubspot: 200 record(s)`. */
export const progressLine = (what: string, done: number, total: number) => (total > 0 ? `${what}: ${done}/${total}` : `${what}: ${done} record(s)`);

/** One rate-limit line: `hubspot: rate limit: waited 12.4 s so far`. */
export const heldLine = (connection: string, ms: number) => `${connection}: rate limit: waited ${Math.round(ms / 100) / 10} s so far`;

export function progressReporter(io: CliIO, options: ProgressOptions = {}) {
  const stream = io.stderr;
  const on = options.force ?? !!stream.isTTY;
  const terminal = !!stream.isTTY;
  const intervalMs = options.intervalMs ?? 2000;
  let multi: cliProgress.MultiBar | undefined;
  const bars = new Map<string, cliProgress.SingleBar>();
  /** When each step's line was last written (not a terminal). */
  const written = new Map<string, number>();
  const held = new Map<string, number>();

  /** A terminal row per step; `format` for a step with no total or a plain text row. */
  const row = (key: string, total: number, value: number, payload: Record<string, string>, format?: string) => {
    multi ??= new cliProgress.MultiBar(
      { format: '{what} [{bar}] {value}/{total}', stream: stream as NodeJS.WritableStream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let bar = bars.get(key);
    if (!bar) bars.set(key, (bar = multi.create(total, value, payload, format ? { format } : {})));
    else {
      if (total > 0 && bar.getTotal() !== total) bar.setTotal(total);
      bar.update(value, payload);
    }
  };
  /** Not a terminal: a step's first line, its last, and one every interval between. */
  const line = (key: string, text: string, last: boolean) => {
    const at = written.get(key);
    if (at !== undefined && !last && Date.now() - at < intervalMs) return;
    stream.write(`${text}\n`);
    written.set(key, Date.now());
  };

  return {
    /** Whether anything is shown: when not, the run passes no progress callbacks at all. */
    on,
    update(done: number, total: number, what: string) {
      if (!on) return;
      if (terminal) row(what, total, done, { what }, total > 0 ? undefined : '{what}: {value} record(s)');
      else line(what, progressLine(what, done, total), done === total);
    },
    /** The client-side limiter held one of `connection`'s calls `ms` for its app's rate limit. */
    held(connection: string, ms: number) {
      if (!on) return;
      const sum = (held.get(connection) ?? 0) + ms;
      held.set(connection, sum);
      if (terminal) row(`\u0000held ${connection}`, 0, 0, { text: heldLine(connection, sum) }, '{text}');
      else line(`\u0000held ${connection}`, heldLine(connection, sum), false);
    },
    done() {
      multi?.stop();
      multi = undefined;
      bars.clear();
      written.clear();
    },
  };
}
