/** `crmsync state pull LOCATION`: copies a state from another backend (e.g. PostgreSQL) into the project's state. */
import type { CommandModule } from 'yargs';
import type { CliIO } from '../io.js';
import { transferCommand, transferOptions, type TransferArgs } from './transfer.js';

export const pullCommand = (io: CliIO, run: (fn: () => Promise<number>) => Promise<void>): CommandModule => ({
  command: 'pull <location>',
  describe: "Copy the state at LOCATION (postgres://… or a file) into the project's state; refused over another lineage or a newer serial",
  builder: (y) => transferOptions(y),
  handler: (a) => run(() => transferCommand({ ...io, cwd: a.dir as string }, a as unknown as TransferArgs, 'pull')),
});
