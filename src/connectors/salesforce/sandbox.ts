/**
 * Salesforce's sandbox: custom objects declared under `sandbox:` (R7), the External ID field of the
 * idempotency marker, and the emulator served for `crmsync sandbox`.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxCustomObject } from '../../config/schema-types.js';
import type { SandboxServer } from '../app-entry.js';
import { SANDBOX_TOKEN } from '../sandbox.js';
import type { CustomObjectOptions } from './emulator/options.js';

/** The Salesforce sandbox's External ID field for the idempotency marker (`marker_property`). */
export const SANDBOX_MARKER_FIELD = 'Crmsync_Marker__c';

const SALESFORCE_TYPES = { string: 'string', number: 'double', date: 'date', datetime: 'datetime', bool: 'boolean' } as const;

/** A sandbox custom object as the Salesforce emulator declares it. */
export function salesforceCustomObject(o: SandboxCustomObject): CustomObjectOptions {
  return {
    name: o.name,
    fields: o.fields.map((f) => ({ name: f.name, type: SALESFORCE_TYPES[f.type], ...(f.required ? { required: true } : {}) })),
    ...(o.records ? { records: o.records } : {}),
  };
}

/** The JWT bearer key pair of the served sandbox, kept with its data (created once). */
function jwtKey(dir: string): string {
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
  return keyFile;
}

export const salesforceSandboxServer: SandboxServer = {
  port: 4020,
  async start({ port, file, dir, contacts }) {
    // Loaded when started: the emulator is no part of a plan or apply against the real app.
    const [{ startSalesforceEmulator }, { DEFAULT_CONNECTED_APP, DEFAULT_USER }] = await Promise.all([
      import('./emulator/server.js'),
      import('./emulator/sessions.js'),
    ]);
    // Logins without SOAP: client credentials, and a JWT bearer key pair kept with the data.
    const keyFile = jwtKey(dir);
    const certificate = createPublicKey(readFileSync(keyFile, 'utf8')).export({ type: 'spki', format: 'pem' }).toString();
    const emulator = await startSalesforceEmulator({
      port,
      accessToken: SANDBOX_TOKEN,
      connectedApps: [{ ...DEFAULT_CONNECTED_APP, runAs: DEFAULT_USER.username, certificate }],
      persistPath: file,
      seed: { contacts, companies: Math.ceil(contacts / 5), from: Math.floor(contacts / 2) },
    });
    return {
      connection: [`login_url: ${emulator.url}`, 'client_id: { env: SF_CLIENT_ID }', 'client_secret: { env: SF_CLIENT_SECRET }'],
      env: { SF_CLIENT_ID: DEFAULT_CONNECTED_APP.clientId, SF_CLIENT_SECRET: DEFAULT_CONNECTED_APP.clientSecret },
      notes: [
        'Salesforce JWT bearer instead: client_id, private_key: { env: SF_PRIVATE_KEY } and username: { env: SF_USERNAME }, with',
        `export SF_PRIVATE_KEY="$(cat ${keyFile})" SF_USERNAME=${DEFAULT_USER.username}`,
      ],
      close: () => emulator.close(),
    };
  },
};
