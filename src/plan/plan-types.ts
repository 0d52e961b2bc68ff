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
 * A sync rule, R1 to R33.
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
  configHash: string;
  fingerprints: {
    [k: string]: {
      left: string;
      right: string;
    };
  };
  cursors: {
    [k: string]: {
      left: string | null;
      right: string | null;
    };
  };
  syncs: SyncSummary[];
  ops: Op[];
  findings: Finding[];
  redacted?: boolean;
  selected?: string[];
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
  counts: {
    left: SideCounts;
    right: SideCounts;
  };
  linked: number;
  inSync: number;
  diverged?: number;
  excluded: {
    left: number;
    right: number;
  };
  waiting?: {
    left: number;
    right: number;
  };
  link?: number;
  unread?: number;
  note?: string;
  needsFullRead?: boolean;
  configHash?: string;
  fullReadAt?: string;
  reconcile?: string;
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
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  connection: string;
  object: string;
  field: FieldDef;
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
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  connection: string;
  object: string;
  from: string;
  fields: {
    [k: string]: string | number | boolean | null | string[];
  };
  base: BasePatch;
  replaces?: LinkPair;
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
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  created: string;
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
  id: string;
  sync: string;
  reason: Reason;
  source: Source;
  side: Side;
  link: LinkPair;
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
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "Finding".
 */
export interface Finding {
  sync: string;
  side: Side;
  recordId: string;
  kind: 'ambiguous' | 'missing-required' | 'failed-earlier' | 'waiting';
  category: FailureCategory;
  rule: RuleId;
  message: string;
  hint?: string;
}
