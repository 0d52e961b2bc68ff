/**
 * The incremental cursor, stored by the engine as an opaque string: the newest last-modified time
 * and the newest archive time seen so far, in epoch milliseconds. Reads subtract the lookback from
 * both, so a change landing in the same millisecond as the cursor (or indexed late) is not missed.
 */
export interface HubSpotCursor {
  v: 1;
  /** Newest lastmodifieddate / hs_lastmodifieddate seen. */
  modified: number;
  /** Newest archivedAt seen. */
  archived: number;
}

export function encodeCursor(cursor: Omit<HubSpotCursor, 'v'>): string {
  return JSON.stringify({ v: 1, modified: cursor.modified, archived: cursor.archived });
}

/** The cursor, or undefined when it is missing or not one of ours (then a full read is due). */
export function decodeCursor(raw: string | null | undefined): HubSpotCursor | undefined {
  if (!raw) return undefined;
  try {
    const c = JSON.parse(raw) as Partial<HubSpotCursor>;
    return c.v === 1 && Number.isFinite(c.modified) && Number.isFinite(c.archived) ? (c as HubSpotCursor) : undefined;
  } catch {
    return undefined;
  }
}
