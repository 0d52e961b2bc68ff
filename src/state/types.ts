/** The state's shape in memory (version 2): links, base values, cursors, failures, and the journal. */
import type { AppName, FailureCategory } from '../connectors/types.js';
import type { SideName } from '../config/model.js';
import type { Canon } from '../plan/values.js';
import type { Accounting } from '../apply/accounting.js';

export const STATE_VERSION = 2;

/** One remembered pairing of a record in each app, with each side's values at the last sync. */
export interface LinkState {
  l: string;
  r: string;
  /** Canonical values per side at the last sync, keyed by that side's field name (the base). */
  base: { l: Record<string, Canon>; r: Record<string, Canon> };
  /** When the link was last synced (ISO). */
  at: string;
  /** Outside the inclusion filter (R21): not synced until it meets it again. */
  excluded?: boolean;
  /** Set when the record was deleted in that app and the other was kept (R30); no longer synced. */
  deleted?: SideName;
}

export interface FailureState {
  side: SideName;
  id: string;
  category: FailureCategory;
  code: string;
  message: string;
  hint?: string;
  attempts: number;
  firstAt: string;
  lastAt: string;
  /** Not retried before this time (backoff). */
  retryAfter?: string;
}

export interface SyncState {
  links: LinkState[];
  cursors: { left?: string | null; right?: string | null };
  failures: FailureState[];
  /** Hash of the sync's compiled configuration at the last apply; a change forces a full read. */
  configHash?: string;
  /** When both apps were last read in full and completely (ISO); reconcile_every counts from here. */
  fullReadAt?: string;
  /** When the sync first ran; with initial_sync: changes-only, older records wait for `crmsync import` (R8). */
  activatedAt?: string;
  /** Counts from the last apply, for `crmsync status` (R31). */
  health?: {
    at: string;
    inSync: number;
    excluded: Record<SideName, number>;
    failed: number;
    /** Records not created because the other app's read was incomplete. */
    waiting?: Record<SideName, number>;
    /** Sides whose last read was incomplete, with why. */
    incomplete?: Partial<Record<SideName, string>>;
    /** Each record read, by where it ended (apply/accounting.ts). */
    accounting?: Accounting;
  };
  /** Records the last apply left waiting for a complete read of the other app, with why (R24). */
  waiting?: WaitingState[];
}

export interface WaitingState {
  side: SideName;
  id: string;
  message: string;
  hint?: string;
}

/** An intended create, written before the call so a crash between call and answer is recoverable. */
export interface JournalEntry {
  marker: string;
  sync: string;
  side: SideName;
  from: string;
  at: string;
  /** The created record's first match-key value, to find it when the app keeps no marker. */
  key?: { field: string; value: string };
}

export interface StateFile {
  format: 'crmsync-state';
  version: typeof STATE_VERSION;
  /** Random id of this state's history; a plan made against another lineage is refused. */
  lineage: string;
  /** Incremented on every write; a saved plan records the serial it was made against. */
  serial: number;
  syncs: Record<string, SyncState>;
  journal: JournalEntry[];
  /** The account each connection reached when the state was first applied; another account is refused. */
  accounts?: Record<string, BoundAccount>;
}

/** A connection's account as the state recorded it (see connectors' AccountIdentity). */
export interface BoundAccount {
  app: AppName;
  id: string;
  label: string;
  /** When it was recorded (first apply, or `crmsync state rebind`). */
  at: string;
}

export const emptySyncState = (): SyncState => ({ links: [], cursors: {}, failures: [] });
