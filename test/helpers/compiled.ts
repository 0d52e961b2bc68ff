/**
 * In-memory builders for the pure planner's inputs: a compiled sync and project, remote records and
 * snapshots. Defaults describe a two-way contacts sync between two local stores, matched by email.
 */
import type { CompiledField, CompiledProject, CompiledSync, SideName } from '../../src/config/model.js';
import type { Fields, RemoteRecord } from '../../src/connectors/types.js';
import type { Snapshot } from '../../src/plan/build.js';
import type { LinkState, StateFile } from '../../src/state/types.js';
import { newState } from '../../src/state/store.js';
import { APPS } from '../../src/connectors/registry.js';

const at = { file: 'syncs/s.yaml', line: 1, col: 1 };

/** A string field mapped to the same name on both sides; `sync: prefer` with the left app winning. */
export const field = (name: string, over: Partial<CompiledField> = {}): CompiledField => ({
  left: name,
  right: name,
  sync: 'prefer',
  prefer: 'left',
  required: false,
  transforms: [],
  types: { left: 'string', right: 'string' },
  recommended: false,
  source: at,
  ...over,
});

/** A two-way sync `name` of `object` between connections `a` and `b`, fields email and city, matched by email. */
export function compiledSync(name = 's', over: Partial<CompiledSync> = {}): CompiledSync {
  const object = over.object ?? 'contacts';
  return {
    name,
    enabled: true,
    object,
    source: at,
    left: { connection: 'a', app: 'local', object, marker: { kind: 'built-in' }, capabilities: APPS.local.capabilities },
    right: { connection: 'b', app: 'local', object, marker: { kind: 'built-in' }, capabilities: APPS.local.capabilities },
    direction: 'two-way',
    winner: 'left',
    clockSkewMs: 2000,
    reconcileEveryMs: 86_400_000,
    initialSync: 'full',
    fields: [field('email'), field('city')],
    matchKeys: [{ left: ['email'], right: ['email'], fold: true }],
    filters: { requireEmail: null, initial: { left: [], right: [] }, include: { left: [], right: [] } },
    deletes: { mode: 'propagate', maxShare: 1, maxCount: 1000 },
    associations: [],
    createMissingProperties: false,
    createDefaults: { left: {}, right: {} },
    ...over,
  };
}

/** A project with connections `a` and `b` (local stores) and these syncs. */
export function compiledProject(...syncs: CompiledSync[]): CompiledProject {
  const connection = (name: string) => ({ name, app: 'local' as const, config: { app: 'local' as const }, source: at });
  return { settings: { statePath: '.crmsync/state.json' }, connections: { a: connection('a'), b: connection('b') }, syncs };
}

/** A record as a connector returns it. */
export const remote = (id: string, fields: Fields, over: Partial<RemoteRecord> = {}): RemoteRecord => ({
  id,
  fields,
  modifiedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

/** A complete full read of these records. */
export const snapshot = (records: RemoteRecord[], over: Partial<Snapshot> = {}): Snapshot => ({
  records,
  complete: true,
  mode: 'full',
  cursor: null,
  ...over,
});

/** Both sides' snapshots of one sync. */
export const snapshots = (left: RemoteRecord[], right: RemoteRecord[]): Record<SideName, Snapshot> => ({ left: snapshot(left), right: snapshot(right) });

/** A link whose base holds these canonical values on both sides. */
export const linked = (l: string, r: string, base: Record<string, string | null>): LinkState => ({
  left: l,
  right: r,
  base: { left: { ...base }, right: { ...base } },
  at: '2026-01-01T00:00:00.000Z',
});

/** A state file whose syncs hold these links. */
export function stateWith(links: Record<string, LinkState[]>): StateFile {
  const state = newState();
  for (const [sync, list] of Object.entries(links)) state.syncs[sync] = { links: list, cursors: {}, failures: [] };
  return state;
}
