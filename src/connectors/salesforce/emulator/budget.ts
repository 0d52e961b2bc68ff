/**
 * The org's daily API allowance: a rolling 24-hour count of REST requests (R33). Every REST
 * response reports it in `Sforce-Limit-Info: api-usage=N/M`; once it is spent the app answers
 * 403 REQUEST_LIMIT_EXCEEDED until old calls age out of the window.
 */
const MINUTE = 60_000;
const WINDOW_MINUTES = 24 * 60;

export class ApiBudget {
  /** Calls per minute bucket. */
  private readonly buckets = new Map<number, number>();

  constructor(
    public limit: number,
    private readonly now: () => number,
  ) {}

  used(): number {
    const current = Math.floor(this.now() / MINUTE);
    let total = 0;
    for (const [minute, count] of this.buckets) {
      if (minute <= current - WINDOW_MINUTES) this.buckets.delete(minute);
      else total += count;
    }
    return total;
  }

  /** Counts one call, or returns false when the allowance is spent. */
  take(): boolean {
    if (this.used() >= this.limit) return false;
    const minute = Math.floor(this.now() / MINUTE);
    this.buckets.set(minute, (this.buckets.get(minute) ?? 0) + 1);
    return true;
  }

  /** Sets the usage as if `used` calls had just been made (tests, persistence). */
  set(used: number): void {
    this.buckets.clear();
    if (used > 0) this.buckets.set(Math.floor(this.now() / MINUTE), used);
  }

  header(): string {
    return `api-usage=${this.used()}/${this.limit}`;
  }
}
