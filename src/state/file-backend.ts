/** The embedded default backend: one state file through lowdb, locked whole by a lock file beside it. */
import type { RunInfo, StateBackend, WithStateOptions } from './backend.js';
import { acquireLock, readLock } from './lock.js';
import { openLockedState, readStateFile, type StateStore } from './store.js';
import { writeState } from './file.js';
import type { StateFile } from './types.js';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export class FileBackend implements StateBackend {
  constructor(readonly where: string) {}

  read(): Promise<StateFile> {
    return readStateFile(this.where);
  }

  /**
   * Takes the lock, then reads the state, runs `fn`, and releases the lock. Reading after locking
   * is what keeps two runs from losing each other's work: a run that waited for the lock plans
   * against the state the previous run saved, not a copy it read before waiting.
   */
  async withState<T>(operation: string, options: WithStateOptions, fn: (state: StateStore) => Promise<T>): Promise<T> {
    const lock = await acquireLock(this.where, operation, options.lockTimeoutMs ?? 0);
    try {
      return await fn(await openLockedState(this.where, lock.held));
    } finally {
      await lock.release();
    }
  }

  async runs(syncs: string[]): Promise<Record<string, RunInfo>> {
    const lock = await readLock(this.where);
    return lock ? Object.fromEntries(syncs.map((s) => [s, { operation: lock.operation, pid: lock.pid, host: lock.host, since: lock.at }])) : {};
  }

  async replace(state: StateFile, options: WithStateOptions): Promise<void> {
    const lock = await acquireLock(this.where, 'state replace', options.lockTimeoutMs ?? 0);
    try {
      await mkdir(dirname(this.where), { recursive: true });
      await writeState(this.where, state);
    } finally {
      await lock.release();
    }
  }

  async close(): Promise<void> {}
}
