/**
 * The one interface every app sits behind: the local store, HubSpot, Salesforce and Google Contacts.
 *
 * Values crossing this boundary are already decoded into plain JS values (HubSpot's all-string
 * properties become numbers/booleans where the catalogue says so), so the engine never needs to
 * know an app's wire format. Results are data (`{ ok }` or `{ ok: false, error }`), never throws,
 * for anything that concerns one record; a connector throws only for a failure of the whole call
 * that the engine cannot attribute to a record (and then as a ConnectorFailure).
 */

import type { Connection } from '../config/schema-types.js';
import type { FailureCategory as StateFailureCategory } from '../state/state-types.js';

/** The apps crmsync has built in (connectors/registry.ts): the `app` values the configuration schema allows. */
export type AppKind = Connection['app'];

/** An app's name as connections give it: a built-in one, or one a program registered (library API). */
export type AppName = AppKind | (string & {});

export type Scalar = string | number | boolean | null;
/** A field value: scalars, or a list of strings (multi-select, secondary emails). */
export type FieldValue = Scalar | string[];
export type Fields = Record<string, FieldValue>;

/** Field types as the engine sees them; each connector maps its app's types onto these. */
export type FieldType = 'string' | 'text' | 'email' | 'phone' | 'url' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum' | 'multi-enum' | 'id' | 'reference';

export interface FieldDef {
  name: string;
  label?: string;
  type: FieldType;
  /** The app refuses a create without it (Salesforce LastName, a custom object's required property). */
  required?: boolean;
  /** Computed or system-managed: never written (ids, timestamps, formulas). */
  readOnly?: boolean;
  /** The app enforces uniqueness (HubSpot contact email). */
  unique?: boolean;
  /** Salesforce: an External ID field, which upserts can key on (the create marker). */
  externalId?: boolean;
  /** Allowed values of enum / multi-enum fields. */
  options?: string[];
  /** Created by the account owner, not part of the app's standard model. */
  custom?: boolean;
  /** Fields that exist in the app but can never be synced (R17: Google labels, owner, custom fields). */
  unsyncable?: string;
}

export interface Catalogue {
  object: string;
  fields: FieldDef[];
}

/** A record as read from an app. */
export interface RemoteRecord {
  id: string;
  fields: Fields;
  /** The app's own last-modified time (ISO 8601, UTC); used by the two-way (most recent wins) rule. */
  modifiedAt?: string;
  /** Set on incremental reads for a record deleted (or archived) since the cursor. */
  deleted?: boolean;
  /** App facts the engine's filters and associations need; never written back as fields. */
  meta?: RecordMeta;
}

export interface RecordMeta {
  /** Google: the etag needed to update this person. */
  etag?: string;
  /** Google: contact groups (resource names) the person belongs to (`contactGroups/myContacts`, `…/starred`). */
  groups?: string[];
  /** Google: which folder the contact lives in (R20). */
  folder?: 'contacts' | 'other' | 'trash';
  /** Associated record ids by object (`companies: ['5']`), primary first (R28). */
  associations?: Record<string, string[]>;
  /** Lists/segments this record is a member of (HubSpot list ids), for inclusion lists (R21). */
  lists?: string[];
  /** An external-id marker the engine wrote at create time (crash recovery). */
  marker?: string;
  /**
   * Ids this record has replaced: the losers of a HubSpot merge (`hs_merged_object_ids`), a Google
   * contact's `previousResourceNames`. A link to one of them is re-pointed to this record instead of
   * being treated as a delete plus a new record.
   */
  formerIds?: string[];
  /**
   * On a deleted record only: the survivor it was merged into (Salesforce `MasterRecordId`). The link
   * moves to the survivor; the delete is not propagated.
   */
  mergedInto?: string;
}

export type ReadMode = 'full' | 'incremental';

export interface ReadRequest {
  object: string;
  /** The fields to read (the mapped ones plus match keys); connectors may return more. */
  fields: string[];
  mode: ReadMode;
  /** The opaque cursor a previous read returned; required when mode is incremental. */
  cursor?: string | null;
  /** Progress callback, for long reads: records so far, and the total when the app says it (a search's `total`, a query's `totalSize`). */
  onProgress?: (records: number, total?: number) => void;
}

export interface ReadResult {
  /** What was actually done: a connector may fall back from incremental to full (expired sync token). */
  mode: ReadMode;
  records: RemoteRecord[];
  /** The cursor to store for the next incremental read (only when complete). */
  cursor: string | null;
  /**
   * False when any page failed or was cut short. The engine then never deletes anything on the
   * strength of this read and never advances this side's cursor.
   */
  complete: boolean;
  /** Why the read is incomplete, when it is. */
  error?: ConnectorError;
}

