/**
 * Bounded exponential backoff with full jitter, shared by every connector.
 * Retrying is only safe for idempotent calls or for calls the app refused before doing anything
 * (429, 503 before processing): callers say which errors qualify through `classify`.
 */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  /**
   * Attempts refused by a rate limit (a 429 that will pass) do not count against `attempts`, up to
   * this many: waiting out the app's window is the normal way through a large run, not a failure.
   */
  throttledAttempts?: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 200, maxMs: 10_000, throttledAttempts: 30 };

export type RetryVerdict = { retry: false } | { retry: true; afterMs?: number; throttled?: boolean };

export interface RetryHooks {
  /** Test seam and progress reporting: called before each wait, with the retry about to be made (1 for the first). */
  onRetry?: (attempt: number, waitMs: number, error: unknown) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Progress reporting: a call was held `ms` by the client-side limiter (the app's rate limit). */
  onHeld?: (ms: number) => void;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The wait before attempt `attempt + 1`: full jitter over an exponential ceiling, or the app's own word. */
export function backoffMs(policy: RetryPolicy, attempt: number, afterMs: number | undefined, random: () => number): number {
  if (afterMs !== undefined) return Math.min(afterMs, policy.maxMs * 6);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  classify: (error: unknown) => RetryVerdict,
  policy: RetryPolicy = DEFAULT_RETRY,
  hooks: RetryHooks = {},
): Promise<T> {
  const wait = hooks.sleep ?? sleep;
  const random = hooks.random ?? Math.random;
  let throttled = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const verdict = classify(error);
      if (verdict.retry && verdict.throttled && throttled < (policy.throttledAttempts ?? 0)) throttled++, attempt--;
      else if (!verdict.retry || attempt >= policy.attempts) throw error;
      const ms = backoffMs(policy, attempt, verdict.afterMs, random);
      // Retries so far, this one included: a throttled one took its attempt back above.
      hooks.onRetry?.(attempt + throttled, ms, error);
      await wait(ms);
    }
  }
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A time limit on one call. node-fetch v2 (under the HubSpot SDK and jsforce) never settles a body
 * whose connection drops after the headers: the socket's error is not passed on through its pipe.
 * A call past the limit fails as ETIMEDOUT, which each connector reports as a `timeout` and retries
 * only when repeating it is safe.
 */
export function withTimeout<T>(call: Promise<T>, ms: number, app: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${app} did not answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([call, limit]).finally(() => clearTimeout(timer));
}

/**
 * Default time limit of one call. Assumption: the apps document no server-side request timeout that
 * a client should wait for; a batch or a page answers within seconds, so a minute only ends a hung call.
 */
export const CALL_TIMEOUT_MS = 60_000;
