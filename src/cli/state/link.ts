/**
 * `crmsync state link <sync> <leftId> <rightId>`: pair two existing records by hand, as a match
 * would (R24). The link starts without base values, so the next plan reconciles the pair like a
 * fresh match: field by field, with the sync's conflict rule. Both records must exist in their apps.
 */
import { APPS } from '../../connectors/registry.js';
import type { CommandModule } from 'yargs';
import { CrmsyncError } from '../../errors.js';
import type { CliIO } from '../io.js';
import { closeConnectors, openConnectors } from '../../pipeline.js';
import { checkRecordsExist } from './exists.js';
import { namedSync, saveEdit, stateOptions, syncState, withStateCommand, type StateArgs } from './common.js';

export const linkCommand = (io: CliIO, run: (fn: () => Promise<number>) => Promise<void>): CommandModule => ({
  command: 'link <sync> <leftId> <rightId>',
  describe: 'Pair two existing records (left app id, right app id); the next plan reconciles them',
  builder: (y) =>
    stateOptions(y)
      .positional('sync', { type: 'string', demandOption: true })
      .positional('leftId', { type: 'string', demandOption: true })
      .positional('rightId', { type: 'string', demandOption: true }),
  handler: (a) =>
    run(() =>
      withStateCommand({ ...io, cwd: a.dir as string }, a as unknown as StateArgs, 'state link', async (ctx) => {
        const sync = namedSync(ctx, String(a.sync));
        const s = syncState(ctx, sync);
        const l = String(a.leftId);
        const r = String(a.rightId);
        for (const [id, side] of [
          [l, 'left'],
          [r, 'right'],
        ] as const) {
          const taken = s.links.find((link) => (side === 'left' ? link.left : link.right) === id);
          if (taken) {
            throw new CrmsyncError(
              'state-record',
              `${sync[side].connection} ${id} is already linked to ${side === 'left' ? taken.right : taken.left} in sync ${sync.name}`,
              `unlink it first: crmsync state unlink ${sync.name} ${id}`,
            );
          }
        }
        // Both records must exist in their apps: asked of the apps themselves, under the lock.
        const connectors = await openConnectors({ ...ctx.project, syncs: [sync] }, { root: ctx.io.cwd, env: ctx.io.env, apps: APPS });
        try {
          await checkRecordsExist(sync, connectors, { left: l, right: r });
        } finally {
          await closeConnectors(connectors);
        }
        s.links.push({ left: l, right: r, base: { left: {}, right: {} }, at: new Date().toISOString() });
        s.failures = s.failures.filter((f) => !(f.side === 'left' && f.id === l) && !(f.side === 'right' && f.id === r));
        // The records concerned may be older than the cursors: the next plan reads the sync in full.
        s.cursors = {};
        return saveEdit(
          ctx,
          !!a.json,
          `Linked ${sync.left.connection}/${l} ↔ ${sync.right.connection}/${r} in sync ${sync.name}; the next plan reconciles their fields`,
          { sync: sync.name, linked: { left: l, right: r } },
        );
      }),
    ),
});
