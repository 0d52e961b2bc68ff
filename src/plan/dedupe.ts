/**
 * Two syncs into one app may both plan to create the same person in it in one run (HubSpot ←
 * Google and HubSpot ← Salesforce both bring in someone HubSpot lacks). The app would refuse the
 * second as a duplicate. Instead, the second becomes a link to the record the first creates,
 * resolved when the apply runs; its base is left empty, so the next run merges the pair by the
 * second sync's conflict rules (R24: matched, never duplicated).
 */
import type { CompiledProject } from '../config/model.js';
import type { CreateOp, LinkOp, Op } from './types.js';
import { fieldOf, foldKey } from './values.js';

function keyOf(project: CompiledProject, op: CreateOp): string | undefined {
  const sync = project.syncs.find((s) => s.name === op.sync)!;
  for (const key of sync.matchKeys) {
    const values = key[op.side].map((f) => fieldOf(op.fields, f));
    if (values.every((v) => typeof v === 'string' && v.trim() !== '')) return `${key[op.side].join('+')}=${values.map((v) => foldKey(String(v))).join('\u0000')}`;
  }
  return undefined;
}

export function dedupeCreates(project: CompiledProject, ops: Op[]): Op[] {
  const first = new Map<string, CreateOp>();
  return ops.map((op) => {
    if (op.type !== 'create') return op;
    const key = keyOf(project, op);
    if (!key) return op;
    const slot = `${op.connection}\u0000${op.object}\u0000${key}`;
    const earlier = first.get(slot);
    if (!earlier || earlier.sync === op.sync) {
      if (!earlier) first.set(slot, op);
      return op;
    }
    const created = `create:${earlier.id}`;
    const link: LinkOp = {
      id: `${op.sync}/link/${op.side === 'left' ? created : op.from}/${op.side === 'left' ? op.from : created}`,
      type: 'link', sync: op.sync,
      link: op.side === 'left' ? { l: created, r: op.from } : { l: op.from, r: created },
      base: { l: {}, r: {} },
      reason: { rule: 'R24', message: `sync ${earlier.sync} creates this record in ${op.connection} in the same run; linked to it instead of creating a duplicate` },
      source: op.source,
    };
    return link;
  });
}
