/** Retries and rate-limit waits, said as they happen on stderr, so a 429 storm does not look like a hang. */
import { println, type CliIO } from './io.js';

/** The HTTP status of a client's error, whichever client threw it. */
function statusOf(error: unknown): number | undefined {
  const e = error as
    | { code?: unknown; status?: unknown; statusCode?: unknown; response?: { status?: unknown; statusCode?: unknown }; error?: { status?: unknown } }
    | undefined;
  for (const v of [e?.code, e?.status, e?.statusCode, e?.response?.status, e?.response?.statusCode, e?.error?.status]) if (typeof v === 'number') return v;
  return undefined;
}

export function retryNotice(connection: string, attempt: number, waitMs: number, error: unknown): string {
  const status = statusOf(error);
  const why = status === 429 ? 'rate limit (429)' : status ? `temporary error (${status})` : 'temporary error';
  const wait = waitMs >= 1000 ? `${Math.round(waitMs / 100) / 10} s` : `${waitMs} ms`;
  return `${connection}: ${why}: waiting ${wait} before retry ${attempt}`;
}

export const retryReporter = (io: CliIO) => (connection: string, attempt: number, waitMs: number, error: unknown) =>
  void println(io.stderr, retryNotice(connection, attempt, waitMs, error));
