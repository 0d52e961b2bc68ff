/**
 * The Google Contacts connector: contacts only (R6), a static catalogue (Google has no field
 * API), reads by sync token, writes in Google's batch calls. See read.ts and write.ts.
 */
import { ConnectorFailure, type AccountIdentity, type Catalogue, type Connector } from '../types.js';
import { GOOGLE_OBJECTS, googleStaticCatalogue } from './catalogue.js';
import { createGoogleClient, type ClientOptions } from './client.js';
import { connectorError, toConnectorError } from './errors.js';
import { findContacts } from './find.js';
import type { Person } from './mapping.js';
import { readContacts, type GoogleFilter } from './read.js';
import { writeContacts } from './write.js';

/** The client's options (client.ts), with the connection's name and folder filter. */
export interface GoogleConnectorOptions extends ClientOptions {
  /** The connection's name in the sync configuration (R1). */
  name: string;
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
