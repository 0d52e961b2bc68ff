/**
 * Every HTTP call the connector makes goes through here: the client-side limiters (the ten-second
 * budget, and search's per-second one), the retry policy, and the per-kind call counters.
 *
 * The SDK's own retry is off (numberOfApiCallRetries 0): it would sleep 10 s per TEN_SECONDLY_ROLLING
 * 429 and log each retry. Its decorators live in a process-wide singleton that the most recently
 * built Client configures, so every Client here is built with the same settings (apis.md §1.1).
 */
import { Client } from '@hubspot/api-client';
import { RollingLimiter, type LimiterClock, type LimiterOptions } from '../shared/limiter.js';
import { DEFAULT_RETRY, withRetry, type RetryHooks, type RetryPolicy } from '../shared/retry.js';
import type { CallStats } from '../types.js';
import { retryVerdict } from './errors.js';
import { DEFAULT_BASE_URL, limiterSlackMs, SEARCH_PER_SECOND, SEARCH_WINDOW_MS, TEN_SECOND_LIMITS, TEN_SECOND_WINDOW_MS } from './limits.js';

export interface CallSettings {
  accessToken: string;
  baseUrl?: string;
  limiter?: LimiterOptions;
  searchLimiter?: LimiterOptions;
  /** The limiters' clock (default the system's; tests share a virtual one with the emulator). */
  clock?: LimiterClock;
  retry?: RetryPolicy;
  retryHooks?: RetryHooks;
}

export interface CallOptions {
  /** Safe to repeat after a dropped connection (reads, updates, archives). */
  idempotent?: boolean;
  /** Spends the search budget instead of the ten-second one. */
  search?: boolean;
}

/** The SDK client the connector uses; the same settings every time (see above). */
export function createSdkClient(accessToken: string, baseUrl = DEFAULT_BASE_URL): Client {
  return new Client({ accessToken, basePath: baseUrl.replace(/\/+$/, ''), numberOfApiCallRetries: 0 });
}

/** The limiter actually used: the app's budget, with a little slack added to the window. */
function widen(options: LimiterOptions): LimiterOptions {
  return { max: options.max, windowMs: options.windowMs + limiterSlackMs(options.windowMs) };
}

export class HubSpotCalls {
  readonly sdk: Client;
  private readonly limiter: RollingLimiter;
  private readonly searchLimiter: RollingLimiter;
  private readonly windows: { tenSecondMs: number; searchMs: number };
  private readonly counts: CallStats = { calls: 0, byKind: {} };

  constructor(private readonly settings: CallSettings) {
    this.sdk = createSdkClient(settings.accessToken, settings.baseUrl);
    const budget = settings.limiter ?? { max: TEN_SECOND_LIMITS.starter, windowMs: TEN_SECOND_WINDOW_MS };
    const search = settings.searchLimiter ?? { max: SEARCH_PER_SECOND, windowMs: SEARCH_WINDOW_MS };
    this.limiter = new RollingLimiter(widen(budget), settings.clock);
    this.searchLimiter = new RollingLimiter(widen(search), settings.clock);
    this.windows = { tenSecondMs: budget.windowMs, searchMs: search.windowMs };
  }

  /** Runs one API call (`fn` makes exactly one HTTP request), limited, counted and retried. */
  call<T>(kind: string, fn: () => Promise<T>, options: CallOptions = {}): Promise<T> {
    const idempotent = options.idempotent ?? true;
    return withRetry(
      async () => {
        await (options.search ? this.searchLimiter : this.limiter).take();
        this.counts.calls++;
        this.counts.byKind[kind] = (this.counts.byKind[kind] ?? 0) + 1;
        return fn();
      },
      (error) => retryVerdict(error, idempotent, this.windows),
      this.settings.retry ?? DEFAULT_RETRY,
      this.settings.retryHooks,
    );
  }

  stats(): CallStats {
    return { calls: this.counts.calls, byKind: { ...this.counts.byKind } };
  }
}
