/**
 * What every `crmsync state` subcommand shares: the project loaded (config errors shown as
 * diagnostics), the state taken under its lock (withProjectState), and the guards a script passes
 * to make sure it edits the state it inspected: `--lineage` (refused on another state's history)
 * and `--serial` (refused when another run wrote the state since).
 */
import ms from 'ms';
import type { Argv, CommandModule } from 'yargs';
import type { CompiledProject, CompiledSync } from '../../config/model.js';
import { CrmsyncError } from '../../errors.js';
import { loadProject, withProjectState } from '../../pipeline.js';
import type { StateStore } from '../../state/store.js';
import { emptySyncState, type LinkState, type SyncState } from '../../state/types.js';
import { EXIT, println, type CliIO } from '../io.js';
import { configFailed, printEnvelope } from '../envelope.js';
import { requireSync } from '../select.js';
import { withJson, withLockTimeout } from '../options.js';

export interface StateArgs {
  lineage?: string;
  serial?: number;
  lockTimeout: string;
  json: boolean;
}

/** The options every state subcommand takes. */
export const stateOptions = <T>(y: Argv<T>) =>
  withJson(withLockTimeout(y), 'Print JSON')
    .option('lineage', { type: 'string', describe: 'Refuse unless the state has this lineage (from state list)' })
    .option('serial', { type: 'number', describe: 'Refuse unless the state is at this serial, i.e. unchanged since it was inspected' });

export interface StateContext {
  io: CliIO;
  /** The command, as the JSON envelope names it: `state link`, `state unlink`, … */
  operation: string;
  project: CompiledProject;
  state: StateStore;
}

/** Runs `fn` on the project's state under its lock, after the lineage and serial guards. */
export async function withStateCommand(io: CliIO, args: StateArgs, operation: string, fn: (ctx: StateContext) => Promise<number>): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (configFailed(io, operation, loaded, args.json)) return EXIT.error;
  const project = loaded.project!;
  const lockTimeoutMs = ms((args.lockTimeout || '0s') as ms.StringValue) ?? 0;
  return withProjectState({ root: io.cwd, env: io.env }, project, operation, { lockTimeoutMs }, async (state) => {
    const { lineage, serial } = state.data;
    if (args.lineage !== undefined && args.lineage !== lineage) {
      throw new CrmsyncError(
        'state-lineage-mismatch',
        `the state ${state.path} has lineage ${lineage}, not ${args.lineage}: it is another state's history`,
        'check settings.state and the folder; crmsync state list shows the lineage',
      );
    }
    if (args.serial !== undefined && args.serial !== serial) {
      throw new CrmsyncError(
        'state-serial-mismatch',
        `the state ${state.path} is at serial ${serial}, not ${args.serial}: another run wrote it since it was inspected`,
        'inspect it again (crmsync state list or show) and repeat the command with the new serial',
      );
    }
    return fn({ io, operation, project, state });
  });
}

/** The sync's state, created empty if the sync never ran. */
export function syncState(ctx: StateContext, sync: CompiledSync): SyncState {
  return (ctx.state.data.syncs[sync.name] ??= emptySyncState());
}

/** The link that holds `id` on either side, with the side it is on. */
export function findLink(s: SyncState | undefined, id: string): { link: LinkState; side: 'left' | 'right' } | undefined {
  for (const link of s?.links ?? []) {
    if (link.left === id) return { link, side: 'left' };
    if (link.right === id) return { link, side: 'right' };
  }
  return undefined;
}

export const linkStatus = (link: LinkState) => (link.deleted ? `deleted in ${link.deleted}` : link.excluded ? 'excluded' : 'in-sync');

/** The sync named on the command line, or a did-you-mean error. */
export const namedSync = (ctx: StateContext, name: string) => requireSync(ctx.project, name);

/** Saves an edit and says what it did, with the new serial for the next guarded command. */
export async function saveEdit(ctx: StateContext, json: boolean, what: string, detail: Record<string, unknown>): Promise<number> {
  await ctx.state.save();
  if (json) printEnvelope(ctx.io, ctx.operation, 'ok', [], { state: { ...detail, lineage: ctx.state.data.lineage, serial: ctx.state.data.serial } });
  else println(ctx.io.stdout, `${what} (state lineage ${ctx.state.data.lineage}, serial ${ctx.state.data.serial}).`);
  return EXIT.ok;
}

/** How main.ts runs a command: its exit code becomes the process's. */
export type Run = (fn: () => Promise<number>) => Promise<void>;

/**
 * A `state <name> <sync> <id>` subcommand: the state options and the two positionals; `body` runs
 * under the state lock with the sync named (or a did-you-mean error) and the record's id.
 */
export const recordCommand =
  (name: string, describe: string, body: (ctx: StateContext, sync: CompiledSync, id: string, json: boolean) => Promise<number>) =>
  (io: CliIO, run: Run): CommandModule => ({
    command: `${name} <sync> <id>`,
    describe,
    builder: (y) => stateOptions(y).positional('sync', { type: 'string', demandOption: true }).positional('id', { type: 'string', demandOption: true }),
    handler: (a) =>
      run(() =>
        withStateCommand({ ...io, cwd: a.dir as string }, a as unknown as StateArgs, `state ${name}`, (ctx) =>
          body(ctx, namedSync(ctx, String(a.sync)), String(a.id), !!a.json),
        ),
      ),
  });
