/**
 * The configuration's fingerprint: a hash of a plain projection of the compiled model, so that it
 * changes exactly when the meaning changes. The projection
 * - turns value maps (`Map`s) into objects and sets into sorted lists, which JSON.stringify would
 *   otherwise write as `{}` (a `values:` edit used to leave the hash unchanged);
 * - drops source positions (`file`, `line`, `col`), so a comment or a blank line that moves the YAML
 *   down does not change it (it used to force a full re-read of every record);
 * - sorts object keys, so key order in the YAML does not matter; anchors and aliases are already
 *   expanded by the time the model is compiled.
 * Lists keep their order: match keys and transforms apply in order.
 */
import { createHash } from 'node:crypto';
import type { CompiledConnection, CompiledProject, CompiledSync } from './model.js';

const isSourceRef = (v: unknown): boolean => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v).sort().join(',');
  return keys === 'col,file,line';
};

/** A plain, key-sorted, position-free copy of `value`. */
export function canonicalProjection(value: unknown): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const key of [...value.keys()].map(String).sort()) out[key] = canonicalProjection(value.get(key));
    return out;
  }
  if (value instanceof Set) return [...value].map(canonicalProjection).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (Array.isArray(value)) return value.map(canonicalProjection);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function' || isSourceRef(v)) continue;
      out[key] = canonicalProjection(v);
    }
    return out;
  }
  return value;
}

const hash = (value: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(canonicalProjection(value)))
    .digest('hex')
    .slice(0, 32);

/** Tuning that changes how fast an app is called, not what is synced: not part of a sync's fingerprint. */
const TUNING = new Set(['rate_limit', 'lookback', 'api_budget_share']);

function connectionMeaning(conn: CompiledConnection | undefined): unknown {
  if (!conn) return null;
  const config = Object.fromEntries(Object.entries(conn.config as unknown as Record<string, unknown>).filter(([k]) => !TUNING.has(k)));
  return { name: conn.name, app: conn.app, config };
}

/** The whole project's fingerprint: a saved plan is refused once it changes. */
export function projectFingerprint(project: CompiledProject): string {
  return hash(project);
}

/** `names` and the syncs their associations are planned through (R27), transitively. */
export function withAssociationTargets(project: CompiledProject, names: ReadonlySet<string>): Set<string> {
  const covered = new Set(names);
  for (let grew = true; grew; ) {
    grew = false;
    for (const sync of project.syncs) {
      if (!covered.has(sync.name)) continue;
      for (const assoc of sync.associations) if (!covered.has(assoc.sync)) covered.add(assoc.sync), (grew = true);
    }
  }
  return covered;
}

/**
 * The fingerprint of the part of the project a plan of some syncs (`--sync`) depends on: the
 * settings, those syncs and the connections they use. An edit to another sync leaves it unchanged,
 * so a plan saved for one sync stays valid, and `plan --sync X` and `apply --sync X` (which sees
 * only X) agree on it.
 */
export function selectionFingerprint(project: CompiledProject, names: ReadonlySet<string>): string {
  // A sync's associations are planned through its target sync's links and settings (R27): an edit
  // to the target changes what this plan would do, so the targets count too, transitively.
  const covered = withAssociationTargets(project, names);
  const syncs = project.syncs.filter((s) => covered.has(s.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const used = new Set(syncs.flatMap((s) => [s.left.connection, s.right.connection]));
  const connections = Object.fromEntries(Object.entries(project.connections).filter(([name]) => used.has(name)));
  return hash({ settings: project.settings, syncs, connections });
}

/**
 * One sync's fingerprint, with the connections it uses (whose account or store a change would
 * point elsewhere); whether it is enabled is left out. A change makes the next read full.
 */
export function syncFingerprint(sync: CompiledSync, connections: CompiledProject['connections']): string {
  // How often a sync reconciles is tuning too: changing it must not force a full read. An app's
  // capabilities follow from its name (hashed with the connection), so they are left out too.
  const side = (s: CompiledSync['left']) => ({ ...s, capabilities: undefined });
  return hash({
    sync: { ...sync, enabled: undefined, reconcileEveryMs: undefined, scheduleEveryMs: undefined, left: side(sync.left), right: side(sync.right) },
    left: connectionMeaning(connections[sync.left.connection]),
    right: connectionMeaning(connections[sync.right.connection]),
  });
}
