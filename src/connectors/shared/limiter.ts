/**
 * A client-side rate limiter per connection: at most `max` calls in any rolling `windowMs`, so the
 * engine slows down before the app has to refuse (HubSpot's ten-second window, Google's per-minute
 * quota). Calls queue in order; nothing is dropped.
 */
export interface LimiterOptions {
  max: number;
  windowMs: number;
}

/** Where a limiter reads the time and waits: the system clock, or a test's virtual one. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export class RollingLimiter {
  private readonly stamps: number[] = [];
  private chain: Promise<void> = Promise.resolve();
  /** No call leaves before this time (the app asked to wait). */
  private pausedUntil = 0;
  /** Calls that had to wait for the window (tests and stats count them). */
  waits = 0;

  constructor(
    private options: LimiterOptions,
    private readonly clock: LimiterClock = SYSTEM_CLOCK,
  ) {}

  get limit(): LimiterOptions {
    return { ...this.options };
  }

  /** Changes the budget from the next call on (the app said what it allows). */
  adjust(options: LimiterOptions): void {
    this.options = { ...options };
  }

  /**
   * Holds every call for `ms` from now: the app refused one (a 429 with its wait), and the calls
   * queued behind it would only be refused too. Returns how much later calls may now leave (0 when
   * an earlier pause already covered it), so concurrent refusals are not counted twice.
   */
  pause(ms: number): number {
    const now = this.clock.now();
    const until = Math.max(this.pausedUntil, now + ms);
    const added = until - Math.max(this.pausedUntil, now);
    this.pausedUntil = until;
    return added;
  }

  /**
   * Resolves when one more call fits in the window, and counts it, with the time the limiter slept
   * for this call (ms; 0 when it fitted at once). Calls reserve one after the other, so these never
   * overlap: their sum is the time the limiter held the calls back.
   */
  take(): Promise<number> {
    const next = this.chain.then(() => this.reserve());
    this.chain = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Runs `fn` once the window allows it. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.take();
    return fn();
  }

  private async reserve(): Promise<number> {
    const start = this.clock.now();
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        this.waits++;
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      while (this.stamps.length && this.stamps[0]! <= now - this.options.windowMs) this.stamps.shift();
      if (this.stamps.length < this.options.max) {
        this.stamps.push(now);
        return now - start;
      }
      const wait = this.stamps[0]! + this.options.windowMs - now;
      this.waits++;
      await this.clock.sleep(Math.max(1, wait));
    }
  }
}
