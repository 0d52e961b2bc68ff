/** How each outcome changes a sync's state: links, bases, failures. Mutates the in-memory state. */
import type { SideName } from '../config/model.js';
import type { ConnectorError } from '../connectors/types.js';
import type { BasePatch } from '../plan/types.js';
import { emptySyncState, type FailureState, type LinkState, type StateFile, type SyncState } from '../state/types.js';

/** Retry backoff for failed records: 1 min, doubling, at most a day. */
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 24 * 3600_000;

export class StateEditor {
  private readonly links = new Map<string, Map<string, LinkState>>();

  constructor(
    readonly state: StateFile,
    private readonly now: () => string,
  ) {}

  sync(name: string): SyncState {
    return (this.state.syncs[name] ??= emptySyncState());
  }

  private index(name: string): Map<string, LinkState> {
    let map = this.links.get(name);
    if (!map) {
      map = new Map(this.sync(name).links.map((l) => [`${l.l}|${l.r}`, l]));
      this.links.set(name, map);
    }
    return map;
  }

  link(name: string, key: { l: string; r: string }): LinkState | undefined {
    return this.index(name).get(`${key.l}|${key.r}`);
  }

  addLink(name: string, key: { l: string; r: string }, base: BasePatch): LinkState {
    const existing = this.link(name, key);
    if (existing) return this.patchBase(name, key, base)!;
    const link: LinkState = { l: key.l, r: key.r, base: { l: { ...base.l }, r: { ...base.r } }, at: this.now() };
    this.sync(name).links.push(link);
    this.index(name).set(`${key.l}|${key.r}`, link);
    return link;
  }

  patchBase(name: string, key: { l: string; r: string }, base: BasePatch): LinkState | undefined {
    const link = this.link(name, key);
    if (!link) return undefined;
    Object.assign(link.base.l, base.l);
    Object.assign(link.base.r, base.r);
    link.at = this.now();
    return link;
  }

  /** Points a link at the record's new id on one side (a merge or a rename in that app). */
  relink(name: string, key: { l: string; r: string }, side: SideName, to: string): boolean {
    const link = this.link(name, key);
    const next = side === 'left' ? { l: to, r: key.r } : { l: key.l, r: to };
    if (!link || this.link(name, next)) return false;
    this.index(name).delete(`${key.l}|${key.r}`);
    if (side === 'left') link.l = to;
    else link.r = to;
    link.at = this.now();
    this.index(name).set(`${next.l}|${next.r}`, link);
    this.clearFailure(name, side, side === 'left' ? key.l : key.r);
    return true;
  }

  markDeleted(name: string, key: { l: string; r: string }, side: SideName | 'both'): void {
    const link = this.link(name, key);
    if (!link) return;
    if (side === 'both') {
      const s = this.sync(name);
      s.links = s.links.filter((l) => l !== link);
      this.index(name).delete(`${key.l}|${key.r}`);
    } else link.deleted = side;
  }

  fail(name: string, side: SideName, id: string, error: ConnectorError): void {
    const s = this.sync(name);
    const now = this.now();
    const existing = s.failures.find((f) => f.side === side && f.id === id);
    const attempts = (existing?.attempts ?? 0) + 1;
    const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempts - 1));
    const entry: FailureState = {
      side, id, category: error.category, code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}),
      attempts, firstAt: existing?.firstAt ?? now, lastAt: now, retryAfter: new Date(Date.parse(now) + wait).toISOString(),
    };
    if (existing) Object.assign(existing, entry);
    else s.failures.push(entry);
  }

  clearFailure(name: string, side: SideName, id: string): void {
    const s = this.sync(name);
    if (s.failures.some((f) => f.side === side && f.id === id)) s.failures = s.failures.filter((f) => !(f.side === side && f.id === id));
  }
}
