/** Shared set-up for the Salesforce tests: raw jsforce connections and a fast retry policy. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Connection } from 'jsforce';
import type { RetryPolicy } from '../../../src/connectors/shared/retry.js';
import type { SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';

/** Retries in milliseconds, not seconds, so fault tests stay fast. */
export const FAST_RETRY: RetryPolicy = { attempts: 4, baseMs: 5, maxMs: 20 };

/** A jsforce connection using the emulator's static session (no login call). */
export function tokenConnection(emu: SalesforceEmulator, version = '59.0'): Connection {
  return new Connection({ instanceUrl: emu.url, accessToken: emu.accessToken, version });
}

/**
 * The property names of a type in jsforce's own declaration file (lib/types/common.d.ts), so the
 * emulator's describe is checked against the client's model rather than against our own list.
 */
export function jsforceTypeKeys(typeName: string): string[] {
  const require = createRequire(import.meta.url);
  const file = require.resolve('jsforce/lib/types/common.d.ts');
  const source = readFileSync(file, 'utf8');
  const start = source.indexOf(`type ${typeName} = `);
  if (start < 0) throw new Error(`type ${typeName} not found in ${file}`);
  const open = source.indexOf('{', start);
  let depth = 0;
  let end = open;
  for (; end < source.length; end++) {
    if (source[end] === '{') depth++;
    if (source[end] === '}' && --depth === 0) break;
  }
  const body = source.slice(open + 1, end);
  const keys: string[] = [];
  let level = 0;
  for (const line of body.split('\n')) {
    const m = level === 0 ? /^\s*(\w+)\??:/.exec(line) : null;
    if (m) keys.push(m[1]!);
    level += (line.match(/[{(]/g) ?? []).length - (line.match(/[})]/g) ?? []).length;
  }
  return keys;
}

/** `connections:` for a project syncing the emulator (`sf`, token from `envVar`) with an empty local store (`crm`). */
export function sfAndLocalConnections(emu: SalesforceEmulator, envVar: string): string {
  return `connections:
  crm:
    app: local
    sandbox: { seed: { contacts: 0, companies: 0 } }
  sf:
    app: salesforce
    instance_url: ${emu.url}
    access_token: { env: ${envVar} }
`;
}

/** The files of a project syncing emulator Contacts (`sf`) with a local store (`crm`); `rest` continues the sync after its sides. */
export function sfContactsFiles(emu: SalesforceEmulator, envVar: string, rest: string): Record<string, string> {
  return {
    'syncs/connections.yaml': sfAndLocalConnections(emu, envVar),
    'syncs/contacts.yaml': `sync:
  name: contacts
  object: contacts
  left: { connection: sf, object: Contact }
  right: { connection: crm }
${rest}`,
  };
}
