/**
 * `crmsync sandbox`: the three emulators, seeded, on fixed loopback ports, until Ctrl-C; prints
 * the connection settings to paste into syncs/ (or use `sandbox: true`, which runs them in-process).
 */
import { join, resolve } from 'node:path';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DEFAULT_SCOPES, startGoogleEmulator } from '../connectors/google/emulator/server.js';
import { startHubSpotEmulator } from '../connectors/hubspot/emulator/server.js';
import { startSalesforceEmulator } from '../connectors/salesforce/emulator/server.js';
import { DEFAULT_CONNECTED_APP, DEFAULT_USER } from '../connectors/salesforce/emulator/sessions.js';
import { SANDBOX_TOKEN } from '../connectors/sandbox.js';
import { EXIT, println, type CliIO } from './io.js';

export interface SandboxArgs {
  hubspotPort: number;
  salesforcePort: number;
  googlePort: number;
  contacts: number;
  /** Start from fresh demo data (seeded with `contacts`) instead of the data saved by the last run. */
  reset?: boolean;
  /** Stop when this resolves (tests); otherwise on SIGINT / SIGTERM. */
  until?: Promise<void>;
}

export async function sandboxCommand(io: CliIO, args: SandboxArgs): Promise<number> {
  const dir = resolve(io.cwd, '.crmsync', 'sandbox-server');
  mkdirSync(dir, { recursive: true });
  // The data of the last run is kept between runs; --reset starts again from fresh demo data.
  const DATA = ['hubspot.json', 'salesforce.json', 'google.json'];
  const seedFile = join(dir, 'seed.json');
  if (args.reset) for (const file of [...DATA, 'seed.json']) rmSync(join(dir, file), { force: true });
  const saved = existsSync(seedFile) ? (JSON.parse(readFileSync(seedFile, 'utf8')) as { contacts: number }) : undefined;
  const reused = DATA.some((file) => existsSync(join(dir, file)));
  if (reused) {
    const seeded = saved ? ` (seeded with ${saved.contacts} contacts per app)` : '';
    println(io.stdout, `Reusing the sandbox data saved in ${dir}${seeded}; crmsync sandbox --reset starts from fresh demo data.`);
    if (saved && saved.contacts !== args.contacts) println(io.stdout, `Note: --contacts ${args.contacts} applies to fresh data only; add --reset to reseed.`);
  } else writeFileSync(seedFile, JSON.stringify({ contacts: args.contacts }));
  const n = args.contacts;
  const hubspot = await startHubSpotEmulator({
    port: args.hubspotPort,
    tokens: [SANDBOX_TOKEN],
    persistPath: join(dir, 'hubspot.json'),
    seed: { contacts: n, companies: Math.ceil(n / 5), from: 0 },
  });
  // Salesforce logins without SOAP: client credentials, and a JWT bearer key pair kept with the data.
  const keyFile = join(dir, 'salesforce-jwt.key');
  if (!existsSync(keyFile))
    writeFileSync(
      keyFile,
      generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      }).privateKey,
      { mode: 0o600 },
    );
  const connectedApps = [
    {
      ...DEFAULT_CONNECTED_APP,
      runAs: DEFAULT_USER.username,
      certificate: createPublicKey(readFileSync(keyFile, 'utf8')).export({ type: 'spki', format: 'pem' }).toString(),
    },
  ];
  const salesforce = await startSalesforceEmulator({
    port: args.salesforcePort,
    accessToken: SANDBOX_TOKEN,
    connectedApps,
    persistPath: join(dir, 'salesforce.json'),
    seed: { contacts: n, companies: Math.ceil(n / 5), from: Math.floor(n / 2) },
  });
  const google = await startGoogleEmulator({
    port: args.googlePort,
    accessToken: SANDBOX_TOKEN,
    file: join(dir, 'google.json'),
    seed: { contacts: n, from: Math.floor(n / 4) },
  });
  println(
    io.stdout,
    `Sandbox running (data in ${dir}). Press Ctrl-C to stop.

export HUBSPOT_TOKEN=${SANDBOX_TOKEN} SF_CLIENT_ID=${DEFAULT_CONNECTED_APP.clientId} SF_CLIENT_SECRET=${DEFAULT_CONNECTED_APP.clientSecret} GOOGLE_TOKEN=${SANDBOX_TOKEN}
# Salesforce JWT bearer instead: client_id, private_key: { env: SF_PRIVATE_KEY } and username: { env: SF_USERNAME }, with
# export SF_PRIVATE_KEY="$(cat ${keyFile})" SF_USERNAME=${DEFAULT_USER.username}
# The HubSpot token carries the scopes ${hubspot.scopesOf(SANDBOX_TOKEN).join(', ')}
# GOOGLE_TOKEN carries the scopes ${DEFAULT_SCOPES.join(' ')}

connections:
  hubspot:
    app: hubspot
    base_url: ${hubspot.url}
    access_token: { env: HUBSPOT_TOKEN }
  salesforce:
    app: salesforce
    login_url: ${salesforce.url}
    client_id: { env: SF_CLIENT_ID }
    client_secret: { env: SF_CLIENT_SECRET }
  google:
    app: google
    root_url: ${google.url}/
    access_token: { env: GOOGLE_TOKEN }`,
  );
  await (args.until ??
    new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    }));
  await Promise.all([hubspot.close(), salesforce.close(), google.close()]);
  println(io.stdout, 'Sandbox stopped; its data is saved.');
  return EXIT.ok;
}
