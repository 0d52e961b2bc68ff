/** `crmsync state show <sync> <id>`: what the state knows of one record (either app's id). */
import { CrmsyncError } from '../../errors.js';
import { EXIT, println } from '../io.js';
import { printEnvelope } from '../envelope.js';
import { findLink, linkStatus, recordCommand } from './common.js';

export const showCommand = recordCommand('show', "Show one record's link, base values and failures", async (ctx, sync, id, json) => {
  const s = ctx.state.data.syncs[sync.name];
  const found = findLink(s, id);
  const failures = (s?.failures ?? []).filter((f) => f.id === id || (found && f.id === (f.side === 'left' ? found.link.left : found.link.right)));
  if (!found && !failures.length) {
    throw new CrmsyncError('state-record', `the state of sync ${sync.name} holds nothing for ${id}`, `crmsync state list --sync ${sync.name} lists its links`);
  }
  if (json)
    printEnvelope(ctx.io, 'state show', 'ok', [], {
      state: { sync: sync.name, lineage: ctx.state.data.lineage, serial: ctx.state.data.serial, link: found?.link ?? null, failures },
    });
  else {
    if (found) {
      const { link } = found;
      println(
        ctx.io.stdout,
        `sync ${sync.name}: ${sync.left.connection}/${link.left} ↔ ${sync.right.connection}/${link.right}  ${linkStatus(link)}, last synced ${link.at}`,
      );
      for (const side of ['left', 'right'] as const) {
        println(ctx.io.stdout, `  base in ${sync[side].connection}:`);
        for (const [field, value] of Object.entries(link.base[side])) println(ctx.io.stdout, `    ${field} = ${JSON.stringify(value)}`);
      }
    }
    for (const f of failures)
      println(
        ctx.io.stdout,
        `  failed in ${sync[f.side].connection} ${f.id}: [${f.category}] ${f.message} (${f.attempts} attempt(s), last ${f.lastAt})${f.hint ? ` hint: ${f.hint}` : ''}`,
      );
  }
  return EXIT.ok;
});
