/** What a test or the sandbox can configure on one emulated org. */
import type { FaultOptions } from '../../shared/emulator-http.js';
import type { SfFieldType } from '../standard-objects.js';
import type { Row } from './soql/resolve.js';

export interface CustomFieldOptions {
  /** API name; `__c` is appended when missing. */
  name: string;
  type: SfFieldType;
  label?: string;
  length?: number;
  required?: boolean;
  unique?: boolean;
  externalId?: boolean;
  picklist?: string[];
  /** Only the picklist's own values are accepted. */
  restricted?: boolean;
  referenceTo?: string[];
  relationshipName?: string;
  defaultValue?: string | number | boolean;
}

export interface CustomObjectOptions {
  /** API name ending in `__c` (R7). */
  name: string;
  label?: string;
  labelPlural?: string;
  fields?: CustomFieldOptions[];
  /** Generated records, seeded once into a new org. */
  records?: number;
}

/**
 * A validation rule: `when` returns true when the record is invalid, and the write fails with
 * FIELD_CUSTOM_VALIDATION_EXCEPTION and `message` (bound to `field` when given).
 */
export interface ValidationRule {
  object: string;
  message: string;
  field?: string;
  when: (record: Row, previous: Row | undefined) => boolean;
}

export interface EmulatorUser {
  username: string;
  password: string;
  /** Appended to the password on login from an untrusted network. */
  securityToken?: string;
}

/**
 * A connected app (or external client app) of the org: what its OAuth 2.0 grants check. Client
 * credentials need `clientSecret` and `runAs`; the JWT bearer flow needs `certificate`.
 */
export interface ConnectedApp {
  clientId: string;
  clientSecret?: string;
  /** The uploaded certificate (or public key), PEM, that verifies JWT bearer assertions. */
  certificate?: string;
  /** Username of the client-credentials flow's execution ("Run As") user. */
  runAs?: string;
}

/** Like the sandbox `seed` of the sync files: `companies` become Accounts. */
export interface SeedOptions {
  contacts?: number;
  companies?: number;
  leads?: number;
  opportunities?: number;
  tasks?: number;
  /** Index of the first fake person, so two apps can share people (shared/fake-data.ts). */
  from?: number;
}

export interface SalesforceEmulatorOptions {
  port?: number;
  /** Newest API version advertised by GET /services/data (every vNN.N path is accepted). */
  version?: string;
  /** Answers `<sandbox>true</sandbox>` on login (R4). */
  sandbox?: boolean;
  users?: EmulatorUser[];
  /** Connected apps for the OAuth 2.0 grants; default one app with DEFAULT_CONNECTED_APP's id and secret, run as the first user. */
  connectedApps?: ConnectedApp[];
  /** The org's number in its id (default 1): emulators with different numbers are different orgs. */
  org?: number;
  /** A session id accepted without login, for `new Connection({ instanceUrl, accessToken })`. */
  accessToken?: string;
  /** Daily API request allowance (R33). */
  dailyApiLimit?: number;
  /** Default SOQL page size (the app's is 2000). */
  pageSize?: number;
  /** Most records per sObject Collections call. */
  maxCollection?: number;
  /** Standard duplicate rules: a Contact or Lead whose Email another one has is refused. */
  duplicateRules?: boolean;
  validationRules?: ValidationRule[];
  /** Field-level security: fields hidden from the API user, by object (`{ Contact: ['Phone'] }`). */
  hiddenFields?: Record<string, string[]>;
  /** Picklists of standard objects made restricted, by object (`{ Lead: ['LeadSource'] }`). */
  restrictedPicklists?: Record<string, string[]>;
  customObjects?: CustomObjectOptions[];
  /** Custom fields added to standard objects, by object name. */
  customFields?: Record<string, CustomFieldOptions[]>;
  seed?: SeedOptions;
  /** Load from and save to this JSON file (saving is debounced). */
  persistPath?: string;
  faults?: FaultOptions | null;
  /** The clock behind SystemModstamp and the daily budget. */
  now?: () => number;
}
