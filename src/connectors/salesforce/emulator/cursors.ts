/**
 * Query locators: a query's result is fixed when it runs, and pages are served from it by
 * `/query/<locator>` until the locator expires (apis.md §2.2–2.3).
 */
import { QUERY_LOCATOR_TTL_MS, QUERY_MAX_OPEN_CURSORS } from '../limits.js';
import type { QueryOutput } from './soql/execute.js';

interface OpenQuery {
  output: QueryOutput;
  pageSize: number;
  usedAt: number;
}

export class QueryCursors {
  private readonly open = new Map<string, OpenQuery>();
  private serial = 0;

  constructor(private readonly now: () => number) {}

  /** Stores a result and returns its id (the part of the locator before `-offset`). */
  add(output: QueryOutput, pageSize: number): string {
    this.expire();
    const id = `01g8d${String(++this.serial).padStart(10, '0')}`;
    this.open.set(id, { output, pageSize, usedAt: this.now() });
    while (this.open.size > QUERY_MAX_OPEN_CURSORS) this.open.delete(this.open.keys().next().value!);
    return id;
  }

  /** The stored result behind a locator `<id>-<offset>`, or undefined when unknown or expired. */
  get(locator: string): { query: OpenQuery; id: string; offset: number } | undefined {
    this.expire();
    const m = /^(01g[A-Za-z0-9]+)-(\d+)$/.exec(locator);
    const query = m && this.open.get(m[1]!);
    if (!query) return undefined;
    query.usedAt = this.now();
    return { query, id: m[1]!, offset: Number(m[2]) };
  }

  private expire(): void {
    const cutoff = this.now() - QUERY_LOCATOR_TTL_MS;
    for (const [id, q] of this.open) if (q.usedAt < cutoff) this.open.delete(id);
  }
}
