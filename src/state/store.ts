/**
 * The state file, through lowdb: validated on read, migrated forward from older versions, never
 * silently replaced. lowdb's writer (steno) writes a temporary file and renames it over the old
 * one, so a crash mid-write leaves either the old or the new state, never half of one.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { CrmsyncError } from '../errors.js';
import { checkState } from './check.js';
import { migrate } from './migrate.js';
import { writeTarget } from './write-through.js';
import { STATE_VERSION, type StateFile } from './types.js';

/** A state that has never been saved has no lineage yet, so plans made before the first apply agree on it. */
export const newState = (): StateFile => ({ format: 'crmsync-state', version: STATE_VERSION, lineage: 'new', serial: 0, syncs: Object.create(null), journal: [] });

export interface StateStore {
  path: string;
  data: StateFile;
  /** Bumps the serial and writes atomically. */
  save(): Promise<void>;
}

/** Reads and checks the state at `path`; a missing file is a fresh state. Never writes. */
export async function readStateFile(path: string): Promise<StateFile> {
  let text: string | undefined;
  // A FIFO at the (default) state path would block the read forever.
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isFile() && !info.isDirectory()) {
    throw new CrmsyncError('state-corrupt', `the state file ${path} is a device, pipe or socket, not a file; it was left untouched`, 'move it away, or point settings.state at a JSON file');
  }
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CrmsyncError('state-corrupt', `cannot read the state file ${path}: ${(error as NodeJS.ErrnoException).code}`, 'check its permissions');
    }
  }
  if (text === undefined) return newState();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CrmsyncError('state-corrupt', `the state file ${path} is not valid JSON (${(error as Error).message}); it was left untouched`,
      'restore it from a backup or from version control; crmsync never replaces a state file it cannot read');
  }
  const state = checkState(migrate(parsed, path), path);
  // Keyed by sync names, which may be `constructor` or `toString`: no prototype to collide with.
  state.syncs = Object.assign(Object.create(null), state.syncs);
  return state;
}

/**
 * The state for a command that only reads it (plan, status): a consistent snapshot, since every
 * write replaces the file atomically. Saving it is a programming error, so it throws.
 */
export async function readOnlyState(path: string): Promise<StateStore> {
  const data = await readStateFile(path);
  return {
    path,
    data,
    async save() {
      throw new Error(`the state ${path} was opened read-only; writers go through withState, under the lock`);
    },
  };
}

/**
 * The state for a writer that holds the lock (see withState): each save first checks that the lock
 * is still this run's, so a run whose lock was force-unlocked never writes over another run's state.
 */
export async function openLockedState(path: string, stillHeld: () => Promise<boolean>): Promise<StateStore> {
  const data = await readStateFile(path);
  // A symlinked state file stays a symlink: its target is what gets replaced.
  const target = await writeTarget(path);
  await mkdir(dirname(target), { recursive: true });
  // Compact JSON: a state with 100k links is several times smaller and faster to write than
  // pretty-printed. DataFile writes through steno like JSONFile: temporary file, then rename.
  const db = new Low<StateFile>(new DataFile<StateFile>(target, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), data);
  return {
    path,
    get data() {
      return db.data;
    },
    async save() {
      if (!(await stillHeld())) {
        throw new CrmsyncError('state-lock-lost', `the state lock of ${path} was removed (force-unlock) while this run held it; this run's last changes were not saved`,
          'run crmsync apply again: it recovers creates this run made but could not record');
      }
      if (db.data.lineage === 'new') db.data.lineage = randomUUID();
      db.data.serial++;
      await db.write();
    },
  };
}
