/**
 * Google's per-user, per-minute quotas: one budget for reads and one for writes, counted over a
 * rolling minute on the emulator's clock, and the fixed one on first pages of full syncs. A call over budget gets 429 RESOURCE_EXHAUSTED and uses
 * up nothing.
 */
import { GOOGLE_LIMITS, type QuotaBucket } from '../limits.js';

export interface QuotaOptions {
  /** Calls per window; Infinity switches a budget off. */
  readsPerMinute: number;
  writesPerMinute: number;
  /** First pages of full syncs per window (fixed by Google, see limits.ts); Infinity switches it off. */
  fullSyncFirstPages: number;
  windowMs: number;
  /** Who the quota message names as the consumer. */
  consumer: string;
}

export const DEFAULT_QUOTAS: QuotaOptions = {
  readsPerMinute: GOOGLE_LIMITS.readsPerMinute,
  writesPerMinute: GOOGLE_LIMITS.writesPerMinute,
  fullSyncFirstPages: GOOGLE_LIMITS.fullSyncFirstPages,
  windowMs: GOOGLE_LIMITS.quotaWindowMs,
  consumer: 'project_number:100000000001',
};

type Bucket = QuotaBucket | 'fullSync';

export class QuotaMeter {
  private readonly stamps: Record<Bucket, number[]> = { read: [], write: [], fullSync: [] };

  constructor(
    public options: QuotaOptions,
    private readonly now: () => number,
  ) {}

  /** Takes one call from each bucket, or names the first bucket that is spent (taking nothing). */
  take<B extends Bucket>(buckets: readonly B[]): B | undefined {
    const now = this.now();
    for (const bucket of buckets) {
      const stamps = this.stamps[bucket];
      while (stamps.length && stamps[0]! <= now - this.options.windowMs) stamps.shift();
      const max = bucket === 'read' ? this.options.readsPerMinute : bucket === 'write' ? this.options.writesPerMinute : this.options.fullSyncFirstPages;
      if (stamps.length >= max) return bucket;
    }
    for (const bucket of buckets) this.stamps[bucket].push(now);
    return undefined;
  }

  reset(): void {
    this.stamps.read = [];
    this.stamps.write = [];
    this.stamps.fullSync = [];
  }
}
