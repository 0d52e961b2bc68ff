/**
 * The bulk calls (list pages, batch create and update) sent through the SDK's own `apiRequest` (its
 * auth, base path and fetch), their answers kept as the JSON HubSpot sent. The generated methods
 * turn every record of a page or batch into model class instances (each property copied, each
 * date parsed) and every batch body back through the same serializer, only for the connector to
 * read `id` and `properties` out again: at 100,000 records per side that was a tenth of an initial
 * sync's CPU. A failure is thrown shaped as the SDK's ApiException (status, parsed body, headers),
 * so errors.ts and the retry policy treat it as they treat any call's.
 */
import type { Client } from '@hubspot/api-client';
import type { WireRecord } from './codec.js';

/** How many calls went through this path, for tests that check the bulk calls use it. */
export const plainCalls = { count: 0 };

/**
 * Who sends a plain call: the SDK client, and who hears every answer's headers (HubSpot's
 * X-HubSpot-RateLimit-* on a success; the generated methods never show them).
 */
export interface PlainClient {
  sdk: Client;
  heard(headers: Record<string, string>): void;
}

/** Sends one request and returns its JSON body; a status outside 2xx throws like the SDK. */
export async function plainJson<T>(client: PlainClient, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  plainCalls.count++;
  const res = await client.sdk.apiRequest({ method, path, ...(body === undefined ? {} : { body }) });
  if (res.ok) client.heard(Object.fromEntries(res.headers.entries()));
  // A body cut off mid-way throws node-fetch's invalid-json error: a network failure (errors.ts).
  const parsed = (await res.json().catch((error: unknown) => (res.ok ? Promise.reject(error) : undefined))) as T;
  if (!res.ok) {
    const message = (parsed as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`;
    throw Object.assign(new Error(message), { code: res.status, body: parsed, headers: Object.fromEntries(res.headers.entries()) });
  }
  return parsed;
}

/** A page of GET /crm/v3/objects/{object}, as HubSpot sends it. */
export interface PlainPage {
  results: WireRecord[];
  paging?: { next?: { after: string } };
}

/** One page of the object's listing (never archived records), with these properties. */
export function listPage(client: PlainClient, path: string, limit: number, after: string | undefined, properties: string[]): Promise<PlainPage> {
  const query = new URLSearchParams({ limit: String(limit), archived: 'false' });
  if (after !== undefined) query.set('after', after);
  // Comma-separated: one parameter however many properties (HubSpot takes both forms).
  query.set('properties', properties.join(','));
  return plainJson<PlainPage>(client, 'GET', `/crm/v3/objects/${encodeURIComponent(path)}?${query}`);
}
