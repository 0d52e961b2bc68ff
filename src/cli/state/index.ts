/**
 * `crmsync state <subcommand>`: inspect, edit and move the state, each under the state lock. One
 * file per subcommand; add a subcommand by adding it to SUBCOMMANDS.
 */
import type { Argv, CommandModule } from 'yargs';
import type { CliIO } from '../io.js';
import { forgetCommand } from './forget.js';
import { linkCommand } from './link.js';
import { listCommand } from './list.js';
import { rebindCommand } from './rebind.js';
import { showCommand } from './show.js';
import { unlinkCommand } from './unlink.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';

type Subcommand = (io: CliIO, run: (fn: () => Promise<number>) => Promise<void>) => CommandModule;

const SUBCOMMANDS: Subcommand[] = [listCommand, showCommand, linkCommand, unlinkCommand, forgetCommand, pushCommand, pullCommand, rebindCommand];

export function stateCommands<T>(y: Argv<T>, io: CliIO, run: (fn: () => Promise<number>) => Promise<void>): Argv<T> {
  for (const sub of SUBCOMMANDS) y.command(sub(io, run));
  return y.demandCommand(1, 'name a state subcommand: list, show, link, unlink, forget, push, pull, rebind');
}
