/**
 * The state on disk (version 3): a small project document plus one links document per sync, each
 * JSON Lines, so that each is written and read as a stream, one line at a time, and never held as
 * one string (one JSON document of a million links is more than a JavaScript string can hold).
 * A save writes only the links documents whose links changed: a run that changed no link rewrites
 * only the project document.
 *
 * The project document (`state.json`), line by line:
 *
 *   {"format":"crmsync-state","version":3,"lineage":…,"serial":…}     the header (every top-level
 *                                                                      field but syncs and journal)
 *   {"t":"sync","name":"contacts","links":{"doc":…,"count":…},…}      a sync: its cursors, health…
 *   {"t":"failure","sync":"contacts",…}                               one failure
 *   {"t":"journal",…}                                                 one journal entry (written by
 *                                                                      older versions; the journal is
 *                                                                      now `state.json.journal`, file.ts)
 *
 * A links document (`state.json.<sync>-<hash>.<serial>.links`, beside it), line by line:
 *
 *   {"format":"crmsync-links","sync":"contacts","fields":{"l":[…],"r":[…]}}
 *   ["<left id>","<right id>","<at>",[…left base…],[…right base…]|null,{…}?]    one link
 *
 * Base values are positional: the links document's header lists each side's field names once (a
 * field name repeated in every link was 40 % of the old file), and `null` for the right side means
 * "the same values as the left", the usual case, since both sides hold the same canonical values
 * after a sync. A base with gaps (a field known on one side only) is written as an object instead.
 * Other link fields (excluded, deleted) follow as an object. A new links document gets a new name
 * (its serial), and only the project document's atomic replacement makes it the sync's: a crash
 * between the two leaves the previous state whole.
 *
 * Version 2 held the link lines in the project document, after their sync line; it is still read.
 *
 * Stored forms name a link's sides `l` and `r` (the links document's `fields`, a PostgreSQL link row,
 * a link of a version 0 or 1 document): compact, and what existing states and databases hold, so
 * they are read as they are, with no migration. This file and decode.ts (and check.ts, which
 * validates what they read) are the only ones that know these keys; everywhere else a side is
 * `left` or `right` (test/plan/side-vocabulary.test.ts).
 */
import type { Canon } from '../plan/values.js';
import { dictionaryOf, unreadText, type LinksDictionary } from './lazy-links.js';
import type { FailureState, LinkState, StateFile, SyncState } from './types.js';

export const LINES_VERSION = 3;
/** The first line of a links document. */
export const LINKS_FORMAT = 'crmsync-links';

/** The header line: the state's own fields, so fields added to StateFile are kept. */
export function headerOf(state: StateFile): Record<string, unknown> {
  const { syncs: _syncs, journal: _journal, ...header } = state;
  return { ...header, version: LINES_VERSION };
}

/** Each side's field names, as the header of a links document stores them. */
export type StoredNames = { l: string[]; r: string[] };

/** A link stored whole, its sides under the compact keys: a PostgreSQL link row, a link of a version 0 or 1 document. */
export type StoredLink = Omit<LinkState, 'left' | 'right' | 'base'> & { l: string; r: string; base: { l: Record<string, Canon>; r: Record<string, Canon> } };

export function storedLink(link: LinkState): StoredLink {
  const { left, right, base, ...rest } = link;
  return { l: left, r: right, ...rest, base: { l: base.left, r: base.right } };
}

/** The dictionary of the links document the first still-undecoded link came from (lazy-links.ts), if any. */
function readFrom(links: readonly LinkState[]): LinksDictionary | undefined {
  for (const link of links) if (unreadText(link) !== undefined) return dictionaryOf(link);
  return undefined;
}

/**
 * Each side's field names in order of first use across the sync's links, starting with those of
 * the document its undecoded links came from: their text is written back as it was, so its
 * positions must keep their names.
 */
function dictionary(links: readonly LinkState[], seed: LinksDictionary | undefined): StoredNames {
  const l = new Map<string, number>(seed?.names.left.map((k, i) => [k, i]));
  const r = new Map<string, number>(seed?.names.right.map((k, i) => [k, i]));
  for (const link of links) {
    if (seed && unreadText(link) !== undefined && dictionaryOf(link) === seed) continue;
    for (const k in link.base.left) if (!l.has(k)) l.set(k, l.size);
    for (const k in link.base.right) if (!r.has(k)) r.set(k, r.size);
  }
  return { l: [...l.keys()], r: [...r.keys()] };
}

/** Values in dictionary order, or the object itself when a field in the middle is missing. */
function positional(base: Record<string, Canon>, names: readonly string[]): Canon[] | Record<string, Canon> {
  const out: Canon[] = [];
  let count = 0;
  for (const _k in base) count++;
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

/** A link whose bases were never decoded: its bases' text as read, its other fields as they are now. */
function unreadLine(link: LinkState, rest: string): string {
  let extra: Record<string, unknown> | undefined;
  for (const k in link) if (k !== 'left' && k !== 'right' && k !== 'at' && k !== 'base') (extra ??= {})[k] = link[k as keyof LinkState];
  return `[${JSON.stringify(link.left)},${JSON.stringify(link.right)},${JSON.stringify(link.at)},${rest}${extra ? `,${JSON.stringify(extra)}` : ''}]`;
}

function linkLine(link: LinkState, names: StoredNames, seed: LinksDictionary | undefined): string {
  const unread = seed && unreadText(link);
  if (unread !== undefined && dictionaryOf(link) === seed) return unreadLine(link, unread);
  const { left: l, right: r, at, base, ...extra } = link;
  const bl = positional(base.left, names.l);
  const br = positional(base.right, names.r);
  const row: unknown[] = [l, r, at, bl, sameValues(bl, br) ? null : br];
  for (const _ in extra) {
    row.push(extra);
    break;
  }
  return JSON.stringify(row);
}

/** Where a sync's links are: the file name of its links document (beside the project document), and how many. */
export interface LinksRef {
  doc: string;
  count: number;
}

function syncLine(name: string, sync: SyncState, links: LinksRef): string {
  const { links: _links, failures: _failures, ...rest } = sync;
  return JSON.stringify({ t: 'sync', name, links, ...rest });
}

/** A links document's lines, without newlines, produced one at a time. */
export function* encodeLinks(name: string, links: readonly LinkState[]): Generator<string> {
  const seed = readFrom(links);
  const names = dictionary(links, seed);
  yield JSON.stringify({ format: LINKS_FORMAT, sync: name, fields: names });
  for (const link of links) yield linkLine(link, names, seed);
}

/** The project document's lines, given where each sync's links are. */
export function* encodeProject(state: StateFile, refs: ReadonlyMap<string, LinksRef>): Generator<string> {
  yield JSON.stringify(headerOf(state));
  for (const [name, sync] of Object.entries(state.syncs)) {
    yield syncLine(name, sync, refs.get(name)!);
    for (const failure of sync.failures) yield JSON.stringify({ t: 'failure', sync: name, ...failure } satisfies FailureState & { t: string; sync: string });
  }
  // The journal is a document of its own (file.ts); a project document of an older version may hold its entries as lines.
}
