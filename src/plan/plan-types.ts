/* Do not edit: generated from schema/plan.schema.json by `npm run gen:types`. */
import type {FieldDef} from '../connectors/types.js';
import type {FailureCategory} from '../state/state-types.js';

/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Op".
 */
export type Op =
  | CreateFieldOp
  | CreateOp
  | UpdateOp
  | DeleteOp
  | LinkOp
  | LinkCreatedOp
  | RelinkOp
  | RebaseOp
  | ForgetOp
  | MarkOp
  | AssociateOp;
/**
 * A sync rule of docs/sync-rules, R1 to R33; no other value can decide an op.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "RuleId".
 */
export type RuleId =
  `R${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 | 21 | 22 | 23 | 24 | 25 | 26 | 27 | 28 | 29 | 30 | 31 | 32 | 33}`;
/**
 * One side of a sync.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Side".
 */
export type Side = 'left' | 'right';
/**
 * A record: one that exists (its id), or one a create op of this plan makes (that op's id).
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "RecordRef".
 */
export type RecordRef =
  | {
      kind: 'record';
      id: string;
    }
  | {
      kind: 'created';
      op: string;
    };

/**
 * A plan as saved by `crmsync plan --out FILE` and printed by `plan --json`: versioned data, each op with the rule that decided it and the YAML that produced it. `apply FILE` and `show FILE` validate a saved plan against this schema before reading it.
 */
