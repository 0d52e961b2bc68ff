/**
 * Shared by the semantic rules and the compiler: the two sides of a sync with their app, object
 * and catalogue, and the effective field mappings (recommended defaults, then `fields` on top).
 */
import type { AppEntry, SyncObject } from '../connectors/app-entry.js';
import type { AppName } from '../connectors/types.js';
import { connectionNamed, type CatalogueInfo, type Path, type RuleContext, type SyncEntry } from './context.js';
import { defaultMappings } from './default-mappings.js';
import type { SideName } from './model.js';
import type { FieldMapping } from './schema-types.js';

export interface ResolvedSide {
  side: SideName;
  connection: string;
  app: AppName;
  /** The app's registry entry. */
  entry: AppEntry;
  /** The app's object name, or undefined when it cannot be determined (reported elsewhere). */
  object?: string;
  info: CatalogueInfo;
}

export function resolveSide(ctx: RuleContext, entry: SyncEntry, side: SideName): ResolvedSide | undefined {
  const spec = entry.sync[side];
  const conn = connectionNamed(ctx, spec.connection);
  if (!conn) return undefined;
  const names = conn.entry.objects[entry.sync.object as SyncObject];
  const object = spec.object ?? names?.[0];
  const info = object && names ? ctx.catalogues(conn.name, conn.app, object) : { authoritative: false };
  return { side, connection: conn.name, app: conn.app, entry: conn.entry, object: names ? object : undefined, info };
}

export interface EffectiveField extends Required<Pick<FieldMapping, 'left' | 'right' | 'sync' | 'required' | 'enabled'>> {
  prefer?: string;
  transform: string[];
  values?: Record<string, string>;
  recommended: boolean;
  /** Where it is written (the `fields` entry), or the `sync` key for recommended ones. */
  path: Path;
}

/** Recommended mappings (unless `mappings: none`), overridden by explicit `fields` on either side's field. */
export function effectiveFields(entry: SyncEntry, left: ResolvedSide, right: ResolvedSide): EffectiveField[] {
  const explicit: EffectiveField[] = (entry.sync.fields ?? []).map((f, i) => ({
    left: f.left,
    right: f.right,
    sync: f.sync ?? 'prefer',
    required: f.required ?? false,
    enabled: f.enabled ?? true,
    prefer: f.prefer,
    transform: f.transform ?? [],
    ...(f.values ? { values: f.values } : {}),
    recommended: false,
    path: ['sync', 'fields', i],
  }));
  if ((entry.sync.mappings ?? 'recommended') === 'none') return explicit;
  const hubFields = () =>
    (left.info.catalogue?.fields ?? [])
      .filter((f) => !f.readOnly && !f.unsyncable)
      .map((f) => f.name)
      .filter((name) => right.info.catalogue?.fields.some((g) => g.name === name && !g.readOnly) ?? false);
  const defaults = defaultMappings(left, right, entry.sync.object as SyncObject, hubFields) ?? [];
  // R15: a recommended mapping marked required stays required when `fields` restates it.
  for (const f of explicit) if (defaults.some((d) => d.required && d.left === f.left && d.right === f.right)) f.required = true;
  const takenLeft = new Set(explicit.map((f) => f.left));
  const takenRight = new Set(explicit.map((f) => f.right));
  const recommended: EffectiveField[] = defaults
    .filter((d) => !takenLeft.has(d.left) && !takenRight.has(d.right))
    .map((d) => ({ ...d, sync: 'prefer', enabled: true, recommended: true, path: ['sync'] }));
  return [...recommended, ...explicit];
}
