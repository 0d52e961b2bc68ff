/** Progress on long runs: a bar on a terminal, a line every few seconds otherwise (CI logs). */
import cliProgress from 'cli-progress';
import type { CliIO } from './io.js';

export function progressReporter(io: CliIO, intervalMs = 5000) {
  let bar: cliProgress.SingleBar | undefined;
  let last = 0;
  let label = '';
  return {
    update(done: number, total: number, what: string) {
      if (total < 1000) return; // short runs need no progress
      if (io.stdout.isTTY) {
        if (!bar || what !== label) {
          bar?.stop();
          bar = new cliProgress.SingleBar({ format: `${what} [{bar}] {value}/{total}`, stream: io.stdout as NodeJS.WritableStream }, cliProgress.Presets.shades_classic);
          bar.start(total, done);
        } else bar.update(done);
      } else if (Date.now() - last >= intervalMs || done === total) {
        io.stdout.write(`${what}: ${done}/${total}\n`);
        last = Date.now();
      }
      label = what;
    },
    done() {
      bar?.stop();
    },
  };
}
