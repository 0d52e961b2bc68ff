/**
 * Turns what the SDK throws into the engine's ConnectorError (a FailureCategory and a hint the user
 * can act on, R31), and decides which failures are worth retrying and after how long.
 */
import type { RetryVerdict } from '../shared/retry.js';
import { parseRetryAfter } from '../shared/retry.js';
import { ConnectorFailure, type ConnectorError, type FailureCategory } from '../types.js';
import { RATE_LIMIT_HEADERS, RATE_LIMIT_MESSAGES, RATE_LIMIT_POLICIES } from './limits.js';

/** What an ApiException (status, parsed body, headers) or a network error looks like to us. */
interface Failure {
  status?: number;
  body?: {
    message?: string;
    category?: string;
    policyName?: string;
    context?: Record<string, string[]>;
    errors?: Array<{ code?: string; message?: string; context?: Record<string, string[]> }>;
  };
  headers?: Record<string, string>;
  network: boolean;
  timeout?: boolean;
  /** For a call that got no usable answer: the system code (ECONNRESET), TIMEOUT or INCOMPLETE_RESPONSE. */
  networkCode?: string;
  message: string;
}

export function describe(error: unknown): Failure {
  const e = error as { code?: unknown; body?: unknown; headers?: unknown; name?: string; type?: string; errno?: unknown; message?: string };
  const message = e?.message ?? String(error);
  if (typeof e?.code === 'number') {
    const body = typeof e.body === 'object' && e.body !== null ? (e.body as Failure['body']) : undefined;
    return { status: e.code, body, headers: (e.headers as Record<string, string>) ?? {}, network: false, message: body?.message ?? message };
  }
  // Thrown without an HTTP status: no usable answer arrived. A refused or dropped connection, a
  // timeout, or an answer cut off mid-body (node-fetch's FetchError, or the SDK's JSON.parse of a
  // truncated body). Never reported as an HTTP status it did not have.
  const timeout = e?.name === 'AbortError' || e?.type === 'request-timeout' || e?.code === 'ETIMEDOUT' || e?.code === 'ESOCKETTIMEDOUT';
  const cutOff = e?.name === 'SyntaxError' || e?.type === 'invalid-json';
  const system = typeof e?.code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(e.code);
  const network = timeout || cutOff || system || e?.name === 'FetchError' || e?.type === 'system';
  const networkCode = system ? (e.code as string) : timeout ? 'TIMEOUT' : cutOff ? 'INCOMPLETE_RESPONSE' : 'NETWORK';
  return { network, timeout, networkCode, message };
}

/** The codes inside a VALIDATION_ERROR: from `errors[].code`, or from the JSON HubSpot embeds in the message. */
function issueCodes(failure: Failure): Array<{ code: string; name?: string; message?: string }> {
  const fromErrors = (failure.body?.errors ?? []).filter((e) => e.code).map((e) => ({ code: e.code!, name: e.context?.propertyName?.[0], message: e.message }));
  if (fromErrors.length) return fromErrors;
  // A standard object's missing required property (an engagement's hs_timestamp): "Error creating
  // TASK. Some required properties were not set." with the names in context.properties.
  if (/required properties were not set/i.test(failure.body?.message ?? '')) {
    return (failure.body?.context?.properties ?? []).map((name) => ({ code: 'REQUIRED_PROPERTY', name, message: failure.body!.message }));
  }
  const json = failure.body?.message?.match(/not valid: (\[.*\])$/s)?.[1];
  if (!json) return [];
  try {
    return (JSON.parse(json) as Array<{ error: string; name: string; message: string }>).map((i) => ({ code: i.error, name: i.name, message: i.message }));
  } catch {
    return [];
  }
}

const VALIDATION_HINTS: Record<string, (name: string, object: string) => string> = {
  PROPERTY_DOESNT_EXIST: (name, object) =>
    `Property "${name}" does not exist on ${object}: create it in HubSpot (or let crmsync provision it, R16), or remove it from the mapping.`,
  INVALID_OPTION: (name) => `The value is not an option of "${name}": map it to an existing option, or add the option to the property in HubSpot.`,
  INVALID_EMAIL: () => 'HubSpot refuses this email address: correct it in the source app.',
  READ_ONLY_VALUE: (name) => `"${name}" is read-only in HubSpot: remove it from the fields written to HubSpot.`,
  REQUIRED_PROPERTY: (name) => `"${name}" is required by this HubSpot object: map a field to it (R7).`,
  INVALID_DATE: (name) => `"${name}" needs a date HubSpot accepts (dates at midnight UTC): fix the value at the source.`,
  INVALID_FLOAT: (name) => `"${name}" is a number property: make the source value numeric.`,
};

function category(status: number | undefined, codes: string[]): FailureCategory {
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not-found';
  if (status === 409) return 'duplicate';
  if (status === 429) return 'rate-limit';
  if (status !== undefined && status >= 500) return 'server-error';
  if (status === 400 && codes.length) return codes.includes('REQUIRED_PROPERTY') ? 'required-field' : 'property-value';
  return 'unknown';
}

/**
 * The scopes a MISSING_SCOPES 403 names: `errors[].context.requiredGranularScopes` (any one of them
 * is enough), or the older `requiredScopes`.
 */
export function missingScopesOf(f: Failure): string[] {
  const out = new Set<string>();
  for (const context of [f.body?.context, ...(f.body?.errors ?? []).map((e) => e.context)]) {
    for (const scope of [...(context?.requiredGranularScopes ?? []), ...(context?.requiredScopes ?? [])]) out.add(scope);
  }
  return [...out];
}

