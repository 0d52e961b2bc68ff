/* Do not edit: generated from schema/crmsync.schema.json by `npm run gen:types`. */

/**
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Connection".
 */
export type Connection = Connection1 & Connection2;
export type Connection1 = LocalConnection | HubSpotConnection | SalesforceConnection | GoogleConnection;
/**
 * Run against a built-in emulator of the app instead of the real one; its data persists under .crmsync/sandbox/. `true` seeds the default demo data.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Sandbox".
 */
export type Sandbox =
  | boolean
  | {
      seed?: Seed;
      search_lag?: Duration;
      /**
       * Custom objects the sandbox app has (R7): a Salesforce object (`Invoice__c`) or a HubSpot custom object (`billing_invoices`; not a standard object's name: invoices is HubSpot's standard Invoices object, 0-53). Created when the sandbox lacks them; existing data is kept.
       *
       * @maxItems 10
       */
      custom_objects?: SandboxCustomObject[];
    };
/**
 * HubSpot sandboxes: how long a change takes to reach search results (HubSpot's search index lag), so incremental reads can be tried against it. Default 0s.
 */
export type Duration = string;
/**
 * A duration such as `500ms`, `10s`, `5m` or `1h`.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Duration".
 */
export type Duration1 = string;
/**
 * A duration such as `500ms`, `10s`, `5m` or `1h`.
 */
export type Duration2 = string;
/**
 * A duration such as `500ms`, `10s`, `5m` or `1h`.
 */
export type Duration3 = string;
/**
 * A duration such as `500ms`, `10s`, `5m` or `1h`.
 */
export type Duration4 = string;
/**
 * All conditions must hold.
 *
 * @minItems 1
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "RecordFilter".
 */
export type RecordFilter = Condition[];
/**
 * A duration such as `500ms`, `10s`, `5m` or `1h`.
 */
export type Duration5 = string;
/**
 * A duration such as `500ms`, `10s`, `5m` or `1h`.
 */
export type Duration6 = string;

/**
 * One file under syncs/: named connections, project settings, and at most one sync.
 */
