/**
 * The CLI: a thin shell over the library. One top-level handler: a user error (CrmsyncError,
 * ConnectorFailure) prints its message and hint and exits 1; anything else is an internal error.
 */
import yargs from 'yargs';
import { ConnectorFailure, NO_ANSWER } from '../connectors/types.js';
import { CrmsyncError, fromSystemError } from '../errors.js';
import { closestName } from '../config/closest.js';
import { applyCommand } from './apply.js';
import { watchCommand } from './watch.js';
import { workerCommand } from './worker.js';
import { EXIT, println, type CliIO } from './io.js';
import { planCommand } from './plan.js';
import { sandboxCommand, sandboxServers } from './sandbox.js';
import { statusCommand } from './status.js';
import { forceUnlockCommand } from './unlock.js';
import { validateCommand } from './validate.js';
import { showCommand } from './show.js';
import { INIT_APPS, INIT_OBJECTS, initCommand } from './init.js';
import { fmtCommand } from './fmt.js';
import { fromDiagnostic, printEnvelope } from './envelope.js';
import { renderDiagnostic } from '../config/diagnostics.js';
import { stateCommands } from './state/index.js';
import { asList } from './select.js';
import { duration, PROGRESS_OPTION, runArgs, SYNC_OPTION, withJson, withPlanOutput, withRunOptions, withSelection } from './options.js';

/** `import <sync>` or `import --sync a --sync b`: yargs gives both to the same key. */
function importSyncs(value: unknown): string[] {
  const names = asList(value) ?? [];
  if (!names.length) throw new CrmsyncError('usage', 'import needs a sync', 'name it: crmsync import <sync> (or --sync <sync>, repeatable)');
  return names;
}

/** The top-level commands, for a did-you-mean on a mistyped one. */
const COMMANDS = ['init', 'validate', 'plan', 'show', 'apply', 'import', 'resync-deleted', 'status', 'state', 'fmt', 'sandbox', 'force-unlock', 'worker'];
const STATE_COMMANDS = ['list', 'show', 'link', 'unlink', 'forget', 'rebind'];

/** A usage error, with the command most likely meant when the first word is not a command. */
function usageError(message: string, argv: string[]): CrmsyncError {
  const words = argv.filter((a) => !a.startsWith('-'));
  const [first, second] = words;
  const meant = (word: string | undefined, names: string[]) => (word && !names.includes(word) ? closestName(word, names) : undefined);
  const command = meant(first, COMMANDS);
  if (command) return new CrmsyncError('usage', `${first} is not a crmsync command`, `did you mean ${command}? (crmsync --help lists the commands)`);
  const sub = first === 'state' ? meant(second, STATE_COMMANDS) : undefined;
  if (sub) return new CrmsyncError('usage', `${second} is not a state subcommand`, `did you mean state ${sub}? (crmsync state --help lists them)`);
  return new CrmsyncError('usage', message, 'crmsync --help lists the commands and options');
}

/** Names listed in prose: `a, b and c`. */
const labels = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? ''));

