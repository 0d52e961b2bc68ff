/**
 * Associations (R27, R28): a record's association with a record of another synced object is
 * mirrored onto its partner, through the other sync's links. A sync never creates the associated
 * record itself: a company that is not linked (and not being created by this plan) is skipped.
 * Only the primary association is mirrored when primary_only is set (R28). When both apps hold a
 * different primary, the default app's wins, so two-way syncs settle instead of swapping.
 */
import type { CompiledProject, CompiledSync, SideName } from '../config/model.js';
import { other } from '../config/model.js';
import type { RemoteRecord } from '../connectors/types.js';
import type { StateFile } from '../state/types.js';
import type { Snapshots } from './build.js';
import type { AssociateOp, Op, RecordRef } from './types.js';

const record = (id: string): RecordRef => ({ kind: 'record', id });
const created = (op: string): RecordRef => ({ kind: 'created', op });
/** A ref as text, for op ids and messages: the record id, or `new:<create op id>`. */
export const refText = (ref: RecordRef) => (ref.kind === 'record' ? ref.id : `new:${ref.op}`);

const writable = (sync: CompiledSync, into: SideName) =>
  sync.direction === 'two-way' || (sync.direction === 'left-to-right' ? into === 'right' : into === 'left');

export function associationOps(project: CompiledProject, state: StateFile, snapshots: Snapshots, ops: Op[]): AssociateOp[] {
  const out: AssociateOp[] = [];
  for (const sync of project.syncs) {
    const snap = snapshots[sync.name];
    if (!sync.enabled || !snap) continue;
    for (const assoc of sync.associations) {
      const target = project.syncs.find((s) => s.name === assoc.sync);
      if (!target?.enabled) continue;
      // Partner ids through the associated sync: existing links and links/creates in this plan.
      const partner: Record<SideName, Map<string, RecordRef>> = { left: new Map(), right: new Map() };
      for (const l of state.syncs[target.name]?.links ?? [])
        if (!l.deleted) partner.left.set(l.left, record(l.right)), partner.right.set(l.right, record(l.left));
      for (const op of ops) {
        if (op.sync !== target.name) continue;
        if (op.type === 'link') partner.left.set(op.link.left, record(op.link.right)), partner.right.set(op.link.right, record(op.link.left));
        if (op.type === 'create') partner[other(op.side)].set(op.from, created(op.id));
        if (op.type === 'link-created') partner[other(op.side)].set(op.existing, created(op.created));
      }
      // The associated sync may list the two apps the other way round (Salesforce tasks → HubSpot,
      // contacts HubSpot ↔ Salesforce): orient its sides as this sync's.
      const flip = target.left.connection !== sync.left.connection;
      if (flip) [partner.left, partner.right] = [partner.right, partner.left];
      const targetObject = (side: SideName) => target[flip ? other(side) : side].object;
      // Pairs of this sync: links, plus this plan's links and creates.
      const byId = { left: new Map(snap.left.records.map((r) => [r.id, r])), right: new Map(snap.right.records.map((r) => [r.id, r])) };
      type End = { ref: RecordRef; record?: RemoteRecord };
      const existing = (side: SideName, id: string): End => ({ ref: record(id), record: byId[side].get(id) });
      const newPair = (side: SideName, op: string, from: string) =>
        ({ [side]: { ref: created(op) }, [other(side)]: existing(other(side), from) }) as Record<SideName, End>;
      const pairs: Array<Record<SideName, End>> = [];
      for (const l of state.syncs[sync.name]?.links ?? []) if (!l.deleted) pairs.push({ left: existing('left', l.left), right: existing('right', l.right) });
      for (const op of ops) {
        if (op.sync !== sync.name) continue;
        if (op.type === 'link') pairs.push({ left: existing('left', op.link.left), right: existing('right', op.link.right) });
        if (op.type === 'create') pairs.push(newPair(op.side, op.id, op.from));
        if (op.type === 'link-created') pairs.push(newPair(op.side, op.created, op.existing));
      }
      const assocOf = (side: SideName, r?: RemoteRecord) => {
        const list = r?.meta?.associations?.[targetObject(side)] ?? [];
        return assoc.primaryOnly ? list.slice(0, 1) : list;
      };
      for (const pair of pairs) {
        const held = { left: assocOf('left', pair.left.record), right: assocOf('right', pair.right.record) };
        for (const from of [sync.winner, other(sync.winner)]) {
          const into = other(from);
          if (!writable(sync, into)) continue;
          // The non-default app only fills an empty primary; it never replaces the default app's.
          if (assoc.primaryOnly && from !== sync.winner && held[into].length) continue;
          // What a record absent from an incremental read holds is unknown; leave it alone.
          if (!pair[into].record && pair[into].ref.kind === 'record') continue;
          for (const [i, id] of held[from].entries()) {
            const mapped = partner[from].get(id);
            if (!mapped || (mapped.kind === 'record' && held[into].includes(mapped.id))) continue;
            out.push({
              id: `${sync.name}/associate/${into}/${refText(pair[into].ref)}/${refText(mapped)}`,
              type: 'associate',
              sync: sync.name,
              side: into,
              connection: sync[into].connection,
              object: sync[into].object,
              toObject: targetObject(into),
              from: pair[into].ref,
              to: mapped,
              primary: i === 0,
              reason: { rule: assoc.primaryOnly ? 'R28' : 'R27', message: `associated with ${target.object} ${id} in ${sync[from].connection}` },
              source: sync.source,
            });
            if (assoc.primaryOnly) held[into] = [refText(mapped)];
          }
        }
      }
    }
  }
  return out;
}
