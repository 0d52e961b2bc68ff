/** Turns schema- and rule-valid files into the CompiledProject the planner works from (pure). */
import ms from 'ms';
import type { AppEntry, MatchRole, SyncObject } from '../connectors/app-entry.js';
import type { FieldType } from '../connectors/types.js';
import { comparisonFor } from '../config/compat.js';
import { fieldOf, type RuleContext, type SyncEntry } from './context.js';
import type { CompiledField, CompiledProject, CompiledSync, CreateMarker, Direction, MatchKeySpec, SideName, SourceRef, Transform } from './model.js';
import { effectiveFields, resolveSide, type ResolvedSide } from './resolve.js';
import type { Condition } from './schema-types.js';
import { locate, type SourceFile } from './source.js';
import { foldKey as fold } from '../plan/values.js';

/** How often a sync reads both apps in full when nothing else calls for it (a reconciliation read). */
export const DEFAULT_RECONCILE_EVERY = '24h';

const refOf = (file: SourceFile, path: Array<string | number>, key = false): SourceRef => {
  const { line, col } = file.lineCounter.linePos(locate(file, path, key).start);
  return { file: file.path, line, col };
};

/** Default match roles per sync object, in the order they are tried (R26); contacts follow R25 (see furtherContactKeys). */
const DEFAULT_MATCH_ORDER: Record<SyncObject, MatchRole[]> = {
  contacts: ['email'],
  companies: ['domain', 'name'],
  deals: ['name'],
  tasks: [],
  custom: [],
};

const sideOf = (entry: SyncEntry, connection: string | undefined, fallback: SideName): SideName =>
  connection === undefined ? fallback : entry.sync.left.connection === connection ? 'left' : 'right';

function matchKeys(entry: SyncEntry, left: ResolvedSide, right: ResolvedSide, fields: CompiledField[]): MatchKeySpec[] {
  const keys = entry.sync.match?.keys ?? 'default';
  if (keys === 'none') return [];
  if (Array.isArray(keys)) {
    return keys.map((k) => ({ left: ([] as string[]).concat(k.left), right: ([] as string[]).concat(k.right), fold: true }));
  }
  // Default keys (R25, R26): a role counts only when both apps have it and it is mapped, so a
  // domain that is not part of the mapping is never used.
  const roles = DEFAULT_MATCH_ORDER[entry.sync.object as SyncObject];
  const out: MatchKeySpec[] = [];
  for (const role of roles) {
    const l = left.entry.matchRoles[left.object!]?.[role];
    const r = right.entry.matchRoles[right.object!]?.[role];
    if (l && r && fields.some((f) => f.left === l && f.right === r && f.sync !== 'none')) out.push({ left: [l], right: [r], fold: true });
  }
  if (entry.sync.object === 'contacts' && out.length) for (const key of furtherContactKeys(left, right)) out.push(key);
  return out;
}

/**
 * R25: after the email, a contact matches by its further identifiers: one app's email among the
 * other's secondary emails (either way round), then first name + last name + company domain, where
 * at least one app has a company-domain field (the other may offer its email's domain).
 */
function furtherContactKeys(left: ResolvedSide, right: ResolvedSide): MatchKeySpec[] {
  const l = left.entry.matchRoles[left.object!] ?? {};
  const r = right.entry.matchRoles[right.object!] ?? {};
  const out: MatchKeySpec[] = [];
  if (l.email && r.secondaryEmails) out.push({ left: [l.email], right: [r.secondaryEmails], fold: true, label: `${l.email} = ${r.secondaryEmails}` });
  if (l.secondaryEmails && r.email) out.push({ left: [l.secondaryEmails], right: [r.email], fold: true, label: `${l.secondaryEmails} = ${r.email}` });
  const domainL = l.companyDomain ?? l.email;
  const domainR = r.companyDomain ?? r.email;
  if ((l.companyDomain || r.companyDomain) && l.firstName && l.lastName && r.firstName && r.lastName && domainL && domainR && l.email && r.email) {
    out.push({
      left: [l.firstName, l.lastName, domainL],
      right: [r.firstName, r.lastName, domainR],
      fold: true,
      label: 'name and company domain',
      weak: { distinct: { left: l.email, right: r.email } },
    });
  }
  return out;
}

const conditions = (file: SourceFile, path: Array<string | number>, list: Condition[] | undefined) =>
  (list ?? []).map((c, i) => ({ field: c.field, op: c.op, ...(c.value !== undefined ? { value: c.value } : {}), source: refOf(file, [...path, i]) }));