/** The engine's view of a failed call on `object`. */
export function toConnectorError(error: unknown, object: string): ConnectorError {
  if (error instanceof ConnectorFailure) return error.error;
  const f = describe(error);
  if (f.network) {
    return f.timeout
      ? {
          code: f.networkCode ?? 'TIMEOUT',
          category: 'timeout',
          message: f.message,
          retryable: true,
          hint: 'HubSpot did not answer in time; the next run retries.',
        }
      : {
          code: f.networkCode ?? 'NETWORK',
          category: 'network',
          message: f.message,
          retryable: true,
          hint: 'The connection to HubSpot failed or its answer was cut off; the next run retries.',
        };
  }
  const issues = f.status === 400 ? issueCodes(f) : [];
  const codes = issues.map((i) => i.code);
  // HubSpot answers an object type it does not know (a custom object not created yet, R7) with a
  // 400 rather than a 404.
  const unknownType = f.status === 400 && /Unable to infer object type/i.test(f.message);
  const out: ConnectorError = {
    code: unknownType
      ? 'OBJECT_TYPE_NOT_FOUND'
      : (codes[0] ?? f.body?.policyName ?? f.body?.category ?? (f.status === undefined ? 'CLIENT_ERROR' : `HTTP_${f.status}`)),
    category: unknownType ? 'not-found' : category(f.status, codes),
    message: f.message,
    retryable: f.status === 429 || (f.status ?? 0) >= 500,
  };
  if (f.status === 429 && f.body?.policyName === RATE_LIMIT_POLICIES.daily) {
    out.category = 'quota';
    out.hint = "HubSpot's daily API limit is used up: the sync resumes after midnight (account time zone), or raise the limit with HubSpot's API add-on.";
  } else if (f.status === 429)
    out.hint = "HubSpot's rate limit was hit even after retries: lower this connection's limiter rate or let the run continue later.";
  else if (f.status === 401) out.hint = 'The access token was refused: check the private app token of this connection (it may have been rotated or revoked).';
  else if (f.status === 403) {
    const scopes = missingScopesOf(f);
    if (scopes.length) {
      const named = scopes.map((s) => `\`${s}\``).join(' or ');
      out.message = `HubSpot refused the call on ${object}: the access token lacks the scope ${named}`;
      out.hint = `Grant the app the scope ${named} (private app: Settings → Integrations → Private apps → Scopes; OAuth: add it to the install URL and reinstall), then run again; the README lists every scope crmsync needs.`;
    } else out.hint = `Grant the private app the scopes to read and write ${object} (the README lists them).`;
  } else if (f.status === 404) out.hint = `The ${object} record no longer exists in HubSpot: resync it from the other app (R30) or drop the link.`;
  else if (f.status === 409) {
    const existing = f.message.match(/Existing ID: (\d+)/)?.[1];
    out.hint = existing
      ? `HubSpot already has this record as ${object} ${existing}: link to it (the records match by email, R25) or merge the two in HubSpot.`
      : 'HubSpot already has a record with this unique value: link to it or change the value.';
  } else if (issues.length) {
    const first = issues[0]!;
    out.hint = VALIDATION_HINTS[first.code]?.(first.name ?? '', object) ?? first.message ?? f.message;
  } else if ((f.status ?? 0) >= 500) out.hint = 'HubSpot had a server error; the next run retries.';
  else out.hint = `HubSpot refused the call on ${object}: ${f.message}`;
  return out;
}

/** HubSpot's own windows (not the client's): a refused call waits for these to pass. */
export interface RetryWindows {
  tenSecondMs: number;
  searchMs: number;
}

/**
 * 429s are refused before anything happens, so they are retried for every call. A 5xx or a dropped
 * connection may come after HubSpot processed the call (a gateway timing out on a batch that went
 * through), so those are retried only for calls that are safe to repeat: a create is never sent
 * again blindly; the engine looks it up by its marker first (apply/confirm.ts). A DAILY 429 waits
 * for tomorrow, so it is not retried. A rate-limit 429 waits what HubSpot says (Retry-After, or the
 * policy's window: the interval its X-HubSpot-RateLimit-Interval-Milliseconds header reports, else
 * ten seconds) and does not use up the retry attempts.
 */
export function retryVerdict(error: unknown, idempotent: boolean, windows: RetryWindows): RetryVerdict {
  const f = describe(error);
  if (f.network) return idempotent ? { retry: true } : { retry: false };
  if (f.status === 429) {
    if (f.body?.policyName === RATE_LIMIT_POLICIES.daily) return { retry: false };
    const after = parseRetryAfter(f.headers?.['retry-after']);
    if (after !== undefined) return { retry: true, afterMs: after, throttled: true };
    if (f.body?.message === RATE_LIMIT_MESSAGES.secondly) return { retry: true, afterMs: windows.searchMs, throttled: true };
    if (f.body?.policyName === RATE_LIMIT_POLICIES.tenSecondly) {
      const interval = Number(f.headers?.[RATE_LIMIT_HEADERS.intervalMs.toLowerCase()]);
      return { retry: true, afterMs: interval > 0 ? interval : windows.tenSecondMs, throttled: true };
    }
    return { retry: true };
  }
  return (f.status ?? 0) >= 500 && idempotent ? { retry: true } : { retry: false };
}

/** A whole-batch refusal caused by some of its records: worth splitting the batch to isolate them. */
export function isolatable(error: unknown): boolean {
  const f = describe(error);
  return f.status === 409 || f.status === 400;
}

/**
 * A batch refused because some of its values are held already: a 409 (a record outside the batch
 * holds one) or the 400 HubSpot gives a value repeated inside the batch.
 */
export function duplicateRefusal(error: unknown): boolean {
  const f = describe(error);
  return f.status === 409 || (f.status === 400 && /^Duplicate .+ values found in batch input/.test(f.message));
}
