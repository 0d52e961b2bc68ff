/**
 * Facts about the Google People API that the connector and its emulator both rely on: batch and
 * page sizes, account limits, quotas, and the exact wire strings (error reasons and messages) the
 * connector recognises. Sources are tagged as in shared/reference/apis.md §3: [S] client source or
 * discovery document, [C] community reports of real responses, [?] assumed.
 */

/** The People API's address, unless a connection names another (`root_url`). */
export const DEFAULT_ROOT_URL = 'https://people.googleapis.com/';

export const GOOGLE_LIMITS = {
  /** people:batchCreateContacts, contacts per call [S]. */
  batchCreate: 200,
  /** people:batchUpdateContacts, contacts per call [S]. */
  batchUpdate: 200,
  /** people:batchDeleteContacts, resource names per call [S]. */
  batchDelete: 500,
  /** people:batchGet, resource names per call [S]. */
  batchGet: 200,
  /** contactGroups/{id}/members:modify, names added plus removed [S]. */
  membersModify: 1000,
  /** connections.list and otherContacts.list pageSize maximum, and its default [S]. */
  pageSize: 1000,
  defaultPageSize: 100,
  /** contactGroups.list pageSize maximum and default [S]. */
  groupPageSize: 1000,
  defaultGroupPageSize: 30,
  /** Sync tokens expire 7 days after the full sync [S][D]. */
  syncTokenTtlMs: 7 * 24 * 60 * 60 * 1000,
  /** Contacts per account, Other contacts and Trash included (R32) [C]. */
  maxContacts: 25_000,
  /** Size of one contact (R32) [C, not confirmed by Google]. */
  maxContactBytes: 128 * 1024,
  /** Trash keeps deleted contacts this long before they stop counting towards maxContacts [?]. */
  trashRetentionMs: 30 * 24 * 60 * 60 * 1000,
  /** Per-user, per-minute quotas; the console shows 60-180 depending on the project [C]. */
  readsPerMinute: 90,
  writesPerMinute: 60,
  quotaWindowMs: 60_000,
  /** Client-side timeout for one HTTP call. */
  requestTimeoutMs: 60_000,
  /**
   * "The first page of a full sync request has an additional quota … fixed and can not be
   * increased" [D]. Its size and window are not published [?]: first pages per minute, per user.
   */
  fullSyncFirstPages: 10,
} as const;

/** The same facts as plain numbers, for emulators that let a test shrink them. */
export type GoogleLimits = { -readonly [K in keyof typeof GOOGLE_LIMITS]: number };

/** Which per-minute quota a call draws on. Mutations that read the person back draw on both [C]. */
export type QuotaBucket = 'read' | 'write';

/** Person fields the API accepts in personFields / readMask [S]. */
export const PERSON_FIELDS = [
  'addresses',
  'ageRanges',
  'biographies',
  'birthdays',
  'calendarUrls',
  'clientData',
  'coverPhotos',
  'emailAddresses',
  'events',
  'externalIds',
  'genders',
  'imClients',
  'interests',
  'locales',
  'locations',
  'memberships',
  'metadata',
  'miscKeywords',
  'names',
  'nicknames',
  'occupations',
  'organizations',
  'phoneNumbers',
  'photos',
  'relations',
  'sipAddresses',
  'skills',
  'urls',
  'userDefined',
] as const;

/** Person fields updateContact / batchUpdateContacts may not replace: photos and the output-only ones [S]. */
const NOT_UPDATABLE: readonly string[] = ['ageRanges', 'coverPhotos', 'metadata', 'photos', 'skills'];

/** Person fields updateContact / batchUpdateContacts may replace [S]. */
export const UPDATABLE_PERSON_FIELDS = PERSON_FIELDS.filter((f) => !NOT_UPDATABLE.includes(f));

/** Person fields that hold at most one entry on a contact; more is a 400 [S]. */
export const SINGLETON_PERSON_FIELDS = ['names', 'birthdays', 'biographies', 'genders'] as const;

/** The fields Other contacts can return with the default CONTACT source (§3.8) [S]. */
export const OTHER_CONTACT_FIELDS = ['emailAddresses', 'metadata', 'names', 'phoneNumbers', 'photos'] as const;

/** Read source types [C]. */
export const READ_SOURCES = [
  'READ_SOURCE_TYPE_PROFILE',
  'READ_SOURCE_TYPE_CONTACT',
  'READ_SOURCE_TYPE_DOMAIN_CONTACT',
  'READ_SOURCE_TYPE_OTHER_CONTACT',
] as const;

export const SORT_ORDERS = ['LAST_MODIFIED_ASCENDING', 'LAST_MODIFIED_DESCENDING', 'FIRST_NAME_ASCENDING', 'LAST_NAME_ASCENDING'] as const;

