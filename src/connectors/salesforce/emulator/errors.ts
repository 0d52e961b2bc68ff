/**
 * Salesforce's error shapes: REST calls answer `[{message, errorCode, fields}]` with a 4xx status;
 * sObject Collections answer 200 with per-record `{success:false, errors:[{statusCode, message,
 * fields}]}` (apis.md §2.4, §2.5).
 */
import type { EmulatorResponse } from '../../shared/emulator-http.js';

export interface SfError {
  statusCode: string;
  message: string;
  fields: string[];
  /** Extra keys some errors carry (duplicateResult on DUPLICATES_DETECTED). */
  extra?: Record<string, unknown>;
}

export const sfError = (statusCode: string, message: string, fields: string[] = [], extra?: Record<string, unknown>): SfError => ({
  statusCode,
  message,
  fields,
  extra,
});

/** A REST error response: HTTP status and a JSON array of errors. */
export function errorResponse(status: number, errors: SfError | SfError[]): EmulatorResponse {
  const list = Array.isArray(errors) ? errors : [errors];
  return { status, body: list.map((e) => ({ ...e.extra, message: e.message, errorCode: e.statusCode, fields: e.fields })) };
}

export const notFound = () => errorResponse(404, sfError('NOT_FOUND', 'The requested resource does not exist'));
export const entityIsDeleted = () => errorResponse(404, sfError('ENTITY_IS_DELETED', 'entity is deleted'));
export const invalidSession = () => errorResponse(401, sfError('INVALID_SESSION_ID', 'Session expired or invalid'));
export const totalRequestsExceeded = () => errorResponse(403, sfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
export const invalidType = (name: string) =>
  sfError(
    'INVALID_TYPE',
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

/** A collection result for one record. */
export function saveResult(id: string | undefined, errors: SfError[]): Record<string, unknown> {
  const out: Record<string, unknown> = errors.length ? { success: false } : { id, success: true };
  if (errors.length && id) out.id = id;
  out.errors = errors.map((e) => ({ ...e.extra, statusCode: e.statusCode, message: e.message, fields: e.fields }));
  return out;
}
