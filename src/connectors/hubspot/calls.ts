/**
 * Every HTTP call the connector makes goes through here: the client-side limiters (the ten-second
 * budget, and search's per-second one), the retry policy, and the per-kind call counters.
 *
 * The ten-second budget adapts to the account. HubSpot's answers carry X-HubSpot-RateLimit-Max and
 * -Interval-Milliseconds (apis.md §1.10). This SDK version drops configured middleware (its
 * generated methods apply middleware only when passed per call), so the generated calls' successful
 * answers hide them; but the bulk calls (list pages, batch create and update) go through
 * `apiRequest` as plain JSON (plain.ts), whose answers show them, and a 429's do
 * (ApiException.headers). So the budget starts at Professional's 190 per ten seconds (Starter's 100
 * would leave half of most portals' budget unused), and the first bulk answer, or the first 429,
 * sets it to what HubSpot reports, up or down; a 429 also waits HubSpot's window. A configured
 * rate_limit stays in force when it is the stricter (to leave room for other integrations), on this
 * connection and on every other one that shares the account's gate (AccountGate.adjust).
 *
 * X-HubSpot-RateLimit-Remaining is not followed: it counts other integrations' calls too but says
 * nothing of when they leave the rolling window, and it differs from the client's own count by the
 * calls in flight and the latency, so holding calls on it would hold them a whole window on a stale
 * reading. A 429's pause covers what it would catch (another integration spending the window).
 *
 * The SDK's own retry is off (numberOfApiCallRetries 0): it would sleep 10 s per TEN_SECONDLY_ROLLING
 * 429 and log each retry. Its decorators live in a process-wide singleton that the most recently
 * built Client configures, so every Client here is built with the same settings (apis.md §1.1).
 */
import { Client } from '@hubspot/api-client';
import { AccountGate } from '../shared/account-gate.js';
import type { LimiterClock, LimiterOptions, RollingLimiter } from '../shared/limiter.js';
import { Pacing } from '../shared/pacing.js';
import { CALL_TIMEOUT_MS, DEFAULT_RETRY, withRetry, withTimeout, type RetryHooks, type RetryPolicy } from '../shared/retry.js';
import type { CallStats } from '../types.js';
import { retryVerdict } from './errors.js';
import {
  DEFAULT_BASE_URL,
  limiterSlackMs,
  MAX_IN_FLIGHT,
  RATE_LIMIT_HEADERS,
  SEARCH_PER_SECOND,
  SEARCH_WINDOW_MS,
  TEN_SECOND_LIMITS,
  TEN_SECOND_WINDOW_MS,
} from './limits.js';

export interface CallSettings {
  accessToken: string;
  baseUrl?: string;
  limiter?: LimiterOptions;
  searchLimiter?: LimiterOptions;
  /** The limiters' clock (default the system's; tests share a virtual one with the emulator). */
  clock?: LimiterClock;
  retry?: RetryPolicy;
  retryHooks?: RetryHooks;
  /** How long one call may take before it counts as a timeout (default CALL_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The account's gate, shared with the run's other connections to the same account (default: one of its own). */
  gate?: AccountGate;
}

export interface CallOptions {
  /** Safe to repeat after a dropped connection (reads, updates, archives). */
  idempotent?: boolean;
  /** Spends the search budget instead of the ten-second one. */
  search?: boolean;
}

/** Response headers as the SDK's ApiException holds them (names in lower case). */
type ResponseHeaders = Record<string, string | undefined>;

/** The SDK client the connector uses; the same settings every time (see above). */
export function createSdkClient(accessToken: string, baseUrl = DEFAULT_BASE_URL): Client {
  return new Client({ accessToken, basePath: baseUrl.replace(/\/+$/, ''), numberOfApiCallRetries: 0 });
}

const header = (headers: ResponseHeaders, name: string) => Number(headers[name.toLowerCase()] ?? NaN);

