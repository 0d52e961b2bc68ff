/** HubSpot's sandbox: a custom object declared under `sandbox:` (R7), and the emulator served for `crmsync sandbox`. */
import type { SandboxCustomObject } from '../../config/schema-types.js';
import type { SandboxServer } from '../app-entry.js';
import { SANDBOX_TOKEN } from '../sandbox.js';
import type { SchemaEgg } from './emulator/routes/schemas.js';

/** A sandbox custom object as a HubSpot schema (what `POST /crm-object-schemas/v3/schemas` takes). */
export function hubspotCustomObject(o: SandboxCustomObject): SchemaEgg {
  const label = o.name.replace(/_/g, ' ');
  return {
    name: o.name,
    labels: { singular: label, plural: label },
    properties: o.fields.map((f) => ({ name: f.name, label: f.name.replace(/_/g, ' '), type: f.type })),
    requiredProperties: o.fields.filter((f) => f.required).map((f) => f.name),
    primaryDisplayProperty: (o.fields.find((f) => f.required) ?? o.fields[0])!.name,
  };
}

export const hubspotSandboxServer: SandboxServer = {
  port: 4010,
  async start({ port, file, contacts }) {
    // Loaded when started: the emulator is no part of a plan or apply against the real app.
    const { startHubSpotEmulator } = await import('./emulator/server.js');
    const emulator = await startHubSpotEmulator({
      port,
      tokens: [SANDBOX_TOKEN],
      persistPath: file,
      seed: { contacts, companies: Math.ceil(contacts / 5), from: 0 },
    });
    return {
      connection: [`base_url: ${emulator.url}`, 'access_token: { env: HUBSPOT_TOKEN }'],
      env: { HUBSPOT_TOKEN: SANDBOX_TOKEN },
      notes: [`The HubSpot token carries the scopes ${emulator.scopesOf(SANDBOX_TOKEN).join(', ')}`],
      close: () => emulator.close(),
    };
  },
};
