/**
 * `crmsync state rebind CONNECTION`: records that a connection now reaches another account, on
 * purpose (a migrated portal, a refreshed sandbox org, a moved project folder). Until then every
 * plan and apply refuses with `state-account-mismatch`.
 */
import ms from 'ms';
import { CrmsyncError } from '../errors.js';
import { closeConnectors, loadProject, openConnection, withProjectState, type Environment } from '../pipeline.js';
import { EXIT, println, type CliIO } from './io.js';
import { configFailed, printEnvelope, warnings } from './envelope.js';

export async function rebindCommand(io: CliIO, args: { connection: string; lockTimeout: string; json?: boolean }): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (configFailed(io, 'state rebind', loaded, !!args.json)) return EXIT.error;
  const project = loaded.project!;
  if (!Object.hasOwn(project.connections, args.connection)) {
    throw new CrmsyncError('usage', `no connection is named ${args.connection}`, `connections: ${Object.keys(project.connections).join(', ')}`);
  }
  const environment: Environment = { root: io.cwd, env: io.env };
  const lockTimeoutMs = ms((args.lockTimeout || '0s') as ms.StringValue) ?? 0;
  return withProjectState(environment, project, 'state rebind', { lockTimeoutMs }, async (state) => {
    const connector = await openConnection(project, args.connection, environment);
    let identity: Awaited<ReturnType<typeof connector.identity>>;
    try {
      identity = await connector.identity();
    } finally {
      await closeConnectors({ [args.connection]: connector });
    }
    const accounts = Object.assign(Object.create(null), state.data.accounts);
    const before = Object.hasOwn(accounts, args.connection) ? accounts[args.connection] : undefined;
    accounts[args.connection] = { app: connector.app, id: identity.id, label: identity.label, at: new Date().toISOString() };
    state.data.accounts = accounts;
    await state.save();
    if (args.json) {
      printEnvelope(io, 'state rebind', 'ok', warnings(loaded), {
        state: {
          lineage: state.data.lineage,
          serial: state.data.serial,
          connection: args.connection,
          account: accounts[args.connection],
          before: before ?? null,
        },
      });
      return EXIT.ok;
    }
    println(io.stdout, `Connection ${args.connection} is now bound to ${identity.label}${before ? ` (was ${before.label})` : ''}.`);
    if (before && before.id !== identity.id) {
      println(
        io.stdout,
        'The links in the state are kept: a linked record missing from this account is seen as deleted there, and the mass-delete guard (deletes.max_share) still applies. Review `crmsync plan` before applying.',
      );
    }
    return EXIT.ok;
  });
}