/** One record-level write. `ref` is the caller's key for matching results to inputs. */
export type WriteOp =
  | { kind: 'create'; ref: string; fields: Fields; marker?: string }
  | { kind: 'update'; ref: string; id: string; fields: Fields; etag?: string }
  | { kind: 'delete'; ref: string; id: string; mode: 'delete' | 'archive' };

export type WriteResult =
  | {
      ref: string;
      ok: true;
      id: string;
      /** The values the app stored, when its answer carries them (it may have normalised them). */
      fields?: Fields;
      modifiedAt?: string;
      etag?: string;
    }
  | { ref: string; ok: false; error: ConnectorError };

/**
 * Sync-health error categories (R31): generated from schema/state.schema.json, the one place they
 * are written, since the state stores them (its description says what each of the newer ones means).
 */
export type FailureCategory = StateFailureCategory;

/** Categories where no usable answer came back: the app may have done the write anyway. */
export const NO_ANSWER: ReadonlySet<FailureCategory> = new Set(['network', 'timeout', 'server-error']);

export interface ConnectorError {
  /** The app's own error code (`CONFLICT`, `DUPLICATE_VALUE`, `FAILED_PRECONDITION`, …). */
  code: string;
  category: FailureCategory;
  message: string;
  /** Worth trying again later (429, 5xx, timeouts). */
  retryable: boolean;
  /** How the user can resolve it. */
  hint?: string;
}

/** The pseudo-field findBy() takes to look records up by the crash-recovery marker they were created with. */
export const MARKER_FIELD = '$marker';

/** Thrown for a failure of a whole call (bad credentials, app unreachable after retries). */
export class ConnectorFailure extends Error {
  constructor(
    readonly error: ConnectorError,
    readonly connection?: string,
  ) {
    super(error.message);
    this.name = 'ConnectorFailure';
  }
}

export interface AssociationLink {
  fromId: string;
  toId: string;
  primary?: boolean;
}

/** The ref of one link's result from associate(): `<fromId>-><toId>`; results are matched by it. */
export const associationRef = (link: Pick<AssociationLink, 'fromId' | 'toId'>): string => `${link.fromId}->${link.toId}`;

/** Counters the benchmark, `status` and the run's summary read: API calls made, by kind. */
export interface CallStats {
  calls: number;
  byKind: Record<string, number>;
  /** Calls the client-side limiter held back for the app's rate limit (its window full, or paused after a 429), and the time it held them in all (ms, never overlapping). */
  held?: { calls: number; ms: number };
  /** Calls the app refused for its rate limit (429) and that were retried, and how long the account's calls were paused for them (ms). */
  refused?: { calls: number; ms: number };
}

/**
 * The account a connection reaches: a HubSpot portal, a Salesforce org, a Google account, a local
 * store. The state records it at the first apply and refuses any other account afterwards.
 */
export interface AccountIdentity {
  /** Stable and unique per account: the portal id, the 15-character org id, the profile id, the store id. */
  id: string;
  /** How a user recognises it in a message (`HubSpot account 12345678`). */
  label: string;
}

export interface Connector {
  readonly app: AppName;
  /** Which account this connection reaches; at most one call. */
  identity(): Promise<AccountIdentity>;
  /** Objects this connection can sync (R6). */
  objects(): string[];
  /** The object's field catalogue, read from the app (properties / describe) where it has one. */
  catalogue(object: string): Promise<Catalogue>;
  read(request: ReadRequest): Promise<ReadResult>;
  /** Writes in batches of the app's maximum size; one result per op, in any order, keyed by ref. */
  write(object: string, ops: WriteOp[]): Promise<WriteResult[]>;
  /** Finds records by an exact field value (crash recovery: a create whose answer was lost). */
  findBy?(object: string, field: string, values: string[]): Promise<RemoteRecord[]>;
  /**
   * Whether records of `object` carry the create marker, so findBy(MARKER_FIELD) can tell a create
   * that happened from one that did not. Absent means they always do (local store, Google).
   */
  keepsMarkers?(object: string): Promise<boolean>;
  /** Schema provisioning (R16): creates a field the app lacks; returns it as the catalogue shows it. */
  createField?(object: string, def: FieldDef): Promise<FieldDef>;
  /** Associations (R27): create links between existing records; one result per link, ref `associationRef(link)`, in any order. */
  associate?(from: string, to: string, links: AssociationLink[]): Promise<WriteResult[]>;
  /**
   * Inclusion lists (R21): the ids of the `object` records in the app's list `listId`. Throws a
   * ConnectorFailure when there is no such list (category not-found) or it holds another object.
   * Only apps with lists have it (HubSpot), together with readByIds; `in-list` filters need both.
   */
  listMembers?(object: string, listId: string): Promise<string[]>;
  /** The records with these ids (absent ones left out): a list's new members that no read returned (R21). */
  readByIds?(object: string, ids: string[], fields: string[]): Promise<RemoteRecord[]>;
  stats(): CallStats;
  close(): Promise<void>;
}
