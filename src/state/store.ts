/**
 * The state file, through lowdb: validated on read, migrated forward from older versions, never
 * silently replaced. Its adapter (file.ts) streams the file as lines and replaces it atomically.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { CrmsyncError } from '../errors.js';
import { appendJournal, StateFileAdapter } from './file.js';
import { writeTarget } from './write-through.js';
import { STATE_VERSION, type JournalEntry, type StateFile } from './types.js';

/** A state that has never been saved has no lineage yet, so plans made before the first apply agree on it. */
export const newState = (): StateFile => ({
  format: 'crmsync-state',
  version: STATE_VERSION,
  lineage: 'new',
  serial: 0,
  syncs: Object.create(null),
  journal: [],
});

export interface StateStore {
  path: string;
  /**
   * The state, edited in place. A link changed in place (its base, flags or ids) is announced with
   * markLinksChanged (state/documents.ts), as StateEditor does for every edit: the file backend
   * rewrites a sync's links document only when its links array was replaced, changed length, or
   * was announced.
   */
  data: StateFile;
  /** Bumps the serial and writes atomically. */
  save(): Promise<void>;
  /**
   * Adds create journal entries to `data.journal` and makes them durable without a save, at the
   * cost of the new entries only: what must be on disk before those creates are sent. A store
   * without it (PostgreSQL) journals through save().
   */
  journal?(entries: readonly JournalEntry[]): Promise<void>;
}

/** The state at `path` through lowdb, read and checked; a missing file is a fresh state. Never writes. */
async function openDb(path: string): Promise<Low<StateFile>> {
  const db = new Low<StateFile>(new StateFileAdapter(path), newState());
  await db.read();
  return db;
}

/** Reads and checks the state at `path`; a missing file is a fresh state. Never writes. */
export async function readStateFile(path: string): Promise<StateFile> {
  return (await openDb(path)).data;
}

/**
 * The state for a command that only reads it (plan, status): a consistent snapshot (every write
 * replaces the file atomically, or commits a transaction). Saving it is a programming error, so it throws.
 */
export function readOnlyStore(where: string, data: StateFile): StateStore {
  return {
    path: where,
    data,
    async save() {
      throw new Error(`the state ${where} was opened read-only; writers go through a backend's withState, under the lock`);
    },
  };
}

/**
 * The state for a writer that holds the lock (see withState): each save first checks that the lock
 * is still this run's, so a run whose lock was force-unlocked never writes over another run's state.
 */
export async function openLockedState(path: string, stillHeld: () => Promise<boolean>): Promise<StateStore> {
  const db = await openDb(path);
  // A symlinked state file stays a symlink: its target is what gets replaced.
  const target = await writeTarget(path);
  db.adapter = new StateFileAdapter(path, target);
  await mkdir(dirname(target), { recursive: true });
  const checkHeld = async () => {
    if (!(await stillHeld())) {
      throw new CrmsyncError(
        'state-lock-lost',
        `the state lock of ${path} was removed (force-unlock) while this run held it; this run's last changes were not saved`,
        'run crmsync apply again: it recovers creates this run made but could not record',
      );
    }
  };
  // A save replaces the journal document: an append during it could be lost, so they take turns.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = turn.then(fn);
    turn = run.catch(() => undefined);
    return run;
  };
  return {
    path,
    get data() {
      return db.data;
    },
    save: () =>
      inTurn(async () => {
        await checkHeld();
        if (db.data.lineage === 'new') db.data.lineage = randomUUID();
        db.data.serial++;
        await db.write();
      }),
    journal: (entries) =>
      inTurn(async () => {
        await checkHeld();
        await appendJournal(target, entries);
        for (const entry of entries) db.data.journal.push(entry);
      }),
  };
}