/** The limiter actually used: the app's budget, with a little slack added to the window. */
function widen(options: LimiterOptions): LimiterOptions {
  return { max: options.max, windowMs: options.windowMs + limiterSlackMs(options.windowMs) };
}

export class HubSpotCalls {
  readonly sdk: Client;
  private readonly gate: AccountGate;
  private readonly limiter: RollingLimiter;
  private readonly searchLimiter: RollingLimiter;
  private readonly windows: { tenSecondMs: number; searchMs: number };
  private readonly counts: CallStats = { calls: 0, byKind: {} };
  private readonly pacing: Pacing;

  constructor(private readonly settings: CallSettings) {
    this.sdk = createSdkClient(settings.accessToken, settings.baseUrl);
    this.pacing = new Pacing(settings.retryHooks);
    // Assumption: most portals that sync at volume are Professional or above; a Starter portal's
    // own limit applies from its first list page or batch answer (or, at worst, its first 429).
    const budget = settings.limiter ?? { max: TEN_SECOND_LIMITS.professional, windowMs: TEN_SECOND_WINDOW_MS };
    const search = settings.searchLimiter ?? { max: SEARCH_PER_SECOND, windowMs: SEARCH_WINDOW_MS };
    this.gate = settings.gate ?? new AccountGate(MAX_IN_FLIGHT, settings.clock);
    this.limiter = this.gate.limiter('ten-second', widen(budget), !!settings.limiter);
    this.searchLimiter = this.gate.limiter('search', widen(search), !!settings.searchLimiter);
    // A 429 waits HubSpot's window, not the client's (which may be shorter or longer).
    this.windows = { tenSecondMs: TEN_SECOND_WINDOW_MS, searchMs: SEARCH_WINDOW_MS };
  }

  /**
   * The ten-second budget HubSpot reports for this token, followed up or down, but never past the
   * strictest rate_limit configured for the account (the gate keeps it).
   */
  private learn(headers: ResponseHeaders): void {
    const max = header(headers, RATE_LIMIT_HEADERS.max);
    const windowMs = header(headers, RATE_LIMIT_HEADERS.intervalMs);
    if (!(max > 0 && windowMs > 0)) return;
    this.windows.tenSecondMs = windowMs;
    this.gate.adjust('ten-second', widen({ max, windowMs }));
  }

  /** A successful answer's headers (plain.ts): the budget it reports. */
  heard(headers: ResponseHeaders): void {
    this.learn(headers);
  }

  /** The ten-second budget in force (after what HubSpot reported), and how often calls waited for it. */
  budget(): LimiterOptions & { waits: number } {
    return { ...this.limiter.limit, waits: this.limiter.waits };
  }

  /** Runs one API call (`fn` makes exactly one HTTP request), limited, counted and retried. */
  call<T>(kind: string, fn: () => Promise<T>, options: CallOptions = {}): Promise<T> {
    const idempotent = options.idempotent ?? true;
    return withRetry(
      // A slot first, then the window: the limiter stamps the call just before it leaves.
      () =>
        this.gate.slot(async () => {
          await this.pacing.take(options.search ? this.searchLimiter : this.limiter);
          this.counts.calls++;
          this.counts.byKind[kind] = (this.counts.byKind[kind] ?? 0) + 1;
          return withTimeout(fn(), this.settings.timeoutMs ?? CALL_TIMEOUT_MS, 'HubSpot');
        }),
      (error) => {
        this.learn((error as { headers?: ResponseHeaders })?.headers ?? {});
        const verdict = retryVerdict(error, idempotent, this.windows);
        // The account's other calls wait out the same window instead of being refused one by one.
        if (verdict.retry && verdict.throttled)
          this.pacing.refusal(verdict.afterMs ? (options.search ? this.searchLimiter : this.limiter).pause(verdict.afterMs) : 0);
        return verdict;
      },
      this.settings.retry ?? DEFAULT_RETRY,
      this.settings.retryHooks,
    );
  }

  stats(): CallStats {
    return this.pacing.into({ calls: this.counts.calls, byKind: { ...this.counts.byKind } });
  }
}
