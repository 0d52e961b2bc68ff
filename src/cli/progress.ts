/**
 * Progress of reads and writes, on stderr so stdout stays the command's result (a plan, JSON).
 * On by default only when stderr is a terminal (a bar, or a running count when the app gives no
 * total); `--progress` forces it on anywhere, as lines at most every `intervalMs` (CI logs), and
 * `--no-progress` off. Totals are the apps' own: a HubSpot search's `total`, a Salesforce query's
 * `totalSize`, Google's `totalItems`; HubSpot's list endpoint gives none, so a full read counts up.
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

export function progressReporter(io: CliIO, options: ProgressOptions = {}) {
  const stream = io.stderr;
  const on = options.force ?? !!stream.isTTY;
  const terminal = !!stream.isTTY;
  const intervalMs = options.intervalMs ?? 2000;
  let bar: cliProgress.SingleBar | undefined;
  let counting = false;
  let last = 0;
  let label = '';
  const stop = () => {
    bar?.stop();
    bar = undefined;
    if (counting) stream.write('\n');
    counting = false;
  };
  return {
    /** Whether anything is shown: when not, the run passes no progress callback at all. */
    on,
    update(done: number, total: number, what: string) {
      if (!on) return;
      const fresh = what !== label;
      label = what;
      if (terminal) {
        if (fresh) stop();
        if (total > 0) {
          if (!bar) {
            bar = new cliProgress.SingleBar(
              { format: `${what} [{bar}] {value}/{total}`, stream: stream as NodeJS.WritableStream },
              cliProgress.Presets.shades_classic,
            );
            bar.start(total, done);
          } else bar.update(done);
        } else {
          // No total: a count rewritten in place.
          stream.write(`\r${progressLine(what, done, total)}`);
          counting = true;
        }
        return;
      }
      // Not a terminal (forced): the first line of each step, its last, and one every interval between.
      if (fresh || done === total || Date.now() - last >= intervalMs) {
        stream.write(`${progressLine(what, done, total)}\n`);
        last = Date.now();
      }
    },
    done() {
      stop();
    },
  };
}
