/**
 * The plan: versioned, JSON-serialisable data. Each operation says what it does, the rule that
 * decided it (an R-number of docs/sync-rules), a sentence of why, and the YAML that produced it.
 */
import type { FailureCategory, FieldDef, Fields, FieldValue } from '../connectors/types.js';
import type { SideName, SourceRef } from '../config/model.js';
import type { LinkState } from '../state/types.js';
import type { Canon } from './values.js';

/** 2: typed references between ops (`RecordRef`), `link-created` ops, `create.emailFirst`. */
export const PLAN_VERSION = 2;

type RuleNumber =
  | 1
  | 2
  | 3
  | 4
  | 5
  | 6
  | 7
  | 8
  | 9
  | 10
  | 11
  | 12
  | 13
  | 14
  | 15
  | 16
  | 17
  | 18
  | 19
  | 20
  | 21
  | 22
  | 23
  | 24
  | 25
  | 26
  | 27
  | 28
  | 29
  | 30
  | 31
  | 32
  | 33;
/** A sync rule of docs/sync-rules (R1 to R33); no other value can decide an op. */
export type RuleId = `R${RuleNumber}`;

export interface Reason {
  /** The sync rule that decided, e.g. `R12`. */
  rule: RuleId;
  message: string;
}

/**
 * A record an op points at: one that exists (`record`, its id in the app), or one a create op of
 * this plan makes (`created`, that op's id), known only once the create has run.
 */
export type RecordRef = { kind: 'record'; id: string } | { kind: 'created'; op: string };

interface OpBase {
  /** Stable within a plan: `sync/type/side/record`. */
  id: string;
  sync: string;
  reason: Reason;
  source: SourceRef;
}

export interface FieldChange {
  field: string;
  old: FieldValue | null;
  new: FieldValue | null;
  reason: Reason;
  source: SourceRef;
}

/** Base values to record for a link once the op succeeds (per side, by field). */
export type BasePatch = { left: Record<string, Canon>; right: Record<string, Canon> };

export interface CreateOp extends OpBase {
  type: 'create';
  side: SideName;
  connection: string;
  object: string;
  /** The record in the other app this one copies. */
  from: string;
  fields: Fields;
  base: BasePatch;
  /** resync-deleted (R30): the remembered link this create restores. */
  replaces?: { left: string; right: string };
  /**
   * R23: only the email (and required fields) are written; the run that fills the rest reads in
   * full, since the imported records are older than any cursor.
   */
  emailFirst?: boolean;
}

export interface UpdateOp extends OpBase {
  type: 'update';
  side: SideName;
  connection: string;
  object: string;
  recordId: string;
  link: { left: string; right: string };
  changes: FieldChange[];
  base: BasePatch;
}

export interface DeleteOp extends OpBase {
  type: 'delete';
  side: SideName;
  connection: string;
  object: string;
  recordId: string;
  mode: 'delete' | 'archive';
  link: { left: string; right: string };
}

/** Pair two existing records (initial sync match, R24); state only. */
export interface LinkOp extends OpBase {
  type: 'link';
  link: { left: string; right: string };
  base: BasePatch;
}

/**
 * Pair an existing record with one that another sync's create op makes in this run (dedupe.ts,
 * R24): runs once that create has answered; if it failed, the existing record fails with it.
 */
export interface LinkCreatedOp extends OpBase {
  type: 'link-created';
  /** The side of this sync the other sync creates the record on. */
  side: SideName;
  /** The create op (of another sync) whose record this links to. */
  created: string;
  /** The existing record, on the other side. */
  existing: string;
  base: BasePatch;
}

/** Record base values that changed without any write (both apps changed to the same value); state only. */
export interface RebaseOp extends OpBase {
  type: 'rebase';
  link: { left: string; right: string };
  base: BasePatch;
}

/** A linked record is gone from one app: remember it as deleted there (R30), or drop the link. */
export interface ForgetOp extends OpBase {
  type: 'forget';
  link: { left: string; right: string };
  deleted: SideName | 'both';
}

/**
 * A linked record was merged into another record of its app, or the app renamed it (Google's
 * `previousResourceNames`): the link follows the record to its new id (state only), so the merge is
 * neither propagated as a delete nor answered with a duplicate (R24).
 */
export interface RelinkOp extends OpBase {
  type: 'relink';
  side: SideName;
  /** The link as the state holds it now. */
  link: { left: string; right: string };
  /** The record's id on `side` from now on. */
  to: string;
}

