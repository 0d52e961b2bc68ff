/**
 * The CLI: a thin shell over the library. One top-level handler: a user error (CrmsyncError,
 * ConnectorFailure) prints its message and hint and exits 1; anything else is an internal error.
 */
import yargs from 'yargs';
import { ConnectorFailure } from '../connectors/types.js';
import { CrmsyncError, fromSystemError } from '../errors.js';
import ms from 'ms';
import { applyCommand } from './apply.js';
import { watchCommand } from './watch.js';
import { EXIT, println, type CliIO } from './io.js';
import { planCommand } from './plan.js';
import { DETAIL_LIMIT } from './render-plan.js';
import { sandboxCommand } from './sandbox.js';
import { asList } from './select.js';
import { statusCommand } from './status.js';
import { stateCommands } from './state/index.js';
import { forceUnlockCommand } from './unlock.js';
import { validateCommand } from './validate.js';

/** A duration flag's value in milliseconds; a value `ms` cannot read is a usage error, never 0. */
function duration(flag: string, value: string, allowZero: boolean): number {
  const out = ms(value as ms.StringValue);
  if (!Number.isFinite(out) || out < 0 || (out === 0 && !allowZero)) throw new CrmsyncError('usage', `--${flag} ${value} is not a duration`, 'write e.g. 30s or 5m');
  return out;
}

/** --lock-timeout, checked before any work starts. */
const lockTimeout = (value: string) => (duration('lock-timeout', value, true), value);

