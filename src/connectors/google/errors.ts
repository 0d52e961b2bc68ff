/**
 * Turns what the People client throws (a GaxiosError carrying the AIP-193 envelope, or a network
 * error) into the engine's ConnectorError, and decides which failures are worth retrying. Read
 * duck-typed: the client's own gaxios copy is not a direct dependency.
 */
import { NO_ANSWER, type ConnectorError, type FailureCategory } from '../types.js';
import { parseRetryAfter, type RetryVerdict } from '../shared/retry.js';
import { REQUIRED_SCOPES, WIRE } from './limits.js';

/** A google.rpc.Status: an item of a batch answer, or one contact's entry in a batch's error details. */
export interface RpcStatus {
  code?: number | null;
  message?: string | null;
  details?: unknown[] | null;
}

interface Detail {
  '@type'?: string;
  reason?: string;
  fieldViolations?: { field?: string; description?: string }[];
  /** BatchCreateContactsErrorDetails (by request index) / BatchUpdateContactsErrorDetails (by resource name). */
  contactErrors?: Record<string, RpcStatus>;
}

interface ErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: Detail[];
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
  /** A refused batch's contacts, each with its own Status, keyed as Google keys them. */
  contactErrors: Record<string, RpcStatus>;
  /** The scopes the refused method accepts (WWW-Authenticate on a 403 for a missing scope). */
  scopes: string[];
  retryAfterMs?: number;
}

const header = (headers: unknown, name: string): string | undefined => {
  const h = headers as { get?: (k: string) => string | null } | Record<string, string> | undefined;
  const v = typeof h?.get === 'function' ? h.get(name) : (h as Record<string, string> | undefined)?.[name];
  return v ?? undefined;
};

export function describeFailure(error: unknown): ApiFailure {
  const e = error as { status?: number; code?: string | number; message?: string; response?: { status?: number; data?: unknown; headers?: unknown } };
  const http = e?.response?.status ?? (typeof e?.status === 'number' ? e.status : undefined);
  const body = (e?.response?.data as { error?: ErrorBody } | undefined)?.error;
  const details = Array.isArray(body?.details) ? body!.details! : [];
  const headers = e?.response?.headers;
  const scope = /scope="([^"]*)"/.exec(header(headers, 'www-authenticate') ?? '')?.[1];
  return {
    http,
    status: body?.status ?? (http ? `HTTP_${http}` : String(e?.code ?? 'NETWORK_ERROR')),
    message: body?.message ?? e?.message ?? String(error),
    reasons: details.map((d) => d.reason).filter((r): r is string => !!r),
    violations: details
      .flatMap((d) => d.fieldViolations ?? [])
      .map((v) => ({ field: v.field ?? '', description: v.description ?? '' }))
      .filter((v) => v.field),
    contactErrors: Object.assign({}, ...details.map((d) => d.contactErrors ?? {})) as Record<string, RpcStatus>,
    scopes: scope ? scope.split(/\s+/).filter(Boolean) : [],
    retryAfterMs: parseRetryAfter(header(headers, 'retry-after')),
  };
}

/** One contact's Status says its etag is stale (FAILED_PRECONDITION naming the etag). */
export const isStaleStatus = (s: RpcStatus | undefined) => s?.code === 9 && /etag/i.test(s.message ?? '');
export const isMissingScope = (f: ApiFailure) => f.http === 403 && f.reasons.includes(WIRE.scopeReason);
export const isExpiredSyncToken = (f: ApiFailure) => f.http === 400 && f.reasons.includes(WIRE.expiredSyncTokenReason);
export const isStaleEtag = (f: ApiFailure) => f.status === 'FAILED_PRECONDITION' && /etag/i.test(f.message);
export const isStorageQuota = (f: ApiFailure) => f.reasons.includes(WIRE.contactLimitReason) || f.reasons.includes(WIRE.contactSizeReason);
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
  permission: `The token lacks a scope crmsync needs: reconnect the Google account granting ${REQUIRED_SCOPES.map((s) => `${s.scope} to ${s.why}`).join(' and ')}.`,
  'rate-limit': 'Google refused for its per-minute quota; the next run continues, or raise the People API quota in the Google Cloud console.',
  quota: R32_HINT,
  conflict: 'The contact changed in Google while it was being written; the next run re-reads it and applies the change again.',
  'not-found': 'The contact no longer exists in Google (deleted or merged); resync it (R30) or unlink it.',
  'property-value': 'Google refused a value: check the mapped field values of this contact.',
  network: 'The connection to Google failed or its answer was cut off; the next run retries.',
  timeout: 'Google did not answer in time; the next run retries.',
  'server-error': 'Google answered with a server error; the next run retries.',
};

function categorise(f: ApiFailure): FailureCategory {
  if (isStorageQuota(f)) return 'quota';
  if (isStaleEtag(f)) return 'conflict';
  if (f.http === undefined) return /timeout|timed out|ETIMEDOUT|abort/i.test(`${f.status} ${f.message}`) ? 'timeout' : 'network';
  if (f.http === 401) return 'authentication';
  if (f.http === 403) return 'permission';
  if (f.http === 404) return 'not-found';
  if (f.http === 409) return 'conflict';
  if (f.http === 429) return 'rate-limit';
  if (f.http >= 500) return 'server-error';
  if (f.http === 400) return 'property-value';
  return 'unknown';
}

/** The engine's view of a failure (R31: a category and a hint). */
export function toConnectorError(error: unknown): ConnectorError {
  const f = describeFailure(error);
  const category = categorise(f);
  const retryable = category === 'rate-limit' || NO_ANSWER.has(category) || (category === 'conflict' && f.http === 409);
  const code = f.reasons.find((r) => r !== 'RATE_LIMIT_EXCEEDED') ?? f.status;
  // Name the scope that is missing: the refused method lists the ones it accepts.
  const message =
    isMissingScope(f) && f.scopes.length ? `The Google access token lacks the OAuth scope ${f.scopes.join(' or ')} (Google: ${f.message})` : f.message;
  return { code, category, message, retryable, hint: HINTS[category] };
}

/** A ConnectorError made from scratch (for problems found before any call). */
export function connectorError(category: FailureCategory, code: string, message: string, retryable = false): ConnectorError {
  return { code, category, message, retryable, hint: HINTS[category] };
}

// google.rpc.Code → the HTTP status Google maps it to (AIP-193).
const HTTP_OF_CODE: Record<number, number> = {
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};
const STATUS_OF_CODE: Record<number, string> = {
  3: 'INVALID_ARGUMENT',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
};

/**
 * The error a google.rpc.Status stands for: a batch item's PersonResponse.status, or one contact's
 * entry in a refused batch's error details. No status at all means no answer for the item.
 */
export function fromRpcStatus(status: RpcStatus | null | undefined): ConnectorError {
  const code = status?.code ?? 2;
  const body = {
    code: HTTP_OF_CODE[code] ?? 500,
    status: STATUS_OF_CODE[code],
    message: status?.message ?? 'Google returned no person',
    details: status?.details ?? [],
  };
  return toConnectorError({ response: { status: body.code, data: { error: body } } });
}

/** Whether a PersonResponse succeeded: a person and an OK status (code 0 is left out of the JSON). */
export const personOk = (r: { person?: unknown; status?: RpcStatus | null } | undefined): boolean => !!r?.person && !r.status?.code;
