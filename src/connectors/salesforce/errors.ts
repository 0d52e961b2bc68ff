/**
 * Salesforce errors as the engine's ConnectorError: a sync-health category and a hint on how to
 * resolve it (R31), and whether trying again later can help.
 */
import { NO_ANSWER, type ConnectorError, type FailureCategory } from '../types.js';

interface Known {
  category: FailureCategory;
  retryable?: boolean;
  hint: string;
}

const VALUE_HINT = 'Fix the value in the source app or change the field mapping so it fits the Salesforce field (type, length, format).';

const KNOWN: Record<string, Known> = {
  DUPLICATES_DETECTED: {
    category: 'duplicate',
    hint: 'A Salesforce duplicate rule matched an existing record (usually the same email). Link or merge the existing record instead of creating another, or relax the duplicate rule in Setup.',
  },
  DUPLICATE_VALUE: {
    category: 'duplicate',
    hint: 'A unique or external-id field already holds this value on another Salesforce record; merge the records or change the value.',
  },
  REQUIRED_FIELD_MISSING: {
    category: 'required-field',
    hint: 'Map a value for the required Salesforce field named in the error (Last Name for contacts and leads, Company for leads, Name for accounts), or give the mapping a default.',
  },
  FIELD_CUSTOM_VALIDATION_EXCEPTION: {
    category: 'property-value',
    hint: 'A Salesforce validation rule rejected the record; fix the value in the source app or adjust the rule (Setup → Object Manager → Validation Rules).',
  },
  INVALID_EMAIL_ADDRESS: { category: 'property-value', hint: 'Salesforce refused the email address; correct it in the source app.' },
  STRING_TOO_LONG: { category: 'property-value', hint: 'The value is longer than the Salesforce field allows; shorten it or map it to a longer field.' },
  JSON_PARSER_ERROR: { category: 'property-value', hint: VALUE_HINT },
  INVALID_TYPE_ON_FIELD_IN_RECORD: { category: 'property-value', hint: VALUE_HINT },
  MALFORMED_ID: { category: 'property-value', hint: 'An id value is not a Salesforce id (15 or 18 characters); check lookup fields in the mapping.' },
  INVALID_FIELD: {
    category: 'property-value',
    hint: 'The field does not exist on this Salesforce object or the user cannot see it; check the API name (custom fields end in __c) and field-level security.',
  },
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: {
    category: 'property-value',
    hint: 'The value is not one of the picklist values Salesforce allows; add it to the picklist or map values.',
  },
  NUMBER_OUTSIDE_VALID_RANGE: { category: 'property-value', hint: VALUE_HINT },
  FIELD_INTEGRITY_EXCEPTION: { category: 'property-value', hint: 'A lookup field points at a record of the wrong type; check the mapped lookup values.' },
  INVALID_FIELD_FOR_INSERT_UPDATE: {
    category: 'permission',
    hint: 'The field is read-only for this Salesforce user (field-level security or a system field); remove it from the mapping or grant edit access.',
  },
  INSUFFICIENT_ACCESS_OR_READONLY: {
    category: 'permission',
    hint: 'The Salesforce user lacks access to this record or object; share the record or grant the profile/permission set access.',
  },
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: {
    category: 'permission',
    hint: 'The Salesforce user cannot see a record this one refers to (owner, account); grant access to it.',
  },
  INVALID_CROSS_REFERENCE_KEY: {
    category: 'association',
    hint: 'A lookup points at a Salesforce record that does not exist (or was deleted); sync the related record first or clear the lookup.',
  },
  NOT_FOUND: {
    category: 'not-found',
    hint: 'The Salesforce record or object no longer exists; it may have been deleted or merged. Resync it (R30) or remove the link.',
  },
  ENTITY_IS_DELETED: { category: 'not-found', hint: 'The Salesforce record is in the recycle bin; restore it there or resync it from the other app (R30).' },
  INVALID_TYPE: {
    category: 'not-found',
    hint: 'Salesforce does not know this object; check its API name (custom objects end in __c) and the user’s object permissions.',
  },
  INVALID_SESSION_ID: {
    category: 'authentication',
    hint: 'The Salesforce session expired or was revoked; reconnect the connection (new access token, or username/password with the security token).',
  },
  INVALID_LOGIN: {
    category: 'authentication',
    hint: 'Salesforce refused the username, password or security token; check them, and use the sandbox login host for sandbox orgs (R4).',
  },
  invalid_grant: {
    category: 'authentication',
    hint: 'Salesforce refused the credentials; check them and the connected app settings (client credentials: a Run As user; JWT bearer: the uploaded certificate, the user pre-authorized, sandbox orgs with environment: sandbox).',
  },
  // OAuth token-endpoint errors (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_endpoints.htm).
  invalid_client_id: {
    category: 'authentication',
    hint: 'Salesforce does not know this client_id; copy the consumer key of the connected (or external client) app.',
  },
  invalid_client: { category: 'authentication', hint: 'Salesforce refused the client_secret; copy the consumer secret of the connected app again.' },
  unsupported_grant_type: {
    category: 'authentication',
    hint: 'The connected app does not allow this OAuth flow; enable the client credentials flow or upload a certificate for the JWT bearer flow.',
  },
  invalid_request: {
    category: 'authentication',
    hint: 'Salesforce refused the token request; the client credentials flow must use the org’s My Domain login_url.',
  },
  UNSUPPORTED_API_VERSION: {
    category: 'authentication',
    hint: "SOAP login() is not available from API 65.0 and retires in Summer '27; use the OAuth 2.0 client credentials or JWT bearer flow.",
  },
  UNABLE_TO_LOCK_ROW: { category: 'conflict', retryable: true, hint: 'Another process was updating the same Salesforce record; the next run retries it.' },
  ALL_OR_NONE_OPERATION_ROLLED_BACK: {
    category: 'transient',
    retryable: true,
    hint: 'Rolled back because another record in the same call failed; the next run retries it.',
  },
  SERVER_UNAVAILABLE: { category: 'server-error', retryable: true, hint: 'Salesforce was unavailable; the next run retries.' },
  MALFORMED_QUERY: { category: 'unknown', hint: 'Salesforce refused the query; report this with the object and field names involved.' },
  INVALID_QUERY_FILTER_OPERATOR: { category: 'property-value', hint: 'A lookup value is not a valid Salesforce id.' },
  INVALID_QUERY_LOCATOR: { category: 'transient', retryable: true, hint: 'The query cursor expired between pages; the next run reads again.' },
};

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);

