/**
 * A sync's counts, derived from the plan's ops in one place: what `plan` prints, `--json` carries
 * and `apply` announces can never disagree with the ops it runs. Pure.
 */
import type { SideName } from '../config/model.js';
import type { Op, SideCounts, SyncSummary } from './types.js';

export interface SyncCounts {
  counts: Record<SideName, SideCounts>;
  /** Pairs to link (R24): matched records and links to another sync's create. */
  link: number;
}

const none = (): SideCounts => ({ create: 0, update: 0, delete: 0, associate: 0 });

/** The op's place in the counts: an app write on one side, a link, or nothing (state only). */
function tally(op: Op, c: SyncCounts): void {
  switch (op.type) {
    case 'create':
    case 'update':
    case 'delete':
    case 'associate':
      // An association is counted as one, never as an update of the record (R27).
      c.counts[op.side][op.type]++;
      return;
    case 'link':
    case 'link-created':
      c.link++;
      return;
    case 'create-field':
    case 'relink':
    case 'rebase':
    case 'mark':
    case 'forget':
      return;
    default:
      // A new op type fails to compile here until it is given its place in the counts.
      op satisfies never;
  }
}

/** Per sync name, the counts of its ops. */
export function countOps(ops: readonly Op[]): Map<string, SyncCounts> {
  const out = new Map<string, SyncCounts>();
  for (const op of ops) {
    let c = out.get(op.sync);
    if (!c) out.set(op.sync, (c = { counts: { left: none(), right: none() }, link: 0 }));
    tally(op, c);
  }
  return out;
}

/** The summaries with their counts (and `link`) set from `ops`, replacing whatever they held. */
export function withCounts(syncs: ReadonlyArray<Omit<SyncSummary, 'counts'>>, ops: readonly Op[]): SyncSummary[] {
  const counted = countOps(ops);
  return syncs.map((s) => {
    const c = counted.get(s.name);
    const { link: _, ...rest } = s;
    return { ...rest, counts: c?.counts ?? { left: none(), right: none() }, ...(c?.link ? { link: c.link } : {}) };
  });
}
