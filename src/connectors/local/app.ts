/** The local store's registry entry: a JSON file of records, named as HubSpot names its fields. */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AppEntry, ConnectionConfig } from '../app-entry.js';
import type { CompiledConnection } from '../../config/model.js';
import { sandboxSeed } from '../sandbox.js';
import { LOCAL_DEFAULT_CATALOGUES } from './catalogue.js';
import { createLocalConnector } from './connector.js';
import { seedLocalStore } from './seed.js';
import { HUB_STANDARD_FIELDS } from '../hubspot/vocabulary.js';

const person = { email: 'email', firstName: 'firstname', lastName: 'lastname' };

const storePath = (root: string, name: string, config: ConnectionConfig) =>
  resolve(root, (config as { path?: string }).path ?? join('.crmsync', 'local', `${name}.json`));

const open = (conn: CompiledConnection, root: string) => createLocalConnector({ name: conn.name, path: storePath(root, conn.name, conn.config) });

export const localApp = {
  label: 'local store',
  objects: { contacts: ['contacts'], companies: ['companies'], deals: ['deals'], tasks: ['tasks'] },
  catalogue: (object) => LOCAL_DEFAULT_CATALOGUES[object],
  async storedCatalogues(root, name, config) {
    try {
      const path = storePath(root, name, config);
      // Only a regular file: a FIFO would block this read forever (opening the store reports it).
      if (!(await stat(path)).isFile()) return undefined;
      return JSON.parse(await readFile(path, 'utf8'))?.objects ?? undefined;
    } catch {
      return undefined; // no store yet: the defaults apply
    }
  },
  matchRoles: { contacts: person, companies: { domain: 'domain', name: 'name' }, deals: { name: 'dealname' } },
  mappings: 'hub',
  standardFields: HUB_STANDARD_FIELDS,
  capabilities: {
    lists: false,
    folders: false,
    createFields: false,
    emailFirstImport: false,
    fieldSecurity: false,
    completeCatalogue: true,
    marker: { kind: 'built-in' },
  },
  credentials: { missing: () => undefined, template: ['# path: .crmsync/local/<name>.json'] },
  open: async (conn, options) => open(conn, options.root),
  async sandbox(conn, options) {
    await seedLocalStore(storePath(options.root, conn.name, conn.config), sandboxSeed(conn.config.sandbox) ?? {});
    return open(conn, options.root);
  },
} satisfies AppEntry;