export interface Plan {
  format: 'crmsync-plan';
  version: 3;
  createdAt: string;
  /**
   * The state this plan was made against; apply refuses the plan when the state moved on.
   */
  state: {
    lineage: string;
    serial: number;
    /**
     * PostgreSQL state: the serial of each planned sync, checked instead of the whole state's serial.
     */
    syncs?: {
      [k: string]: number;
    };
  };
  /**
   * Hash of the compiled configuration; with `selected`, of only the part those syncs depend on (selectionFingerprint).
   */
  configHash: string;
  /**
   * Hash of what was read from each app, per sync and side; apply re-reads and compares.
   */
  fingerprints: {
    [k: string]: {
      left: string;
      right: string;
    };
  };
  /**
   * Cursors to store once the plan is applied, per sync and side.
   */
  cursors: {
    [k: string]: {
      left: string | null;
      right: string | null;
    };
  };
  syncs: SyncSummary[];
  ops: Op[];
  findings: Finding[];
  /**
   * Values masked (--redact): for reading only, never applied.
   */
  redacted?: boolean;
  /**
   * `--sync`: the syncs this plan was made for; the others were not read. `apply` of the saved plan applies and leases only these.
   */
  selected?: string[];
  /**
   * `--refresh-only`: only state changes (links, bases, cursors); nothing is written to the apps.
   */
  refreshOnly?: boolean;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "SyncSummary".
 */
export interface SyncSummary {
  name: string;
  enabled: boolean;
  left: SideSummary;
  right: SideSummary;
  /**
   * Writes planned into each app, derived from the ops (countOps); associations apart from record updates (R27).
   */
  counts: {
    left: SideCounts;
    right: SideCounts;
  };
  linked: number;
  inSync: number;
  /**
   * Of the pairs in sync, those whose apps still differ on purpose: a blank that never wipes (R12), a one-way target's own edit (R13). Nothing is written for them.
   */
  diverged?: number;
  excluded: {
    left: number;
    right: number;
  };
  /**
   * Records of each side not created in the other app because that app's read was incomplete.
   */
  waiting?: {
    left: number;
    right: number;
  };
  /**
   * Pairs to link (R24): matched records, and records linked to another sync's create.
   */
  link?: number;
  /**
   * Linked pairs neither incomplete read returned: not known to be in sync.
   */
  unread?: number;
  /**
   * Why nothing was planned for this sync, when nothing was.
   */
  note?: string;
  /**
   * A pair came back into the filter while its partner was not read: plan again from a full read.
   */
  needsFullRead?: boolean;
  /**
   * Hash of the sync's compiled configuration (a change forces the next read to be full).
   */
  configHash?: string;
  /**
   * Both apps were read in full and completely at this time (the plan's): recorded on apply (reconcile_every).
   */
  fullReadAt?: string;
  /**
   * This run reads in full as a periodic reconciliation read (reconcile_every), and why.
   */
  reconcile?: string;
  /**
   * The newest modification time read from either app; a changes-only sync starts after it (R8).
   */
  latestModifiedAt?: string;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "SideSummary".
 */
export interface SideSummary {
  connection: string;
  object: string;
  read: number;
  complete: boolean;
  /**
   * Why the read was incomplete: the app's error category and code.
   */
  error?: {
    category: FailureCategory;
    code: string;
    message: string;
  };
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "SideCounts".
 */
export interface SideCounts {
  create: number;
  update: number;
  delete: number;
  associate: number;
}
/**
 * Schema provisioning (R16): a field the app lacks, created before any record is written.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "CreateFieldOp".
 */
export interface CreateFieldOp {
  type: 'create-field';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  connection: string;
  object: string;
  field: FieldDef;
  /**
   * `marker`: the property that keeps the idempotency marker of created records, not a mapped field.
   */
  purpose?: 'marker';
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Reason".
 */
export interface Reason {
  rule: RuleId;
  message: string;
}
/**
 * The place in the YAML that produced this.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Source".
 */
export interface Source {
  file: string;
  line: number;
  col: number;
}
/**
 * A record copied into the app that lacks it (R3); `replaces`: the remembered link it restores (resync-deleted, R30).
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "CreateOp".
 */
export interface CreateOp {
  type: 'create';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  connection: string;
  object: string;
  /**
   * The record in the other app this one copies.
   */
  from: string;
  fields: {
    [k: string]: string | number | boolean | null | string[];
  };
  base: BasePatch;
  replaces?: LinkPair;
  /**
   * R23: only the email (and required fields) are written; the run that fills the rest reads in full, since the imported records are older than any cursor.
   */
  emailFirst?: boolean;
}
/**
 * Base values to record for a link once the op succeeds, per side, by field.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "BasePatch".
 */
export interface BasePatch {
  left: {
    [k: string]: string | number | boolean | null | string[];
  };
  right: {
    [k: string]: string | number | boolean | null | string[];
  };
}
/**
 * A link's record ids, one per side.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "LinkPair".
 */
export interface LinkPair {
  left: string;
  right: string;
}
/**
 * Fields written into a linked record (R10-R14).
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "UpdateOp".
 */
export interface UpdateOp {
  type: 'update';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  connection: string;
  object: string;
  recordId: string;
  link: LinkPair;
  changes: FieldChange[];
  base: BasePatch;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "FieldChange".
 */
export interface FieldChange {
  field: string;
  old: (string | number | boolean | null) | string[];
  new: (string | number | boolean | null) | string[];
  reason: Reason;
  source: Source;
}
/**
 * A linked record deleted (or archived) after its partner was deleted (R30).
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "DeleteOp".
 */
export interface DeleteOp {
  type: 'delete';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  connection: string;
  object: string;
  recordId: string;
  mode: 'delete' | 'archive';
  link: LinkPair;
}
/**
 * Two existing records paired (R24); state only.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "LinkOp".
 */
export interface LinkOp {
  type: 'link';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  link: LinkPair;
  base: BasePatch;
}
/**
 * An existing record paired with the one another sync's create op makes in this run (R24).
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "LinkCreatedOp".
 */
export interface LinkCreatedOp {
  type: 'link-created';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  /**
   * The create op (of another sync) whose record this links to; it runs once that create has answered, and if it failed, the existing record fails with it.
   */
  created: string;
  /**
   * The existing record, on the other side.
   */
  existing: string;
  base: BasePatch;
}
/**
 * A linked record merged or renamed in its app: the link follows it (R24); state only.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "RelinkOp".
 */
export interface RelinkOp {
  type: 'relink';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  link: LinkPair;
  /**
   * The record's id on `side` from now on.
   */
  to: string;
}
/**
 * Base values that changed without a write; state only.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "RebaseOp".
 */
export interface RebaseOp {
  type: 'rebase';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  link: LinkPair;
  base: BasePatch;
}
/**
 * A linked record gone from one app (R30); state only.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "ForgetOp".
 */
export interface ForgetOp {
  type: 'forget';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  link: LinkPair;
  deleted: 'left' | 'right' | 'both';
}
/**
 * A linked pair left or re-entered the inclusion filter (R21); state only.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "MarkOp".
 */
export interface MarkOp {
  type: 'mark';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  link: LinkPair;
  excluded: boolean;
}
/**
 * An association mirrored onto a record's partner (R27, R28).
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "AssociateOp".
 */
export interface AssociateOp {
  type: 'associate';
  /**
   * Stable within a plan: `sync/type/side/record`.
   */
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  connection: string;
  object: string;
  toObject: string;
  from: RecordRef;
  to: RecordRef;
  primary: boolean;
}
/**
 * Something the plan noticed that is not a change: a record left alone, and why.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Finding".
 */
export interface Finding {
  sync: string;
  side: Side;
  recordId: string;
  /**
   * `waiting`: not created, because the app it would go into was not read completely (R24).
   */
  kind: 'ambiguous' | 'missing-required' | 'failed-earlier' | 'waiting';
  category: FailureCategory;
  rule: RuleId;
  message: string;
  hint?: string;
}
