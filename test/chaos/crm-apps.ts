/**
 * HubSpot, Salesforce and Google emulators in the test process, and a project syncing companies,
 * contacts, Salesforce tasks (R9) and a Salesforce custom object (R7) between them, with every
 * create marked: HubSpot's default marker property, a Salesforce External ID field on Account,
 * Google's clientData. The apps outlive the CLI runs, so runs can be faulted or killed at will.
 */
import { spawn } from 'node:child_process';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/connectors/google/emulator/server.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../src/connectors/salesforce/emulator/server.js';
import type { FaultOptions } from '../../src/connectors/shared/emulator-http.js';
import { createGoogleConnector } from '../../src/connectors/google/connector.js';
import { createHubSpotConnector } from '../../src/connectors/hubspot/connector.js';
import { createSalesforceConnector } from '../../src/connectors/salesforce/connector.js';
import type { Connector, Fields, WriteOp } from '../../src/connectors/types.js';
import type { StateFile } from '../../src/state/types.js';
import { project, type Project } from '../helpers/project.js';
import { BIN } from './helpers.js';
import { syncFile } from '../helpers/fixtures.js';

export const CRM_TOKEN = 'chaos-crm-token';
export const CRM_ENV = { CHAOS_CRM_TOKEN: CRM_TOKEN };
const FAST = { max: 100000, window: '1s' };

export interface CrmApps {
  hubspot: HubSpotEmulator;
  salesforce: SalesforceEmulator;
  google: GoogleEmulator;
  p: Project;
  /** The official clients, for changing the apps between runs (faults off). */
  clients: { hubspot: Connector; salesforce: Connector; google: Connector };
  setFaults(faults: FaultOptions | null): void;
  /** Faults injected so far, before and after the app processed the call, and calls served. */
  faultCounts(): { before: number; after: number; calls: number };
  close(): Promise<void>;
}

export interface CrmSeed {
  /** HubSpot companies 0..n-1 and Salesforce accounts from `accountsFrom`: they overlap by name (R26). */
  companies?: { hubspot: number; salesforce: number; salesforceFrom: number };
  /** HubSpot contacts 0..n-1 and Google contacts from `googleFrom`: they overlap by email. */
  contacts?: { hubspot: number; google: number; googleFrom: number };
  /** Salesforce tasks, synced one way into HubSpot tasks (no match key, R9). */
  tasks?: number;
  /** Salesforce Invoice__c records, synced one way into a HubSpot custom object (no match key, R7). */
  invoices?: number;
}

const SYNCS = {
  companies: `sync:
  name: companies
  object: companies
  left: { connection: hubspot }
  right: { connection: salesforce, object: Account, marker_property: Crmsync_Marker__c }
  direction: two-way
  conflict: { winner: salesforce }
`,
  contacts: syncFile(
    'contacts',
    'hubspot',
    'google',
    `direction: two-way
conflict: { winner: hubspot }`,
  ),
  tasks: syncFile(
    'tasks',
    'salesforce Task',
    'hubspot tasks',
    `direction: one-way
from: salesforce
initial_sync: full`,
  ),
  invoices: syncFile(
    'invoices',
    'salesforce Invoice__c',
    'hubspot billing_invoices',
    `direction: one-way
from: salesforce
initial_sync: full
fields:
  - { left: Name, right: invoice_number }
  - { left: Amount__c, right: amount }`,
    'custom',
  ),
};

