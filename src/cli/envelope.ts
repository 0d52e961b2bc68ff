/**
 * The one JSON shape every command prints with `--json` (schema/output.schema.json):
 * `{ format, version, command, status, diagnostics, ...one body }`, where the body is `plan`
 * (plan, show), `tally` (apply, import, resync-deleted, each cycle of apply --watch), `health`
 * (status), `state` (state commands), `files` (init, fmt), `lock` (force-unlock) or `worker` (crmsync worker, when it stops);
 * plan and the applying commands add `calls` (each connection's API calls and rate-limit waits). `status` is `ok`, `changes` (a plan with changes) or `error`; `diagnostics` holds the
 * configuration's problems and warnings, or the error that stopped the command.
 */
import { isError, type Diagnostic } from '../config/diagnostics.js';
import type { ConnectionUsage } from '../connectors/usage.js';
import type { LoadedProject } from '../pipeline.js';
import { renderDiagnostics } from './render-diagnostics.js';
import { EXIT, println, type CliIO } from './io.js';

export const OUTPUT_FORMAT = 'crmsync-output';
export const OUTPUT_VERSION = 1;

export interface OutputDiagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  file?: string;
  line?: number;
  col?: number;
}

export interface Envelope {
  format: typeof OUTPUT_FORMAT;
  version: typeof OUTPUT_VERSION;
  command: string;
  status: 'ok' | 'changes' | 'incomplete' | 'error';
  diagnostics: OutputDiagnostic[];
  plan?: unknown;
  tally?: unknown;
  health?: unknown;
  state?: unknown;
  worker?: unknown;
  files?: Array<{ path: string; change: 'created' | 'formatted' | 'would-reformat' }>;
  lock?: unknown;
  /** plan and the applying commands: each connection's API calls and what the apps' rate limits cost them. */
  calls?: ConnectionUsage[];
}

/** A configuration diagnostic without its byte offsets. */
export const fromDiagnostic = ({ code, severity, message, hint, file, line, col }: Diagnostic): OutputDiagnostic => ({
  code,
  severity: severity === 'error' ? 'error' : 'warning',
  message,
  ...(hint ? { hint } : {}),
  file,
  line,
  col,
});

/** Prints the envelope; `compact` on one line, for a stream of them (JSON Lines, apply --watch). */
export function printEnvelope(
  io: CliIO,
  command: string,
  status: Envelope['status'],
  diagnostics: OutputDiagnostic[],
  body: Pick<Envelope, 'plan' | 'tally' | 'health' | 'state' | 'files' | 'lock' | 'worker' | 'calls'> = {},
  compact = false,
): void {
  const envelope: Envelope = { format: OUTPUT_FORMAT, version: OUTPUT_VERSION, command, status, diagnostics, ...body };
  println(io.stdout, compact ? JSON.stringify(envelope) : JSON.stringify(envelope, null, 2));
}

/**
 * Stops a command on an invalid configuration: the diagnostics as text on stderr, or with --json
 * in the envelope on stdout. Returns true when the command must stop.
 */
export function configFailed(io: CliIO, command: string, loaded: LoadedProject, json: boolean): boolean {
  if (!loaded.diagnostics.some(isError)) return false;
  if (json) printEnvelope(io, command, 'error', loaded.diagnostics.map(fromDiagnostic));
  else println(io.stderr, renderDiagnostics(loaded.diagnostics, loaded.files));
  return true;
}

/** The configuration's warnings, for a command that went ahead. */
export const warnings = (loaded: LoadedProject): OutputDiagnostic[] => loaded.diagnostics.filter((d) => !isError(d)).map(fromDiagnostic);

/** The envelope's status for a command's exit code (README "Exit codes"). */
export function envelopeStatus(code: number): Envelope['status'] {
  if (code === EXIT.ok) return 'ok';
  if (code === EXIT.changes) return 'changes';
  if (code === EXIT.incomplete) return 'incomplete';
  return 'error';
}
