/**
 * The one place the connector talks HTTP: the official People client (gaxios' own retry switched
 * off, so its fixed backoff never sleeps in our runs), a client-side limiter per quota so Google
 * rarely has to refuse, our retry policy (429 / 5xx, dropped connections for idempotent calls),
 * mutations one at a time ("Mutate requests for the same user should be sent sequentially to avoid
 * increased latency and failures" [D]; one client is one user), and a counter per kind of call.
 */
import { people, type people_v1 } from '@googleapis/people';
import { OAuth2Client } from 'google-auth-library';
import type { CallStats } from '../types.js';
import { Pacing } from '../shared/pacing.js';
import { AccountGate } from '../shared/account-gate.js';
import type { LimiterOptions, RollingLimiter } from '../shared/limiter.js';
import { DEFAULT_RETRY, withRetry, type RetryHooks, type RetryPolicy } from '../shared/retry.js';
import { retryVerdict } from './errors.js';
import { CALL_QUOTA, DEFAULT_ROOT_URL, GOOGLE_LIMITS, MAX_IN_FLIGHT, MUTATING_CALLS, type CallKind, type QuotaBucket } from './limits.js';

export { DEFAULT_ROOT_URL };

export interface ClientOptions {
  /** An OAuth 2 access token with the scopes of limits.ts REQUIRED_SCOPES (contacts; Other contacts for folder 'all'). */
  accessToken: string;
  /** Default https://people.googleapis.com/; the emulator's url in tests. */
  rootUrl?: string;
  /** Sizes each per-minute quota's limiter (reads and writes alike); defaults to Google's per-minute quotas (limits.ts). */
  limiter?: LimiterOptions;
  retry?: RetryPolicy;
  /** Test seam: observe or shorten retry waits. */
  retryHooks?: RetryHooks;
  /** The user's quotas, mutation order and in-flight cap, shared with the run's other connections to the same user (default: its own). */
  gate?: AccountGate;
}

export interface GoogleClient {
  api: people_v1.People;
  /** Runs one API call through limiter, retry and counting; returns the response body. */
  call<T>(kind: CallKind, fn: () => Promise<{ data: T }>): Promise<T>;
  stats(): CallStats;
}

// Calls that change nothing when repeated. A create is not: a lost answer would duplicate contacts.
const IDEMPOTENT: Record<CallKind, boolean> = {
  list: true,
  'list/other': true,
  get: true,
  'batch/get': true,
  'batch/create': false,
  // Repeating an update is harmless (the etag makes a second copy fail cleanly), and so is a delete.
  'batch/update': true,
  'batch/delete': true,
  delete: true,
};

export function createGoogleClient(options: ClientOptions): GoogleClient {
  const auth = new OAuth2Client();
  // No refresh_token and no expiry: the client never tries to refresh against Google's token endpoint.
  auth.setCredentials({ access_token: options.accessToken });
  const api = people({
    version: 'v1',
    auth,
    rootUrl: options.rootUrl ?? DEFAULT_ROOT_URL,
    retry: false,
    timeout: GOOGLE_LIMITS.requestTimeoutMs,
  });
  const size = (max: number): LimiterOptions => options.limiter ?? { max, windowMs: GOOGLE_LIMITS.quotaWindowMs };
  // The quotas and the order of mutations are the user's, whichever connection calls.
  const gate = options.gate ?? new AccountGate(MAX_IN_FLIGHT);
  const limiters: Record<QuotaBucket, RollingLimiter> = {
    read: gate.limiter('read', size(GOOGLE_LIMITS.readsPerMinute)),
    write: gate.limiter('write', size(GOOGLE_LIMITS.writesPerMinute)),
  };
  const counts: CallStats = { calls: 0, byKind: {} };
  const pacing = new Pacing(options.retryHooks);

  return {
    api,
    async call<T>(kind: CallKind, fn: () => Promise<{ data: T }>): Promise<T> {
      const attempt = () =>
        gate.slot(async () => {
          for (const bucket of CALL_QUOTA[kind]) await pacing.take(limiters[bucket]);
          counts.calls++;
          counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
          const { data } = await fn();
          // gaxios hands over the text of a JSON body it could not parse: an answer cut short.
          if (typeof data === 'string' && data.length > 0) {
            throw Object.assign(new Error(`Google's answer to ${kind} was cut short (${data.length} characters of JSON that does not parse)`), {
              code: 'INCOMPLETE_RESPONSE',
            });
          }
          return data;
        });
      const run = () => withRetry(attempt, (error) => retryVerdict(error, IDEMPOTENT[kind]), options.retry ?? DEFAULT_RETRY, options.retryHooks);
      // Mutations one after the other, retries included; reads may overlap them.
      return MUTATING_CALLS.includes(kind) ? gate.inTurn('mutations', run) : run();
    },
    stats: () => pacing.into({ calls: counts.calls, byKind: { ...counts.byKind } }),
  };
}
