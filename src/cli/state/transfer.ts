/** What `state push` and `state pull` share: the project's state location, the options, the report. */
import ms from 'ms';
import type { Argv } from 'yargs';
import { loadProject } from '../../pipeline.js';
import { stateLocation } from '../../state/backend.js';
import { parseSecrets } from '../../connectors/secrets.js';
import { transferState } from '../../state/transfer.js';
import { resolve } from 'node:path';
import { EXIT, println, type CliIO } from '../io.js';
import { configFailed, printEnvelope, warnings } from '../envelope.js';
import { withJson, withLockTimeout } from '../options.js';

export interface TransferArgs {
  location: string;
  force: boolean;
  lockTimeout: string;
  json?: boolean;
}

export const transferOptions = <T>(y: Argv<T>) =>
  withJson(withLockTimeout(y, 'How long to wait for runs holding the destination'), 'Print the result as the JSON envelope')
    .positional('location', { type: 'string', demandOption: true, describe: 'A postgres:// URL or a state file path' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace a state of another lineage or a newer serial' });

/** Copies between the project's state and `args.location`; `push` goes from the project to it, `pull` the other way. */
export async function transferCommand(io: CliIO, args: TransferArgs, direction: 'push' | 'pull'): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (configFailed(io, `state ${direction}`, loaded, !!args.json)) return EXIT.error;
  const { settings } = loaded.project!;
  const secrets = settings.stateRef?.secret !== undefined && settings.secretsFile ? await parseSecrets(resolve(io.cwd, settings.secretsFile)) : {};
  const mine = stateLocation(settings, io.env, secrets);
  const [from, to] = direction === 'push' ? [mine, args.location] : [args.location, mine];
  const done = await transferState(from, to, io.cwd, { force: args.force, lockTimeoutMs: ms((args.lockTimeout || '0s') as ms.StringValue) ?? 0 });
  const links = Object.values(done.state.syncs).reduce((n, s) => n + s.links.length, 0);
  if (args.json) {
    printEnvelope(io, `state ${direction}`, 'ok', warnings(loaded), {
      state: { lineage: done.state.lineage, serial: done.state.serial, from: done.from, to: done.to, syncs: Object.keys(done.state.syncs).length, links },
    });
    return EXIT.ok;
  }
  println(
    io.stdout,
    `Copied the state from ${done.from} to ${done.to}: lineage ${done.state.lineage}, serial ${done.state.serial}, ${Object.keys(done.state.syncs).length} sync(s), ${links} link(s).`,
  );
  return EXIT.ok;
}
