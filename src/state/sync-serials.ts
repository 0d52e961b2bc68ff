/**
 * The serial of each sync, kept by the PostgreSQL state (crmsync_sync_serials) beside the state it
 * read: a non-enumerable property, because the serials describe the database, not the state's
 * content. A state read from PostgreSQL so equals the same state read from a file, matches
 * schema/state.schema.json, and a pull never writes the serials out.
 */
import type { StateFile } from './types.js';

const KEY = 'syncSerials';

/** Per sync, the serial of its last write; undefined for a state that keeps none (a file). */
export const syncSerialsOf = (state: StateFile): Record<string, number> | undefined => (state as { [KEY]?: Record<string, number> })[KEY];

export function setSyncSerials(state: StateFile, serials: Record<string, number>): void {
  Object.defineProperty(state, KEY, { value: serials, enumerable: false, writable: true, configurable: true });
}
