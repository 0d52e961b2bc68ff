/** The compiled, validated project: what the planner works from. Plain, JSON-serialisable data. */
import type { AppCapabilities, SyncObject } from '../connectors/app-entry.js';
import type { AppName, FieldType } from '../connectors/types.js';
import type { Side } from '../state/state-types.js';
import type { Connection } from './schema-types.js';

/** One of a sync's two apps: the Side of the state schema (the plan schema's is the same union, plan-types.ts). */
export type SideName = Side;
export const SIDES: readonly SideName[] = ['left', 'right'];
export const other = (side: SideName): SideName => (side === 'left' ? 'right' : 'left');

/** Where in the YAML something came from, for plan output and errors. */
export interface SourceRef {
  file: string;
  line: number;
  col: number;
}

export type Transform = 'trim' | 'lowercase' | 'uppercase' | 'collapse-spaces' | 'phone' | 'number' | 'string' | 'boolean' | 'date';
export type FieldSyncType = 'prefer' | 'always' | 'two-way' | 'none';
export type Direction = 'two-way' | 'left-to-right' | 'right-to-left';

export interface CompiledSide {
  connection: string;
  app: AppName;
  /** What the app can do, from its registry entry: the planner asks these, never the app's name. */
  capabilities: AppCapabilities;
  object: string;
  /** R20 (apps with folders: Google). */
  folder?: 'contacts' | 'all';
  starred?: boolean;
  /**
   * Where records created in this side keep their idempotency marker: a field of the app (HubSpot
   * property, Salesforce External ID field), the app's own place for it (Google clientData, the
   * local store), or nowhere (turned off, or a Salesforce object with no field configured).
   */
  marker: CreateMarker;
}

export type CreateMarker = { kind: 'field'; field: string } | { kind: 'built-in' } | { kind: 'none'; reason: 'disabled' | 'unconfigured' };

export interface CompiledField {
  left: string;
  right: string;
  sync: FieldSyncType;
  /** The app whose value wins for prefer / always. */
  prefer: SideName;
  required: boolean;
  transforms: Transform[];
  /** A value map (`values:`): left values to right ones and back, keys trimmed and lower-cased. */
  values?: { toRight: Map<string, string>; toLeft: Map<string, string> };
  types: { left: FieldType; right: FieldType };
  /** From the app pair's recommended mappings rather than `fields`. */
  recommended: boolean;
  source: SourceRef;
}

export type ConditionOp = 'equals' | 'not-equals' | 'in' | 'not-in' | 'contains' | 'exists' | 'not-exists' | 'gt' | 'gte' | 'lt' | 'lte' | 'in-list';

export interface CompiledCondition {
  field: string;
  op: ConditionOp;
  value?: string | number | boolean | Array<string | number | boolean>;
  /** Where the condition is written: errors found when the app is read point here (an unknown list, R21). */
  source?: SourceRef;
}

export interface MatchKeySpec {
  left: string[];
  right: string[];
  /** Values compared case-insensitively and trimmed (emails, domains, names). */
  fold: boolean;
  /** How plans name the key (default: the left fields joined with `+`). */
  label?: string;
  /**
   * A further identifier (R25: name and company domain). The last field of each side is read as a
   * domain (of an email, or a bare domain). The key pairs two records only when each is the other's
   * single candidate, never reports an ambiguity (two people may share a name), and never pairs
   * records whose `distinct` fields (their primary emails) both hold different values.
   */
  weak?: { distinct: { left: string; right: string } };
}

export interface CompiledSync {
  name: string;
  enabled: boolean;
  object: SyncObject;
  source: SourceRef;
  left: CompiledSide;
  right: CompiledSide;
  direction: Direction;
  winner: SideName;
  clockSkewMs: number;
  /** A full (reconciliation) read at least this often, even when incremental reads could go on. */
  reconcileEveryMs: number;
  /** `schedule.every`: the time between the starts of two runs under `crmsync worker`; absent, the worker's default. */
  scheduleEveryMs?: number;
  initialSync: 'full' | 'changes-only';
  fields: CompiledField[];
  /** Tried in order (R25, R26); empty means never match. */
  matchKeys: MatchKeySpec[];
  filters: {
    /** The email field per side when R18's email requirement is on. */
    requireEmail: { left: string; right: string } | null;
    initial: Record<SideName, CompiledCondition[]>;
    include: Record<SideName, CompiledCondition[]>;
  };
  /** The mass-delete guard allows up to maxCount deletes or maxShare of the links, whichever is larger. */
  deletes: { mode: 'ignore' | 'propagate' | 'archive'; maxShare: number; maxCount: number };
  associations: Array<{ sync: string; primaryOnly: boolean }>;
  createMissingProperties: boolean;
  /** Values every record this sync creates in a side starts with (R9: the Salesforce task type). */
  createDefaults: Record<SideName, Record<string, string>>;
}

export interface CompiledConnection {
  name: string;
  app: AppName;
  config: Connection;
  source: SourceRef;
}

export interface CompiledProject {
  /** statePath: a file path or a postgres:// URL; stateRef: an env/secret reference holding one. */
  settings: { statePath: string; stateRef?: { env?: string; secret?: string }; secretsFile?: string };
  connections: Record<string, CompiledConnection>;
  syncs: CompiledSync[];
}
