/**
 * One gate per account: the calls of every connection that reaches the same account (two syncs'
 * connections with the same HubSpot token, say) share its rate limiters and its cap on requests in
 * flight, since the app counts them together. A run builds one registry (pipeline.ts), so the
 * sharing lasts as long as the run; a connector built on its own gets a gate of its own.
 */
import { createHash } from 'node:crypto';
import { RollingLimiter, type LimiterClock, type LimiterOptions } from './limiter.js';

/** Calls per millisecond: the lower, the stricter. */
const rate = (o: LimiterOptions) => o.max / o.windowMs;

export class AccountGate {
  private readonly limiters = new Map<string, RollingLimiter>();
  /** The strictest configured limit of each limiter: what the app reports never loosens past it. */
  private readonly ceilings = new Map<string, LimiterOptions>();
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private readonly turns = new Map<string, Promise<unknown>>();
  /** The most requests this gate had in flight at once (tests and the benchmark read it). */
  mostInFlight = 0;

  /** Requests under way now. */
  get inFlight(): number {
    return this.active;
  }

  constructor(
    readonly maxInFlight: number,
    private readonly clock?: LimiterClock,
  ) {}

  /**
   * The limiter called `name` (HubSpot's ten-second and search budgets, Google's read and write
   * quotas). Two connections that configure different limits for one account get the stricter.
   * A `configured` limit (the user's `rate_limit`) is also a ceiling: what an app later reports
   * (`adjust`) never loosens the limiter past it, whichever connection's call learned it.
   */
  limiter(name: string, options: LimiterOptions, configured = false): RollingLimiter {
    if (configured) {
      const ceiling = this.ceilings.get(name);
      if (!ceiling || rate(options) < rate(ceiling)) this.ceilings.set(name, { ...options });
    }
    const found = this.limiters.get(name);
    if (!found) {
      const made = new RollingLimiter(options, this.clock);
      this.limiters.set(name, made);
      return made;
    }
    if (rate(options) < rate(found.limit)) found.adjust(options);
    return found;
  }

  /**
   * Sets the limiter `name` to what the app reports it allows, up or down, but never looser than
   * the strictest limit a connection configured for it. Returns the limit in force.
   */
  adjust(name: string, reported: LimiterOptions): LimiterOptions {
    const limiter = this.limiters.get(name);
    if (!limiter) return reported;
    const ceiling = this.ceilings.get(name);
    const next = ceiling && rate(ceiling) <= rate(reported) ? ceiling : reported;
    const current = limiter.limit;
    if (current.max !== next.max || current.windowMs !== next.windowMs) limiter.adjust(next);
    return limiter.limit;
  }

  /** Runs one request once fewer than maxInFlight are under way; the slot is held for the request only. */
  async slot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxInFlight) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    this.mostInFlight = Math.max(this.mostInFlight, this.active);
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      // The slot passes straight to the next caller, so `active` stays as it is.
      if (next) next();
      else this.active--;
    }
  }

  /**
   * Runs `fn` after every earlier call of the same `name` has ended, whichever connection made it
   * (Google asks for one mutation at a time per user).
   */
  inTurn<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const before = this.turns.get(name) ?? Promise.resolve();
    let release!: () => void;
    this.turns.set(name, new Promise<void>((resolve) => (release = resolve)));
    // The turn passes on as soon as `fn` has ended, before its caller takes in the answer: the
    // next mutation is under way while the last one's results are decoded, not after.
    return before.then(async () => {
      try {
        return await fn();
      } finally {
        release();
      }
    });
  }
}

/** The gates of one run, by account. */
export class AccountGates {
  private readonly gates = new Map<string, AccountGate>();

  /** The gate of the account `parts` identify (app, address, credential); the parts are hashed, never kept. */
  for(parts: Array<string | undefined>, maxInFlight: number): AccountGate {
    const key = createHash('sha256')
      .update(JSON.stringify(parts.map((p) => p ?? null)))
      .digest('hex');
    let gate = this.gates.get(key);
    if (!gate) this.gates.set(key, (gate = new AccountGate(maxInFlight)));
    return gate;
  }
}