/** A linked pair left (or re-entered) the inclusion filter (R21); state only. */
export interface MarkOp extends OpBase {
  type: 'mark';
  link: { left: string; right: string };
  excluded: boolean;
}

export interface AssociateOp extends OpBase {
  type: 'associate';
  side: SideName;
  connection: string;
  object: string;
  toObject: string;
  from: RecordRef;
  to: RecordRef;
  primary: boolean;
}

/** Schema provisioning (R16): a field the app lacks is created before any record is written. */
export interface CreateFieldOp extends OpBase {
  type: 'create-field';
  side: SideName;
  connection: string;
  object: string;
  field: FieldDef;
  /** `marker`: the property that keeps the idempotency marker of created records, not a mapped field. */
  purpose?: 'marker';
}

export type Op = CreateFieldOp | CreateOp | UpdateOp | DeleteOp | LinkOp | LinkCreatedOp | RelinkOp | RebaseOp | ForgetOp | MarkOp | AssociateOp;
export type OpType = Op['type'];

/** Ops that change an app (the rest only change the state file). */
export const APP_OPS: ReadonlySet<OpType> = new Set(['create-field', 'create', 'update', 'delete', 'associate']);

/** Something the plan noticed that is not a change: a record left alone, and why. */
export interface Finding {
  sync: string;
  side: SideName;
  recordId: string;
  /** `waiting`: not created, because the app it would go into was not read completely (R24). */
  kind: 'ambiguous' | 'missing-required' | 'failed-earlier' | 'waiting';
  category: FailureCategory;
  rule: RuleId;
  message: string;
  hint?: string;
}

export interface SideSummary {
  connection: string;
  object: string;
  read: number;
  complete: boolean;
  /** Why the read was incomplete: the app's error category and code. */
  error?: { category: FailureCategory; code: string; message: string };
}

export interface SideCounts {
  create: number;
  update: number;
  delete: number;
  associate: number;
}

export interface SyncSummary {
  name: string;
  enabled: boolean;
  left: SideSummary;
  right: SideSummary;
  /** Writes planned into each app, derived from the ops (countOps); associations apart from record updates (R27). */
  counts: Record<SideName, SideCounts>;
  linked: number;
  inSync: number;
  /**
   * Of the pairs in sync, those whose apps still differ on purpose: a blank that never wipes (R12),
   * a one-way target's own edit (R13). Nothing is written for them.
   */
  diverged?: number;
  excluded: Record<SideName, number>;
  /** Records of each side not created in the other app because that app's read was incomplete. */
  waiting?: Record<SideName, number>;
  /** Pairs to link (R24): matched records, and records linked to another sync's create. */
  link?: number;
  /** Linked pairs neither incomplete read returned: not known to be in sync. */
  unread?: number;
  /** Why nothing was planned for this sync, when nothing was. */
  note?: string;
  /** A pair came back into the filter while its partner was not read: plan again from a full read. */
  needsFullRead?: boolean;
  /** Hash of the sync's compiled configuration (a change forces the next read to be full). */
  configHash?: string;
  /** Both apps were read in full and completely at this time (the plan's): recorded on apply (reconcile_every). */
  fullReadAt?: string;
  /** This run reads in full as a periodic reconciliation read (reconcile_every), and why. */
  reconcile?: string;
  /** The newest modification time read from either app; a changes-only sync starts after it (R8). */
  latestModifiedAt?: string;
}

export interface Plan {
  format: 'crmsync-plan';
  version: typeof PLAN_VERSION;
  createdAt: string;
  /** The state this plan was made against; apply refuses the plan when the state moved on. */
  state: {
    lineage: string;
    serial: number;
    /** PostgreSQL state: the serial of each planned sync; apply compares these instead of the whole state's serial. */
    syncs?: Record<string, number>;
  };
  /** Hash of the compiled configuration; with `selected`, of only the part those syncs depend on (selectionFingerprint). */
  configHash: string;
  /** Hash of what was read from each app, per sync and side; apply re-reads and compares. */
  fingerprints: Record<string, Record<SideName, string>>;
  /** Cursors to store once the plan is applied, per sync and side. */
  cursors: Record<string, Record<SideName, string | null>>;
  syncs: SyncSummary[];
  ops: Op[];
  findings: Finding[];
  /** Values masked (--redact): for reading only, never applied. */
  redacted?: boolean;
  /** `--sync`: the syncs this plan was made for; the others were not read. `apply` of the saved plan applies and leases only these. */
  selected?: string[];
  /** `--refresh-only`: only state changes (links, bases, cursors); nothing is written to the apps. */
  refreshOnly?: boolean;
}

export type { LinkState };
