/**
 * The incremental-read cursor (opaque JSON for the engine):
 *   { v: 1, object, since, lastId, seen: { "<SystemModstamp ms>": [ids…] }, checked }
 *
 * - `since` is the newest SystemModstamp a complete read saw, or, when nothing newer changed, the
 *   read's start less the overlap, both on the org's own clock (app-clock.ts), so a client clock
 *   that runs ahead of or behind the org's (clock skew) never moves it past changes the org has
 *   yet to stamp. It never moves backwards.
 * - The next read asks for `SystemModstamp >= since - overlap`, so records committed late with an
 *   earlier stamp are not missed; `seen` lists what was delivered inside the overlap below `since`,
 *   and `lastId` the greatest id delivered at exactly `since`, so neither is delivered twice. A bulk
 *   load that stamps thousands of records alike costs one id, not thousands.
 * - `checked` is when (client clock) the last complete read started: deletions older than the
 *   recycle bin keeps are purged, so a cursor not checked for that long is not used (full read).
 */
import { CURSOR_SEEN_MAX, RECYCLE_BIN_RETENTION_MS, RECYCLE_BIN_SAFETY_MS } from './limits.js';

interface CursorJson {
  v: 1;
  object: string;
  since: string;
  lastId?: string;
  seen: Record<string, string[]>;
  checked?: string;
}

export interface Cursor {
  since: number;
  lastId?: string;
  /** id → SystemModstamp (ms) of records already delivered at or after `since - overlap`. */
  seen: Map<string, number>;
}

export type CursorVerdict = { cursor: Cursor } | { cursor: undefined; reason?: 'expired' };

/**
 * The cursor, or why it cannot be used for an incremental read: unreadable or for another object
 * (no reason), or not checked within the recycle bin's retention ('expired': a deletion could
 * have been purged unseen).
 */
export function parseCursor(raw: string | null | undefined, object: string, now: number): CursorVerdict {
  if (!raw) return { cursor: undefined };
  let json: CursorJson;
  try {
    json = JSON.parse(raw) as CursorJson;
  } catch {
    return { cursor: undefined };
  }
  const since = Date.parse(json?.since);
  if (json?.v !== 1 || json.object?.toLowerCase() !== object.toLowerCase() || Number.isNaN(since)) return { cursor: undefined };
  const checked = json.checked ? Date.parse(json.checked) : since;
  if (Number.isNaN(checked) || now - checked > RECYCLE_BIN_RETENTION_MS - RECYCLE_BIN_SAFETY_MS) return { cursor: undefined, reason: 'expired' };
  const seen = new Map<string, number>();
  for (const [stamp, ids] of Object.entries(json.seen ?? {})) for (const id of ids) seen.set(id, Number(stamp));
  return { cursor: { since, seen, ...(json.lastId ? { lastId: json.lastId } : {}) } };
}

/** Collects what a read saw and builds the next cursor from it. */
export class CursorBuilder {
  private readonly observed = new Map<string, number>();
  private maxStamp = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly previous: Cursor | undefined,
    /** When the read started (client clock), for the retention check only. */
    private readonly startedAt: number,
  ) {}

  /** True when the previous read already delivered this record at this stamp. */
  alreadySeen(id: string, stamp: number): boolean {
    const p = this.previous;
    if (!p) return false;
    // Assumption: records sharing one stamp were committed together, so every one at `since` up to
    // `lastId` was delivered; one committed later at that very millisecond is taken as seen.
    if (stamp === p.since && p.lastId !== undefined) return id <= p.lastId;
    return p.seen.get(id) === stamp;
  }

  observe(id: string, stamp: number): void {
    this.observed.set(id, stamp);
    if (stamp > this.maxStamp) this.maxStamp = stamp;
  }

  /**
   * `orgStartedAt` is when the read started on the org's clock, when known. Anything the org
   * stamped an overlap (and a second) before that was visible to this read, so `since` settles up
   * to there even when nothing changed; otherwise every later run would re-read the last burst of
   * changes inside the overlap.
   */
  build(object: string, overlapMs: number, orgStartedAt?: number): string {
    const previous = this.previous?.since ?? 0;
    const settled = this.previous && orgStartedAt !== undefined ? orgStartedAt - overlapMs - 1000 : Number.NEGATIVE_INFINITY;
    const since = Math.max(this.observed.size ? this.maxStamp : previous, previous, settled);
    let lastId = since === previous ? this.previous?.lastId : undefined;
    for (const [id, stamp] of this.observed) if (stamp === since && (lastId === undefined || id > lastId)) lastId = id;
    const floor = since - overlapMs;
    const recent = [...this.observed]
      .filter(([, stamp]) => stamp >= floor && stamp < since)
      .sort((a, b) => b[1] - a[1])
      .slice(0, CURSOR_SEEN_MAX);
    const seen: Record<string, string[]> = {};
    for (const [id, stamp] of recent) (seen[String(stamp)] ??= []).push(id);
    const json: CursorJson = {
      v: 1,
      object,
      since: new Date(since).toISOString(),
      ...(lastId ? { lastId } : {}),
      seen,
      checked: new Date(this.startedAt).toISOString(),
    };
    return JSON.stringify(json);
  }
}
