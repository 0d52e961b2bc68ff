/**
 * Keeps the sorted hits of recent searches while the store is unchanged, so paging through a large
 * result (200 at a time, up to 10,000) filters and sorts once instead of once per page.
 */
import type { HsObjectType, HsRecord } from './model.js';
import { runSearch, type SearchBody } from './search-engine.js';
import type { HubSpotStore } from './store.js';

const ENTRIES = 16;

export class SearchCache {
  private readonly entries = new Map<string, { version: number; hits: HsRecord[] }>();

  constructor(private readonly store: HubSpotStore) {}

  hits(type: HsObjectType, body: SearchBody, lagMs: number): HsRecord[] {
    // With a visibility lag the answer depends on the clock, so it cannot be reused.
    if (lagMs > 0) return runSearch(type, body, this.store.now() - lagMs);
    const key = `${type.objectTypeId}|${JSON.stringify([body.filterGroups ?? [], body.sorts ?? [], body.query ?? ''])}`;
    const cached = this.entries.get(key);
    if (cached && cached.version === this.store.version) return cached.hits;
    const hits = runSearch(type, body);
    this.entries.delete(key);
    this.entries.set(key, { version: this.store.version, hits });
    if (this.entries.size > ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return hits;
  }
}
