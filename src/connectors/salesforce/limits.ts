/**
 * Salesforce facts the connector and its emulator share: batch and page sizes, the daily API
 * budget and the headers that carry them (shared/reference/apis.md §2). Kept in one place so a
 * change of limit is one edit.
 */
import type { LimiterOptions } from '../shared/limiter.js';

/** The REST API version the connector speaks; jsforce's own default (50.0) is older. */
export const DEFAULT_API_VERSION = '59.0';
/**
 * The last API version with SOAP login(): it is not available from 65.0 and retires for every
 * version in Summer '27 (Platform SOAP API login() Retirement,
 * https://help.salesforce.com/s/articleView?id=005132110&type=1).
 */
export const SOAP_LOGIN_LAST_VERSION = 64;
/** Whether an API version still has SOAP login() (R4). */
export const soapLoginAvailable = (version: string) => Number(version) < SOAP_LOGIN_LAST_VERSION + 1;
/** Production orgs log in here; sandbox orgs use SANDBOX_LOGIN_URL (R4). */
export const PRODUCTION_LOGIN_URL = 'https://login.salesforce.com';
export const SANDBOX_LOGIN_URL = 'https://test.salesforce.com';

/** sObject Collections accept at most this many records (create, update, delete) per call. */
export const COLLECTION_MAX_RECORDS = 200;
/** Collections retrieve (`POST /composite/sobjects/{T}` with ids) accepts up to this many ids. */
export const COLLECTION_RETRIEVE_MAX_IDS = 2000;

/** Default SOQL page size; `Sforce-Query-Options: batchSize=N` may ask for 200..2000. */
export const QUERY_PAGE_SIZE = 2000;
export const QUERY_BATCH_SIZE_MIN = 200;
export const QUERY_BATCH_SIZE_MAX = 2000;
/** OFFSET is capped by the app. */
export const QUERY_MAX_OFFSET = 2000;
/** A user keeps at most this many query cursors open; opening another drops the oldest. */
export const QUERY_MAX_OPEN_CURSORS = 10;
/** Idle query locators expire after about 15 minutes. */
export const QUERY_LOCATOR_TTL_MS = 15 * 60_000;
/** Request-URI budget for one SOQL query sent by GET (the app refuses URIs past about 16 KB). */
export const SOQL_MAX_URI_CHARS = 12_000;

/** Daily API request allowance of a Developer Edition org; real orgs vary (R33). */
export const DEFAULT_DAILY_API_LIMIT = 15_000;
/** Stop before spending more than this share of the daily allowance (R33). */
export const DEFAULT_MAX_DAILY_SHARE = 0.8;

/** Deleted records stay in the recycle bin (visible to queryAll) for about 15 days. */
export const RECYCLE_BIN_RETENTION_MS = 15 * 24 * 60 * 60_000;
/**
 * Assumption: a cursor is trusted for the retention less a day; Salesforce says "about 15 days" and
 * a full recycle bin is emptied sooner, so a cursor at the very edge could miss a purged deletion.
 */
export const RECYCLE_BIN_SAFETY_MS = 24 * 60 * 60_000;
/** getUpdated / getDeleted windows must start within the last 30 days. */
export const REPLICATION_WINDOW_MS = 30 * 24 * 60 * 60_000;

/**
 * Incremental reads re-read this much before the cursor, so a record committed late with an
 * earlier SystemModstamp is not missed; records already delivered are filtered by the cursor's
 * fingerprint, so the overlap costs bytes, not duplicates.
 */
export const INCREMENTAL_OVERLAP_MS = 60_000;
/** A record refused with UNABLE_TO_LOCK_ROW is sent at most this many times in one run. */
export const LOCK_ROW_MAX_ATTEMPTS = 3;
/** Most (id, SystemModstamp) pairs a cursor remembers for that filtering. */
export const CURSOR_SEEN_MAX = 2000;

/** Salesforce has no per-second REST limit, but about 25 concurrent long requests; stay polite. */
export const DEFAULT_LIMITER: LimiterOptions = { max: 25, windowMs: 1000 };
/**
 * Requests in flight at once per org, all connections of a run together. Salesforce limits
 * concurrent long-running requests (20 s or more) to 25 in production and 5 in Developer Edition
 * and trial orgs ("API Request Limits and Allocations"); a collection of 200 or a query page answers
 * in well under that, but at 5 no org's limit is reached even if every call ran long.
 */
export const MAX_IN_FLIGHT = 5;

/** Response header carrying daily usage: `api-usage=18/15000`. jsforce parses it into conn.limitInfo. */
export const LIMIT_INFO_HEADER = 'Sforce-Limit-Info';
/** Request header that changes the SOQL page size: `batchSize=500`. */
export const QUERY_OPTIONS_HEADER = 'Sforce-Query-Options';

/** Key prefixes of the standard objects the emulator knows (first three characters of an id). */
export const KEY_PREFIXES: Record<string, string> = {
  Account: '001',
  Contact: '003',
  Lead: '00Q',
  Opportunity: '006',
  Task: '00T',
  User: '005',
  Organization: '00D',
};
