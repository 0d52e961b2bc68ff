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

export const failedPrecondition = (message: string, details: unknown[] = []): EmulatorResponse => apiError(400, 'FAILED_PRECONDITION', message, details);

/** [C, real logs] */
export const expiredSyncToken = (): EmulatorResponse => failedPrecondition(WIRE.expiredSyncTokenMessage, [errorInfo(WIRE.expiredSyncTokenReason)]);

/** [C] A batch names its stale contacts in its error details (batchRefusal). */
export const staleEtag = (): EmulatorResponse => failedPrecondition(WIRE.staleEtagMessage);

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

/**
 * A token that holds none of the scopes the method accepts. [C, real responses of Google's gRPC
 * APIs] 403 PERMISSION_DENIED, an ErrorInfo with reason ACCESS_TOKEN_SCOPE_INSUFFICIENT naming the
 * service and RPC, and a WWW-Authenticate header listing the scopes the method accepts.
 * Assumption: the RPC names in the metadata follow the reference's anchors (PeopleService.…).
 */
export const insufficientScope = (rpc: string, scopes: readonly string[]): EmulatorResponse =>
  apiError(
    403,
    'PERMISSION_DENIED',
    WIRE.scopeMessage,
    [
      {
        '@type': WIRE.errorInfoType,
        reason: WIRE.scopeReason,
        domain: WIRE.scopeDomain,
        metadata: { service: WIRE.domain, method: `google.people.v1.${rpc}` },
      },
    ],
    { 'www-authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${scopes.join(' ')}"` },
  );

/** A google.rpc.Status as proto3 JSON (code 0 and empty fields left out). */
export interface RpcStatus {
  code?: number;
  message?: string;
  details?: unknown[];
}

/** The canonical code of an HTTP refusal, for a per-contact Status. */
const RPC_CODE: Record<string, number> = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9 };

/** One contact's refusal (an apiError answer) as the Status a batch's error details carry. */
export function toRpcStatus(refusal: EmulatorResponse): RpcStatus {
  const e = (refusal.body as { error: { status: string; message: string; details?: unknown[] } }).error;
  return { code: RPC_CODE[e.status] ?? 2, message: e.message, ...(e.details?.length ? { details: e.details } : {}) };
}

const STATUS_NAME: Record<number, string> = Object.fromEntries(Object.entries(RPC_CODE).map(([k, v]) => [v, k]));

/**
 * A refused batch: 400 with BatchCreateContactsErrorDetails / BatchUpdateContactsErrorDetails
 * (`contactErrors`: request index, or resource name, to that contact's Status) [D]. Contacts not
 * named would have succeeded. Assumption: the envelope's status is the contacts' shared code
 * (FAILED_PRECONDITION when every one is a stale etag), else INVALID_ARGUMENT, and its message is
 * the first contact's.
 */
export function batchRefusal(kind: 'create' | 'update', contactErrors: Record<string, RpcStatus>): EmulatorResponse {
  const statuses = Object.values(contactErrors);
  const codes = new Set(statuses.map((s) => s.code));
  const status = codes.size === 1 ? (STATUS_NAME[statuses[0]!.code ?? 3] ?? 'INVALID_ARGUMENT') : 'INVALID_ARGUMENT';
  const type = kind === 'create' ? WIRE.batchCreateErrorsType : WIRE.batchUpdateErrorsType;
  return apiError(400, status, statuses[0]?.message ?? 'Request contains an invalid argument.', [{ '@type': type, contactErrors }]);
}

/**
 * Two mutations for one user at once. Google only says mutate requests "should be sent
 * sequentially to avoid increased latency and failures" [D]. Assumption: the later one is refused
 * with 409 ABORTED, AIP-193's code for a concurrency conflict.
 */
export const concurrentMutation = (): EmulatorResponse =>
  apiError(409, 'ABORTED', 'The operation was aborted: another mutate request for this user is in progress. Send mutate requests sequentially.', [
    errorInfo('CONCURRENT_MUTATION'),
  ]);

/**
 * The fixed quota on first pages of full syncs [D: "If the quota is exceeded, a 429 error will be
 * returned"]. Assumption: the body has the per-minute quota's shape with a metric of its own.
 */
export function fullSyncQuotaExceeded(consumer: string): EmulatorResponse {
  const metric = 'Full sync requests';
  return apiError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric '${metric}' and limit '${metric} per minute per user' of service '${WIRE.domain}' for consumer '${consumer}'.`,
    [
      errorInfo('RATE_LIMIT_EXCEEDED', {
        service: WIRE.domain,
        consumer,
        quota_metric: `${WIRE.domain}/full_sync_requests`,
        quota_limit: 'FullSyncRequestsPerMinutePerUser',
      }),
    ],
  );
}

export const unavailable = (): EmulatorResponse => apiError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
