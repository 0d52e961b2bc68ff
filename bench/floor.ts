/**
 * The floor of an initial sync against rate-limited, latent apps: the shortest wall time any engine
 * could reach, given only the calls each app needs, their time to answer, the concurrency each
 * allows and its rate limits. The engine's own CPU counts against it (it is not in the floor).
 *
 * The schedule it assumes, app by app:
 * - one call to check the account (its tier gives the limits to keep to), then the full read: a
 *   chain of pages, each page's cursor coming with the page before (`readCalls`, the first of which
 *   may be a describe). Both apps read side by side.
 * - the writes start once every app has been read (a record can only be created once the other
 *   app's read shows it has no partner there, R24), as many at once as the app allows, each call
 *   taking one answer time, and no call made before the app's rolling windows let it through, the
 *   reads' calls counted in the same windows. Google's mutations run one at a time (concurrency 1).
 * The floor is when the last app's last write answers.
 */
export interface FloorWindow {
  max: number;
  ms: number;
  /** Whether reads (the check and the pages) count in this window; writes always do. */
  reads: boolean;
}

export interface FloorApp {
  name: string;
  /** Calls in the read chain (describe and pages), one after the other. */
  readCalls: number;
  /** Write calls (batches of the app's largest size). */
  writeCalls: number;
  /** Requests the app allows at once for writes. */
  concurrency: number;
  /** Mean time to answer one read call (the check and the pages), and one write, ms. */
  readMs: number;
  writeMs: number;
  windows: FloorWindow[];
}

export interface Floor {
  ms: number;
  /** Per app: when its read ends, when its writes could start and end (ms from the start). */
  parts: Record<string, { readEnd: number; writeStart: number; writeEnd: number; calls: number }>;
}

/** The earliest start at or after `at` that keeps every window's count of `starts` under its max. */
function allowedAt(at: number, starts: Array<{ at: number; read: boolean }>, windows: FloorWindow[]): number {
  let t = at;
  for (let moved = true; moved; ) {
    moved = false;
    for (const w of windows) {
      const counted = starts.filter((s) => (w.reads || !s.read) && s.at > t - w.ms).map((s) => s.at);
      if (counted.length < w.max) continue;
      // The window frees a place when its oldest counted call leaves it.
      const next = counted.sort((a, b) => a - b)[counted.length - w.max]! + w.ms;
      if (next > t) (t = next), (moved = true);
    }
  }
  return t;
}

export function floorOf(apps: FloorApp[]): Floor {
  const starts = new Map(apps.map((a) => [a.name, [] as Array<{ at: number; read: boolean }>]));
  const readEnds = new Map<string, number>();
  for (const app of apps) {
    const mine = starts.get(app.name)!;
    let t = 0;
    // The account check, then the chain of pages.
    for (let i = 0; i < 1 + app.readCalls; i++) {
      t = allowedAt(t, mine, app.windows);
      mine.push({ at: t, read: true });
      t += app.readMs;
    }
    readEnds.set(app.name, t);
  }
  const writeStart = Math.max(...readEnds.values());
  const parts: Floor['parts'] = {};
  for (const app of apps) {
    const mine = starts.get(app.name)!;
    // Slots free at these times; each write takes the earliest slot the windows allow.
    const free = Array.from({ length: Math.max(1, app.concurrency) }, () => writeStart);
    let end = writeStart;
    for (let i = 0; i < app.writeCalls; i++) {
      free.sort((a, b) => a - b);
      const at = allowedAt(free[0]!, mine, app.windows);
      mine.push({ at, read: false });
      free[0] = at + app.writeMs;
      end = Math.max(end, free[0]);
    }
    parts[app.name] = { readEnd: readEnds.get(app.name)!, writeStart, writeEnd: end, calls: mine.length };
  }
  return { ms: Math.max(...Object.values(parts).map((p) => p.writeEnd)), parts };
}
