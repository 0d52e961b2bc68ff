/** `crmsync state push LOCATION`: copies the project's state into another backend (e.g. a file into PostgreSQL). */
import type { CommandModule } from 'yargs';
import type { CliIO } from '../io.js';
import { transferCommand, transferOptions, type TransferArgs } from './transfer.js';

export const pushCommand = (io: CliIO, run: (fn: () => Promise<number>) => Promise<void>): CommandModule => ({
  command: 'push <location>',
  describe: "Copy the project's state to LOCATION (postgres://… or a file); refused over another lineage or a newer serial",
  builder: (y) => transferOptions(y),
  handler: (a) => run(() => transferCommand({ ...io, cwd: a.dir as string }, a as unknown as TransferArgs, 'push')),
});
