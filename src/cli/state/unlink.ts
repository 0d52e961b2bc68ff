/**
 * `crmsync state unlink <sync> <id>`: drop the pairing of a record (either app's id). Both records
 * stay in their apps; the next plan matches them again by the match key (R24), or copies each
 * where it has no match.
 */
import { CrmsyncError } from '../../errors.js';
import { findLink, recordCommand, saveEdit } from './common.js';

export const unlinkCommand = recordCommand(
  'unlink',
  'Drop the link of a record (either app id); the next plan matches it again',
  async (ctx, sync, id, json) => {
    const s = ctx.state.data.syncs[sync.name];
    const found = findLink(s, id);
    if (!s || !found || found.link.deleted) {
      throw new CrmsyncError(
        'state-record',
        `${id} is not linked in sync ${sync.name}`,
        found ? `it is remembered as deleted; crmsync state forget ${sync.name} ${id} drops it` : `crmsync state list --sync ${sync.name} lists the links`,
      );
    }
    s.links = s.links.filter((link) => link !== found.link);
    // The records concerned may be older than the cursors: the next plan reads the sync in full.
    s.cursors = {};
    return saveEdit(ctx, json, `Unlinked ${sync.left.connection}/${found.link.left} ↔ ${sync.right.connection}/${found.link.right} in sync ${sync.name}`, {
      sync: sync.name,
      unlinked: { left: found.link.left, right: found.link.right },
    });
  },
);
