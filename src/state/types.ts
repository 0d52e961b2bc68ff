/**
 * The state's shape in memory (version 3): links, base values, cursors, failures, and the journal.
 * The types are generated from schema/state.schema.json (`npm run gen:types`), the one description
 * of the state that tools reading it and this code share.
 */
import type { SyncState } from './state-types.js';

export type { BoundAccount, FailureState, JournalEntry, LinkState, StateFile, SyncState, WaitingState } from './state-types.js';

export const STATE_VERSION = 3;

export const emptySyncState = (): SyncState => ({ links: [], cursors: {}, failures: [] });