/** The exit codes, as README's "Exit codes" documents them. */
const EXIT_CODES = `Exit codes:
  0  done: every app read completely, every record read in sync, excluded or deleted
  1  error: bad configuration, usage, credentials or state; nothing or not all was run
  2  plan --detailed-exitcode: changes to apply
  3  incomplete: an app could not be read completely, or records failed or wait for a complete read
     (crmsync status lists them); takes precedence over 2`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const run = (fn: () => Promise<number>) => async () => {
    code = await fn();
  };
  const parser = yargs(argv)
    .scriptName('crmsync')
    .usage('$0 <command> [options]\n\nDeclarative sync of CRM records between HubSpot, Salesforce, Google Contacts and a local store.')
    .option('dir', { type: 'string', describe: 'Project folder (holds syncs/)', default: io.cwd })
    .command(
      'init',
      'Write syncs/ for two apps (the sandboxes by default) with their recommended mappings; asks on a terminal',
      (y) =>
        withJson(y, 'Ask nothing; print the files written as the JSON envelope')
          .option('left', { choices: INIT_APPS, describe: 'The first app (asked on a terminal; default hubspot)' })
          .option('right', { choices: INIT_APPS, describe: 'The second app (asked on a terminal; default salesforce)' })
          .option('object', { choices: INIT_OBJECTS, describe: 'What to sync (asked on a terminal; default contacts)' })
          .option('real', { type: 'boolean', describe: 'Both apps are real accounts (credentials from the environment), not sandboxes' })
          .option('left-real', { type: 'boolean', describe: 'The first app is a real account (--no-left-real: the sandbox; asked on a terminal)' })
          .option('right-real', { type: 'boolean', describe: 'The second app is a real account (--no-right-real: the sandbox; asked on a terminal)' })
          .option('left-url', { type: 'string', describe: "A real first app's address (HubSpot base_url, Salesforce login_url, Google root_url)" })
          .option('right-url', { type: 'string', describe: "A real second app's address (HubSpot base_url, Salesforce login_url, Google root_url)" }),
      (a) =>
        run(() =>
          initCommand(
            { ...io, cwd: a.dir },
            {
              left: a.left,
              right: a.right,
              object: a.object,
              json: a.json,
              leftReal: a.leftReal ?? a.real,
              rightReal: a.rightReal ?? a.real,
              leftUrl: a.leftUrl,
              rightUrl: a.rightUrl,
            },
          ),
        )(),
    )
    .command(
      'fmt',
      'Rewrite syncs/*.yaml in one layout, keeping comments',
      (y) =>
        withJson(y, 'Print the files (re)formatted as the JSON envelope').option('check', {
          type: 'boolean',
          default: false,
          describe: 'Change nothing; exit 1 if a file would change (CI)',
        }),
      (a) => run(() => fmtCommand({ ...io, cwd: a.dir }, { check: a.check, json: a.json }))(),
    )
    .command(
      'validate',
      'Check syncs/*.yaml against the schema and the sync rules',
      (y) => withJson(y, 'Print the diagnostics as the JSON envelope'),
      (a) => run(() => validateCommand({ ...io, cwd: a.dir }, { json: a.json }))(),
    )
    .command(
      'plan',
      'Read both apps and show what apply would change',
      (y) =>
        withJson(
          withPlanOutput(
            withSelection(y, 'Plan every failed record again now, whatever its backoff (R31)'),
            'Mask field values in the output and the saved plan',
          ),
          'Print the plan as JSON',
        )
          .option('out', { type: 'string', describe: 'Save the plan to a file for `apply <file>`' })
          .option('detailed-exitcode', { type: 'boolean', default: false, describe: 'Exit 0 = no changes, 2 = changes, 1 = error, 3 = incomplete read' })
          .option('format', {
            choices: ['text', 'markdown', 'json'] as const,
            default: 'text' as const,
            describe: 'Output: text, Markdown for a pull-request comment, or JSON',
          })
          .option('progress', PROGRESS_OPTION),
      (a) =>
        run(() =>
          planCommand(
            { ...io, cwd: a.dir },
            {
              json: a.json,
              out: a.out,
              detailedExitcode: a.detailedExitcode,
              redact: a.redact,
              syncs: asList(a.sync),
              refreshOnly: a.refreshOnly,
              format: a.format,
              retryFailed: a.retryFailed,
              verbose: a.verbose,
              progress: a.progress,
            },
          ),
        )(),
    )
    .command(
      'show <planfile>',
      'Show a plan saved with plan --out, as plan shows it',
      (y) =>
        withJson(withPlanOutput(y.positional('planfile', { type: 'string', demandOption: true }), 'Mask field values'), 'Print the plan as JSON').option(
          'format',
          { choices: ['text', 'markdown', 'json'] as const, default: 'text' as const },
        ),
      (a) => run(() => showCommand({ ...io, cwd: a.dir }, { file: a.planfile!, format: a.json ? 'json' : a.format, redact: a.redact, verbose: a.verbose }))(),
    )
    .command(
      'apply [plan]',
      'Apply a fresh plan, or a saved one',
      (y) =>
        withRunOptions(
          withPlanOutput(withSelection(y, 'Try every failed record again now, whatever its backoff (R31)'), 'Mask field values in the printed plan'),
          'Print the result as the JSON envelope (needs --auto-approve or a plan file)',
        )
          .positional('plan', { type: 'string', describe: 'A plan saved with plan --out' })
          .option('allow-mass-delete', { type: 'boolean', default: false, describe: 'Allow more deletes than deletes.max_count or max_share allow' })
          .option('watch', { type: 'boolean', default: false, describe: 'Keep syncing every --interval until stopped (R29)' })
          .option('interval', { type: 'string', default: '30s', describe: 'Time between cycles with --watch' }),
      (a) =>
        run(() => {
          const args = {
            ...runArgs(a),
            planFile: a.plan,
            allowMassDelete: a.allowMassDelete,
            redact: a.redact,
            verbose: a.verbose,
            syncs: asList(a.sync),
            refreshOnly: a.refreshOnly,
            retryFailed: a.retryFailed,
          };
          if (!a.watch) return applyCommand({ ...io, cwd: a.dir }, args);
          const intervalMs = duration('interval', a.interval, false);
          return watchCommand({ ...io, cwd: a.dir }, { ...args, intervalMs });
        })(),
    )
    .command(
      'import [sync]',
      'Bring the records that existed before a changes-only sync was switched on (R8)',
      (y) =>
        withRunOptions(y, 'Print the result as the JSON envelope')
          .positional('sync', { type: 'string', describe: 'The sync (or name them with --sync)' })
          .option('sync', SYNC_OPTION)
          .option('all-fields', { type: 'boolean', default: false, describe: 'Salesforce contacts: bring every mapped field now, not the email first (R23)' }),
      (a) =>
        run(() =>
          applyCommand(
            { ...io, cwd: a.dir },
            { ...runArgs(a), allowMassDelete: false, redact: false, importSyncs: importSyncs(a.sync), allFields: a.allFields },
          ),
        )(),
    )
    .command(
      'resync-deleted <sync>',
      'Recreate records deleted in one app from the other (R30)',
      (y) =>
        withRunOptions(y, 'Print the result as the JSON envelope (needs --auto-approve)')
          .positional('sync', { type: 'string', demandOption: true })
          .option('into', { type: 'string', demandOption: true, describe: 'The connection to recreate the records in' })
          .option('ids', { type: 'string', describe: 'Comma-separated record ids (either app); default: all deleted records' }),
      (a) =>
        run(() =>
          applyCommand(
            { ...io, cwd: a.dir },
            {
              ...runArgs(a),
              allowMassDelete: false,
              redact: false,
              resync: {
                sync: a.sync!,
                into: a.into,
                ids: a.ids
                  ? a.ids
                      .split(',')
                      .map((x) => x.trim())
                      .filter(Boolean)
                  : undefined,
              },
            },
          ),
        )(),
    )
    .command(
      'status',
      'Sync health: in sync, excluded, failed by category (R31); --records lists records',
      (y) =>
        withJson(y, 'Print the health, or the records, as the JSON envelope')
          .option('records', { type: 'boolean', default: false, describe: 'List records instead of counts' })
          .option('object', { type: 'string', describe: 'Only records of this object (contacts, companies, …)' })
          .option('status', { choices: ['in-sync', 'failed', 'deleted', 'waiting'] as const, describe: 'Only records with this status' })
          .option('since', { type: 'string', describe: 'Only records synced or failed within this window (24h) or since this date' })
          .option('format', { choices: ['table', 'csv', 'json'] as const, default: 'table' as const })
          .option('output', { type: 'string', describe: 'Write the record list to this file' })
          .option('sync', SYNC_OPTION),
      (a) =>
        run(() =>
          statusCommand(
            { ...io, cwd: a.dir },
            { json: a.json, records: a.records, object: a.object, status: a.status, since: a.since, format: a.format, output: a.output, syncs: asList(a.sync) },
          ),
        )(),
    )
    .command(
      'worker',
      'Take sync runs from the job queue in the PostgreSQL state until stopped; start one per machine',
      (y) =>
        withJson(y, 'When stopped, print the JSON envelope with the runs made (log lines go to stderr)')
          .option('name', { type: 'string', describe: "This worker's name in crmsync status (default: host-pid)" })
          .option('every', { type: 'string', default: '15m', describe: 'Time between the starts of two runs of a sync without schedule.every' })
          .option('retries', {
            type: 'number',
            default: 3,
            describe: 'Retries of a failed run, with a delay that doubles each time, before it is a dead letter',
          })
          .option('retry-delay', { type: 'string', default: '30s', describe: 'Delay before the first retry' })
          .option('run-timeout', {
            type: 'string',
            default: '15m',
            describe: 'A run still going after this long (its worker died) is retried by another worker',
          })
          .option('poll', { type: 'string', default: '2s', describe: 'How often an idle worker looks for due runs' })
          .option('max-runs', { type: 'number', describe: 'Stop after this many runs' }),
      (a) =>
        run(() => {
          if (a.retries < 0 || !Number.isInteger(a.retries))
            throw new CrmsyncError('usage', `--retries ${a.retries} is not a whole number`, 'write e.g. --retries 3');
          return workerCommand(
            { ...io, cwd: a.dir },
            {
              name: a.name,
              everyMs: duration('every', a.every, false),
              retries: a.retries,
              retryDelayMs: duration('retry-delay', a.retryDelay, false),
              runTimeoutMs: duration('run-timeout', a.runTimeout, false),
              pollMs: duration('poll', a.poll, false),
              maxRuns: a.maxRuns,
              json: a.json,
            },
          );
        })(),
    )
    .command(
      'sandbox',
      `Run the ${labels(sandboxServers().map((s) => s.label))} emulators with demo data until Ctrl-C`,
      (y) =>
        sandboxServers()
          .reduce(
            (z, { name, label, server }) =>
              z.option(`${name}-port`, {
                type: 'number',
                default: server.port,
                describe: `Port of the ${label} emulator; 0 picks a free port (the printed settings show it)`,
              }),
            y,
          )
          .option('contacts', { type: 'number', default: 100, describe: 'Demo contacts per app, for fresh data (a first run or --reset)' })
          .option('reset', { type: 'boolean', default: false, describe: 'Discard the data saved by earlier runs and start from fresh demo data' }),
      (a) =>
        run(() =>
          sandboxCommand(
            { ...io, cwd: a.dir },
            {
              ports: Object.fromEntries(sandboxServers().map(({ name }) => [name, (a as Record<string, unknown>)[`${name}-port`] as number | undefined])),
              contacts: a.contacts,
              reset: a.reset,
            },
          ),
        )(),
    )
    .command('state', 'Inspect, edit and move the state: list, show, link, unlink, forget, push, pull, rebind (each under the state lock)', (y) =>
      stateCommands(y, io, (fn) => run(fn)()),
    )
    .command(
      'force-unlock <id>',
      'Remove a state lock left by a crashed run',
      (y) => withJson(y, 'Print the lock removed as the JSON envelope').positional('id', { type: 'string', demandOption: true }),
      (a) => run(() => forceUnlockCommand({ ...io, cwd: a.dir }, { id: a.id!, json: a.json }))(),
    )
    .epilog(EXIT_CODES)
    .demandCommand(1, 'name a command; crmsync --help lists them')
    .strict()
    .exitProcess(false)
    .example('$0 init', 'Write syncs/ for two apps (the sandbox by default), with the recommended mappings')
    .example('$0 init --real', 'The same for real accounts: credentials from HUBSPOT_TOKEN, SF_CLIENT_ID, SF_CLIENT_SECRET')
    .example('$0 plan', 'Show what apply would change, without changing anything')
    .example('$0 plan --sync contacts --out plan.json', 'Plan one sync and save the plan')
    .example('$0 apply plan.json', 'Apply exactly the saved plan (refused if anything moved since)')
    .example('$0 plan --format markdown --redact', 'The plan as a pull-request comment, values masked')
    .example('$0 status --records --format csv --output records.csv', 'Export the synced records')
    .example('$0 state list --sync contacts', 'The links the state holds for one sync')
    .example('$0 apply --auto-approve --json', 'Apply in CI; the result as the JSON envelope (schema/output.schema.json)')
    .fail((message, error) => {
      throw error ?? usageError(message, argv);
    })
    .wrap(100);
  try {
    // Help and version text go to the command's own stdout (yargs would use the console).
    let output = '';
    await parser.parseAsync(argv, {}, (_error, _parsed, text) => {
      output = text;
    });
    if (output) println(io.stdout, output);
    return code;
  } catch (thrown) {
    // A file-system refusal (EISDIR, EROFS, ENOSPC, …) is the user's to fix, not a crash.
    const error = fromSystemError(thrown) ?? thrown;
    // With --json, a user error is the envelope's diagnostic, on stdout, like any other result.
    if (argv.includes('--json') && (error instanceof CrmsyncError || error instanceof ConnectorFailure)) {
      const words = argv.filter((a) => !a.startsWith('-'));
      const command = words[0] === 'state' && words[1] ? `state ${words[1]}` : (words[0] ?? '');
      const [code, message, hint] =
        error instanceof CrmsyncError
          ? [error.code, error.message, error.hint]
          : [error.error.code, `${error.connection ? `connection ${error.connection}: ` : ''}${error.message}`, error.error.hint];
      // A configuration checked live reports each problem at its place, like `validate`.
      const located = error instanceof CrmsyncError && error.diagnostics?.length ? error.diagnostics.map(fromDiagnostic) : [];
      printEnvelope(io, command, 'error', [{ code, severity: 'error', message, ...(hint ? { hint } : {}) }, ...located]);
      return EXIT.error;
    }
    if (error instanceof CrmsyncError) {
      const located = (error.diagnostics ?? []).map((d) => `\n\n${renderDiagnostic(d, new Map())}`).join('');
      println(io.stderr, `error[${error.code}] ${error.message}${located}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
      return EXIT.error;
    }
    if (error instanceof ConnectorFailure) {
      println(
        io.stderr,
        `error[${error.error.code}] ${error.connection ? `connection ${error.connection}: ` : ''}${error.message}${error.error.hint ? `\n  hint: ${error.error.hint}` : ''}`,
      );
      // An app that did not answer (before its account could even be checked) is an incomplete
      // run, not a configuration error: exit 3, and the last line says so.
      if (NO_ANSWER.has(error.error.category) || error.error.category === 'rate-limit') {
        println(
          io.stdout,
          `Incomplete: could not reach ${error.connection ?? 'an app'} (${error.error.category}: ${error.error.code}); nothing was read or written.`,
        );
        return EXIT.incomplete;
      }
      return EXIT.error;
    }
    println(io.stderr, `internal error, please report it with this trace:\n${(error as Error).stack ?? String(error)}`);
    return EXIT.error;
  }
}
