/**
 * `crmsync state unlink <sync> <id>`: drop the pairing of a record (either app's id). Both records
 * stay in their apps; the next plan matches them again by the match key (R24), or copies each
 * where it has no match.
 */
import type { CommandModule } from 'yargs';
import { CrmsyncError } from '../../errors.js';
import type { CliIO } from '../io.js';
import { findLink, namedSync, saveEdit, stateOptions, withStateCommand, type StateArgs } from './common.js';

export const unlinkCommand = (io: CliIO, run: (fn: () => Promise<number>) => Promise<void>): CommandModule => ({
  command: 'unlink <sync> <id>',
  describe: 'Drop the link of a record (either app id); the next plan matches it again',
  builder: (y) => stateOptions(y).positional('sync', { type: 'string', demandOption: true }).positional('id', { type: 'string', demandOption: true }),
  handler: (a) =>
    run(() =>
      withStateCommand({ ...io, cwd: a.dir as string }, a as unknown as StateArgs, 'state unlink', async (ctx) => {
        const sync = namedSync(ctx, String(a.sync));
        const s = ctx.state.data.syncs[sync.name];
        const found = findLink(s, String(a.id));
        if (!s || !found || found.link.deleted) {
          throw new CrmsyncError(
            'state-record',
            `${a.id} is not linked in sync ${sync.name}`,
            found
              ? `it is remembered as deleted; crmsync state forget ${sync.name} ${a.id} drops it`
              : `crmsync state list --sync ${sync.name} lists the links`,
          );
        }
        s.links = s.links.filter((link) => link !== found.link);
        // The records concerned may be older than the cursors: the next plan reads the sync in full.
        s.cursors = {};
        return saveEdit(ctx, !!a.json, `Unlinked ${sync.left.connection}/${found.link.l} ↔ ${sync.right.connection}/${found.link.r} in sync ${sync.name}`, {
          sync: sync.name,
          unlinked: { l: found.link.l, r: found.link.r },
        });
      }),
    ),
});
