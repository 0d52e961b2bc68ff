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

/** The `{ … }` body of a type in one of jsforce's declaration files (lib/types/common.d.ts by default). */
function jsforceTypeBody(typeName: string, file: string): string {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`jsforce/lib/${file}`);
  const source = readFileSync(path, 'utf8');
  const start = source.search(new RegExp(`type ${typeName}(<[^>]*>)? = `));
  if (start < 0) throw new Error(`type ${typeName} not found in ${path}`);
  const open = source.indexOf('{', start);
  let depth = 0;
  let end = open;
  for (; end < source.length; end++) {
    if (source[end] === '{') depth++;
    if (source[end] === '}' && --depth === 0) break;
  }
  return source.slice(open + 1, end);
}

/** A property of a jsforce type: its name, whether it may be left out, and its declared type text. */
export interface JsforceProperty {
  key: string;
  optional: boolean;
  type: string;
}

/**
 * The top-level properties of a type in jsforce's own declarations, so the emulator's answers are
 * checked against the client's model rather than against our own list.
 */
export function jsforceTypeShape(typeName: string, file = 'types/common.d.ts'): JsforceProperty[] {
  const out: JsforceProperty[] = [];
  let level = 0;
  for (const line of jsforceTypeBody(typeName, file).split('\n')) {
    const m = level === 0 ? /^\s*(\w+)(\??):\s*(.*?);?\s*$/.exec(line) : null;
    if (m) out.push({ key: m[1]!, optional: m[2] === '?', type: m[3]! });
    level += (line.match(/[{(]/g) ?? []).length - (line.match(/[})]/g) ?? []).length;
  }
  return out;
}

export const jsforceTypeKeys = (typeName: string): string[] => jsforceTypeShape(typeName).map((p) => p.key);

/** Whether a JSON value fits a declared type text (primitives, arrays, Optional<…>, unions, literals; named types as objects). */
function fits(value: unknown, type: string): boolean {
  const t = type.trim();
  const optional = /^Optional<(.*)>$/.exec(t);
  if (optional) return value === null || value === undefined || fits(value, optional[1]!);
  if (t.includes(' | ')) return t.split(' | ').some((part) => fits(value, part));
  if (t === 'null') return value === null;
  if (t === 'undefined') return value === undefined;
  if (t === 'any' || t === 'unknown') return true;
  if (t === 'string' || t === 'number' || t === 'boolean') return typeof value === t;
  if (/^'.*'$/.test(t)) return value === t.slice(1, -1);
  if (t === 'true' || t === 'false') return value === (t === 'true');
  if (t.endsWith('[]') || t.startsWith('Array<')) return Array.isArray(value);
  return typeof value === 'object' && value !== null;
}

/** Every way `value` departs from jsforce's type `typeName`: missing properties and wrong types. */
export function jsforceShapeErrors(value: Record<string, unknown>, typeName: string, file?: string): string[] {
  const errors: string[] = [];
  for (const p of jsforceTypeShape(typeName, file)) {
    if (!(p.key in value)) {
      if (!p.optional) errors.push(`${typeName}.${p.key} missing`);
    } else if (!fits(value[p.key], p.type)) errors.push(`${typeName}.${p.key}: ${JSON.stringify(value[p.key])} is not ${p.type}`);
  }
  return errors;
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
