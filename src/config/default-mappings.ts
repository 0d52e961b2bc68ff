/**
 * A pair's recommended field mappings (R5, R15), used when a sync says `mappings: recommended` (the
 * default), derived from the two apps' registry entries: each names its standard fields by the
 * shared vocabulary (connectors/vocabulary.ts), and the fields two entries name by the same term
 * are mapped. No app is named here.
 */
import type { AppEntry, SyncObject } from '../connectors/app-entry.js';
import { TERMS, type StandardField, type StandardFields, type Term, type TermOption } from '../connectors/vocabulary.js';

export interface DefaultMapping {
  left: string;
  right: string;
  /** R15: one of the apps needs the field, so the mapping stays switched on. */
  required: boolean;
  transform: string[];
  /** A value map from the left app's options to the right's. */
  values?: Record<string, string>;
}

interface SideInfo {
  /** The app's registry entry: its standard fields and its part in recommended mappings. */
  entry: AppEntry;
  /** The app's own object name; its entry's default for the sync object when not given. */
  object?: string;
}

const fieldOf = (f: StandardField) => (typeof f === 'string' ? { field: f } : f);

/** The standard fields of a side's object, if its entry names any. */
function standardFields(side: SideInfo, object: SyncObject): StandardFields | undefined {
  const name = side.object ?? side.entry.objects[object]?.[0];
  return name !== undefined && side.entry.standardFields && Object.hasOwn(side.entry.standardFields, name) ? side.entry.standardFields[name] : undefined;
}

/** A picklist term's value map from one app's own values to the other's, through the term's options. */
function valueMap(term: Term, from: StandardField, to: StandardField): Record<string, string> | undefined {
  const [a, b] = [fieldOf(from).options, fieldOf(to).options];
  if (!a || !b) return undefined;
  const options = ((TERMS[term] as { options?: readonly TermOption[] }).options ?? []).filter((o) => a[o] !== undefined && b[o] !== undefined);
  return options.length ? Object.fromEntries(options.map((o) => [a[o]!, b[o]!])) : undefined;
}

/**
 * The recommended mappings between `left` and `right` for `object`, oriented left → right, or
 * undefined when the pair has none (then `fields` must list them). `hubFields` lists the fields
 * two hubs both have, which map to themselves.
 */
export function defaultMappings(left: SideInfo, right: SideInfo, object: SyncObject, hubFields: () => string[]): DefaultMapping[] | undefined {
  const [l, r] = [left.entry.mappings, right.entry.mappings];
  if (l === 'hub' && r === 'hub') {
    return hubFields().map((name) => ({ left: name, right: name, required: false, transform: name === 'email' ? [...TERMS.email.transform] : [] }));
  }
  if (l !== 'hub' && r !== 'hub') return undefined;
  const [ours, theirs] = [standardFields(left, object), standardFields(right, object)];
  if (!ours || !theirs) return undefined;
  // Listed in the order of the other app's fields (the hub's are the common vocabulary).
  const order = Object.keys(l === 'hub' ? theirs : ours) as Term[];
  const rows = order.flatMap((term): DefaultMapping[] => {
    const [a, b] = [ours[term], theirs[term]];
    if (a === undefined || b === undefined) return [];
    const values = valueMap(term, a, b);
    return [
      {
        left: fieldOf(a).field,
        right: fieldOf(b).field,
        required: !!(fieldOf(a).required || fieldOf(b).required),
        transform: [...TERMS[term].transform],
        ...(values ? { values } : {}),
      },
    ];
  });
  return rows.length ? rows : undefined;
}
