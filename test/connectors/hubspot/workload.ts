/**
 * A workload of every kind of call the engine makes through the HubSpot connector (reads full and
 * incremental, writes, lookups, catalogues, property creation, associations, list members, a
 * custom object), against an emulator whose tokens carry the given scopes.
 */
import { createHubSpotConnector, type HubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator, type HubSpotEmulator, type HubSpotEmulatorOptions } from '../../../src/connectors/hubspot/emulator/server.js';
import { ConnectorFailure, type ConnectorError } from '../../../src/connectors/types.js';
import { FAST_RETRY } from './helpers.js';

export const CUSTOM = {
  name: 'billing_invoices',
  labels: { singular: 'Invoice', plural: 'Invoices' },
  requiredProperties: ['invoice_number'],
  primaryDisplayProperty: 'invoice_number',
  properties: [{ name: 'invoice_number', label: 'Number', type: 'string' }],
};

export async function emulator(scopes: Record<string, string[]>, extra: Partial<HubSpotEmulatorOptions> = {}): Promise<HubSpotEmulator> {
  const emu = await startHubSpotEmulator({
    ...extra,
    tokens: Object.keys(scopes),
    scopes,
    seed: { contacts: 3, companies: 2, deals: 1 },
    customObjects: [CUSTOM],
    limits: { tenSecondMax: 100_000, searchPerSecond: 100_000 },
  });
  emu.store.lists.create('Customers', '0-1', 'MANUAL');
  return emu;
}

export const connect = (emu: HubSpotEmulator, token: string): HubSpotConnector =>
  createHubSpotConnector({
    name: 'hubspot',
    accessToken: token,
    baseUrl: emu.url,
    retry: FAST_RETRY,
    limiter: { max: 100_000, windowMs: 10_000 },
    searchLimiter: { max: 100_000, windowMs: 1000 },
    objects: ['contacts', 'companies', 'deals', 'billing_invoices'],
    associations: { contacts: ['companies'] },
  });

/** An operation's failure as the engine sees it, or null when it succeeded. */
export async function outcome(op: () => Promise<unknown>): Promise<ConnectorError | null> {
  try {
    const r = await op();
    if (r && typeof r === 'object' && 'complete' in r && !(r as { complete: boolean }).complete) return (r as unknown as { error: ConnectorError }).error;
    if (Array.isArray(r)) for (const x of r) if (x && typeof x === 'object' && 'ok' in x && !x.ok) return x.error as ConnectorError;
    return null;
  } catch (error) {
    if (error instanceof ConnectorFailure) return error.error;
    throw error;
  }
}

/** Every kind of call the engine makes through the connector, as named operations. */
export function operations(hs: HubSpotConnector, emu: HubSpotEmulator): Array<[string, () => Promise<unknown>]> {
  const listId = [...emu.store.lists.lists.keys()][0]!;
  const someContact = () => [...emu.store.types.get('0-1')!.records.values()].find((r) => !r.archived)!.id;
  const cursor = JSON.stringify({ v: 1, modified: Date.now() - 60_000, archived: Date.now() - 60_000 });
  const ops: Array<[string, () => Promise<unknown>]> = [];
  for (const object of ['contacts', 'companies', 'deals']) {
    ops.push([`read ${object}`, () => hs.read({ object, fields: ['hs_object_id'], mode: 'full' })]);
    ops.push([`catalogue ${object}`, () => hs.catalogue(object)]);
    ops.push([
      `create ${object}`,
      () =>
        hs.write(object, [
          {
            kind: 'create',
            ref: 'c',
            fields:
              object === 'contacts' ? { email: `${Math.random()}@scopes.example.com` } : object === 'companies' ? { name: 'Acme' } : { dealname: 'Big deal' },
          },
        ]),
    ]);
    ops.push([`create a ${object} property (R16)`, () => hs.createProperty(object, { name: `p${Math.floor(Math.random() * 1e9)}`, type: 'string' })]);
  }
  ops.push(['incremental read with associations', () => hs.read({ object: 'contacts', fields: ['email'], mode: 'incremental', cursor })]);
  ops.push(['findBy', () => hs.findBy('contacts', 'email', ['nobody@scopes.example.com'])]);
  ops.push(['update', () => hs.write('contacts', [{ kind: 'update', ref: 'u', id: someContact(), fields: { jobtitle: 'X' } }])]);
  ops.push([
    'associate',
    () => hs.associate('contacts', 'companies', [{ fromId: someContact(), toId: [...emu.store.types.get('0-2')!.records.keys()][0]!, primary: true }]),
  ]);
  ops.push(['list members (R21)', () => hs.listMembers!('contacts', listId)]);
  ops.push(["read by id, a list's new members (R21)", () => hs.readByIds!('contacts', [someContact()], ['email'])]);
  ops.push(['read a custom object (R7)', () => hs.read({ object: 'billing_invoices', fields: ['invoice_number'], mode: 'full' })]);
  ops.push(['write a custom object (R7)', () => hs.write('billing_invoices', [{ kind: 'create', ref: 'i', fields: { invoice_number: 'INV-1' } }])]);
  ops.push([
    'create a custom object property (R16)',
    () => hs.createProperty('billing_invoices', { name: `q${Math.floor(Math.random() * 1e9)}`, type: 'string' }),
  ]);
  ops.push(['delete', () => hs.write('contacts', [{ kind: 'delete', ref: 'd', id: someContact(), mode: 'archive' }])]);
  return ops;
}
