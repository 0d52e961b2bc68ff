/**
 * HubSpot's rate limits per token (apis.md §1.10): a rolling ten-second window, a per-second limit
 * on search, and a daily count that resets at midnight (UTC here). Refused calls do not count.
 * Every answer carries the X-HubSpot-RateLimit-* headers.
 */
import type { EmulatorResponse } from '../../shared/emulator-http.js';
import {
  DAILY_LIMITS,
  RATE_LIMIT_HEADERS,
  RATE_LIMIT_MESSAGES,
  RATE_LIMIT_POLICIES,
  SEARCH_PER_SECOND,
  SEARCH_WINDOW_MS,
  TEN_SECOND_LIMITS,
  TEN_SECOND_WINDOW_MS,
} from '../limits.js';
import { randomUUID } from 'node:crypto';

export interface HubSpotRateLimits {
  /** Calls allowed in any rolling `windowMs` (HubSpot: 100 Starter, 190 Professional, per 10 s). */
  tenSecondMax: number;
  windowMs: number;
  /** Search calls allowed in any rolling `searchWindowMs`. */
  searchPerSecond: number;
  searchWindowMs: number;
  /** Calls allowed per day. */
  daily: number;
  /**
   * Assumption: HubSpot's rate-limit docs name no Retry-After header on a 429 (the SDK ignores one
   * anyway); proxies and edges in front of it may add one. On, refusals carry `Retry-After` with the
   * whole seconds until the window has room again.
   */
  retryAfter?: boolean;
}

export const DEFAULT_RATE_LIMITS: HubSpotRateLimits = {
  tenSecondMax: TEN_SECOND_LIMITS.starter,
  windowMs: TEN_SECOND_WINDOW_MS,
  searchPerSecond: SEARCH_PER_SECOND,
  searchWindowMs: SEARCH_WINDOW_MS,
  daily: DAILY_LIMITS.starter,
};

interface Budget {
  stamps: number[];
  day: string;
  dailyUsed: number;
}

export type GateResult = { ok: true; headers: Record<string, string> } | { ok: false; response: EmulatorResponse };

function prune(stamps: number[], now: number, windowMs: number): void {
  while (stamps.length && stamps[0]! <= now - windowMs) stamps.shift();
}

export class RateGate {
  private readonly budgets = new Map<string, Budget>();
  /**
   * Search calls of the whole account, whatever the token: "The search endpoints are rate limited
   * to five requests per second per account" (search guide, Limits).
   */
  private readonly searchStamps: number[] = [];
  /** 429s given, by policy, so tests can check that a client stayed under the limits. */
  readonly refusals: Record<string, number> = {};

  constructor(
    public limits: HubSpotRateLimits,
    private readonly now: () => number,
  ) {}

  /** Counts one call by `token`, or refuses it with HubSpot's 429. */
  admit(token: string, search: boolean): GateResult {
    const now = this.now();
    const budget = this.budget(token, now);
    const { limits } = this;
    prune(budget.stamps, now, limits.windowMs);
    prune(this.searchStamps, now, limits.searchWindowMs);
    if (budget.dailyUsed >= limits.daily) return this.refuse(budget, 'daily', Date.parse(`${budget.day}T00:00:00Z`) + 86_400_000 - now);
    if (search && this.searchStamps.length >= limits.searchPerSecond)
      return this.refuse(budget, 'secondly', this.freeInMs(this.searchStamps, now, limits.searchWindowMs));
    // Search has its own limit; every other call spends the ten-second budget.
    if (!search && budget.stamps.length >= limits.tenSecondMax) return this.refuse(budget, 'tenSecondly', this.freeInMs(budget.stamps, now, limits.windowMs));
    if (search) this.searchStamps.push(now);
    else budget.stamps.push(now);
    budget.dailyUsed++;
    return { ok: true, headers: this.headers(budget) };
  }

  /** Today's calls by a token (tests and the benchmark read it). */
  used(token: string): { window: number; daily: number } {
    const budget = this.budget(token, this.now());
    prune(budget.stamps, this.now(), this.limits.windowMs);
    return { window: budget.stamps.length, daily: budget.dailyUsed };
  }

  private budget(token: string, now: number): Budget {
    const day = new Date(now).toISOString().slice(0, 10);
    let budget = this.budgets.get(token);
    if (!budget) this.budgets.set(token, (budget = { stamps: [], day, dailyUsed: 0 }));
    if (budget.day !== day) Object.assign(budget, { day, dailyUsed: 0 });
    return budget;
  }

  private headers(budget: Budget): Record<string, string> {
    const { limits } = this;
    return {
      [RATE_LIMIT_HEADERS.daily]: String(limits.daily),
      [RATE_LIMIT_HEADERS.dailyRemaining]: String(Math.max(0, limits.daily - budget.dailyUsed)),
      [RATE_LIMIT_HEADERS.intervalMs]: String(limits.windowMs),
      [RATE_LIMIT_HEADERS.max]: String(limits.tenSecondMax),
      [RATE_LIMIT_HEADERS.remaining]: String(Math.max(0, limits.tenSecondMax - budget.stamps.length)),
    };
  }

  /** Milliseconds until the oldest call in `stamps` leaves the window (the whole window when it is empty). */
  private freeInMs(stamps: number[], now: number, windowMs: number): number {
    return stamps.length ? stamps[0]! + windowMs - now : windowMs;
  }

  private refuse(budget: Budget, policy: keyof typeof RATE_LIMIT_POLICIES, freeInMs: number): GateResult {
    this.refusals[RATE_LIMIT_POLICIES[policy]] = (this.refusals[RATE_LIMIT_POLICIES[policy]] ?? 0) + 1;
    const body = {
      status: 'error',
      message: RATE_LIMIT_MESSAGES[policy],
      errorType: 'RATE_LIMIT',
      correlationId: randomUUID(),
      policyName: RATE_LIMIT_POLICIES[policy],
      requestId: randomUUID(),
    };
    const retryAfter: Record<string, string> = this.limits.retryAfter ? { 'Retry-After': String(Math.max(1, Math.ceil(freeInMs / 1000))) } : {};
    return { ok: false, response: { status: 429, headers: { ...this.headers(budget), ...retryAfter }, body } };
  }
}
