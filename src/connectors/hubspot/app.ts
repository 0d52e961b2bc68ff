/** HubSpot's registry entry: what the core may know about it, and how a connection opens. */
import ms from 'ms';
import type { AppEntry, OpenOptions } from '../app-entry.js';
import type { CompiledConnection } from '../../config/model.js';
import type { HubSpotConnection } from '../../config/schema-types.js';
import { closingWith, SANDBOX_TOKEN, sandboxCustomObjects, sandboxFile, sandboxSearchLagMs, sandboxSeed } from '../sandbox.js';
import { rateLimited, retryHooksOf, secretValue } from '../secrets.js';
import { hubspotCustomObject, hubspotSandboxServer } from './sandbox.js';
import { HUBSPOT_STANDARD_FIELDS } from './vocabulary.js';
import { hubspotStaticCatalogue } from './catalogue.js';
import { DEFAULT_BASE_URL, MAX_IN_FLIGHT } from './limits.js';

/** R16: the property crmsync creates for its idempotency marker unless the sync names another. */
export const DEFAULT_HUBSPOT_MARKER = 'crmsync_marker';

const person = { email: 'email', firstName: 'firstname', lastName: 'lastname' };

/** Options every HubSpot connector takes, real or sandbox. */
function common(conn: CompiledConnection, options: OpenOptions) {
  const config = conn.config as HubSpotConnection;
  return {
    name: conn.name,
    ...(options.associations ? { associations: options.associations } : {}),
    ...(config.lookback ? { lookbackMs: ms(config.lookback as ms.StringValue) } : {}),
    markerProperties: options.markers ?? {},
    ...retryHooksOf(conn.name, options),
  };
}

export const hubspotApp = {
  label: 'HubSpot',
  // R9: HubSpot tasks, and the timeline activities (calls, emails, meetings, notes) that become
  // Salesforce tasks.
  objects: { contacts: ['contacts'], companies: ['companies'], deals: ['deals'], tasks: ['tasks', 'calls', 'emails', 'meetings', 'notes'], custom: [] },
  catalogue: hubspotStaticCatalogue,
  matchRoles: { contacts: { ...person, secondaryEmails: 'hs_additional_emails' }, companies: { domain: 'domain', name: 'name' }, deals: { name: 'dealname' } },
  mappings: 'hub',
  standardFields: HUBSPOT_STANDARD_FIELDS,
  capabilities: {
    lists: true,
    folders: false,
    createFields: true,
    emailFirstImport: false,
    fieldSecurity: false,
    completeCatalogue: false,
    marker: { kind: 'field', defaultField: DEFAULT_HUBSPOT_MARKER },
    customObjects: 'target',
    activities: ['calls', 'emails', 'meetings', 'notes'],
    sandboxSearchLag: true,
  },
  credentials: {
    missing: (config) =>
      (config as HubSpotConnection).access_token ? undefined : 'add `access_token: { env: HUBSPOT_TOKEN }` (a private-app token), or `sandbox: true`',
    template: ['# access_token: { env: HUBSPOT_TOKEN }'],
    url: 'base_url',
  },
  hints: {
    customObject: 'add `object:` with the custom object name (billing_invoices), or its objectTypeId (2-123)',
    missingCustomObject:
      'R7: the HubSpot custom object must exist before it is synced; create it in HubSpot (Settings → Data Management → Objects), or fix the name',
  },
  async open(conn, options) {
    const config = conn.config as HubSpotConnection;
    const url = config.base_url ? { baseUrl: config.base_url } : {};
    const accessToken = secretValue(conn, 'access_token', options)!;
    // HubSpot counts its ten-second limit per app and account: one token, one budget.
    const gate = options.gates?.for(['hubspot', config.base_url ?? DEFAULT_BASE_URL, accessToken], MAX_IN_FLIGHT);
    const { createHubSpotConnector } = await import('./connector.js');
    return createHubSpotConnector({ ...common(conn, options), accessToken, ...url, ...rateLimited(config), ...(gate ? { gate } : {}) });
  },
  async sandbox(conn, options) {
    const { sandbox } = conn.config as HubSpotConnection;
    const [{ createHubSpotConnector }, { startHubSpotEmulator }] = await Promise.all([import('./connector.js'), import('./emulator/server.js')]);
    const emulator = await startHubSpotEmulator({
      tokens: [SANDBOX_TOKEN],
      persistPath: sandboxFile(options.root, conn.name),
      seed: sandboxSeed(sandbox) ?? { contacts: 40, companies: 8, from: 0 },
      customObjects: sandboxCustomObjects(sandbox).map(hubspotCustomObject),
      searchLagMs: sandboxSearchLagMs(sandbox),
    });
    return closingWith(createHubSpotConnector({ ...common(conn, options), accessToken: SANDBOX_TOKEN, baseUrl: emulator.url }), () => emulator.close());
  },
  sandboxServer: hubspotSandboxServer,
} satisfies AppEntry;
