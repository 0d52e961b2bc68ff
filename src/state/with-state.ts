/**
 * The only way to get a writable state: take the lock, then read the state, run the operation, and
 * release the lock. Reading after locking is what keeps two runs from losing each other's work: a
 * run that waited for the lock plans against the state the previous run saved, not a copy it read
 * before waiting.
 */
import { acquireLock } from './lock.js';
import { openLockedState, type StateStore } from './store.js';

export interface WithStateOptions {
  /** How long to wait for another run's lock (ms); 0 fails at once. */
  lockTimeoutMs?: number;
}

export async function withState<T>(statePath: string, operation: string, options: WithStateOptions, fn: (state: StateStore) => Promise<T>): Promise<T> {
  const lock = await acquireLock(statePath, operation, options.lockTimeoutMs ?? 0);
  try {
    const state = await openLockedState(statePath, lock.held);
    return await fn(state);
  } finally {
    await lock.release();
  }
}
