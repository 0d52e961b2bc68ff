/**
 * `sandbox: true` connections: the app's emulator runs in-process on a loopback port, with its
 * data persisted under .crmsync/sandbox/, so plan and apply work with no account at all. The
 * connector's close() also stops the emulator (and saves its data).
 */
import { mkdirSync } from 'node:fs';
import ms from 'ms';
import { dirname, join, resolve } from 'node:path';
import type { Sandbox, SandboxCustomObject } from '../config/schema-types.js';
import type { SchemaEgg } from './hubspot/emulator/routes/schemas.js';
import type { CustomObjectOptions } from './salesforce/emulator/options.js';
import type { Connector } from './types.js';

export const SANDBOX_TOKEN = 'sandbox-token';
/** The Salesforce sandbox's External ID field for the idempotency marker (`marker_property`). */
export const SANDBOX_MARKER_FIELD = 'Crmsync_Marker__c';

/** The sandbox's data file; its folder is created so the emulator can save there. */
export function sandboxFile(root: string, connection: string): string {
  const file = resolve(root, join('.crmsync', 'sandbox', `${connection}.json`));
  mkdirSync(dirname(file), { recursive: true });
  return file;
}

export const sandboxSeed = (sandbox: Sandbox | undefined) => (sandbox && sandbox !== true ? sandbox.seed : undefined);

/** Wraps a connector so that closing it also closes what backs it. */
export function closingWith(connector: Connector, also: () => Promise<void>): Connector {
  return {
    ...connector,
    async close() {
      await connector.close();
      await also();
    },
  };
}

/** A HubSpot sandbox's search index lag (`search_lag`), in ms. */
export const sandboxSearchLagMs = (sandbox: Sandbox | undefined): number =>
  sandbox && sandbox !== true && sandbox.search_lag ? ms(sandbox.search_lag as ms.StringValue) : 0;

/** The custom objects a sandbox declares (R7). */
export const sandboxCustomObjects = (sandbox: Sandbox | undefined): SandboxCustomObject[] =>
  sandbox && sandbox !== true ? (sandbox.custom_objects ?? []) : [];

const SALESFORCE_TYPES = { string: 'string', number: 'double', date: 'date', datetime: 'datetime', bool: 'boolean' } as const;

/** A sandbox custom object as the Salesforce emulator declares it. */
export function salesforceCustomObject(o: SandboxCustomObject): CustomObjectOptions {
  return {
    name: o.name,
    fields: o.fields.map((f) => ({ name: f.name, type: SALESFORCE_TYPES[f.type], ...(f.required ? { required: true } : {}) })),
    ...(o.records ? { records: o.records } : {}),
  };
}

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
