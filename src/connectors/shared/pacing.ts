/**
 * What a connection's rate limits cost it, so a run can say so instead of looking slow for no
 * reason: the calls its client-side limiter held back and for how long, and the 429s the app gave
 * with the pause they caused. Each connection keeps its own, though the limiters may be shared.
 */
import type { CallStats } from '../types.js';
import type { RollingLimiter } from './limiter.js';
import type { RetryHooks } from './retry.js';

export class Pacing {
  private readonly held = { calls: 0, ms: 0 };
  private readonly refused = { calls: 0, ms: 0 };

  /** `hooks.onHeld` hears each hold as it ends (progress). */
  constructor(private readonly hooks?: Pick<RetryHooks, 'onHeld'>) {}

  /** Waits for `limiter` to let one call through, noting any time it held the call. */
  async take(limiter: RollingLimiter): Promise<void> {
    const ms = await limiter.take();
    if (ms <= 0) return;
    this.held.calls++;
    this.held.ms += ms;
    this.hooks?.onHeld?.(ms);
  }

  /** One call refused for the rate limit; `pausedMs` is how much later the account's calls now leave. */
  refusal(pausedMs: number): void {
    this.refused.calls++;
    this.refused.ms += pausedMs;
  }

  /** `stats` with the waits added, when there were any. */
  into(stats: CallStats): CallStats {
    return {
      ...stats,
      ...(this.held.calls ? { held: { ...this.held } } : {}),
      ...(this.refused.calls ? { refused: { ...this.refused } } : {}),
    };
  }
}
