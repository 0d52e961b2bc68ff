/**
 * The org's clock as seen from here: every HTTP response carries a `Date` header (RFC 9110 §6.6.1)
 * in the server's time, read through Node's documented `http.client.response.finish` diagnostics
 * channel (jsforce sends through node-fetch over node:http, and exposes no response headers).
 * Incremental cursors use it to settle on the org's clock, so a client clock ahead of or behind the
 * org's never moves a cursor past changes the org has yet to stamp.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

/** The Date header has whole seconds: the org's time is known to within this much (and latency). */
export const DATE_HEADER_RESOLUTION_MS = 1000;

/** origin → (org clock − client clock) in ms, from the latest response of that origin. */
const offsets = new Map<string, number>();

subscribe('http.client.response.finish', (message) => {
  const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
  const date = Date.parse(String(response.headers.date ?? ''));
  const host = request.getHeader('host');
  if (Number.isNaN(date) || !host) return;
  offsets.set(`${request.protocol}//${String(host)}`.toLowerCase(), date - Date.now());
});

/** How far the org's clock is ahead of ours (negative: behind), or undefined before any answer. */
export function clockOffset(instanceUrl: string | undefined): number | undefined {
  if (!instanceUrl) return undefined;
  try {
    return offsets.get(new URL(instanceUrl).origin.toLowerCase());
  } catch {
    return undefined;
  }
}
