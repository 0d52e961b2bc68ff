/**
 * Reads the lines of a version 2 or 3 state (see encode.ts) back into a StateFile, one line at a
 * time. Each line is checked as it comes, so a bad line is reported with its line number and
 * nothing is half-read. Also turns the other stored forms of a link (a PostgreSQL row, a version 0
 * or 1 document) back into a LinkState: stored sides are `l` and `r` (see encode.ts for why).
 */
import type { Canon } from '../plan/values.js';
import { checkLine, stateCorrupt, type LineKind } from './check.js';
import { LINKS_FORMAT, type LinksRef, type StoredLink, type StoredNames } from './encode.js';
import { lazyLink, splitLinkLine, type LinksDictionary } from './lazy-links.js';
import type { FailureState, JournalEntry, LinkState, StateFile, SyncState } from './types.js';

type Base = Canon[] | Record<string, Canon>;
type Names = StoredNames;

const LINK_BATCH = 500;

const corrupt = (path: string, line: number, why: string) => stateCorrupt(path, `line ${line}: ${why}`);

type Build = (values: Canon[]) => Record<string, Canon>;

/**
 * A function that turns positional values into an object keyed by `names`, as one object literal:
 * every base then shares one shape, which is several times faster to build and to read than keys
 * added one at a time (a million links hold two million bases). Generated code, with each name
 * quoted by JSON.stringify: field names are data, never code.
 */
function builder(names: readonly string[]): Build {
  const fields = names.map((name, i) => `${JSON.stringify(name)}: v.length > ${i} ? v[${i}] : undefined`);
  const literal = new Function('v', `return { ${fields.join(', ')} };`) as Build;
  return (values) => {
    const out = literal(values);
    // A shorter row (fewer values than names) leaves no key for the missing ones, as before.
    if (values.length < names.length) for (let i = values.length; i < names.length; i++) delete out[names[i]!];
    return out;
  };
}

function fromPositional(values: Base, names: readonly string[], build: Build): Record<string, Canon> {
  if (!Array.isArray(values)) return { ...values };
  if (values.length <= names.length) return build(values);
  const out: Record<string, Canon> = {};
  for (let i = 0; i < values.length; i++) out[names[i]!] = values[i]!;
  return out;
}

const isValues = (v: unknown) => typeof v === 'object' && v !== null;

/**
 * Whether a row is a well-formed link, checked by hand: the JSON Schema validator costs more than
 * the parsing itself at a million links. A row that fails is described by the schema (checkLine).
 */
function isLinkRow(row: unknown[]): boolean {
  if (row.length < 5 || row.length > 6) return false;
  if (typeof row[0] !== 'string' || typeof row[1] !== 'string' || typeof row[2] !== 'string' || !isValues(row[3])) return false;
  if (row[4] !== null && !isValues(row[4])) return false;
  if (row.length === 5) return true;
  const extra = row[5] as { deleted?: unknown } | null;
  return isValues(extra) && !Array.isArray(extra) && (extra!.deleted === undefined || extra!.deleted === 'left' || extra!.deleted === 'right');
}

/**
 * Link lines. A line of the usual shape becomes a lazy link (lazy-links.ts), its bases decoded on
 * first use; any other is parsed whole, a few hundred at a time: one JSON.parse per line costs more
 * than the parsing itself on large states.
 */
class LinkLines {
  readonly links: LinkState[] = [];
  private pending: string[] = [];
  private pendingAt = 0;
  private readonly build: { l: Build; r: Build };
  private readonly dictionary: LinksDictionary;

  constructor(
    private readonly names: Names,
    private readonly path: string,
  ) {
    this.build = { l: builder(names.l), r: builder(names.r) };
    this.dictionary = { names: { left: names.l, right: names.r }, decode: (rest, line) => this.bases(rest, line) };
  }

  line(text: string, at: number): void {
    const lazy = splitLinkLine(text);
    if (lazy) {
      this.flush(); // the links keep the document's order
      this.links.push(lazyLink(lazy.left, lazy.right, lazy.at, lazy.rest, this.dictionary, at));
      return;
    }
    if (!this.pending.length) this.pendingAt = at;
    this.pending.push(text);
    if (this.pending.length >= LINK_BATCH) this.flush();
  }

  flush(): void {
    const lines = this.pending;
    if (!lines.length) return;
    this.pending = [];
    let rows: unknown;
    try {
      rows = JSON.parse(`[${lines.join(',')}]`);
    } catch {
      rows = undefined;
    }
    // A bad line (or one holding two values) is found and named by parsing the lines one by one.
    const parsed = Array.isArray(rows) && rows.length === lines.length ? rows : lines.map((text, i) => parseLine(text, this.pendingAt + i, this.path));
    for (let i = 0; i < parsed.length; i++) this.link(parsed[i], this.pendingAt + i);
  }

  /** A lazy line's bases, from the text after its third string (checked for shape when it was read). */
  private bases(rest: string, at: number): LinkState['base'] {
    const [bl, br] = parseLine(`[${rest}]`, at, this.path) as [Base, Base | null];
    return { left: fromPositional(bl, this.names.l, this.build.l), right: fromPositional(br ?? bl, this.names.r, this.build.r) };
  }

