/**
 * HubSpot's error body (apis.md §1.9): `{status:"error", message, correlationId, category, …}`, always
 * served as JSON, since the SDK parses error bodies by their Content-Type.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorResponse } from '../../shared/emulator-http.js';

export type ErrorCategory =
  | 'VALIDATION_ERROR'
  | 'OBJECT_NOT_FOUND'
  | 'CONFLICT'
  | 'OBJECT_ALREADY_EXISTS'
  | 'INVALID_AUTHENTICATION'
  | 'RATE_LIMITS'
  | 'MISSING_SCOPES';

export function hsError(status: number, category: ErrorCategory, message: string, extra: Record<string, unknown> = {}): EmulatorResponse {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extra } };
}

/** One failed property value, in the shape HubSpot embeds in its validation message. */
export interface PropertyIssue {
  isValid: false;
  message: string;
  error: string;
  name: string;
}

/** 400 for invalid property values: the issues go in the message (as HubSpot does) and in `errors`. */
export function propertyValidationError(issues: PropertyIssue[]): EmulatorResponse {
  return hsError(400, 'VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(issues)}`, {
    errors: issues.map((i) => ({ message: i.message, code: i.error, context: { propertyName: [i.name] } })),
  });
}

export const validation = (message: string, extra?: Record<string, unknown>) => hsError(400, 'VALIDATION_ERROR', message, extra);
export const notFound = (message = 'resource not found', extra?: Record<string, unknown>) => hsError(404, 'OBJECT_NOT_FOUND', message, extra);

/**
 * One failed input of a batch answer (HubSpot's StandardError). Assumption: the client's model
 * requires `errors` and `links`, which HubSpot's examples leave out; they come empty.
 */
export function standardError(category: ErrorCategory, message: string, context: Record<string, string[]>, subCategory?: string) {
  return { status: 'error', category, ...(subCategory ? { subCategory } : {}), message, context, errors: [] as unknown[], links: {} as Record<string, string> };
}

/** A 2xx JSON answer. */
export const ok = (body: unknown, status = 200): EmulatorResponse => ({ status, body });
export const noContent = (): EmulatorResponse => ({ status: 204 });
