/**
 * The option groups several commands share, defined once and composed per command in main.ts (and
 * by the state subcommands): a group gives the same names, defaults and help wherever it is used.
 */
import ms from 'ms';
import type { Argv } from 'yargs';
import { CrmsyncError } from '../errors.js';
import { DETAIL_LIMIT } from './render-plan.js';

/** A duration flag's value in milliseconds; a value `ms` cannot read is a usage error, never 0. */
export function duration(flag: string, value: string, allowZero: boolean): number {
  const out = ms(value as ms.StringValue);
  if (!Number.isFinite(out) || out < 0 || (out === 0 && !allowZero))
    throw new CrmsyncError('usage', `--${flag} ${value} is not a duration`, 'write e.g. 30s or 5m');
  return out;
}

/** --lock-timeout, checked before any work starts. */
const lockTimeout = (value: string) => (duration('lock-timeout', value, true), value);

export const PROGRESS_OPTION = {
  type: 'boolean',
  describe: 'Show read and write progress on stderr (default: only when stderr is a terminal; --no-progress: never)',
} as const;

export const SYNC_OPTION = { type: 'string', array: true, describe: "Only this sync (repeatable), like Terraform's -target" } as const;

/** --json, described by what the command prints. */
export const withJson = <T>(y: Argv<T>, describe: string) => y.option('json', { type: 'boolean', default: false, describe });

/** --lock-timeout: how long a command that takes the state lock waits for it. */
export const withLockTimeout = <T>(y: Argv<T>, describe = 'How long to wait for another run to release the state lock') =>
  y.option('lock-timeout', { type: 'string', default: '0s', describe });

/** --yes (--auto-approve), --lock-timeout, --json and --progress: every command that writes to the apps takes them. */
export const withRunOptions = <T>(y: Argv<T>, json: string) =>
  withJson(withLockTimeout(y.option('yes', { type: 'boolean', default: false, alias: 'auto-approve', describe: 'Do not ask for confirmation' })), json).option(
    'progress',
    PROGRESS_OPTION,
  );

/** --sync, --refresh-only and --retry-failed: what a fresh plan covers (plan and apply). */
export const withSelection = <T>(y: Argv<T>, retryFailed: string) =>
  y
    .option('sync', SYNC_OPTION)
    .option('refresh-only', { type: 'boolean', default: false, describe: 'Only update the state (links, base values, cursors); write nothing to the apps' })
    .option('retry-failed', { type: 'boolean', default: false, describe: retryFailed });

/** --redact and --verbose: how a plan is printed (plan, show, apply). */
export const withPlanOutput = <T>(y: Argv<T>, redact: string) =>
  y
    .option('redact', { type: 'boolean', default: false, describe: redact })
    .option('verbose', { type: 'boolean', default: false, describe: `List every record of the plan even when it has more than ${DETAIL_LIMIT} operations` });

/** The arguments withRunOptions gives, as the apply command takes them (--lock-timeout checked first). */
export const runArgs = (a: { yes: boolean; lockTimeout: string; json: boolean; progress: boolean | undefined }) => ({
  yes: a.yes,
  lockTimeout: lockTimeout(a.lockTimeout),
  json: a.json,
  progress: a.progress,
});
