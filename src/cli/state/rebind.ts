/** `crmsync state rebind <connection>`: see ../rebind.ts. */
import type { CommandModule } from 'yargs';
import type { CliIO } from '../io.js';
import { withJson, withLockTimeout } from '../options.js';
import { rebindCommand as rebind } from '../rebind.js';

export const rebindCommand = (io: CliIO, run: (fn: () => Promise<number>) => Promise<void>): CommandModule => ({
  command: 'rebind <connection>',
  describe: 'Record that a connection now reaches another account, on purpose (the state refuses another account until then)',
  builder: (y) => withJson(withLockTimeout(y), 'Print the result as the JSON envelope').positional('connection', { type: 'string', demandOption: true }),
  handler: (a) => run(() => rebind({ ...io, cwd: a.dir as string }, { connection: String(a.connection), lockTimeout: String(a.lockTimeout), json: !!a.json })),
});
