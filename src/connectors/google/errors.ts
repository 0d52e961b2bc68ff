/**
 * Turns what the People client throws (a GaxiosError carrying the AIP-193 envelope, or a network
 * error) into the engine's ConnectorError, and decides which failures are worth retrying. Read
 * duck-typed: the client's own gaxios copy is not a direct dependency.
 */
import type { ConnectorError, FailureCategory } from '../types.js';
import { parseRetryAfter, type RetryVerdict } from '../shared/retry.js';
import { WIRE } from './limits.js';

interface ErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: { '@type'?: string; reason?: string; fieldViolations?: { field?: string; description?: string }[] }[];
}

/** What an API error says, pulled out of whatever was thrown. */
export interface ApiFailure {
  /** HTTP status, or undefined when no answer came (connection dropped, timeout). */
  http?: number;
  /** Canonical status (`FAILED_PRECONDITION`), or the system error code for network errors. */
  status: string;
  message: string;
  reasons: string[];
  /** BadRequest.fieldViolations, whose field paths (`contacts[3]`, `resource_names[7]`) name records. */
  violations: { field: string; description: string }[];
  retryAfterMs?: number;
}

export function describeFailure(error: unknown): ApiFailure {
  const e = error as { status?: number; code?: string | number; message?: string; response?: { status?: number; data?: unknown; headers?: unknown } };
  const http = e?.response?.status ?? (typeof e?.status === 'number' ? e.status : undefined);
  const body = (e?.response?.data as { error?: ErrorBody } | undefined)?.error;
  const details = Array.isArray(body?.details) ? body!.details! : [];
  const headers = e?.response?.headers as { get?: (k: string) => string | null } | Record<string, string> | undefined;
  const retryAfter =
    typeof (headers as { get?: unknown })?.get === 'function'
      ? (headers as { get: (k: string) => string | null }).get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  return {
    http,
    status: body?.status ?? (http ? `HTTP_${http}` : String(e?.code ?? 'NETWORK_ERROR')),
    message: body?.message ?? e?.message ?? String(error),
    reasons: details.map((d) => d.reason).filter((r): r is string => !!r),
    violations: details
      .flatMap((d) => d.fieldViolations ?? [])
      .map((v) => ({ field: v.field ?? '', description: v.description ?? '' }))
      .filter((v) => v.field),
    retryAfterMs: parseRetryAfter(retryAfter ?? undefined),
  };
}

export const isExpiredSyncToken = (f: ApiFailure) => f.http === 400 && f.reasons.includes(WIRE.expiredSyncTokenReason);
export const isStaleEtag = (f: ApiFailure) => f.status === 'FAILED_PRECONDITION' && f.message.startsWith('Request person.etag is different');
export const isStorageQuota = (f: ApiFailure) =>
  f.reasons.includes(WIRE.contactLimitReason) || f.reasons.includes(WIRE.contactSizeReason);
/** The account is full: nothing more can be created until the user frees space (R32). */
export const isAccountFull = (f: ApiFailure) => f.reasons.includes(WIRE.contactLimitReason);

/** A 429 is always worth another try; a 5xx or a dropped connection only when repeating is safe. */
export function retryVerdict(error: unknown, idempotent: boolean): RetryVerdict {
  const f = describeFailure(error);
  if (f.http === 429) return { retry: true, afterMs: f.retryAfterMs };
  // A 5xx may come after Google saved the contacts: only calls safe to repeat are sent again.
  if (f.http !== undefined && f.http >= 500) return idempotent ? { retry: true, afterMs: f.retryAfterMs } : { retry: false };
  if (f.http === undefined && idempotent) return { retry: true };
  return { retry: false };
}

const R32_HINT =
  'Google Contacts holds at most 25,000 contacts (Other contacts and Trash included) and 128 KB per contact (R32): empty Trash and Other contacts, delete duplicates, or shrink large contacts (long notes, many fields).';

const HINTS: Partial<Record<FailureCategory, string>> = {
  authentication: 'The Google access token was refused: reconnect the Google account to get a new token.',
  permission: 'The token lacks the contacts scope (https://www.googleapis.com/auth/contacts): reconnect and grant access to contacts.',
  'rate-limit': 'Google refused for its per-minute quota; the next run continues, or raise the People API quota in the Google Cloud console.',
  quota: R32_HINT,
  conflict: 'The contact changed in Google while it was being written; the next run re-reads it and applies the change again.',
  'not-found': 'The contact no longer exists in Google (deleted or merged); resync it (R30) or unlink it.',
  'property-value': 'Google refused a value: check the mapped field values of this contact.',
  transient: 'Google did not answer; the next run retries.',
};

function categorise(f: ApiFailure): FailureCategory {
  if (isStorageQuota(f)) return 'quota';
  if (isStaleEtag(f)) return 'conflict';
  if (f.http === undefined) return 'transient';
  if (f.http === 401) return 'authentication';
  if (f.http === 403) return 'permission';
  if (f.http === 404) return 'not-found';
  if (f.http === 409) return 'conflict';
  if (f.http === 429) return 'rate-limit';
  if (f.http >= 500) return 'transient';
  if (f.http === 400) return 'property-value';
  return 'unknown';
}

/** The engine's view of a failure (R31: a category and a hint). */
export function toConnectorError(error: unknown): ConnectorError {
  const f = describeFailure(error);
  const category = categorise(f);
  const retryable = category === 'rate-limit' || category === 'transient' || (category === 'conflict' && f.http === 409);
  const code = f.reasons.find((r) => r !== 'RATE_LIMIT_EXCEEDED') ?? f.status;
  return { code, category, message: f.message, retryable, hint: HINTS[category] };
}

/** A ConnectorError made from scratch (for problems found before any call). */
export function connectorError(category: FailureCategory, code: string, message: string, retryable = false): ConnectorError {
  return { code, category, message, retryable, hint: HINTS[category] };
}

/** The error of one item of a batch answer (PersonResponse.status, a google.rpc.Status). */
export function fromRpcStatus(http: number, status: { message?: string | null; details?: unknown[] | null } | undefined): ConnectorError {
  const body = { code: http, message: status?.message ?? 'Google returned no person', details: status?.details ?? [] };
  return toConnectorError({ response: { status: http, data: { error: body } } });
}