export async function startCrmApps(seed: CrmSeed): Promise<CrmApps> {
  const hubspot = await startHubSpotEmulator({
    tokens: [CRM_TOKEN],
    seed: { contacts: seed.contacts?.hubspot ?? 0, companies: seed.companies?.hubspot ?? 0, from: 0, associate: false },
    limits: { tenSecondMax: 1e6, searchPerSecond: 1e6, daily: 1e9 },
    customObjects: [
      {
        name: 'billing_invoices',
        labels: { singular: 'billing invoice', plural: 'billing invoices' },
        properties: [
          { name: 'invoice_number', label: 'invoice number', type: 'string' },
          { name: 'amount', label: 'amount', type: 'number' },
        ],
        requiredProperties: ['invoice_number'],
        primaryDisplayProperty: 'invoice_number',
      },
    ],
  });
  const salesforce = await startSalesforceEmulator({
    accessToken: CRM_TOKEN,
    dailyApiLimit: 1e9,
    seed: { companies: seed.companies?.salesforce ?? 0, from: seed.companies?.salesforceFrom ?? 0, tasks: seed.tasks ?? 0 },
    customFields: { Account: [{ name: 'Crmsync_Marker', type: 'string', externalId: true, unique: true }] },
    customObjects: [{ name: 'Invoice__c', records: seed.invoices ?? 0, fields: [{ name: 'Amount', type: 'double' }] }],
  });
  const google = await startGoogleEmulator({
    accessToken: CRM_TOKEN,
    seed: { contacts: seed.contacts?.google ?? 0, from: seed.contacts?.googleFrom ?? 0 },
    quotas: { readsPerMinute: 1e6, writesPerMinute: 1e6 },
  });
  const files: Record<string, string> = {
    'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    base_url: ${hubspot.url}
    access_token: { env: CHAOS_CRM_TOKEN }
    rate_limit: { max: ${FAST.max}, window: ${FAST.window} }
    lookback: 1s
  salesforce:
    app: salesforce
    instance_url: ${salesforce.url}
    access_token: { env: CHAOS_CRM_TOKEN }
    rate_limit: { max: ${FAST.max}, window: ${FAST.window} }
  google:
    app: google
    root_url: ${google.url}/
    access_token: { env: CHAOS_CRM_TOKEN }
    rate_limit: { max: ${FAST.max}, window: ${FAST.window} }
`,
  };
  for (const [name, text] of Object.entries(SYNCS)) if (seed[name as keyof CrmSeed] !== undefined) files[`syncs/${name}.yaml`] = text;
  const p = project(files);
  const emulators = [hubspot, salesforce, google];
  const limiter = { max: 1e6, windowMs: 1000 };
  const clients = {
    hubspot: createHubSpotConnector({ name: 'hs', accessToken: CRM_TOKEN, baseUrl: hubspot.url, limiter, searchLimiter: limiter }),
    salesforce: createSalesforceConnector({ name: 'sf', instanceUrl: salesforce.url, accessToken: CRM_TOKEN, customObjects: ['Invoice__c'] }),
    google: createGoogleConnector({ name: 'g', accessToken: CRM_TOKEN, rootUrl: `${google.url}/`, limiter, filter: { folder: 'contacts' } }),
  };
  return {
    hubspot,
    salesforce,
    google,
    p,
    clients,
    setFaults: (faults) => emulators.forEach((e, i) => e.setFaults(faults && { ...faults, seed: (faults.seed ?? 1) + i })),
    faultCounts: () => ({
      before: emulators.reduce((n, e) => n + e.calls.faultsBefore, 0),
      after: emulators.reduce((n, e) => n + e.calls.faultsAfter, 0),
      calls: emulators.reduce((n, e) => n + e.calls.total, 0),
    }),
    close: async () => void (await Promise.all(emulators.map((e) => e.close()))),
  };
}

/** Failed records wait for their backoff; this makes them due now, as time passing would. */
export function makeFailuresDue(p: Project): void {
  if (!p.exists('.crmsync/state.json')) return;
  const state = p.state() as StateFile;
  for (const s of Object.values(state.syncs)) for (const f of s.failures) f.retryAfter = '2000-01-01T00:00:00.000Z';
  p.write('.crmsync/state.json', JSON.stringify(state));
}

/**
 * Runs the CLI as a child process; `killAfterMs` sends SIGKILL then, counted from the moment its
 * output first holds `from` when given (`Plan:`, so the kill lands while the plan is applied).
 */
export function runCrmCli(
  dir: string,
  args: string[],
  killAfterMs?: number,
  from?: string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...CRM_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs));
    child.stdout.on('data', (c) => {
      out += c;
      if (killAfterMs !== undefined && from !== undefined && out.includes(from)) arm();
    });
    child.stderr.on('data', (c) => (out += c));
    if (killAfterMs !== undefined && from === undefined) arm();
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

export interface Census {
  /** Records in the app, and how many share a key with another (duplicates). */
  count: number;
  duplicates: number;
}

/** Counts records by a key; a repeated key is a duplicate. */
export function census(keys: string[]): Census {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const k of keys) seen.has(k) ? duplicates++ : seen.add(k);
  return { count: keys.length, duplicates };
}

const live = <T extends { archived?: boolean }>(records: Iterable<T>) => [...records].filter((r) => !r.archived);

/** Each app's records of each synced object, keyed by what makes them one real-world thing. */
export function appRecords(apps: CrmApps) {
  const hsType = (name: string) => [...apps.hubspot.store.types.values()].find((t) => t.name === name)!;
  const hs = (name: string, key: string) =>
    live(hsType(name).records.values()).map((r) => ({ id: r.id, key: String(r.properties[key] ?? '').toLowerCase(), marker: r.properties.crmsync_marker }));
  const sf = (name: string, key: string) =>
    [...apps.salesforce.store.table(name)!.rows.values()]
      .filter((r) => !r.IsDeleted)
      .map((r) => ({ id: String(r.Id), key: String(r[key] ?? '').toLowerCase() }));
  const google = [...apps.google.store.people.values()]
    .filter((p) => p.state === 'live' && p.kind === 'contact')
    .map((p) => ({
      id: p.resourceName,
      key: String((p.data as { emailAddresses?: Array<{ value?: string }> }).emailAddresses?.[0]?.value ?? '').toLowerCase(),
    }));
  return {
    hubspot: {
      companies: hs('companies', 'name'),
      contacts: hs('contacts', 'email'),
      tasks: hs('tasks', 'crmsync_marker'),
      invoices: hs('billing_invoices', 'invoice_number'),
    },
    salesforce: { accounts: sf('Account', 'Name'), tasks: sf('Task', 'Id'), invoices: sf('Invoice__c', 'Name') },
    google: { contacts: google },
  };
}

/**
 * New records made in the apps between runs, round `round`: companies only in HubSpot, only in
 * Salesforce and in both (same name, R26); contacts only in HubSpot, only in Google and in both;
 * Salesforce tasks and invoices. Returns how many distinct records each synced object gains.
 */
export async function addRecords(apps: CrmApps, round: number, n: number): Promise<{ companies: number; contacts: number; tasks: number; invoices: number }> {
  const creates = (make: (i: number) => Fields, count = n): WriteOp[] =>
    Array.from({ length: count }, (_, i) => ({ kind: 'create', ref: String(i), fields: make(i) }));
  const ok = async (c: Connector, object: string, ops: WriteOp[]) => {
    const results = await c.write(object, ops);
    const failed = results.filter((r) => !r.ok);
    if (failed.length) throw new Error(`seeding ${object}: ${JSON.stringify(failed[0])}`);
  };
  const company = (kind: string) => (i: number) => `Round ${round} ${kind} ${i} Ltd`;
  await ok(
    apps.clients.hubspot,
    'companies',
    creates((i) => ({ name: company('hub')(i) })),
  );
  await ok(
    apps.clients.hubspot,
    'companies',
    creates((i) => ({ name: company('both')(i) }), n / 2),
  );
  await ok(
    apps.clients.salesforce,
    'Account',
    creates((i) => ({ Name: company('sf')(i) })),
  );
  await ok(
    apps.clients.salesforce,
    'Account',
    creates((i) => ({ Name: company('both')(i) }), n / 2),
  );
  const person = (kind: string) => (i: number) => `r${round}-${kind}-${i}@chaos.example.com`;
  await ok(
    apps.clients.hubspot,
    'contacts',
    creates((i) => ({ email: person('hub')(i), firstname: 'Hub', lastname: `R${round} ${i}` })),
  );
  await ok(
    apps.clients.hubspot,
    'contacts',
    creates((i) => ({ email: person('both')(i), firstname: 'Both', lastname: `R${round} ${i}` }), n / 2),
  );
  await ok(
    apps.clients.google,
    'contacts',
    creates((i) => ({ email: person('g')(i), firstName: 'Goo', lastName: `R${round} ${i}` })),
  );
  await ok(
    apps.clients.google,
    'contacts',
    creates((i) => ({ email: person('both')(i), firstName: 'Both', lastName: `R${round} ${i}` }), n / 2),
  );
  await addTasksAndInvoices(apps, `r${round}`, n, n);
  return { companies: 2.5 * n, contacts: 2.5 * n, tasks: n, invoices: n };
}

/** New Salesforce tasks and invoices (named after `tag`), for the syncs into HubSpot. */
export async function addTasksAndInvoices(apps: CrmApps, tag: string, tasks: number, invoices: number): Promise<{ tasks: number; invoices: number }> {
  const write = async (object: string, fields: (i: number) => Fields, count: number) => {
    const results = await apps.clients.salesforce.write(
      object,
      Array.from({ length: count }, (_, i) => ({ kind: 'create' as const, ref: String(i), fields: fields(i) })),
    );
    const failed = results.filter((r) => !r.ok);
    if (failed.length) throw new Error(`seeding ${object}: ${JSON.stringify(failed[0])}`);
  };
  await write(
    'Task',
    (i) => ({ Subject: 'Call', Description: `${tag} task ${i}`, ActivityDate: '2026-12-01', Priority: 'Normal', Status: 'Not Started' }),
    tasks,
  );
  await write('Invoice__c', (i) => ({ Name: `${tag}-INV-${i}`, Amount__c: i }), invoices);
  return { tasks, invoices };
}
