/** `crmsync state rebind CONNECTION`: records that a connection now reaches another account, on purpose. */
import type { CommandModule } from 'yargs';
import type { CliIO } from '../io.js';
import { rebindCommand as rebind } from '../rebind.js';

export const rebindCommand = (io: CliIO, run: (fn: () => Promise<number>) => Promise<void>): CommandModule => ({
  command: 'rebind <connection>',
  describe: 'Record that a connection now reaches another account, on purpose (the state refuses another account until then)',
  builder: (y) => y.positional('connection', { type: 'string', demandOption: true }).option('lock-timeout', { type: 'string', default: '0s' }),
  handler: (a) => run(() => rebind({ ...io, cwd: a.dir as string }, { connection: a.connection as string, lockTimeout: a.lockTimeout as string })),
});
