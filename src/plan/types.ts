/**
 * The plan: versioned, JSON-serialisable data. Each operation says what it does, the rule that
 * decided it (an R-number of docs/sync-rules), a sentence of why, and the YAML that produced it.
 * The types are generated from schema/plan.schema.json (`npm run gen:types`), the description of a
 * saved plan that `apply FILE` validates against: the two cannot drift.
 */
import type { LinkState } from '../state/types.js';
import type { Op, Plan } from './plan-types.js';

export type {
  AssociateOp,
  BasePatch,
  CreateFieldOp,
  CreateOp,
  DeleteOp,
  FieldChange,
  Finding,
  ForgetOp,
  LinkCreatedOp,
  LinkOp,
  LinkPair,
  MarkOp,
  Op,
  Plan,
  Reason,
  RebaseOp,
  RecordRef,
  RelinkOp,
  RuleId,
  SideCounts,
  SideSummary,
  SyncSummary,
  UpdateOp,
} from './plan-types.js';

/** 3: sides named `left`/`right` (were `l`/`r`); 2: typed references between ops (`RecordRef`), `link-created` ops, `create.emailFirst`. */
export const PLAN_VERSION: Plan['version'] = 3;

export type OpType = Op['type'];

/** Ops that change an app (the rest only change the state file). */
export const APP_OPS: ReadonlySet<OpType> = new Set(['create-field', 'create', 'update', 'delete', 'associate']);

export type { LinkState };