export interface SyncFile {
  /**
   * Named connections to apps (R1). A sync refers to two of them by name. Names are unique across all files.
   */
  connections?: {
    [k: string]: Connection;
  };
  settings?: Settings;
  sync?: Sync;
  /**
   * Extension keys, ignored: a place for YAML anchors shared by merge keys (<<: *anchor).
   *
   * This interface was referenced by `SyncFile`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]:
    | {
        [k: string]: unknown;
      }
    | {
        [k: string]: Connection;
      }
    | Settings
    | Sync
    | undefined;
}
/**
 * The embedded local store: a JSON file with objects and a field catalogue.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "LocalConnection".
 */
export interface LocalConnection {
  app: 'local';
  /**
   * The store file, relative to the project folder. Default: .crmsync/local/<connection>.json
   */
  path?: string;
  sandbox?: Sandbox;
}
/**
 * Generated demo records for a sandbox: person and company numbers `from` .. `from + count - 1` (the same number is always the same person, so two apps seeded with overlapping ranges share those people).
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Seed".
 */
export interface Seed {
  contacts?: number;
  companies?: number;
  from?: number;
}
/**
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "SandboxCustomObject".
 */
export interface SandboxCustomObject {
  /**
   * API name: in Salesforce `Invoice__c`, in HubSpot `billing_invoices` (not a standard object's name: invoices is HubSpot's standard Invoices object, 0-53).
   */
  name: string;
  /**
   * @minItems 1
   */
  fields: SandboxCustomField[];
  /**
   * Generated records, seeded once into a new sandbox (Salesforce).
   */
  records?: number;
}
/**
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "SandboxCustomField".
 */
export interface SandboxCustomField {
  name: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'bool';
  /**
   * Records cannot be created without it (R7: a HubSpot custom object's required properties must be mapped).
   */
  required?: boolean;
}
/**
 * A HubSpot account, through a private-app access token.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "HubSpotConnection".
 */
export interface HubSpotConnection {
  app: 'hubspot';
  access_token?: Secret;
  /**
   * API base URL. Default: https://api.hubapi.com
   */
  base_url?: string;
  rate_limit?: RateLimit;
  sandbox?: Sandbox;
  lookback?: Duration2;
}
/**
 * Where a credential comes from. Credentials are never written inline.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Secret".
 */
export interface Secret {
  /**
   * Name of the environment variable that holds the value.
   */
  env?: string;
  /**
   * Key in the secrets file named by settings.secrets_file.
   */
  secret?: string;
}
/**
 * Client-side rate limit for this connection: at most `max` calls per `window`.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "RateLimit".
 */
export interface RateLimit {
  max: number;
  window: Duration1;
}
/**
 * A Salesforce org (R4: `environment: sandbox` logs in to a sandbox org): OAuth 2.0 client credentials (`client_id`, `client_secret`, `login_url` of the My Domain), OAuth 2.0 JWT bearer (`client_id`, `private_key`, `username`), an access token with its instance URL, or a username and password (SOAP login(), not available from API 65.0 and retired in Summer '27).
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "SalesforceConnection".
 */
export interface SalesforceConnection {
  app: 'salesforce';
  /**
   * production logs in at login.salesforce.com, sandbox at test.salesforce.com (R4).
   */
  environment?: 'production' | 'sandbox';
  /**
   * Overrides the login host (My Domain).
   */
  login_url?: string;
  /**
   * The org's instance URL, with access_token.
   */
  instance_url?: string;
  access_token?: Secret;
  username?: Secret;
  password?: Secret;
  security_token?: Secret;
  client_id?: Secret;
  client_secret?: Secret;
  private_key?: Secret;
  /**
   * REST API version.
   */
  version?: string;
  /**
   * Stop a run cleanly before it spends more than this share of the org's daily API budget (R33); it resumes next run.
   */
  api_budget_share?: number;
  rate_limit?: RateLimit;
  sandbox?: Sandbox;
  lookback?: Duration3;
}
/**
 * A Google account's contacts, through an OAuth access token with the contacts scope.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "GoogleConnection".
 */
export interface GoogleConnection {
  app: 'google';
  access_token?: Secret;
  /**
   * API root. Default: https://people.googleapis.com/
   */
  root_url?: string;
  rate_limit?: RateLimit;
  sandbox?: Sandbox;
}
export interface Connection2 {
  /**
   * Which app this connection reaches.
   */
  app: 'local' | 'hubspot' | 'salesforce' | 'google';
}
/**
 * Project-wide settings; at most one file may hold them.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Settings".
 */
export interface Settings {
  /**
   * Where the state lives: a file path relative to the project folder (the embedded default), a PostgreSQL URL (postgres://…), or an env/secret reference holding either.
   */
  state?: string | Secret;
  /**
   * A dotenv-style file (KEY=value lines) that `secret:` references read from. Keep it out of git.
   */
  secrets_file?: string;
  deletes?: DeleteLimits;
}
/**
 * The mass-delete guard's defaults for every sync (a sync's own deletes: overrides them): an apply may delete up to max_count records or max_share of a sync's linked records, whichever is larger.
 */
export interface DeleteLimits {
  max_share?: number;
  max_count?: number;
}
/**
 * One sync between two connections.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Sync".
 */
export interface Sync {
  /**
   * Unique name; the state file keys links by it, so renaming starts over.
   */
  name: string;
  description?: string;
  /**
   * A disabled sync is validated but never planned or applied (R5).
   */
  enabled?: boolean;
  /**
   * What is synced (R6). `custom` maps a Salesforce object to a HubSpot custom object (R7).
   */
  object: 'contacts' | 'companies' | 'deals' | 'tasks' | 'custom';
  left: Side;
  right: Side;
  /**
   * two-way, or one-way from the app named in `from` (R10).
   */
  direction: 'two-way' | 'one-way';
  /**
   * With one-way: the connection whose records flow to the other. Nothing is ever written to it (R13).
   */
  from?: string;
  conflict?: Conflict;
  /**
   * full: the first run compares both apps, links matches and creates the rest (R3). changes-only: the first run only records where each app stands; records created or changed afterwards sync, and `crmsync import` brings the rest (R8). Default: full; changes-only for custom objects and tasks (R8, R9).
   */
  initial_sync?: 'full' | 'changes-only';
  /**
   * recommended: start from the app pair's default field mappings (R5, R15) and add `fields` on top; none: only `fields`.
   */
  mappings?: 'recommended' | 'none';
  fields?: FieldMapping[];
  match?: Match;
  filters?: Filters;
  deletes?: Deletes;
  /**
   * Associations to mirror (R27, R28): each names another sync of this project that syncs the associated object.
   */
  associations?: Association[];
  reconcile_every?: Duration5;
  /**
   * When `crmsync worker` runs this sync: every `every`, measured from the start of one run to the start of the next. Without it, a worker runs the sync every `--every` (default 15m). `plan` and `apply` ignore it.
   */
  schedule?: {
    every: Duration6;
  };
  /**
   * Create a HubSpot property for a mapped field that has none (R16); shown in the plan as a schema operation.
   */
  create_missing_properties?: boolean;
  /**
   * R9: the Salesforce task type (Task.Type, such as Call, Email, Meeting or Other) given to tasks this sync creates in Salesforce from HubSpot activities (calls, emails, meetings, notes).
   */
  task_type?: string;
}
/**
 * One app of the sync.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Side".
 */
export interface Side {
  /**
   * Name of a connection.
   */
  connection: string;
  /**
   * The app's own object name when it differs from the sync's object (Salesforce Lead or Contact, a custom object).
   */
  object?: string;
  /**
   * Google only (R20): contacts = only the main Contacts folder; all = Other contacts too.
   */
  folder?: 'contacts' | 'all';
  /**
   * Google only (R20): only starred contacts.
   */
  starred?: boolean;
  /**
   * The field that keeps the idempotency marker of each record crmsync creates in this app, so a create whose answer was lost is found instead of made twice. HubSpot: a property with unique values (default crmsync_marker, created by schema provisioning, R16). Salesforce: an External ID text field (creates become upserts on it); none by default. Google keeps the marker in the contact's clientData and the local store in the record. false turns markers off for this side (validate and plan then warn).
   */
  marker_property?: string | false;
}
/**
 * Which app wins when both changed a field to different values.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Conflict".
 */
export interface Conflict {
  /**
   * The default app (R11): a connection name, one of the two. Its blank values never wipe the other app (R12).
   */
  winner: string;
  clock_skew?: Duration4;
}
/**
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "FieldMapping".
 */
export interface FieldMapping {
  /**
   * Field of the left app.
   */
  left: string;
  /**
   * Field of the right app.
   */
  right: string;
  /**
   * Per-field sync type (R14). prefer: the preferred app's value wins unless blank; always: the preferred app's value wins even when blank; two-way: the most recent change wins; none: not synced.
   */
  sync?: 'prefer' | 'always' | 'two-way' | 'none';
  /**
   * For prefer and always: the connection whose value wins. Default: conflict.winner.
   */
  prefer?: string;
  /**
   * A record with no value here is not created in the other app, and the mapping cannot be switched off (R15).
   */
  required?: boolean;
  /**
   * false switches the mapping off (R15).
   */
  enabled?: boolean;
  /**
   * Named transforms applied to both apps' values before they are compared and written, so that equal values never ping-pong.
   */
  transform?: (
    'trim' | 'lowercase' | 'uppercase' | 'collapse-spaces' | 'phone' | 'number' | 'string' | 'boolean' | 'date'
  )[];
  /**
   * A value map for picklists whose options differ between the apps: each key is a left value, each value the right value it stands for (matched case-insensitively). Values not listed pass through unchanged. Example (R9): `{ Not Started: NOT_STARTED, Completed: COMPLETED }`.
   */
  values?: {
    [k: string]: string;
  };
}
/**
 * How unlinked records are paired at the initial sync (R24-R26). Once linked, records stay linked by id.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Match".
 */
export interface Match {
  /**
   * default: the object's default keys (contacts: email; companies: domain, then name); none: never match, always create; or a list of keys tried in order.
   */
  keys: ('default' | 'none') | MatchKey[];
}
/**
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "MatchKey".
 */
export interface MatchKey {
  /**
   * A field, or several that together form the key.
   */
  left: string | string[];
  right: string | string[];
}
/**
 * Which records sync (R18-R23).
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Filters".
 */
export interface Filters {
  /**
   * Only records with a valid email sync (R18). Default: true for contacts, false otherwise.
   */
  require_email?: boolean;
  initial?: SideFilters;
  include?: SideFilters1;
}
/**
 * Criteria checked only before a record is linked (R19): once linked it keeps syncing even if it stops meeting them.
 */
export interface SideFilters {
  left?: RecordFilter;
  right?: RecordFilter;
}
/**
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Condition".
 */
export interface Condition {
  field: string;
  op:
    | 'equals'
    | 'not-equals'
    | 'in'
    | 'not-in'
    | 'contains'
    | 'exists'
    | 'not-exists'
    | 'gt'
    | 'gte'
    | 'lt'
    | 'lte'
    | 'in-list';
  /**
   * A value, or a list for in / not-in; the list id for in-list (a HubSpot list, R21).
   */
  value?: (string | number | boolean) | (string | number | boolean)[];
}
/**
 * Dynamic inclusion, checked on every run (R21): a record that stops meeting it stops syncing but is not deleted.
 */
export interface SideFilters1 {
  left?: RecordFilter;
  right?: RecordFilter;
}
/**
 * What a delete in one app does to the linked record in the other (R30). Never acted on after a partial read.
 *
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Deletes".
 */
export interface Deletes {
  /**
   * ignore (default): the other record stays and the link is remembered as deleted, so `crmsync resync-deleted` can recreate it; propagate: delete it too; archive: archive it where the app can.
   */
  mode?: 'ignore' | 'propagate' | 'archive';
  /**
   * Mass-delete guard: an apply may delete up to this share of the sync's linked records, or max_count records, whichever is larger; more is refused unless --allow-mass-delete. Default: settings.deletes.max_share, else 0.1.
   */
  max_share?: number;
  /**
   * Mass-delete guard: an apply may delete up to this many records, or max_share of the linked records, whichever is larger. Default: settings.deletes.max_count, else 10.
   */
  max_count?: number;
}
/**
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "Association".
 */
export interface Association {
  /**
   * Name of the sync that syncs the associated object.
   */
  sync: string;
  /**
   * Only the primary association (R28).
   */
  primary_only?: boolean;
}
/**
 * This interface was referenced by `SyncFile`'s JSON-Schema
 * via the `definition` "SideFilters".
 */
export interface SideFilters2 {
  left?: RecordFilter;
  right?: RecordFilter;
}
