/**
 * Each command's --help lists the options it takes. The shared option groups (src/cli/options.ts)
 * are composed per command: this pins every command's option names, so a group dropped from a
 * command, or added to one that does not take it, fails here.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project } from '../helpers/project.js';

const test = suite('help-options');

/** Every command's own options (besides --help, --version and --dir, which all take). */
const EXPECTED: Record<string, string[]> = {
  init: ['json', 'left', 'left-real', 'left-url', 'object', 'real', 'right', 'right-real', 'right-url'],
  fmt: ['check', 'json'],
  validate: ['json'],
  plan: ['detailed-exitcode', 'format', 'json', 'out', 'progress', 'redact', 'refresh-only', 'retry-failed', 'sync', 'verbose'],
  show: ['format', 'json', 'redact', 'verbose'],
  apply: [
    'allow-mass-delete',
    'auto-approve',
    'interval',
    'json',
    'lock-timeout',
    'progress',
    'redact',
    'refresh-only',
    'retry-failed',
    'sync',
    'verbose',
    'watch',
    'yes',
  ],
  import: ['all-fields', 'auto-approve', 'json', 'lock-timeout', 'progress', 'yes'],
  'resync-deleted': ['auto-approve', 'ids', 'into', 'json', 'lock-timeout', 'progress', 'yes'],
  status: ['format', 'json', 'object', 'output', 'records', 'since', 'status', 'sync'],
  worker: ['every', 'json', 'max-runs', 'name', 'poll', 'retries', 'retry-delay', 'run-timeout'],
  sandbox: ['contacts', 'google-port', 'hubspot-port', 'reset', 'salesforce-port'],
  'force-unlock': ['json'],
  'state list': ['json', 'lineage', 'lock-timeout', 'serial', 'sync'],
  'state show': ['json', 'lineage', 'lock-timeout', 'serial'],
  'state link': ['json', 'lineage', 'lock-timeout', 'serial'],
  'state unlink': ['json', 'lineage', 'lock-timeout', 'serial'],
  'state forget': ['json', 'lineage', 'lock-timeout', 'serial'],
  'state push': ['force', 'json', 'lock-timeout'],
  'state pull': ['force', 'json', 'lock-timeout'],
  'state rebind': ['json', 'lock-timeout'],
};

/** The option names a --help text lists (`--yes, --auto-approve` gives both). */
const optionNames = (help: string) =>
  [...help.matchAll(/^ {2}(?:-\w, )?--([a-z][a-z-]*)(?:, --([a-z-]+))?/gm)]
    .flatMap((m) => [m[1], m[2]])
    .filter((name): name is string => !!name && !['help', 'version', 'dir'].includes(name))
    .sort();

test('each command lists the same options in --help', async () => {
  const p = project();
  for (const [command, options] of Object.entries(EXPECTED)) {
    const r = await p.run(...command.split(' '), '--help');
    assert.is(r.code, 0, command);
    assert.equal(optionNames(r.stdout), options, command);
  }
});

test('a shared group keeps its help text wherever it is composed', async () => {
  const p = project();
  for (const command of ['apply', 'import', 'resync-deleted']) {
    const help = (await p.run(command, '--help')).stdout.replace(/\s+/g, ' ');
    assert.match(help, '--yes, --auto-approve Do not ask for confirmation', command);
    assert.match(help, '--lock-timeout How long to wait for another run to release the state lock', command);
  }
  for (const command of ['plan', 'show', 'apply']) assert.match((await p.run(command, '--help')).stdout, 'List every record of the plan', command);
});

test.run();
