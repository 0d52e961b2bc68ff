/**
 * Reads the lines of a version 2 state (see encode.ts) back into a StateFile, one line at a time.
 * Each line is checked against its JSON Schema as it comes, so a bad line is reported with its
 * line number and nothing is half-read.
 */
import type { Canon } from '../plan/values.js';
import { checkLine, stateCorrupt, type LineKind } from './check.js';
import type { FailureState, JournalEntry, LinkState, StateFile, SyncState } from './types.js';

type Base = Canon[] | Record<string, Canon>;

const LINK_BATCH = 500;

const corrupt = (path: string, line: number, why: string) => stateCorrupt(path, `line ${line}: ${why}`);

function fromPositional(values: Base, names: readonly string[]): Record<string, Canon> {
  if (!Array.isArray(values)) return { ...values };
  const out: Record<string, Canon> = {};
  for (let i = 0; i < values.length; i++) out[names[i]!] = values[i]!;
  return out;
}

/** Feeds on the lines after the header; `finish` returns the state. */
export class StateDecoder {
  private readonly state: StateFile;
  private sync: SyncState | undefined;
  private names: { l: string[]; r: string[] } = { l: [], r: [] };

  constructor(
    header: Record<string, unknown>,
    private readonly path: string,
  ) {
    // Keyed by sync names, which may be `constructor` or `toString`: no prototype to collide with.
    this.state = { ...(header as unknown as StateFile), syncs: Object.create(null), journal: [] };
  }

  /** Link lines waiting to be parsed together, and the line number of the first. */
  private pending: string[] = [];
  private pendingAt = 0;

  line(text: string, at: number): void {
    if (!text) return;
    if (text.charCodeAt(0) === 0x5b /* [ */) {
      // Links are parsed a few hundred at a time: one JSON.parse per line costs more than the
      // parsing itself on large states.
      if (!this.pending.length) this.pendingAt = at;
      this.pending.push(text);
      if (this.pending.length >= LINK_BATCH) this.flush();
      return;
    }
    this.flush();
    this.value(this.parse(text, at), at);
  }

  private parse(text: string, at: number): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw corrupt(this.path, at, `not JSON (${(error as Error).message})`);
    }
  }

  private flush(): void {
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
    const parsed = Array.isArray(rows) && rows.length === lines.length ? rows : lines.map((text, i) => this.parse(text, this.pendingAt + i));
    for (let i = 0; i < parsed.length; i++) this.value(parsed[i], this.pendingAt + i);
  }

  private value(value: unknown, at: number): void {
    const kind: LineKind = Array.isArray(value) ? 'link' : ((value as { t?: unknown } | null)?.t as LineKind);
    const problem = checkLine(kind, value);
    if (problem) throw corrupt(this.path, at, problem);
    if (kind === 'link') return this.link(value as unknown[], at);
    const { t: _t, ...rest } = value as Record<string, unknown>;
    if (kind === 'sync') {
      const { name, fields, ...sync } = rest as { name: string; fields: { l: string[]; r: string[] } } & Omit<SyncState, 'links' | 'failures'>;
      this.names = fields;
      this.sync = this.state.syncs[name] = { ...sync, links: [], failures: [] };
    } else if (kind === 'failure') {
      const { sync, ...failure } = rest as unknown as { sync: string } & FailureState;
      const owner = this.state.syncs[sync];
      if (!owner) throw corrupt(this.path, at, `a failure of sync ${sync}, which has no sync line before it`);
      owner.failures.push(failure);
    } else this.state.journal.push(rest as unknown as JournalEntry);
  }

  private link(row: unknown[], at: number): void {
    if (!this.sync) throw corrupt(this.path, at, 'a link before any sync line');
    const [l, r, when, bl, br, extra] = row as [string, string, string, Base, Base | null, Record<string, unknown> | undefined];
    const link: LinkState = {
      l, r, at: when,
      base: { l: fromPositional(bl, this.names.l), r: fromPositional(br ?? bl, this.names.r) },
      ...extra,
    };
    this.sync.links.push(link);
  }

  finish(): StateFile {
    this.flush();
    return this.state;
  }
}
