/** `crmsync state list [--sync NAME]`: every link the state holds, with its status. */
import type { CommandModule } from 'yargs';
import { println, EXIT, type CliIO } from '../io.js';
import { printEnvelope } from '../envelope.js';
import { selectSyncs, asList } from '../select.js';
import { linkStatus, stateOptions, withStateCommand, type StateArgs } from './common.js';

export const listCommand = (io: CliIO, run: (fn: () => Promise<number>) => Promise<void>): CommandModule => ({
  command: 'list',
  describe: 'List the linked records the state holds (per sync: left id ↔ right id, status)',
  builder: (y) => stateOptions(y).option('sync', { type: 'string', array: true, describe: 'Only this sync (repeatable)' }),
  handler: (a) =>
    run(() =>
      withStateCommand({ ...io, cwd: a.dir as string }, a as unknown as StateArgs, 'state list', async (ctx) => {
        const only = selectSyncs(ctx.project, asList(a.sync));
        const rows: Array<{ sync: string; left: string; right: string; status: string; at: string; failures: number }> = [];
        for (const sync of ctx.project.syncs) {
          if (only && !only.has(sync.name)) continue;
          const s = ctx.state.data.syncs[sync.name];
          const failures = new Map<string, number>();
          for (const f of s?.failures ?? []) failures.set(`${f.side}:${f.id}`, (failures.get(`${f.side}:${f.id}`) ?? 0) + 1);
          for (const link of s?.links ?? []) {
            rows.push({
              sync: sync.name,
              left: link.left,
              right: link.right,
              status: linkStatus(link),
              at: link.at,
              failures: (failures.get(`left:${link.left}`) ?? 0) + (failures.get(`right:${link.right}`) ?? 0),
            });
          }
        }
        const { lineage, serial } = ctx.state.data;
        if (a.json) printEnvelope(ctx.io, 'state list', 'ok', [], { state: { lineage, serial, links: rows } });
        else {
          println(ctx.io.stdout, `state ${ctx.state.path}: lineage ${lineage}, serial ${serial}, ${rows.length} link(s)`);
          for (const r of rows) println(ctx.io.stdout, `${r.sync}  ${r.left} ↔ ${r.right}  ${r.status}${r.failures ? ' (failed)' : ''}  ${r.at}`);
        }
        return EXIT.ok;
      }),
    ),
});
