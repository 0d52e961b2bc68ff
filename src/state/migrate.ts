/**
 * Older state versions migrate forward one step at a time; a newer version than this build knows
 * is refused, never rewritten.
 */
import { CrmsyncError } from '../errors.js';
import { STATE_VERSION } from './types.js';

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[n] turns version n into version n + 1. */
const MIGRATIONS: Record<number, Migration> = {
  // Version 0 (pre-release) had no journal and called links `pairs`.
  0: (old) => {
    const syncs = (old.syncs ?? {}) as Record<string, Record<string, unknown>>;
    for (const s of Object.values(syncs)) {
      if (s.pairs && !s.links) (s.links = s.pairs), delete s.pairs;
      s.failures ??= [];
      s.cursors ??= {};
    }
    return { ...old, syncs, journal: [], version: 1 };
  },
  // Version 2 holds the same data; only its file changed, from one JSON document to JSON Lines
  // (encode.ts), which the next save writes.
  1: (old) => ({ ...old, version: 2 }),
  // Version 3 too: its file became a project document plus one links document per sync.
  2: (old) => ({ ...old, version: 3 }),
};

export function migrate(data: unknown, path: string): unknown {
  if (!data || typeof data !== 'object' || (data as { format?: unknown }).format !== 'crmsync-state') return data; // checkState reports it
  let current = data as Record<string, unknown>;
  let version = typeof current.version === 'number' ? current.version : NaN;
  if (version > STATE_VERSION) {
    throw new CrmsyncError(
      'state-future-version',
      `the state file ${path} is version ${version}; this crmsync understands up to ${STATE_VERSION}`,
      'upgrade crmsync; the file was left untouched',
    );
  }
  while (version < STATE_VERSION && MIGRATIONS[version]) {
    current = MIGRATIONS[version]!(current);
    version = current.version as number;
  }
  return current;
}
