/**
 * Two syncs into one app may both plan to create the same person in it in one run (HubSpot ←
 * Google and HubSpot ← Salesforce both bring in someone HubSpot lacks). The app would refuse the
 * second as a duplicate. Instead, the second becomes a link to the record the first creates,
 * resolved when the apply runs (R24: matched, never duplicated).
 *
 * The link's base is what both records hold once the run is done: on the shared app's side, the
 * values the first sync writes into the new record; on the other side, that record's current
 * values. A base left empty made the next run see a record absent from an incremental read as
 * blank everywhere, and copy the other app's values over it ("salesforce is blank"), overwriting
 * the first sync's winner. With a real base, only a later change flows, and each sync's winner
 * decides between values that truly differ (R10, R11).
 */
import type { CompiledProject } from '../config/model.js';
import { other } from '../config/model.js';
import type { BasePatch, CreateOp, LinkCreatedOp, Op } from './types.js';
import { canonical, fieldOf, foldKey } from './values.js';

function keyOf(project: CompiledProject, op: CreateOp): string | undefined {
  const sync = project.syncs.find((s) => s.name === op.sync)!;
  for (const key of sync.matchKeys) {
    const values = key[op.side].map((f) => fieldOf(op.fields, f));
    if (values.every((v) => typeof v === 'string' && v.trim() !== ''))
      return `${key[op.side].join('+')}=${values.map((v) => foldKey(String(v))).join('\u0000')}`;
  }
  return undefined;
}

/**
 * The base of the link that replaces `op`: the shared app's side holds what `earlier` writes into
 * the new record (blank where it writes nothing), through `op`'s own mappings; the source side
 * holds the source record's current values, as `op` would have recorded them.
 */
export function linkBase(project: CompiledProject, op: CreateOp, earlier: CreateOp): BasePatch {
  const sync = project.syncs.find((s) => s.name === op.sync)!;
  const shared = op.side;
  const source = other(shared);
  const base: BasePatch = { left: {}, right: {} };
  base[source] = { ...op.base[source] };
  for (const f of sync.fields) base[shared][f[shared]] = canonical(f, fieldOf(earlier.fields, f[shared]), shared);
  return base;
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
    const link: LinkCreatedOp = {
      id: `${op.sync}/link-created/${op.side}/${earlier.id}/${op.from}`,
      type: 'link-created',
      sync: op.sync,
      side: op.side,
      created: earlier.id,
      existing: op.from,
      base: linkBase(project, op, earlier),
      reason: {
        rule: 'R24',
        message: `sync ${earlier.sync} creates this record in ${op.connection} in the same run; linked to it instead of creating a duplicate, with the values both records then hold as its base`,
      },
      source: op.source,
    };
    return link;
  });
}
