/**
 * Pairing unlinked records at the initial sync (R24-R26): keys are tried in order; the first key
 * on which a record has a value decides. Hash indexes keep this linear in the record count. A
 * record that matches several, or is matched by several, is never merged silently: it is reported.
 */
import type { MatchKeySpec } from '../config/model.js';
import type { RemoteRecord } from '../connectors/types.js';
import { fieldOf } from './values.js';

export interface MatchResult {
  pairs: Array<{ left: RemoteRecord; right: RemoteRecord; key: string }>;
  /** Records whose key value is shared by several records: never linked, never created. */
  ambiguous: Array<{ side: 'left' | 'right'; record: RemoteRecord; key: string; value: string; count: number }>;
}

function keyValues(record: RemoteRecord, fields: string[], fold: boolean): string[] {
  const parts: string[][] = [];
  for (const f of fields) {
    const v = fieldOf(record.fields, f);
    const list = (Array.isArray(v) ? v : v === null || v === undefined ? [] : [String(v)]).map((x) => (fold ? x.trim().toLowerCase() : x)).filter((x) => x !== '');
    if (!list.length) return [];
    parts.push(list);
  }
  // A composite key is one value; a list field (secondary emails) gives several candidate values.
  return parts.reduce<string[]>((acc, list) => acc.flatMap((a) => list.map((x) => (a ? `${a}\u0000${x}` : x))), ['']);
}

function index(records: RemoteRecord[], fields: string[], fold: boolean): Map<string, RemoteRecord[]> {
  const map = new Map<string, RemoteRecord[]>();
  for (const r of records) {
    for (const v of new Set(keyValues(r, fields, fold))) {
      const list = map.get(v);
      if (list) list.push(r);
      else map.set(v, [r]);
    }
  }
  return map;
}

export function matchRecords(left: RemoteRecord[], right: RemoteRecord[], keys: MatchKeySpec[]): MatchResult {
  const result: MatchResult = { pairs: [], ambiguous: [] };
  let openLeft = left;
  let openRight = right;
  const flagged = new Set<RemoteRecord>();
  for (const key of keys) {
    const name = key.left.join('+');
    const li = index(openLeft, key.left, key.fold);
    const ri = index(openRight, key.right, key.fold);
    const taken = new Set<RemoteRecord>();
    for (const l of openLeft) {
      const values = keyValues(l, key.left, key.fold);
      if (!values.length) continue;
      const candidates = new Set<RemoteRecord>();
      let sharedOnLeft = 0;
      let sharedValue = '';
      for (const v of values) {
        for (const r of ri.get(v) ?? []) candidates.add(r);
        const peers = li.get(v)?.length ?? 0;
        if (peers > sharedOnLeft) (sharedOnLeft = peers), (sharedValue = v);
      }
      if (!candidates.size) continue;
      const value = values[0]!.replace(/\u0000/g, ' + ');
      if (candidates.size > 1 || sharedOnLeft > 1) {
        // This key decides for this record, and it is ambiguous: report every record involved.
        if (!flagged.has(l)) result.ambiguous.push({ side: 'left', record: l, key: name, value: sharedValue.replace(/\u0000/g, ' + ') || value, count: Math.max(candidates.size, sharedOnLeft) }), flagged.add(l);
        for (const r of candidates) {
          if (!flagged.has(r)) result.ambiguous.push({ side: 'right', record: r, key: name, value, count: Math.max(candidates.size, sharedOnLeft) }), flagged.add(r);
          taken.add(r);
        }
        taken.add(l);
        continue;
      }
      const r = [...candidates][0]!;
      if (taken.has(r)) continue;
      result.pairs.push({ left: l, right: r, key: name });
      taken.add(l);
      taken.add(r);
    }
    openLeft = openLeft.filter((r) => !taken.has(r));
    openRight = openRight.filter((r) => !taken.has(r));
  }
  return result;
}