  private link(row: unknown, at: number): void {
    if (!Array.isArray(row) || !isLinkRow(row)) throw corrupt(this.path, at, checkLine('link', row) ?? 'link line: not a link');
    const [l, r, when, bl, br, extra] = row as [string, string, string, Base, Base | null, Record<string, unknown> | undefined];
    this.links.push({
      left: l,
      right: r,
      at: when,
      base: { left: fromPositional(bl, this.names.l, this.build.l), right: fromPositional(br ?? bl, this.names.r, this.build.r) },
      ...extra,
    });
  }
}

function parseLine(text: string, at: number, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw corrupt(path, at, `not JSON (${(error as Error).message})`);
  }
}

/** A sync whose links are in a links document of their own (version 3), to be read after the project document. */
export interface PendingLinks {
  sync: SyncState;
  name: string;
  ref: LinksRef;
}

/** Feeds on the lines of the project document after the header; `finish` returns the state, without the links kept in links documents. */
export class StateDecoder {
  private readonly state: StateFile;
  /** The links of the last sync line, when they follow it in this document (version 2). */
  private inline: LinkLines | undefined;
  private sync: SyncState | undefined;
  readonly pending: PendingLinks[] = [];

  constructor(
    header: Record<string, unknown>,
    private readonly path: string,
  ) {
    // Keyed by sync names, which may be `constructor` or `toString`: no prototype to collide with.
    this.state = { ...(header as unknown as StateFile), syncs: Object.create(null), journal: [] };
  }

  line(text: string, at: number): void {
    if (!text) return;
    if (text.charCodeAt(0) === 0x5b /* [ */) {
      if (!this.inline) throw corrupt(this.path, at, 'a link before any sync line');
      this.inline.line(text, at);
      return;
    }
    this.endSync();
    this.value(parseLine(text, at, this.path), at);
  }

  private endSync(): void {
    if (!this.inline) return;
    this.inline.flush();
    this.sync!.links = this.inline.links;
    this.inline = undefined;
  }

  private value(value: unknown, at: number): void {
    const kind = (value as { t?: unknown } | null)?.t as LineKind;
    const problem = Array.isArray(value) ? 'a link before any sync line' : checkLine(kind, value);
    if (problem) throw corrupt(this.path, at, problem);
    const { t: _t, ...rest } = value as Record<string, unknown>;
    if (kind === 'sync') {
      const { name, fields, links, ...sync } = rest as { name: string; fields?: Names; links?: LinksRef } & Omit<SyncState, 'links' | 'failures'>;
      this.sync = this.state.syncs[name] = { ...sync, links: [], failures: [] };
      if (links) this.pending.push({ sync: this.sync, name, ref: links });
      else this.inline = new LinkLines(fields ?? { l: [], r: [] }, this.path);
    } else if (kind === 'failure') {
      const { sync, ...failure } = rest as unknown as { sync: string } & FailureState;
      const owner = this.state.syncs[sync];
      if (!owner) throw corrupt(this.path, at, `a failure of sync ${sync}, which has no sync line before it`);
      owner.failures.push(failure);
    } else this.state.journal.push(rest as unknown as JournalEntry);
  }

  finish(): StateFile {
    this.endSync();
    return this.state;
  }
}

/** Feeds on the lines of one links document; `finish` checks the count the project document recorded and returns the links. */
export class LinksDecoder {
  private lines: LinkLines | undefined;
  private at = 0;

  constructor(
    private readonly expected: PendingLinks,
    private readonly path: string,
  ) {}

  line(text: string): void {
    this.at++;
    if (!text) return;
    if (this.lines) {
      this.lines.line(text, this.at);
      return;
    }
    const header = parseLine(text, this.at, this.path) as { format?: unknown; sync?: unknown; fields?: Names } | null;
    const problem = checkLine('links', header);
    if (problem) throw corrupt(this.path, this.at, problem);
    if (header!.format !== LINKS_FORMAT || header!.sync !== this.expected.name)
      throw corrupt(this.path, this.at, `not the links of sync ${this.expected.name}`);
    this.lines = new LinkLines(header!.fields!, this.path);
  }

  finish(): LinkState[] {
    if (!this.lines) throw stateCorrupt(this.path, 'empty links document');
    this.lines.flush();
    if (this.lines.links.length !== this.expected.ref.count) {
      throw stateCorrupt(this.path, `${this.lines.links.length} links where the state recorded ${this.expected.ref.count}`);
    }
    return this.lines.links;
  }
}

/** A link stored whole (encode.ts's storedLink) as the rest of the code knows it. */
export function linkOf(stored: StoredLink): LinkState {
  const { l, r, base, ...rest } = stored;
  return { left: l, right: r, ...rest, base: { left: base.l, right: base.r } };
}

/**
 * A state read as one JSON document, migrated and checked: one versions 0 and 1 wrote holds its
 * links in the stored form; one written by hand may follow schema/state.schema.json instead
 * (`left`/`right`). Both are read.
 */
export type StoredDocument = Omit<StateFile, 'syncs'> & { syncs: Record<string, Omit<SyncState, 'links'> & { links: Array<StoredLink | LinkState> }> };

export function fromDocument(doc: StoredDocument): StateFile {
  // Keyed by sync names, which may be `constructor` or `toString`: no prototype to collide with.
  const syncs: Record<string, SyncState> = Object.create(null);
  for (const [name, sync] of Object.entries(doc.syncs)) syncs[name] = { ...sync, links: sync.links.map((l) => ('l' in l ? linkOf(l) : l)) };
  return { ...doc, syncs };
}