/** System contact groups; only the first two can gain members (§3.7) [S]. */
export const SYSTEM_GROUPS = {
  myContacts: 'My Contacts',
  starred: 'Starred',
  friends: 'Friends',
  family: 'Family',
  coworkers: 'Coworkers',
  chatBuddies: 'Chat contacts',
  all: 'All Contacts',
  blocked: 'Blocked',
} as const;
export const ADDABLE_SYSTEM_GROUPS = ['myContacts', 'starred'] as const;
export const MY_CONTACTS = 'contactGroups/myContacts';
export const STARRED = 'contactGroups/starred';

/** The clientData key under which the engine's crash-recovery marker is stored. */
export const MARKER_KEY = 'crmsync';

/** OAuth scopes [S: discovery document, per method]. */
export const SCOPES = {
  contacts: 'https://www.googleapis.com/auth/contacts',
  contactsReadonly: 'https://www.googleapis.com/auth/contacts.readonly',
  otherReadonly: 'https://www.googleapis.com/auth/contacts.other.readonly',
} as const;

/** Exact wire strings: reasons and messages the connector recognises and the emulator sends. */
export const WIRE = {
  errorInfoType: 'type.googleapis.com/google.rpc.ErrorInfo',
  badRequestType: 'type.googleapis.com/google.rpc.BadRequest',
  quotaFailureType: 'type.googleapis.com/google.rpc.QuotaFailure',
  domain: 'people.googleapis.com',
  /** [C, real logs] */
  expiredSyncTokenReason: 'EXPIRED_SYNC_TOKEN',
  expiredSyncTokenMessage: 'Sync token is expired. Clear local cache and retry call without the sync token.',
  /** [C, several real reports] */
  staleEtagMessage: 'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.',
  /** [?] The storage-quota errors of R32 are not documented by Google; these reasons are ours. */
  contactLimitReason: 'CONTACT_LIMIT_EXCEEDED',
  contactSizeReason: 'CONTACT_SIZE_LIMIT_EXCEEDED',
  /** [C, real] The per-minute quota message, with the metric named twice. */
  readQuotaMetric: 'Critical read requests (Contact and Profile Reads)',
  /** [C] "Write-side metric names are analogous." */
  writeQuotaMetric: 'Critical write requests (Contact and Profile Writes)',
  unauthenticatedMessage:
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  notFoundMessage: 'Requested entity was not found.',
  /** [C, real responses of Google APIs] A token without any scope the method accepts: 403 PERMISSION_DENIED. */
  scopeMessage: 'Request had insufficient authentication scopes.',
  scopeReason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
  scopeDomain: 'googleapis.com',
  /** [D] The details a failed batch carries (BatchCreateContactsErrorDetails / BatchUpdateContactsErrorDetails); the type URLs' package is [?]. */
  batchCreateErrorsType: 'type.googleapis.com/google.people.v1.BatchCreateContactsErrorDetails',
  batchUpdateErrorsType: 'type.googleapis.com/google.people.v1.BatchUpdateContactsErrorDetails',
} as const;

/** The per-minute quota message for one bucket, as the live API words it [C]. */
export function quotaMessage(bucket: QuotaBucket, consumer: string): string {
  const metric = bucket === 'read' ? WIRE.readQuotaMetric : WIRE.writeQuotaMetric;
  return `Quota exceeded for quota metric '${metric}' and limit '${metric} per minute per user' of service '${WIRE.domain}' for consumer '${consumer}'.`;
}

/** The kinds of call the connector makes (its stats keys), and the quotas each draws on. */
export const CALL_QUOTA = {
  list: ['read'],
  'list/other': ['read'],
  get: ['read'],
  'batch/get': ['read'],
  // Mutations that read the person back count as reads too [C].
  'batch/create': ['write', 'read'],
  'batch/update': ['write', 'read'],
  'batch/delete': ['write'],
  delete: ['write'],
} as const satisfies Record<string, readonly QuotaBucket[]>;

export type CallKind = keyof typeof CALL_QUOTA;

/**
 * Requests in flight at once per user, all connections of a run together [?]: Google documents no
 * concurrency limit for reads (the per-minute quotas bind first); mutations go one at a time anyway.
 */
export const MAX_IN_FLIGHT = 4;

/** Calls that change contacts: Google asks for them to be sent one at a time per user [D]. */
export const MUTATING_CALLS: readonly CallKind[] = ['batch/create', 'batch/update', 'batch/delete', 'delete'];

/**
 * The scopes crmsync asks for, and when. Any one scope listed for a method lets it run [S]; the
 * connector writes, so it needs `contacts`; Other contacts (R20 `folder: all`) need their own.
 */
export const REQUIRED_SCOPES = [
  { scope: SCOPES.contacts, why: 'read and write contacts' },
  { scope: SCOPES.otherReadonly, why: 'read Other contacts (syncs with folder: all, R20)' },
] as const;
