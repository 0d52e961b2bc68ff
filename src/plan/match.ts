/**
 * Pairing unlinked records at the initial sync (R24-R26): keys are tried in order, and a record
 * left without a partner by one key is tried with the next. Hash indexes keep this linear in the
 * record count. A record that matches several, or is matched by several, is never merged silently:
 * it is reported. A weak key (R25's name and company domain) pairs sole candidates only and reports
 * nothing: two people may share a name.
 */
import type { MatchKeySpec } from '../config/model.js';
import type { RemoteRecord } from '../connectors/types.js';
import { fieldOf, foldKey } from './values.js';

export interface MatchResult {
  pairs: Array<{ left: RemoteRecord; right: RemoteRecord; key: string }>;
  /** Records whose key value is shared by several records: never linked, never created. */
  ambiguous: Array<{ side: 'left' | 'right'; record: RemoteRecord; key: string; value: string; count: number }>;
}

/** The domain of an email (`ada@acme.com`) or of a bare domain (`www.acme.com`): `acme.com`. */
const domainOf = (value: string) => value.slice(value.lastIndexOf('@') + 1).replace(/^www\./, '');

function keyValues(record: RemoteRecord, fields: string[], fold: boolean, domainLast = false): string[] {
  const parts: string[][] = [];
  for (const [i, f] of fields.entries()) {
    const v = fieldOf(record.fields, f);
    const domain = domainLast && i === fields.length - 1;
    const list = (Array.isArray(v) ? v : v === null || v === undefined ? [] : [String(v)])
      .map((x) => (fold ? foldKey(x) : x))
      .map((x) => (domain ? domainOf(x) : x))
      .filter((x) => x !== '');
    if (!list.length) return [];
    parts.push(list);
  }
  // A composite key is one value; a list field (secondary emails) gives several candidate values.
  return parts.reduce<string[]>((acc, list) => acc.flatMap((a) => list.map((x) => (a ? `${a}\u0000${x}` : x))), ['']);
}

function index(records: RemoteRecord[], fields: string[], fold: boolean, domainLast = false): Map<string, RemoteRecord[]> {
  const map = new Map<string, RemoteRecord[]>();
  for (const r of records) {
    for (const v of new Set(keyValues(r, fields, fold, domainLast))) {
      const list = map.get(v);
      if (list) list.push(r);
      else map.set(v, [r]);
    }
  }
  return map;
}

/**
 * R25's further identifiers: the one record on the right that `l` may be, when `l` is also the only
 * record on the left that it may be. Two records whose primary emails differ are two people.
 */
function soleCandidate(
  l: RemoteRecord,
  values: string[],
  key: MatchKeySpec,
  li: Map<string, RemoteRecord[]>,
  ri: Map<string, RemoteRecord[]>,
): RemoteRecord | undefined {
  const { distinct } = key.weak!;
  const email = (r: RemoteRecord, field: string) => {
    const v = fieldOf(r.fields, field);
    return typeof v === 'string' && v.trim() ? foldKey(v) : undefined;
  };
  const apart = (a: RemoteRecord, b: RemoteRecord) => {
    const x = email(a, distinct.left);
    const y = email(b, distinct.right);
    return x !== undefined && y !== undefined && x !== y;
  };
  const candidates = new Set<RemoteRecord>();
  for (const v of values) for (const r of ri.get(v) ?? []) if (!apart(l, r)) candidates.add(r);
  if (candidates.size !== 1) return undefined;
  const r = candidates.values().next().value as RemoteRecord;
  const back = new Set<RemoteRecord>();
  for (const v of keyValues(r, key.right, key.fold, true)) for (const x of li.get(v) ?? []) if (!apart(x, r)) back.add(x);
  return back.size === 1 ? r : undefined;
}

export function matchRecords(left: RemoteRecord[], right: RemoteRecord[], keys: MatchKeySpec[]): MatchResult {
  const result: MatchResult = { pairs: [], ambiguous: [] };
  let openLeft = left;
  let openRight = right;
  const flagged = new Set<RemoteRecord>();
  for (const key of keys) {
    const name = key.label ?? key.left.join('+');
    const weak = !!key.weak;
    const li = index(openLeft, key.left, key.fold, weak);
    const ri = index(openRight, key.right, key.fold, weak);
    const taken = new Set<RemoteRecord>();
    for (const l of openLeft) {
      const values = keyValues(l, key.left, key.fold, weak);
      if (!values.length) continue;
      if (key.weak) {
        const r = soleCandidate(l, values, key, li, ri);
        if (r && !taken.has(r)) {
          result.pairs.push({ left: l, right: r, key: name });
          taken.add(l);
          taken.add(r);
        }
        continue;
      }
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
        if (!flagged.has(l))
          result.ambiguous.push({
            side: 'left',
            record: l,
            key: name,
            value: sharedValue.replace(/\u0000/g, ' + ') || value,
            count: Math.max(candidates.size, sharedOnLeft),
          }),
            flagged.add(l);
        for (const r of candidates) {
          if (!flagged.has(r))
            result.ambiguous.push({ side: 'right', record: r, key: name, value, count: Math.max(candidates.size, sharedOnLeft) }), flagged.add(r);
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
