/**
 * `crmsync state forget <sync> <id>`: drop everything the state knows of a record (either app's
 * id): its link, also one remembered as deleted in one app (R30), and its failures (R31). Nothing
 * is written to the apps.
 */
import { CrmsyncError } from '../../errors.js';
import { findLink, recordCommand, saveEdit } from './common.js';

export const forgetCommand = recordCommand(
  'forget',
  'Drop a record from the state: its link (also a deleted one) and its failures',
  async (ctx, sync, id, json) => {
    const s = ctx.state.data.syncs[sync.name];
    const found = findLink(s, id);
    const ids = new Set([id, ...(found ? [found.link.left, found.link.right] : [])]);
    const failures = s?.failures.filter((f) => ids.has(f.id)).length ?? 0;
    if (!s || (!found && !failures))
      throw new CrmsyncError(
        'state-record',
        `the state of sync ${sync.name} holds nothing for ${id}`,
        `crmsync state list --sync ${sync.name} lists its links`,
      );
    if (found) s.links = s.links.filter((link) => link !== found.link);
    s.failures = s.failures.filter((f) => !ids.has(f.id));
    // The records concerned may be older than the cursors: the next plan reads the sync in full.
    s.cursors = {};
    return saveEdit(
      ctx,
      json,
      `Forgot ${id} in sync ${sync.name}: ${found ? `link ${found.link.left} ↔ ${found.link.right}` : 'no link'}, ${failures} failure(s)`,
      {
        sync: sync.name,
        forgot: id,
        link: found ? { left: found.link.left, right: found.link.right } : null,
        failures,
      },
    );
  },
);
