/**
 * `--refresh-only`: the plan's state changes without its writes. Links of matched pairs, merges,
 * deletions seen and filter marks are kept; each update becomes a rebase that records the values
 * both apps hold now, so the difference is accepted rather than synced (R10 compares against the
 * base); creates, deletes, field creations and associations are dropped. Cursors advance as in a
 * normal plan. Records that exist in one app only stay unlinked: `crmsync import` brings them (R8).
 * Pure.
 */
import type { CompiledProject } from '../config/model.js';
import type { Op, Plan } from './types.js';
import { withCounts } from './counts.js';
import { canonical } from './values.js';

const STATE_ONLY: ReadonlySet<Op['type']> = new Set(['link', 'relink', 'rebase', 'mark', 'forget']);

export function refreshOnly(plan: Plan, project: CompiledProject): Plan {
  const ops: Op[] = [];
  for (const op of plan.ops) {
    // A link to a record this plan would create (link-created) goes with the create.
    if (STATE_ONLY.has(op.type)) ops.push(op);
    if (op.type !== 'update') continue;
    const sync = project.syncs.find((s) => s.name === op.sync)!;
    // The side the update would write keeps what it holds now; the other side's base is already its current value.
    const base = { left: { ...op.base.left }, right: { ...op.base.right } };
    for (const change of op.changes) {
      const field = sync.fields.find((f) => f[op.side] === change.field);
      if (field) base[op.side][change.field] = canonical(field, change.old ?? undefined, op.side);
    }
    ops.push({
      id: `${op.sync}/rebase/${op.side}/${op.recordId}`,
      type: 'rebase',
      sync: op.sync,
      link: op.link,
      base,
      reason: { rule: 'R10', message: `refresh-only: accept the values both apps hold now instead of updating ${op.connection}` },
      source: op.source,
    });
  }
  return { ...plan, refreshOnly: true, ops, syncs: withCounts(plan.syncs, ops) };
}