export async function main(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const run = (fn: () => Promise<number>) => async () => {
    code = await fn();
  };
  const parser = yargs(argv)
    .scriptName('crmsync')
    .usage('$0 <command> [options]\n\nDeclarative sync of CRM records between HubSpot, Salesforce, Google Contacts and a local store.')
    .option('dir', { type: 'string', describe: 'Project folder (holds syncs/)', default: io.cwd })
    .command('validate', 'Check syncs/*.yaml against the schema and the sync rules', (y) => y.option('json', { type: 'boolean', default: false }),
      (a) => run(() => validateCommand({ ...io, cwd: a.dir }, { json: a.json }))())
    .command('plan', 'Read both apps and show what apply would change', (y) => y
      .option('json', { type: 'boolean', default: false, describe: 'Print the plan as JSON' })
      .option('out', { type: 'string', describe: 'Save the plan to a file for `apply <file>`' })
      .option('detailed-exitcode', { type: 'boolean', default: false, describe: 'Exit 0 = no changes, 2 = changes, 1 = error' })
      .option('redact', { type: 'boolean', default: false, describe: 'Mask field values in the output and the saved plan' })
      .option('retry-failed', { type: 'boolean', default: false, describe: 'Plan every failed record again now, whatever its backoff (R31)' }),
    (a) => run(() => planCommand({ ...io, cwd: a.dir }, { json: a.json, out: a.out, detailedExitcode: a.detailedExitcode, redact: a.redact, retryFailed: a.retryFailed }))())
    .command('apply [plan]', 'Apply a fresh plan, or a saved one', (y) => y
      .positional('plan', { type: 'string', describe: 'A plan saved with plan --out' })
      .option('yes', { type: 'boolean', default: false, alias: 'auto-approve', describe: 'Do not ask for confirmation' })
      .option('lock-timeout', { type: 'string', default: '0s', describe: 'How long to wait for another run to release the state lock' })
      .option('allow-mass-delete', { type: 'boolean', default: false, describe: 'Allow more deletes than deletes.max_share' })
      .option('redact', { type: 'boolean', default: false, describe: 'Mask field values in the printed plan' })
      .option('verbose', { type: 'boolean', default: false, describe: `List every record of the plan even when it has more than ${DETAIL_LIMIT} operations` })
      .option('retry-failed', { type: 'boolean', default: false, describe: 'Try every failed record again now, whatever its backoff (R31)' })
      .option('sync', { type: 'string', array: true, describe: 'Only this sync (repeatable), like Terraform\'s -target' })
      .option('watch', { type: 'boolean', default: false, describe: 'Keep syncing every --interval until stopped (R29)' })
      .option('interval', { type: 'string', default: '30s', describe: 'Time between cycles with --watch' }),
    (a) => run(() => {
      const args = { planFile: a.plan, yes: a.yes, lockTimeout: lockTimeout(a.lockTimeout), allowMassDelete: a.allowMassDelete, redact: a.redact, verbose: a.verbose, retryFailed: a.retryFailed, syncs: asList(a.sync) };
      if (!a.watch) return applyCommand({ ...io, cwd: a.dir }, args);
      const intervalMs = duration('interval', a.interval, false);
      return watchCommand({ ...io, cwd: a.dir }, { ...args, intervalMs });
    })())
    .command('import <sync>', 'Bring the records that existed before a changes-only sync was switched on (R8)', (y) => y
      .positional('sync', { type: 'string', demandOption: true })
      .option('all-fields', { type: 'boolean', default: false, describe: 'Salesforce contacts: bring every mapped field now, not the email first (R23)' })
      .option('yes', { type: 'boolean', default: false, alias: 'auto-approve' })
      .option('lock-timeout', { type: 'string', default: '0s' }),
    (a) => run(() => applyCommand({ ...io, cwd: a.dir }, { yes: a.yes, lockTimeout: lockTimeout(a.lockTimeout), allowMassDelete: false, redact: false, importSyncs: [a.sync!], allFields: a.allFields }))())
    .command('resync-deleted <sync>', 'Recreate records deleted in one app from the other (R30)', (y) => y
      .positional('sync', { type: 'string', demandOption: true })
      .option('into', { type: 'string', demandOption: true, describe: 'The connection to recreate the records in' })
      .option('ids', { type: 'string', describe: 'Comma-separated record ids (either app); default: all deleted records' })
      .option('yes', { type: 'boolean', default: false, alias: 'auto-approve' })
      .option('lock-timeout', { type: 'string', default: '0s' }),
    (a) => run(() => applyCommand({ ...io, cwd: a.dir }, { yes: a.yes, lockTimeout: lockTimeout(a.lockTimeout), allowMassDelete: false, redact: false,
      resync: { sync: a.sync!, into: a.into, ids: a.ids ? a.ids.split(',').map((x) => x.trim()).filter(Boolean) : undefined } }))())
    .command('status', 'Sync health: in sync, excluded, failed by category (R31); --records lists records', (y) => y
      .option('json', { type: 'boolean', default: false })
      .option('records', { type: 'boolean', default: false, describe: 'List records instead of counts' })
      .option('object', { type: 'string', describe: 'Only records of this object (contacts, companies, …)' })
      .option('status', { choices: ['in-sync', 'failed', 'deleted'] as const, describe: 'Only records with this status' })
      .option('since', { type: 'string', describe: 'Only records synced or failed within this window (24h) or since this date' })
      .option('format', { choices: ['table', 'csv', 'json'] as const, default: 'table' as const })
      .option('output', { type: 'string', describe: 'Write the record list to this file' }),
    (a) => run(() => statusCommand({ ...io, cwd: a.dir }, { json: a.json, records: a.records, object: a.object, status: a.status, since: a.since, format: a.format, output: a.output }))())
    .command('sandbox', 'Run the HubSpot, Salesforce and Google emulators with demo data until Ctrl-C', (y) => y
      .option('hubspot-port', { type: 'number', default: 4010 })
      .option('salesforce-port', { type: 'number', default: 4020 })
      .option('google-port', { type: 'number', default: 4030 })
      .option('contacts', { type: 'number', default: 100, describe: 'Demo contacts per app' }),
    (a) => run(() => sandboxCommand({ ...io, cwd: a.dir }, { hubspotPort: a.hubspotPort, salesforcePort: a.salesforcePort, googlePort: a.googlePort, contacts: a.contacts }))())
    .command('state', 'Work on the state: push, pull, rebind', (y) => stateCommands(y, io, (fn) => run(fn)()))
    .command('force-unlock <id>', 'Remove a state lock left by a crashed run', (y) => y.positional('id', { type: 'string', demandOption: true }),
      (a) => run(() => forceUnlockCommand({ ...io, cwd: a.dir }, { id: a.id! }))())
    .demandCommand(1, 'name a command; crmsync --help lists them')
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new CrmsyncError('usage', message, 'crmsync --help lists the commands and options');
    })
    .wrap(100);
  try {
    await parser.parseAsync();
    return code;
  } catch (thrown) {
    // A file-system refusal (EISDIR, EROFS, ENOSPC, …) is the user's to fix, not a crash.
    const error = fromSystemError(thrown) ?? thrown;
    if (error instanceof CrmsyncError) {
      println(io.stderr, `error[${error.code}] ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
      return EXIT.error;
    }
    if (error instanceof ConnectorFailure) {
      println(io.stderr, `error[${error.error.code}] ${error.connection ? `connection ${error.connection}: ` : ''}${error.message}${error.error.hint ? `\n  hint: ${error.error.hint}` : ''}`);
      return EXIT.error;
    }
    println(io.stderr, `internal error, please report it with this trace:\n${(error as Error).stack ?? String(error)}`);
    return EXIT.error;
  }
}
