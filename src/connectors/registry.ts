/**
 * The connector registry: one entry per app, keyed by the name connections give in `app:`. The
 * core asks these entries (objects, catalogues, capabilities, credentials, how to open), never an
 * app's name. A new app is its folder plus one line here; a program embedding crmsync may also
 * pass its own registry (`{ ...APPS, myapp }`) to the library API.
 */
import type { AppEntry } from './app-entry.js';
import { googleApp } from './google/app.js';
import { hubspotApp } from './hubspot/app.js';
import { localApp } from './local/app.js';
import { salesforceApp } from './salesforce/app.js';
import type { AppKind } from './types.js';

export const APPS: Readonly<Record<AppKind, AppEntry>> = {
  local: localApp,
  hubspot: hubspotApp,
  salesforce: salesforceApp,
  google: googleApp,
} satisfies Record<AppKind, AppEntry>;

export type { AppEntry, AppCapabilities, Apps, MatchRole, OpenOptions, RunningSandbox, SandboxServer, SyncObject } from './app-entry.js';
export type { StandardFields, Term } from './vocabulary.js';
export { entryOf } from './app-entry.js';
