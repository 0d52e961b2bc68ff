/**
 * Answers searches: through a sorted index when one answers the search exactly (search-index.ts),
 * else by a scan whose sorted hits are kept while the store is unchanged, so paging through a
 * large result (200 at a time, up to 10,000) filters and sorts once instead of once per page.
 */
import type { HsObjectType, HsRecord } from './model.js';
import { runSearch, type SearchBody } from './search-engine.js';
import { arrayHits, type Hits, SearchIndexes } from './search-index.js';
import type { HubSpotStore } from './store.js';

const ENTRIES = 16;

export class SearchCache {
  private readonly entries = new Map<string, { version: number; hits: HsRecord[] }>();
  readonly indexes: SearchIndexes;
  /** Searches answered by a scan of every record, for tests that count the work a page costs. */
  scans = 0;

  constructor(private readonly store: HubSpotStore) {
    this.indexes = new SearchIndexes(store);
  }

  hits(type: HsObjectType, body: SearchBody, lagMs: number): Hits {
    // With a visibility lag the answer depends on the clock, so it cannot be reused.
    if (lagMs > 0) {
      this.scans++;
      return arrayHits(runSearch(type, body, this.store.now() - lagMs));
    }
    const indexed = this.indexes.search(type, body);
    if (indexed) return indexed;
    const key = `${type.objectTypeId}|${JSON.stringify([body.filterGroups ?? [], body.sorts ?? [], body.query ?? ''])}`;
    const cached = this.entries.get(key);
    if (cached && cached.version === this.store.version) return arrayHits(cached.hits);
    this.scans++;
    const hits = runSearch(type, body);
    this.entries.delete(key);
    this.entries.set(key, { version: this.store.version, hits });
    if (this.entries.size > ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return arrayHits(hits);
  }
}
