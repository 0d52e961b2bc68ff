/* Do not edit: generated from schema/state.schema.json by `npm run gen:types`. */

/**
 * A canonical field value: null is blank. An integer beyond 2^53 is a string of its exact digits, since a JavaScript number cannot hold it (it is compared, stored and written as such).
 *
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "Canon".
 */
export type Canon = string | number | boolean | string[] | null;
/**
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "Side".
 */
export type Side = 'left' | 'right';
/**
 * Sync-health error categories (R31), shared by connectors, the plan and the state. network: no answer (the connection was refused, reset or dropped, or the answer was cut off); timeout: no answer within the client's time limit; server-error: the app answered 5xx; transient: passing trouble the app reported itself (a batch rolled back, an expired query cursor).
 *
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "FailureCategory".
 */
export type FailureCategory =
  | 'duplicate'
  | 'property-value'
  | 'required-field'
  | 'not-found'
  | 'permission'
  | 'authentication'
  | 'association'
  | 'quota'
  | 'rate-limit'
  | 'conflict'
  | 'ambiguous-match'
  | 'network'
  | 'timeout'
  | 'server-error'
  | 'transient'
  | 'unknown';

/**
 * The crmsync state (version 3) as a whole, once read: what the project document and its per-sync links documents, or the PostgreSQL rows, hold together. Links, their base values, cursors, failures, the create journal and the accounts the connections are bound to.
 */
export interface StateFile {
  format: 'crmsync-state';
  version: 3;
  /**
   * Random id of this state's history; a plan made against another lineage is refused.
   */
  lineage: string;
  /**
   * Incremented on every write; a saved plan records the serial it was made against.
   */
  serial: number;
  syncs: {
    [k: string]: SyncState;
  };
  journal: JournalEntry[];
  /**
   * The account each connection reached when the state was first applied; another account is refused.
   */
  accounts?: {
    [k: string]: BoundAccount;
  };
}
/**
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "SyncState".
 */
export interface SyncState {
  links: LinkState[];
  cursors: {
    left?: string | null;
    right?: string | null;
  };
  failures: FailureState[];
  /**
   * Hash of the sync's compiled configuration at the last apply; a change forces a full read.
   */
  configHash?: string;
  /**
   * When both apps were last read in full and completely; reconcile_every counts from here.
   */
  fullReadAt?: string;
  /**
   * When the sync first ran (R8).
   */
  activatedAt?: string;
  /**
   * Counts from the last apply, for `crmsync status` (R31).
   */
  health?: {
    at: string;
    inSync: number;
    excluded: {
      left: number;
      right: number;
    };
    failed: number;
    waiting?: {
      left: number;
      right: number;
    };
    incomplete?: {
      left?: string;
      right?: string;
    };
    accounting?: {
      left: SideAccount;
      right: SideAccount;
    };
  };
  waiting?: WaitingState[];
}
/**
 * One remembered pairing of a record in each app, with each side's values at the last sync.
 *
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "LinkState".
 */
export interface LinkState {
  left: string;
  right: string;
  /**
   * Canonical values per side at the last sync, keyed by that side's field name.
   */
  base: {
    left: Base;
    right: Base;
  };
  /**
   * When the link was last synced (ISO 8601).
   */
  at: string;
  /**
   * Outside the inclusion filter (R21): not synced until it meets it again.
   */
  excluded?: boolean;
  /**
   * The record was deleted in that app and the other was kept (R30); no longer synced.
   */
  deleted?: 'left' | 'right';
}
/**
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "Base".
 */
export interface Base {
  [k: string]: Canon;
}
/**
 * A record whose last write failed (R31), with its backoff.
 *
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "FailureState".
 */
export interface FailureState {
  side: Side;
  id: string;
  category: FailureCategory;
  code: string;
  message: string;
  hint?: string;
  attempts: number;
  firstAt: string;
  lastAt: string;
  /**
   * Not retried before this time (backoff).
   */
  retryAfter?: string;
}
/**
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "SideAccount".
 */
export interface SideAccount {
  read: number;
  linked: number;
  created: number;
  excluded: number;
  waiting: number;
  failed: number;
  deleted: number;
  unaccounted: number;
}
/**
 * A record the last apply left waiting for a complete read of the other app (R24).
 *
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "WaitingState".
 */
export interface WaitingState {
  side: Side;
  id: string;
  message: string;
  hint?: string;
}
/**
 * An intended create, written before the call so a crash between call and answer is recoverable.
 *
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "JournalEntry".
 */
export interface JournalEntry {
  marker: string;
  sync: string;
  side: Side;
  from: string;
  at: string;
  /**
   * The created record's first match-key value, to find it when the app keeps no marker.
   */
  key?: {
    field: string;
    value: string;
  };
}
/**
 * A connection's account as the state recorded it.
 *
 * This interface was referenced by `StateFile`'s JSON-Schema
 * via the `definition` "BoundAccount".
 */
export interface BoundAccount {
  /**
   * The connection's app: a built-in one (local, hubspot, salesforce, google) or one registered through the library API.
   */
  app: string;
  id: string;
  label: string;
  /**
   * When it was recorded (first apply, or `crmsync state rebind`).
   */
  at: string;
}
