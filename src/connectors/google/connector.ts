/**
 * The Google Contacts connector: contacts only (R6), a static catalogue (Google has no field
 * API), reads by sync token, writes in Google's batch calls. See read.ts and write.ts.
 */
import { ConnectorFailure, type AccountIdentity, type Catalogue, type Connector } from '../types.js';
import type { AccountGate } from '../shared/account-gate.js';
import type { LimiterOptions } from '../shared/limiter.js';
import type { RetryHooks, RetryPolicy } from '../shared/retry.js';
import { GOOGLE_OBJECTS, googleStaticCatalogue } from './catalogue.js';
import { createGoogleClient } from './client.js';
import { connectorError, toConnectorError } from './errors.js';
import { findContacts } from './find.js';
import type { Person } from './mapping.js';
import { readContacts, type GoogleFilter } from './read.js';
import { writeContacts } from './write.js';

export interface GoogleConnectorOptions {
  /** The connection's name in the sync configuration (R1). */
  name: string;
  /** An OAuth 2 access token with the scopes of limits.ts REQUIRED_SCOPES (contacts; Other contacts for folder 'all'). */
  accessToken: string;
  /** Default https://people.googleapis.com/; the emulator's url in tests. */
  rootUrl?: string;
  /** Client-side limit per quota (reads, writes); defaults to Google's per-minute quotas. */
  limiter?: LimiterOptions;
  retry?: RetryPolicy;
  /** Test seam: observe or shorten retry waits. */
  retryHooks?: RetryHooks;
  /** The user's quotas, mutation order and in-flight cap, shared by the run's connections to the same user. */
  gate?: AccountGate;
  /** R20: 'contacts' syncs the Contacts folder only; 'all' (default) adds Other contacts. */
  filter?: { folder?: 'contacts' | 'all'; starred?: boolean };
}

export function createGoogleConnector(options: GoogleConnectorOptions): Connector {
  const client = createGoogleClient(options);
  const filter: GoogleFilter = { folder: options.filter?.folder ?? 'all', starred: options.filter?.starred ?? false };
  const cache = new Map<string, Person>();
  const ctx = { client, filter, cache, snapshot: { contacts: false } };

  const check = (object: string) => {
    if (!(GOOGLE_OBJECTS as readonly string[]).includes(object)) {
      throw new ConnectorFailure(connectorError('unknown', 'UNKNOWN_OBJECT', `Google Contacts syncs contacts only (R6), not ${object}`), options.name);
    }
  };

  // Failures of a whole call carry the connection's name, so the engine can say which one failed.
  const named = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ConnectorFailure && !error.connection) throw new ConnectorFailure(error.error, options.name);
      throw error;
    }
  };

  /** The signed-in account: `people/me` answers with the account's own resource name. */
  async function identity(): Promise<AccountIdentity> {
    try {
      const me = await client.call('get', () => client.api.people.get({ resourceName: 'people/me', personFields: 'metadata' }));
      if (!me.resourceName) throw new Error('Google did not name the signed-in account');
      return { id: me.resourceName, label: `Google account ${me.resourceName}` };
    } catch (error) {
      throw new ConnectorFailure(toConnectorError(error), options.name);
    }
  }

  return {
    app: 'google',
    identity,
    objects: () => [...GOOGLE_OBJECTS],
    async catalogue(object): Promise<Catalogue> {
      check(object);
      return googleStaticCatalogue(object)!;
    },
    async read(request) {
      check(request.object);
      return readContacts(ctx, request);
    },
    async write(object, ops) {
      check(object);
      return named(() => writeContacts(ctx, ops));
    },
    async findBy(object, field, values) {
      check(object);
      return named(() => findContacts(ctx, field, values));
    },
    stats: () => client.stats(),
    async close() {
      cache.clear();
      ctx.snapshot.contacts = false;
    },
  };
}
