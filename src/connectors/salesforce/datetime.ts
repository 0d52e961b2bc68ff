/**
 * Salesforce's wire format for datetimes is `2024-01-02T03:04:05.678+0000` (apis.md §2.3); the
 * engine wants ISO 8601 UTC with `Z`. Dates stay `YYYY-MM-DD`.
 */
const SF_DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds since the epoch as `YYYY-MM-DDTHH:mm:ss.SSS+0000`. */
export function formatSfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Parses any Salesforce or ISO datetime (`Z`, `+0000`, `+00:00`); NaN when it is not one. */
export function parseSfDateTime(value: string): number {
  const m = SF_DATETIME.exec(value);
  if (!m) return Number.NaN;
  let zone = m[2]!;
  if (zone !== 'Z' && zone.length === 5) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return Date.parse(m[1]! + zone);
}

/** A Salesforce datetime as ISO 8601 UTC (`…Z`), or the value unchanged when it is not one. */
export function sfDateTimeToIso(value: string): string {
  const ms = parseSfDateTime(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}