function compileSync(ctx: RuleContext, entry: SyncEntry): CompiledSync {
  const limits = ctx.settings[0]?.settings?.deletes;
  const { sync, file } = entry;
  const left = resolveSide(ctx, entry, 'left')!;
  const right = resolveSide(ctx, entry, 'right')!;
  const winner = sideOf(entry, sync.conflict?.winner, 'left');
  const direction: Direction = sync.direction === 'two-way' ? 'two-way' : sync.from === sync.left.connection ? 'left-to-right' : 'right-to-left';
  const typeOf = (side: ResolvedSide, name: string, partner?: { side: ResolvedSide; name: string }): FieldType =>
    fieldOf(side.info.catalogue, name)?.type ?? (partner && fieldOf(partner.side.info.catalogue, partner.name)?.type) ?? 'string';
  const fields: CompiledField[] = effectiveFields(entry, left, right)
    // A recommended mapping whose field the app lacks (a trimmed local store) is simply not used.
    .filter((f) => f.enabled && (!f.recommended || (fieldOf(left.info.catalogue, f.left) && fieldOf(right.info.catalogue, f.right))))
    .map((f) => ({
      left: f.left,
      right: f.right,
      sync: f.sync,
      prefer: sideOf(entry, f.prefer, winner),
      required: f.required,
      transforms: f.transform as Transform[],
      ...(f.values ? { values: valueMap(f.values) } : {}),
      types: { left: typeOf(left, f.left, { side: right, name: f.right }), right: typeOf(right, f.right, { side: left, name: f.left }) },
      recommended: f.recommended,
      source: refOf(file, f.path, f.recommended),
    }));
  const emailField = fields.find((f) => comparisonFor(f.types.left, f.types.right) === 'text' && (f.types.left === 'email' || f.types.right === 'email'));
  const requireEmail = sync.filters?.require_email ?? sync.object === 'contacts';
  return {
    name: sync.name,
    enabled: sync.enabled ?? true,
    object: sync.object as SyncObject,
    source: refOf(file, ['sync'], true),
    left: compileSide(left, sync.left),
    right: compileSide(right, sync.right),
    direction,
    winner,
    clockSkewMs: ms((sync.conflict?.clock_skew ?? '2s') as ms.StringValue),
    reconcileEveryMs: ms((sync.reconcile_every ?? DEFAULT_RECONCILE_EVERY) as ms.StringValue),
    ...(sync.schedule ? { scheduleEveryMs: ms(sync.schedule.every as ms.StringValue) } : {}),
    // R8, R9: custom objects and activities move what is created after the sync is switched on.
    initialSync: sync.initial_sync ?? (sync.object === 'custom' || sync.object === 'tasks' ? 'changes-only' : 'full'),
    fields,
    matchKeys: matchKeys(entry, left, right, fields),
    filters: {
      requireEmail: requireEmail && emailField ? { left: emailField.left, right: emailField.right } : null,
      initial: {
        left: conditions(file, ['sync', 'filters', 'initial', 'left'], sync.filters?.initial?.left),
        right: conditions(file, ['sync', 'filters', 'initial', 'right'], sync.filters?.initial?.right),
      },
      include: {
        left: conditions(file, ['sync', 'filters', 'include', 'left'], sync.filters?.include?.left),
        right: conditions(file, ['sync', 'filters', 'include', 'right'], sync.filters?.include?.right),
      },
    },
    deletes: {
      mode: sync.deletes?.mode ?? 'ignore',
      maxShare: sync.deletes?.max_share ?? limits?.max_share ?? 0.1,
      maxCount: sync.deletes?.max_count ?? limits?.max_count ?? 10,
    },
    associations: (sync.associations ?? []).map((a) => ({ sync: a.sync, primaryOnly: a.primary_only ?? true })),
    createMissingProperties: sync.create_missing_properties ?? false,
    createDefaults: { left: createDefaults(entry, left, right), right: createDefaults(entry, right, left) },
  };
}

function compileSide(side: ResolvedSide, spec: SyncEntry['sync']['left']): CompiledSync['left'] {
  return {
    connection: side.connection,
    app: side.app,
    capabilities: side.entry.capabilities,
    object: side.object!,
    ...(spec.folder ? { folder: spec.folder } : {}),
    ...(spec.starred !== undefined ? { starred: spec.starred } : {}),
    marker: createMarker(side.entry, spec.marker_property),
  };
}

/** Where a side's created records keep their idempotency marker (`marker_property`). */
export function createMarker(entry: AppEntry, configured: string | false | undefined): CreateMarker {
  if (configured === false) return { kind: 'none', reason: 'disabled' };
  const { marker } = entry.capabilities;
  if (marker.kind === 'built-in') return { kind: 'built-in' };
  const field = configured || marker.defaultField;
  return field ? { kind: 'field', field } : { kind: 'none', reason: 'unconfigured' };
}

/** A `values:` map, both ways. Keys are folded so `completed` and `Completed` are one option. */
function valueMap(values: Record<string, string>): NonNullable<CompiledField['values']> {
  const toRight = new Map<string, string>();
  const toLeft = new Map<string, string>();
  for (const [l, r] of Object.entries(values)) {
    toRight.set(fold(l), r);
    // Several left values may stand for one right value; the first listed is written back.
    if (!toLeft.has(fold(r))) toLeft.set(fold(r), l);
  }
  return { toRight, toLeft };
}

/**
 * R9: tasks created in Salesforce from HubSpot activities get the chosen task type, and are
 * closed, since they record something that already happened.
 */
function createDefaults(entry: SyncEntry, side: ResolvedSide, from: ResolvedSide): Record<string, string> {
  if (side.object !== side.entry.capabilities.activityTasks || !from.entry.capabilities.activities?.includes(from.object!)) return {};
  return { Status: 'Completed', ...(entry.sync.task_type ? { Type: entry.sync.task_type } : {}) };
}

export function compileProject(ctx: RuleContext): CompiledProject {
  const settings = ctx.settings[0]?.settings;
  // Keyed by user-chosen names (`constructor` is a valid one): no prototype to collide with.
  const connections: CompiledProject['connections'] = Object.create(null);
  for (const [name, [entry]] of ctx.connections) {
    connections[name] = { name, app: entry!.app, config: entry!.config, source: refOf(entry!.file, ['connections', name], true) };
  }
  return {
    settings: {
      statePath: typeof settings?.state === 'string' ? settings.state : '.crmsync/state.json',
      ...(typeof settings?.state === 'object' ? { stateRef: settings.state } : {}),
      ...(settings?.secrets_file ? { secretsFile: settings.secrets_file } : {}),
    },
    connections,
    syncs: ctx.syncs.map((entry) => compileSync(ctx, entry)),
  };
}