const QUOTA_HINT =
  'Salesforce counts API calls over a rolling 24 hours (R33). Nothing is lost: the rest is synced on a later run once calls free up; raise maxDailyShare or the org’s API allowance to go further.';

/** The daily allowance is spent (TotalRequests) or a short-term concurrency limit was hit. */
function limitError(message: string): ConnectorError {
  if (/Concurrent/i.test(message)) {
    return {
      code: 'REQUEST_LIMIT_EXCEEDED',
      category: 'rate-limit',
      retryable: true,
      message,
      hint: 'Too many concurrent Salesforce requests; retried with backoff, lower the limiter settings if it persists.',
    };
  }
  return { code: 'REQUEST_LIMIT_EXCEEDED', category: 'quota', retryable: true, message, hint: QUOTA_HINT };
}

/** A ConnectorError for an app error code and message (collection results use `statusCode`). */
export function fromCode(code: string, message: string, fields: string[] = []): ConnectorError {
  if (code === 'REQUEST_LIMIT_EXCEEDED') return limitError(message);
  if (/^ERROR_HTTP_5\d\d$/.test(code))
    return { code, category: 'server-error', retryable: true, message, hint: 'Salesforce answered with a server error; the next run retries.' };
  if (code === 'ERROR_HTTP_429' || code === 'ERROR_HTTP_420')
    return { code, category: 'rate-limit', retryable: true, message, hint: 'Salesforce asked to slow down; retried with backoff.' };
  const known = KNOWN[code];
  const text = fields.length && !message.includes(fields[0]!) ? `${message} (${fields.join(', ')})` : message;
  return {
    code,
    category: known?.category ?? 'unknown',
    retryable: known?.retryable ?? false,
    message: text,
    hint: known?.hint ?? 'Salesforce refused the call; see the message for details.',
  };
}

/** Any error jsforce (or the network under it) throws, as a ConnectorError. */
export function toConnectorError(error: unknown): ConnectorError {
  if (error instanceof QuotaStop) return error.error;
  const e = error as { errorCode?: string; name?: string; code?: string; message?: string; data?: { fields?: string[] } };
  const message = e?.message ?? String(error);
  if (e?.code === 'ETIMEDOUT' || e?.name === 'AbortError' || /timed? ?out/i.test(e?.name ?? ''))
    return { code: e?.code ?? 'TIMEOUT', category: 'timeout', retryable: true, message, hint: 'Salesforce did not answer in time; the next run retries.' };
  if (e?.code && NETWORK_CODES.has(e.code))
    return { code: e.code, category: 'network', retryable: true, message, hint: 'The connection to Salesforce dropped; the next run retries.' };
  if (e?.name === 'FetchError')
    return {
      code: 'NETWORK_ERROR',
      category: 'network',
      retryable: true,
      message,
      hint: 'Salesforce could not be reached; check the instance URL and network.',
    };
  // An answer cut off mid-body fails to parse: no usable answer, like a dropped connection.
  if (e?.name === 'SyntaxError')
    return {
      code: 'INCOMPLETE_RESPONSE',
      category: 'network',
      retryable: true,
      message,
      hint: 'The answer from Salesforce was cut off; the next run retries.',
    };
  if (e?.errorCode) return fromCode(e.errorCode, message, e.data?.fields ?? []);
  // SOAP faults arrive as plain errors whose message starts with the fault code.
  const soap = /^([A-Z_]{4,}):/.exec(message);
  if (soap) return fromCode(soap[1]!, message);
  if (e?.name && e.name in KNOWN) return fromCode(e.name, message);
  return { code: 'UNKNOWN', category: 'unknown', retryable: false, message, hint: 'Unexpected error talking to Salesforce; see the message.' };
}

/**
 * Whether a failed call may be sent again now: rate refusals always; a 5xx or a dropped connection
 * only when idempotent, since either may come after the org saved the records (a create is looked
 * up by its marker before it is sent again, apply/confirm.ts).
 */
export function isRetryable(error: ConnectorError, idempotent: boolean): boolean {
  if (error.category === 'quota') return false;
  if (error.category === 'rate-limit') return true;
  if (error.code === 'SERVER_UNAVAILABLE' || /^ERROR_HTTP_5\d\d$/.test(error.code)) return idempotent;
  return (
    (NO_ANSWER.has(error.category) || error.category === 'transient') &&
    idempotent &&
    error.code !== 'ALL_OR_NONE_OPERATION_ROLLED_BACK' &&
    error.code !== 'INVALID_QUERY_LOCATOR'
  );
}

/** Thrown instead of making a call that would spend more of the daily allowance than allowed (R33). */
export class QuotaStop extends Error {
  constructor(readonly error: ConnectorError) {
    super(error.message);
    this.name = 'QuotaStop';
  }
}

export function quotaError(message: string): ConnectorError {
  return { code: 'DAILY_API_SHARE_REACHED', category: 'quota', retryable: true, message, hint: QUOTA_HINT };
}
