/**
 * The state on disk (version 2): JSON Lines, so that it is written and read as a stream, one line
 * at a time, and never held as one string (one JSON document of a million links is more than a
 * JavaScript string can hold). Line by line:
 *
 *   {"format":"crmsync-state","version":2,"lineage":…,"serial":…}     the header (every top-level
 *                                                                      field but syncs and journal)
 *   {"t":"sync","name":"contacts","fields":{"l":[…],"r":[…]},…}       a sync: its cursors, health…
 *   ["<left id>","<right id>","<at>",[…left base…],[…right base…]|null,{…}?]    one link
 *   {"t":"failure","sync":"contacts",…}                               one failure
 *   {"t":"journal",…}                                                 one journal entry
 *
 * A link belongs to the sync line before it. Its base values are positional: the sync line lists
 * each side's field names once (a field name repeated in every link was 40 % of the old file),
 * and `null` for the right side means "the same values as the left", the usual case, since both
 * sides hold the same canonical values after a sync. A base with gaps (a field known on one side
 * only) is written as an object instead. Other link fields (excluded, deleted) follow as an object.
 */
import type { Canon } from '../plan/values.js';
import type { FailureState, JournalEntry, LinkState, StateFile, SyncState } from './types.js';

export const LINES_VERSION = 2;

/** The header line: the state's own fields, so fields added to StateFile are kept. */
export function headerOf(state: StateFile): Record<string, unknown> {
  const { syncs: _syncs, journal: _journal, ...header } = state;
  return { ...header, version: LINES_VERSION };
}

/** Each side's field names in order of first use across the sync's links. */
function dictionary(links: readonly LinkState[]): { l: string[]; r: string[] } {
  const l = new Map<string, number>();
  const r = new Map<string, number>();
  for (const link of links) {
    for (const k in link.base.l) if (!l.has(k)) l.set(k, l.size);
    for (const k in link.base.r) if (!r.has(k)) r.set(k, r.size);
  }
  return { l: [...l.keys()], r: [...r.keys()] };
}

/** Values in dictionary order, or the object itself when a field in the middle is missing. */
function positional(base: Record<string, Canon>, names: readonly string[]): Canon[] | Record<string, Canon> {
  const out: Canon[] = [];
  let count = 0;
  for (const k in base) count++;
  for (let i = 0; i < names.length && out.length < count; i++) {
    const v = base[names[i]!];
    if (v === undefined) return base;
    out.push(v);
  }
  return out.length === count ? out : base;
}

function sameValues(a: Canon[] | Record<string, Canon>, b: Canon[] | Record<string, Canon>): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.some((v, j) => v !== y[j])) return false;
  }
  return true;
}

function linkLine(link: LinkState, names: { l: string[]; r: string[] }): string {
  const { l, r, at, base, ...extra } = link;
  const bl = positional(base.l, names.l);
  const br = positional(base.r, names.r);
  const row: unknown[] = [l, r, at, bl, sameValues(bl, br) ? null : br];
  for (const _ in extra) {
    row.push(extra);
    break;
  }
  return JSON.stringify(row);
}

function syncLine(name: string, sync: SyncState, names: { l: string[]; r: string[] }): string {
  const { links: _links, failures: _failures, ...rest } = sync;
  return JSON.stringify({ t: 'sync', name, fields: names, ...rest });
}

/** The state's lines, without newlines, produced one at a time. */
export function* encodeState(state: StateFile): Generator<string> {
  yield JSON.stringify(headerOf(state));
  for (const [name, sync] of Object.entries(state.syncs)) {
    const names = dictionary(sync.links);
    yield syncLine(name, sync, names);
    for (const link of sync.links) yield linkLine(link, names);
    for (const failure of sync.failures) yield JSON.stringify({ t: 'failure', sync: name, ...failure } satisfies FailureState & { t: string; sync: string });
  }
  for (const entry of state.journal) yield JSON.stringify({ t: 'journal', ...entry } satisfies JournalEntry & { t: string });
}
