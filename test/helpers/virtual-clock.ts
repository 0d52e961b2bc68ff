/**
 * A virtual clock for rate-limit tests: a client-side limiter and an emulator's rate gate read the
 * same time, and time moves on only when the test says every call in flight has reached the
 * emulator. Each call then arrives at the instant the limiter let it go, whatever the machine's
 * load, so the emulator's window accounting judges exactly the limiter's schedule.
 */
import type { LimiterClock } from '../../src/connectors/shared/limiter.js';

export class VirtualClock implements LimiterClock {
  private time: number;
  private readonly sleepers: { at: number; wake: () => void }[] = [];

  constructor(start = Date.parse('2026-01-05T09:00:00Z')) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleepers.push({ at: this.time + ms, wake }));
  }

  /** Moves time on by `ms`, waking every sleeper due by then. */
  advance(ms: number): void {
    this.moveTo(this.time + ms);
  }

  /**
   * Awaits `work`, moving time to the next sleeper's instant whenever `settled()` says no call is
   * between the limiter and the emulator.
   */
  async drive<T>(work: Promise<T>, settled: () => boolean): Promise<T> {
    let done = false;
    const out = work.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((r) => setTimeout(r, 1));
      if (this.sleepers.length && settled()) this.moveTo(Math.min(...this.sleepers.map((s) => s.at)));
    }
    return out;
  }

  private moveTo(time: number): void {
    this.time = Math.max(this.time, time);
    const due = this.sleepers.filter((s) => s.at <= this.time);
    for (const s of due) this.sleepers.splice(this.sleepers.indexOf(s), 1);
    for (const s of due) s.wake();
  }
}
