/** What every route handler can reach: the org's data, sessions, budget and settings. */
import type { EmulatorRequest } from '../../../shared/emulator-http.js';
import type { ApiBudget } from '../budget.js';
import type { ConnectedApp } from '../options.js';
import type { QueryCursors } from '../cursors.js';
import type { WriteContext } from '../records.js';
import type { Sessions } from '../sessions.js';
import type { SalesforceStore } from '../store.js';

export interface EmulatorState {
  store: SalesforceStore;
  budget: ApiBudget;
  sessions: Sessions;
  connectedApps: ConnectedApp[];
  cursors: QueryCursors;
  write: WriteContext;
  version: string;
  sandbox: boolean;
  pageSize: number;
  maxCollection: number;
  /** The server's own URL, known once it listens. */
  url: string;
  /** Marks the data as changed (persistence). */
  changed(): void;
}

/** A REST request under `/services/data/vNN.N`: `rest` is the path after the version. */
export interface RestRequest extends EmulatorRequest {
  version: string;
  rest: string;
  params: string[];
}
