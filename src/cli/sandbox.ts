/**
 * `crmsync sandbox`: the three emulators, seeded, on fixed loopback ports, until Ctrl-C; prints
 * the connection settings to paste into syncs/ (or use `sandbox: true`, which runs them in-process).
 */
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { startGoogleEmulator } from '../connectors/google/emulator/server.js';
import { startHubSpotEmulator } from '../connectors/hubspot/emulator/server.js';
import { startSalesforceEmulator } from '../connectors/salesforce/emulator/server.js';
import { SANDBOX_TOKEN } from '../connectors/sandbox.js';
import { EXIT, println, type CliIO } from './io.js';

export interface SandboxArgs {
  hubspotPort: number;
  salesforcePort: number;
  googlePort: number;
  contacts: number;
  /** Stop when this resolves (tests); otherwise on SIGINT / SIGTERM. */
  until?: Promise<void>;
}

export async function sandboxCommand(io: CliIO, args: SandboxArgs): Promise<number> {
  const dir = resolve(io.cwd, '.crmsync', 'sandbox-server');
  mkdirSync(dir, { recursive: true });
  const n = args.contacts;
  const hubspot = await startHubSpotEmulator({ port: args.hubspotPort, tokens: [SANDBOX_TOKEN], persistPath: join(dir, 'hubspot.json'), seed: { contacts: n, companies: Math.ceil(n / 5), from: 0 } });
  const salesforce = await startSalesforceEmulator({ port: args.salesforcePort, accessToken: SANDBOX_TOKEN, persistPath: join(dir, 'salesforce.json'), seed: { contacts: n, companies: Math.ceil(n / 5), from: Math.floor(n / 2) } });
  const google = await startGoogleEmulator({ port: args.googlePort, accessToken: SANDBOX_TOKEN, file: join(dir, 'google.json'), seed: { contacts: n, from: Math.floor(n / 4) } });
  println(io.stdout, `Sandbox running (data in ${dir}). Press Ctrl-C to stop.

export HUBSPOT_TOKEN=${SANDBOX_TOKEN} SF_ACCESS_TOKEN=${SANDBOX_TOKEN} GOOGLE_TOKEN=${SANDBOX_TOKEN}

connections:
  hubspot:
    app: hubspot
    base_url: ${hubspot.url}
    access_token: { env: HUBSPOT_TOKEN }
  salesforce:
    app: salesforce
    instance_url: ${salesforce.url}
    access_token: { env: SF_ACCESS_TOKEN }
  google:
    app: google
    root_url: ${google.url}/
    access_token: { env: GOOGLE_TOKEN }`);
  await (args.until ?? new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  }));
  await Promise.all([hubspot.close(), salesforce.close(), google.close()]);
  println(io.stdout, 'Sandbox stopped; its data is saved.');
  return EXIT.ok;
}
