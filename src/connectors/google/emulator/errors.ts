/**
 * The People API's error answers in the AIP-193 envelope:
 * `{"error":{"code":<http>,"message":"…","status":"<CANONICAL>","details":[…]}}` (apis.md §3.9).
 */
import type { EmulatorResponse } from '../../shared/emulator-http.js';
import { quotaMessage, WIRE, type QuotaBucket } from '../limits.js';

export interface FieldViolation {
  field: string;
  description: string;
}

export function apiError(code: number, status: string, message: string, details: unknown[] = [], headers?: Record<string, string>): EmulatorResponse {
  return { status: code, ...(headers ? { headers } : {}), body: { error: { code, message, status, ...(details.length ? { details } : {}) } } };
}

const errorInfo = (reason: string, metadata?: Record<string, string>) => ({
  '@type': WIRE.errorInfoType,
  reason,
  domain: WIRE.domain,
  ...(metadata ? { metadata } : {}),
});

export function invalidArgument(message: string, violations: FieldViolation[] = []): EmulatorResponse {
  return apiError(400, 'INVALID_ARGUMENT', message, violations.length ? [{ '@type': WIRE.badRequestType, fieldViolations: violations }] : []);
}

export const notFound = (): EmulatorResponse => apiError(404, 'NOT_FOUND', WIRE.notFoundMessage);

export const failedPrecondition = (message: string, details: unknown[] = []): EmulatorResponse =>
  apiError(400, 'FAILED_PRECONDITION', message, details);

/** [C, real logs] */
export const expiredSyncToken = (): EmulatorResponse =>
  failedPrecondition(WIRE.expiredSyncTokenMessage, [errorInfo(WIRE.expiredSyncTokenReason)]);

/** [C] The field violations are ours; they let a client tell which contacts of a batch were stale. */
export const staleEtag = (violations: FieldViolation[] = []): EmulatorResponse =>
  failedPrecondition(WIRE.staleEtagMessage, violations.length ? [{ '@type': WIRE.badRequestType, fieldViolations: violations }] : []);

/**
 * R32's storage-quota errors. ASSUMED: Google does not document what it answers past 25,000
 * contacts or 128 KB per contact (apis.md §3.9, §6). 400 FAILED_PRECONDITION is used because the
 * account, not the request, is the problem and no retry can help until the user frees space;
 * the ErrorInfo reasons are invented so that clients can tell the two limits apart.
 */
export function storageQuota(kind: 'count' | 'size', limit: number, violations: FieldViolation[] = []): EmulatorResponse {
  const message =
    kind === 'count'
      ? `Storage quota exceeded: the account already holds the maximum of ${limit} contacts (Other contacts and Trash included).`
      : `Storage quota exceeded: a contact may be at most ${limit} bytes.`;
  const details: unknown[] = [errorInfo(kind === 'count' ? WIRE.contactLimitReason : WIRE.contactSizeReason)];
  if (violations.length) details.push({ '@type': WIRE.badRequestType, fieldViolations: violations });
  return failedPrecondition(message, details);
}

/** [C, real] The per-minute quota refusal; the ErrorInfo metadata keys are as Google's current APIs send them [?]. */
export function quotaExceeded(bucket: QuotaBucket, consumer: string): EmulatorResponse {
  return apiError(429, 'RESOURCE_EXHAUSTED', quotaMessage(bucket, consumer), [
    errorInfo('RATE_LIMIT_EXCEEDED', {
      service: WIRE.domain,
      consumer,
      quota_metric: `${WIRE.domain}/${bucket === 'read' ? 'critical_read_requests' : 'critical_write_requests'}`,
      quota_limit: bucket === 'read' ? 'CriticalReadRequestsPerMinutePerUser' : 'CriticalWriteRequestsPerMinutePerUser',
    }),
  ]);
}

export const unauthenticated = (missing: boolean): EmulatorResponse =>
  apiError(401, 'UNAUTHENTICATED', WIRE.unauthenticatedMessage, missing ? [errorInfo('CREDENTIALS_MISSING')] : [], {
    'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
  });

export const unavailable = (): EmulatorResponse => apiError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
