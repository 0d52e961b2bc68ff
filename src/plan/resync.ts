/**
 * resync-deleted (R30): records deleted in one app while their partner was kept are recreated
 * from the partner, into the app they were deleted from: all of them, or the ones named. Pure.
 */
import type { CompiledSync, SideName } from '../config/model.js';
import { other } from '../config/model.js';
import type { SyncState } from '../state/types.js';
import { planCreate } from './diff.js';
import type { Snapshot } from './build.js';
import type { CreateOp, Finding } from './types.js';

export function resyncOps(
  sync: CompiledSync,
  state: SyncState,
  into: SideName,
  survivor: Snapshot,
  ids?: ReadonlySet<string>,
): { ops: CreateOp[]; findings: Finding[] } {
  const from = other(into);
  const byId = new Map(survivor.records.map((r) => [r.id, r]));
  const ops: CreateOp[] = [];
  const findings: Finding[] = [];
  for (const link of state.links) {
    if (link.deleted !== into) continue;
    const keep = from === 'left' ? link.left : link.right;
    if (ids && !ids.has(link.left) && !ids.has(link.right)) continue;
    const record = byId.get(keep);
    if (!record || record.deleted) {
      findings.push({
        sync: sync.name,
        side: from,
        recordId: keep,
        kind: 'missing-required',
        category: 'not-found',
        rule: 'R30',
        message: `cannot resync: the record was deleted in ${sync[from].connection} too`,
        hint: 'restore it there first',
      });
      continue;
    }
    const op = planCreate(sync, from, record);
    if ('missing' in op) {
      findings.push({
        sync: sync.name,
        side: from,
        recordId: keep,
        kind: 'missing-required',
        category: 'required-field',
        rule: 'R15',
        message: `cannot resync: required field \`${op.missing}\` is blank`,
        hint: `fill it in ${sync[from].connection}`,
      });
      continue;
    }
    ops.push({
      ...op,
      id: `${sync.name}/resync/${into}/${keep}`,
      replaces: { left: link.left, right: link.right },
      reason: { rule: 'R30', message: `deleted in ${sync[into].connection}; recreated from ${sync[from].connection} on request` },
    });
  }
  return { ops, findings };
}
