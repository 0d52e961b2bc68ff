/**
 * `apply --watch`: plan and apply again every interval until stopped (R29). Ctrl-C (SIGINT) or
 * SIGTERM lets the current cycle finish and save its state, then exits 0. With --json, each cycle
 * prints one envelope on one line (JSON Lines) instead of its text.
 */
import type { ConnectionUsage } from '../connectors/usage.js';
import { isError } from '../config/diagnostics.js';
import { CrmsyncError } from '../errors.js';
import { load } from '../index.js';
import { applyOnce, type ApplyArgs } from './apply.js';
import { EXIT, println, type CliIO } from './io.js';
import { renderDiagnostics } from './render-diagnostics.js';
import { envelopeStatus, fromDiagnostic, printEnvelope, warnings } from './envelope.js';
import { PassThrough } from 'node:stream';
import type { ApplyTally } from '../apply/interpret.js';

export async function watchCommand(io: CliIO, args: ApplyArgs & { intervalMs: number; signals?: NodeJS.EventEmitter }): Promise<number> {
  if (!args.yes) throw new CrmsyncError('usage', '--watch applies without asking, so it needs --auto-approve', 'add --auto-approve');
  if (args.planFile) throw new CrmsyncError('usage', '--watch plans afresh each cycle and cannot apply a saved plan', 'drop the plan file');
  let stop = false;
  let wake: (() => void) | undefined;
  const onSignal = () => {
    stop = true;
    println(args.json ? io.stderr : io.stdout, 'Stopping after the current cycle…');
    wake?.();
  };
  const signals = args.signals ?? process;
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  try {
    let cycle = 0;
    while (!stop) {
      cycle++;
      // Configuration is re-read each cycle, so an edit takes effect without a restart.
      const loaded = await load({ root: io.cwd, env: io.env });
      if (loaded.diagnostics.some(isError)) {
        if (args.json) printEnvelope(io, 'apply', 'error', loaded.diagnostics.map(fromDiagnostic), {}, true);
        else println(io.stderr, renderDiagnostics(loaded.diagnostics, loaded.files));
        return EXIT.error;
      }
      if (!args.json) println(io.stdout, `[watch] cycle ${cycle} at ${new Date().toISOString()}`);
      // --retry-failed applies to the first cycle; later ones keep the backoff (R31).
      const once = { ...args, redact: true, loaded, retryFailed: args.retryFailed && cycle === 1 };
      let tally: ApplyTally | undefined;
      let calls: ConnectionUsage[] | undefined;
      const code = args.json
        ? await applyOnce({ ...io, stdout: new PassThrough().resume() }, loaded.project!, {
            ...once,
            onTally: (t) => (tally = t),
            onUsage: (u) => (calls = u),
          })
        : await applyOnce(io, loaded.project!, once);
      if (args.json) printEnvelope(io, 'apply', envelopeStatus(code), warnings(loaded), { tally: tally ?? null, ...(calls ? { calls } : {}) }, true);
      // An incomplete cycle (an app unreachable, records failed) is retried by the next one.
      if (code !== EXIT.ok && code !== EXIT.incomplete) return code;
      if (stop) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, args.intervalMs);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
    return EXIT.ok;
  } finally {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
  }
}
