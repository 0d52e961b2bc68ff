/** Google Contacts' registry entry: contacts only, in folders (R20), with no custom fields (R17). */
import type { AppEntry, OpenOptions } from '../app-entry.js';
import type { CompiledConnection } from '../../config/model.js';
import type { GoogleConnection } from '../../config/schema-types.js';
import { closingWith, SANDBOX_TOKEN, sandboxFile, sandboxSeed } from '../sandbox.js';
import { rateLimited, retryHooksOf, secretValue } from '../secrets.js';
import { googleSandboxServer } from './sandbox.js';
import { googleStaticCatalogue } from './catalogue.js';
import { DEFAULT_ROOT_URL, MAX_IN_FLIGHT } from './limits.js';

/** R20: Other contacts are read only when some sync asks for folder: all. */
const common = (conn: CompiledConnection, options: OpenOptions) => ({
  name: conn.name,
  filter: { folder: options.folder ?? 'contacts' },
  ...retryHooksOf(conn.name, options),
});

export const googleApp = {
  label: 'Google Contacts',
  // R6: Google Contacts supports contacts only.
  objects: { contacts: ['contacts'] },
  catalogue: googleStaticCatalogue,
  matchRoles: {
    contacts: { email: 'email', firstName: 'firstName', lastName: 'lastName', secondaryEmails: 'secondaryEmails', companyDomain: 'companyDomain' },
  },
  mappings: 'app',
  // R17: Google's default mappings.
  standardFields: {
    contacts: {
      email: 'email',
      firstName: 'firstName',
      lastName: 'lastName',
      phone: 'phone',
      mobile: 'mobile',
      fax: 'fax',
      company: 'company',
      jobTitle: 'jobTitle',
      street: 'street',
      city: 'city',
      region: 'region',
      postalCode: 'postalCode',
      country: 'country',
    },
  },
  // R17: Google has no syncable custom fields, so its built-in catalogue is the whole truth.
  capabilities: {
    lists: false,
    folders: true,
    createFields: false,
    emailFirstImport: false,
    fieldSecurity: false,
    completeCatalogue: true,
    marker: { kind: 'built-in' },
  },
  credentials: {
    missing: (config) =>
      (config as GoogleConnection).access_token
        ? undefined
        : 'add `access_token: { env: GOOGLE_TOKEN }` (an OAuth token with the contacts scope), or `sandbox: true`',
    template: ['# access_token: { env: GOOGLE_TOKEN }'],
    url: 'root_url',
  },
  async open(conn, options) {
    const config = conn.config as GoogleConnection;
    const url = config.root_url ? { rootUrl: config.root_url } : {};
    const accessToken = secretValue(conn, 'access_token', options)!;
    // Quotas and the order of mutations are per user: one token, one gate.
    const gate = options.gates?.for(['google', config.root_url ?? DEFAULT_ROOT_URL, accessToken], MAX_IN_FLIGHT);
    const { createGoogleConnector } = await import('./connector.js');
    return createGoogleConnector({ ...common(conn, options), accessToken, ...url, ...rateLimited(config), ...(gate ? { gate } : {}) });
  },
  async sandbox(conn, options) {
    const { sandbox } = conn.config as GoogleConnection;
    const [{ createGoogleConnector }, { startGoogleEmulator }] = await Promise.all([import('./connector.js'), import('./emulator/server.js')]);
    const emulator = await startGoogleEmulator({
      accessToken: SANDBOX_TOKEN,
      file: sandboxFile(options.root, conn.name),
      seed: sandboxSeed(sandbox) ?? { contacts: 40, from: 20 },
    });
    const connector = createGoogleConnector({
      ...common(conn, options),
      accessToken: SANDBOX_TOKEN,
      rootUrl: `${emulator.url}/`,
      limiter: { max: 1000, windowMs: 1000 },
    });
    return closingWith(connector, () => emulator.close());
  },
  sandboxServer: googleSandboxServer,
} satisfies AppEntry;
