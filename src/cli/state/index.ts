/** `crmsync state <subcommand>`: one file per subcommand; add a subcommand by adding it to SUBCOMMANDS. */
import type { Argv, CommandModule } from 'yargs';
import type { CliIO } from '../io.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';
import { rebindCommand } from './rebind.js';

type Subcommand = (io: CliIO, run: (fn: () => Promise<number>) => Promise<void>) => CommandModule;

const SUBCOMMANDS: Subcommand[] = [
  pushCommand,
  pullCommand,
  rebindCommand,
];

export function stateCommands<T>(y: Argv<T>, io: CliIO, run: (fn: () => Promise<number>) => Promise<void>): Argv<T> {
  for (const sub of SUBCOMMANDS) y.command(sub(io, run));
  return y.demandCommand(1, 'name a state subcommand: push, pull, rebind');
}
