/**
 * Apps that outlive the CLI: HubSpot and Google emulators in the test process, and a project whose
 * connections point at them, so the CLI can be killed at any point and run again.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/connectors/google/emulator/server.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { createGoogleConnector } from '../../src/connectors/google/connector.js';
import { createHubSpotConnector } from '../../src/connectors/hubspot/connector.js';
import type { Connector, RemoteRecord } from '../../src/connectors/types.js';
import { project, type Project } from '../helpers/project.js';

export const TOKEN = 'chaos-token';
export const BIN = new URL('../../bin/crmsync.js', import.meta.url).pathname;

export interface Apps {
  hubspot: HubSpotEmulator;
  google: GoogleEmulator;
  p: Project;
  hs: Connector;
  g: Connector;
  close(): Promise<void>;
}

export async function startApps(options: { hubspot: number; google: number; from: number; sync?: string }): Promise<Apps> {
  const hubspot = await startHubSpotEmulator({
    tokens: [TOKEN],
    seed: { contacts: options.hubspot, companies: 0, from: 0 },
    limits: { tenSecondMax: 1e6, searchPerSecond: 1e6, daily: 1e9 },
  });
  const google = await startGoogleEmulator({
    accessToken: TOKEN,
    seed: { contacts: options.google, from: options.from }, // The chaos runs read in full many times a minute: they inject their own faults, so Google's
    // per-minute budgets, the fixed full-sync one included, are lifted (those quotas have their own
    // tests in test/connectors/google).
    quotas: { readsPerMinute: 1e6, writesPerMinute: 1e6, fullSyncFirstPages: 1e6 },
  });
  const p = project({
    'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    base_url: ${hubspot.url}
    access_token: { env: CHAOS_HUBSPOT_TOKEN }
    rate_limit: { max: 100000, window: 1s }
    lookback: 1s
  google:
    app: google
    root_url: ${google.url}/
    access_token: { env: CHAOS_GOOGLE_TOKEN }
    rate_limit: { max: 100000, window: 1s }
`,
    'syncs/contacts.yaml': `sync:
  name: contacts
  object: contacts
  left: { connection: hubspot }
  right: { connection: google }
${options.sync ?? '  direction: two-way\n  conflict: { winner: hubspot }'}
`,
  });
  const hs = createHubSpotConnector({ name: 'hs', accessToken: TOKEN, baseUrl: hubspot.url, limiter: { max: 1e6, windowMs: 1000 } });
  const g = createGoogleConnector({
    name: 'g',
    accessToken: TOKEN,
    rootUrl: `${google.url}/`,
    limiter: { max: 1e6, windowMs: 1000 },
    filter: { folder: 'contacts' },
  });
  return { hubspot, google, p, hs, g, close: async () => void (await Promise.all([hubspot.close(), google.close()])) };
}

export const env = { ...process.env, CHAOS_HUBSPOT_TOKEN: TOKEN, CHAOS_GOOGLE_TOKEN: TOKEN };

/** Runs the CLI as a child process; `killAfterMs` sends SIGKILL then. Resolves with its exit. */
export function runCli(dir: string, args: string[], killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

/** About how long an uninterrupted apply takes (twice a plan), to spread kill points over it. */
export async function killSpan(dir: string): Promise<number> {
  const t0 = Date.now();
  const probe = await runCli(dir, ['plan']);
  if (probe.code !== 0) throw new Error(`plan failed before the kills:\n${probe.out}`);
  return Math.max(600, (Date.now() - t0) * 2);
}

export async function all(c: Connector, fields: string[]): Promise<RemoteRecord[]> {
  const r = await c.read({ object: 'contacts', fields, mode: 'full' });
  // A helper that counts records must not count an incomplete read as the app's content.
  if (!r.complete) throw new Error(`read of ${c.app} contacts incomplete: ${JSON.stringify(r.error)}`);
  return r.records;
}
