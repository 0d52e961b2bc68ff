/**
 * The CLI: a thin shell over the library. One top-level handler: a user error (CrmsyncError,
 * ConnectorFailure) prints its message and hint and exits 1; anything else is an internal error.
 */
import yargs from 'yargs';
import { ConnectorFailure } from '../connectors/types.js';
import { CrmsyncError } from '../errors.js';
import { applyCommand } from './apply.js';
import { EXIT, println, type CliIO } from './io.js';
import { planCommand } from './plan.js';
import { statusCommand } from './status.js';
import { forceUnlockCommand } from './unlock.js';
import { validateCommand } from './validate.js';

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
      .option('redact', { type: 'boolean', default: false, describe: 'Mask field values in the output and the saved plan' }),
    (a) => run(() => planCommand({ ...io, cwd: a.dir }, { json: a.json, out: a.out, detailedExitcode: a.detailedExitcode, redact: a.redact }))())
    .command('apply [plan]', 'Apply a fresh plan, or a saved one', (y) => y
      .positional('plan', { type: 'string', describe: 'A plan saved with plan --out' })
      .option('yes', { type: 'boolean', default: false, alias: 'auto-approve', describe: 'Do not ask for confirmation' })
      .option('lock-timeout', { type: 'string', default: '0s', describe: 'How long to wait for another run to release the state lock' })
      .option('allow-mass-delete', { type: 'boolean', default: false, describe: 'Allow more deletes than deletes.max_share' })
      .option('redact', { type: 'boolean', default: false, describe: 'Mask field values in the printed plan' }),
    (a) => run(() => applyCommand({ ...io, cwd: a.dir }, { planFile: a.plan, yes: a.yes, lockTimeout: a.lockTimeout, allowMassDelete: a.allowMassDelete, redact: a.redact }))())
    .command('status', 'Sync health from the state: linked, deleted, failed by category', (y) => y.option('json', { type: 'boolean', default: false }),
      (a) => run(() => statusCommand({ ...io, cwd: a.dir }, { json: a.json }))())
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
  } catch (error) {
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
