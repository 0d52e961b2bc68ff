/**
 * The incremental-read cursor (opaque JSON for the engine):
 *   { v: 1, object, since: ISO time, seen: { "<SystemModstamp ms>": [ids…] } }
 * The next read asks for `SystemModstamp >= since - overlap`, so records sharing the boundary
 * stamp or committed late with an earlier stamp are never missed; `seen` lists what was already
 * delivered inside that overlap, so those are not delivered twice.
 */
import { CURSOR_SEEN_MAX, RECYCLE_BIN_RETENTION_MS } from './limits.js';

interface CursorJson {
  v: 1;
  object: string;
  since: string;
  seen: Record<string, string[]>;
}

export interface Cursor {
  since: number;
  /** id → SystemModstamp (ms) of records already delivered at or after `since - overlap`. */
  seen: Map<string, number>;
}

/**
 * The cursor, or undefined when it cannot be used for an incremental read: unreadable, for another
 * object, or older than the recycle bin keeps deletions (a deletion could have been purged unseen).
 */
export function parseCursor(raw: string | null | undefined, object: string, now: number): Cursor | undefined {
  if (!raw) return undefined;
  let json: CursorJson;
  try {
    json = JSON.parse(raw) as CursorJson;
  } catch {
    return undefined;
  }
  const since = Date.parse(json?.since);
  if (json?.v !== 1 || json.object?.toLowerCase() !== object.toLowerCase() || Number.isNaN(since)) return undefined;
  if (now - since > RECYCLE_BIN_RETENTION_MS) return undefined;
  const seen = new Map<string, number>();
  for (const [stamp, ids] of Object.entries(json.seen ?? {})) for (const id of ids) seen.set(id, Number(stamp));
  return { since, seen };
}

/** Collects what a read saw and builds the next cursor from it. */
export class CursorBuilder {
  private readonly observed = new Map<string, number>();
  private maxStamp = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly previous: Cursor | undefined,
    /** When the read started (client clock): a record changed while paging may be on an earlier page. */
    private readonly startedAt: number,
  ) {}

  /** True when the previous read already delivered this record at this stamp. */
  alreadySeen(id: string, stamp: number): boolean {
    return this.previous?.seen.get(id) === stamp;
  }

  observe(id: string, stamp: number): void {
    this.observed.set(id, stamp);
    if (stamp > this.maxStamp) this.maxStamp = stamp;
  }

  build(object: string, overlapMs: number): string {
    // How far this read is known complete: the newest stamp it saw, but never past its own start (a
    // record changed while paging may sit on a page already read). With nothing seen, a first read
    // is complete up to its start and a later one keeps the previous point. Never move backwards.
    const reached = this.observed.size ? Math.min(this.maxStamp, this.startedAt) : (this.previous?.since ?? this.startedAt);
    // Anything stamped an overlap (and a second) before this read started was visible to it, so
    // the point moves up to there even when nothing changed; otherwise every later run would
    // re-read the last burst of changes inside the overlap.
    const settled = this.startedAt - overlapMs - 1000;
    const since = Math.max(reached, this.previous?.since ?? reached, this.previous ? settled : reached);
    const floor = since - overlapMs;
    const recent = [...this.observed].filter(([, stamp]) => stamp >= floor).sort((a, b) => b[1] - a[1]).slice(0, CURSOR_SEEN_MAX);
    const seen: Record<string, string[]> = {};
    for (const [id, stamp] of recent) (seen[String(stamp)] ??= []).push(id);
    const json: CursorJson = { v: 1, object, since: new Date(since).toISOString(), seen };
    return JSON.stringify(json);
  }
}
