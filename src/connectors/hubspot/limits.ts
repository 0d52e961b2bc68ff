/**
 * HubSpot's numbers and names in one place: batch and page sizes, the search caps, the rate-limit
 * policies and their headers (apis.md §1.4, §1.5, §1.10). The connector and the emulator both read
 * them from here, so the two cannot drift apart.
 */

/** Inputs per objects batch call (read, create, update, upsert, archive). */
export const BATCH_SIZE = 100;
/** Inputs per batch read that asks for property history. */
export const BATCH_HISTORY_SIZE = 50;
/** Inputs per v4 associations batch read (since 2025-02-10). */
export const ASSOCIATION_BATCH_READ_SIZE = 1000;
/** Associations returned per input of a v4 batch read before it pages. */
export const ASSOCIATION_PAGE_SIZE = 500;

/** Page size of GET /crm/v3/objects/{type}: the default and the most the API returns. */
export const LIST_PAGE_DEFAULT = 10;
export const LIST_PAGE_SIZE = 100;

/** Search: page size default and maximum, and the results one query can page through. */
export const SEARCH_PAGE_DEFAULT = 10;
export const SEARCH_PAGE_SIZE = 200;
export const SEARCH_RESULT_CAP = 10_000;
/**
 * Filter-count limits of a search body: "a maximum of five filterGroups with up to six filters in
 * each group, with a maximum of 18 filters in total" (search guide, "Search the CRM", Limits,
 * developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm; the 2024-08-26 changelog's
 * 10 and 25 are not what the current guide says).
 */
export const SEARCH_MAX_FILTER_GROUPS = 5;
export const SEARCH_MAX_FILTERS_PER_GROUP = 6;
export const SEARCH_MAX_FILTERS = 18;
/** "Only one sorting rule can be applied to any search." (search guide, Sort search results). */
export const SEARCH_MAX_SORTS = 1;
/** "A query can contain a maximum of 3,000 characters. If the body of your request exceeds 3,000 characters, a 400 error will be returned." (search guide, Limits). */
export const SEARCH_MAX_BODY_CHARS = 3000;
/** Values sent in one IN filter by findBy at most; fewer when the body limit calls for it. */
export const SEARCH_IN_VALUES = 100;

/** List memberships: default and maximum page size. */
export const LIST_MEMBERSHIP_PAGE_DEFAULT = 100;
export const LIST_MEMBERSHIP_PAGE_SIZE = 250;

/** Burst limit: a rolling ten-second window per app and account, by subscription tier. */
export const TEN_SECOND_WINDOW_MS = 10_000;
export const TEN_SECOND_LIMITS = { starter: 100, professional: 190, apiLimitIncrease: 250 } as const;
/** Search endpoints have their own per-second limit (4 in the changelog, 5 in current docs). */
export const SEARCH_WINDOW_MS = 1000;
export const SEARCH_PER_SECOND = 5;
/**
 * Requests in flight at once per account, all connections of a run together. HubSpot documents no
 * concurrency limit; its Node client suggests at most 6 concurrent calls (DEFAULT_LIMITER_OPTIONS,
 * apis.md §1.1), which is also more than the ten-second budget needs at 200 ms per call.
 */
export const MAX_IN_FLIGHT = 6;
/** Daily limits by tier; the count resets at midnight. */
export const DAILY_LIMITS = { starter: 250_000, professional: 650_000, enterprise: 1_000_000 } as const;

/**
 * Slack added to the client-side limiter's window: the limiter stamps a call when it leaves, HubSpot
 * counts it when it arrives, and uneven latency could otherwise put one call too many in its window.
 */
export function limiterSlackMs(windowMs: number): number {
  return Math.max(100, Math.round(windowMs * 0.02));
}

/** 429 bodies: the SDK's own retry keys off these exact strings (apis.md §1.1). */
export const RATE_LIMIT_POLICIES = {
  tenSecondly: 'TEN_SECONDLY_ROLLING',
  daily: 'DAILY',
  secondly: 'SECONDLY',
} as const;
export const RATE_LIMIT_MESSAGES = {
  tenSecondly: 'You have reached your ten_secondly_rolling limit.',
  daily: 'You have reached your daily limit.',
  secondly: 'You have reached your secondly limit.',
} as const;

/** Response headers that report the caller's budget. */
export const RATE_LIMIT_HEADERS = {
  daily: 'X-HubSpot-RateLimit-Daily',
  dailyRemaining: 'X-HubSpot-RateLimit-Daily-Remaining',
  intervalMs: 'X-HubSpot-RateLimit-Interval-Milliseconds',
  max: 'X-HubSpot-RateLimit-Max',
  remaining: 'X-HubSpot-RateLimit-Remaining',
} as const;

/**
 * How long an archived record can be restored, and is listed with `archived=true`: "Archived
 * records can be restored within 90 days" (apis.md §1.3); after that HubSpot purges it for good.
 */
export const ARCHIVE_RETENTION_MS = 90 * 24 * 3_600_000;

/** Where the SDK points when no base URL is given. */
export const DEFAULT_BASE_URL = 'https://api.hubapi.com';

/**
 * How far an incremental read looks back before its cursor: search results lag writes by "a few
 * moments" and clocks drift, so re-reading a short overlap is cheaper than missing a change.
 */
export const DEFAULT_LOOKBACK_MS = 30_000;

/** Object type ids of the engagement (activity) objects, as HubSpot's object type id table lists them. */
export const ENGAGEMENT_TYPE_IDS: Record<string, string> = {
  tasks: '0-27',
  notes: '0-46',
  meetings: '0-47',
  calls: '0-48',
  emails: '0-49',
};

/** Object type ids of the standard objects (custom objects are `2-<n>`). */
export const OBJECT_TYPE_IDS: Record<string, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  tickets: '0-5',
  ...ENGAGEMENT_TYPE_IDS,
  invoices: '0-53',
};

/** Engagements and invoices by name and by id: they keep their creation time in hs_createdate, like custom objects. */
const HS_CREATEDATE_STANDARD = new Set([...Object.keys(ENGAGEMENT_TYPE_IDS), ...Object.values(ENGAGEMENT_TYPE_IDS), 'invoices', '0-53']);

/** The property that holds the last-modified time: contacts differ from every other object. */
export function modifiedProperty(object: string): string {
  return object === 'contacts' || object === '0-1' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** The property that holds the creation time: custom objects and engagements use hs_createdate. */
export function createdProperty(object: string): string {
  if (HS_CREATEDATE_STANDARD.has(object)) return 'hs_createdate';
  return object in OBJECT_TYPE_IDS || /^0-\d+$/.test(object) ? 'createdate' : 'hs_createdate';
}
