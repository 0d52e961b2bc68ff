/** How each outcome changes a sync's state: links, bases, failures. Mutates the in-memory state. */
import type { SideName } from '../config/model.js';
import type { ConnectorError } from '../connectors/types.js';
import type { BasePatch } from '../plan/types.js';
import { emptySyncState, type FailureState, type LinkState, type StateFile, type SyncState } from '../state/types.js';
import { IndexedArray } from './indexed.js';
import { markLinksChanged } from '../state/documents.js';

/** Retry backoff for failed records: 1 min, doubling, at most a day. */
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 24 * 3600_000;

const linkKey = (key: { left: string; right: string }) => `${key.left}|${key.right}`;
const failureKey = (f: { side: SideName; id: string }) => `${f.side}:${f.id}`;

/** Every edit finds its link or failure through an index built once per sync: no edit scans. */
export class StateEditor {
  private readonly links = new Map<string, IndexedArray<LinkState>>();
  private readonly failures = new Map<string, IndexedArray<FailureState>>();

  constructor(
    readonly state: StateFile,
    private readonly now: () => string,
  ) {}

  sync(name: string): SyncState {
    return (this.state.syncs[name] ??= emptySyncState());
  }

  private linkIndex(name: string): IndexedArray<LinkState> {
    let index = this.links.get(name);
    if (!index) this.links.set(name, (index = new IndexedArray(this.sync(name).links, linkKey)));
    return index;
  }

  private failureIndex(name: string): IndexedArray<FailureState> {
    let index = this.failures.get(name);
    if (!index) this.failures.set(name, (index = new IndexedArray(this.sync(name).failures, failureKey)));
    return index;
  }

  link(name: string, key: { left: string; right: string }): LinkState | undefined {
    return this.linkIndex(name).get(linkKey(key));
  }

  /** A link about to be edited in place: its sync's links document is rewritten at the next save. */
  private edit(name: string, key: { left: string; right: string }): LinkState | undefined {
    const link = this.link(name, key);
    if (link) markLinksChanged(this.sync(name).links);
    return link;
  }

  addLink(name: string, key: { left: string; right: string }, base: BasePatch): LinkState {
    const existing = this.link(name, key);
    if (existing) return this.patchBase(name, key, base)!;
    const link: LinkState = { left: key.left, right: key.right, base: { left: { ...base.left }, right: { ...base.right } }, at: this.now() };
    this.linkIndex(name).add(link);
    markLinksChanged(this.sync(name).links);
    return link;
  }

  patchBase(name: string, key: { left: string; right: string }, base: BasePatch): LinkState | undefined {
    const link = this.edit(name, key);
    if (!link) return undefined;
    Object.assign(link.base.left, base.left);
    Object.assign(link.base.right, base.right);
    link.at = this.now();
    return link;
  }

  /** Points a link at the record's new id on one side (a merge or a rename in that app). */
  relink(name: string, key: { left: string; right: string }, side: SideName, to: string): boolean {
    const next = side === 'left' ? { left: to, right: key.right } : { left: key.left, right: to };
    if (!this.link(name, key) || this.link(name, next)) return false;
    const link = this.edit(name, key)!;
    if (side === 'left') link.left = to;
    else link.right = to;
    link.at = this.now();
    this.linkIndex(name).rekey(linkKey(key), link);
    this.clearFailure(name, side, side === 'left' ? key.left : key.right);
    return true;
  }

  /** Outside the inclusion filter (R21), or back inside it. */
  markExcluded(name: string, key: { left: string; right: string }, excluded: boolean): void {
    const link = this.edit(name, key);
    if (!link) return;
    if (excluded) link.excluded = true;
    else delete link.excluded;
  }

  markDeleted(name: string, key: { left: string; right: string }, side: SideName | 'both'): void {
    const link = this.edit(name, key);
    if (!link) return;
    if (side === 'both') this.linkIndex(name).remove(linkKey(key));
    else link.deleted = side;
  }

  fail(name: string, side: SideName, id: string, error: ConnectorError): void {
    const index = this.failureIndex(name);
    const now = this.now();
    const existing = index.get(failureKey({ side, id }));
    const attempts = (existing?.attempts ?? 0) + 1;
    const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempts - 1));
    const entry: FailureState = {
      side,
      id,
      category: error.category,
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      attempts,
      firstAt: existing?.firstAt ?? now,
      lastAt: now,
      retryAfter: new Date(Date.parse(now) + wait).toISOString(),
    };
    if (existing) Object.assign(existing, entry);
    else index.add(entry);
  }

  clearFailure(name: string, side: SideName, id: string): void {
    this.failureIndex(name).remove(failureKey({ side, id }));
  }
}
