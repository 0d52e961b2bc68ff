/**
 * Checks Google answers against the People API's own types: the `Schema$…` interfaces of the
 * pinned client (@googleapis/people's generated v1.ts, read from node_modules, never copied). Every key of an answer must be a property its type declares, recursively, with a
 * value of the declared kind. Google's error envelope and the error details the connector reads are
 * not client types; they are described below from Google's reference pages (AIP-193, google.rpc,
 * BatchCreateContactsErrorDetails, BatchUpdateContactsErrorDetails).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Property {
  $ref?: string;
  type?: 'string' | 'number' | 'boolean' | 'array' | 'object' | 'any';
  items?: Property;
  additionalProperties?: Property;
}
export interface Schemas {
  schemas: Record<string, { properties: Record<string, Property> }>;
}

const req = createRequire(import.meta.url);
/** The client's TypeScript source, shipped in the package beside its build. */
export const TYPES_PATH = join(dirname(req.resolve('@googleapis/people/package.json')), 'v1.ts');

/**
 * One property type of the generated interfaces. The generator writes a handful of shapes only
 * (`string | null`, `Schema$X`, `Schema$X[]`, `string[] | null`, `{[key: string]: Schema$X} | null`,
 * `Array<{[key: string]: any}> | null`); anything else is reported, so a client upgrade that brings
 * a new shape fails loudly instead of checking less.
 */
function toProperty(text: string): Property {
  const t = text.replace(/\s*\|\s*null$/, '').trim();
  const map = /^\{\[key: string\]: (.+)\}$/.exec(t);
  if (map) return { type: 'object', additionalProperties: toProperty(map[1]!) };
  const generic = /^Array<(.+)>$/.exec(t);
  if (generic) return { type: 'array', items: toProperty(generic[1]!) };
  if (t.endsWith('[]')) return { type: 'array', items: toProperty(t.slice(0, -2)) };
  if (t.startsWith('Schema$')) return { $ref: t.slice('Schema$'.length) };
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'any') return { type: t };
  throw new Error(`${TYPES_PATH}: unknown property type ${text}`);
}

const status = { code: { type: 'number' }, message: { type: 'string' }, details: { type: 'array', items: { $ref: 'ErrorDetail' } } } as const;

/** The error side: AIP-193's envelope, and the details Google documents for the People API. */
const ERROR_SCHEMAS: Schemas['schemas'] = {
  ErrorResponse: { properties: { error: { $ref: 'ErrorBody' } } },
  ErrorBody: { properties: { ...status, status: { type: 'string' } } },
  RpcStatus: { properties: status },
  ErrorDetail: {
    properties: {
      '@type': { type: 'string' },
      // google.rpc.ErrorInfo
      reason: { type: 'string' },
      domain: { type: 'string' },
      metadata: { type: 'object', additionalProperties: { type: 'string' } },
      // google.rpc.BadRequest
      fieldViolations: { type: 'array', items: { $ref: 'FieldViolation' } },
      // BatchCreateContactsErrorDetails (index → Status), BatchUpdateContactsErrorDetails (resource name → Status)
      contactErrors: { type: 'object', additionalProperties: { $ref: 'RpcStatus' } },
    },
  },
  FieldViolation: { properties: { field: { type: 'string' }, description: { type: 'string' } } },
};

/** Which detail types may carry which keys. */
const DETAIL_KEYS: Record<string, string[]> = {
  'type.googleapis.com/google.rpc.ErrorInfo': ['reason', 'domain', 'metadata'],
  'type.googleapis.com/google.rpc.BadRequest': ['fieldViolations'],
  'type.googleapis.com/google.people.v1.BatchCreateContactsErrorDetails': ['contactErrors'],
  'type.googleapis.com/google.people.v1.BatchUpdateContactsErrorDetails': ['contactErrors'],
};

let cached: Schemas | undefined;

/** The client's Schema$ interfaces as property maps (plus the error schemas above). */
export function loadPeopleTypes(): Schemas {
  if (cached) return cached;
  const source = readFileSync(TYPES_PATH, 'utf8');
  const schemas: Schemas['schemas'] = { ...ERROR_SCHEMAS };
  for (const m of source.matchAll(/^ {2}export interface Schema\$(\w+) \{\n([\s\S]*?)^ {2}\}/gm)) {
    const properties: Record<string, Property> = {};
    for (const p of m[2]!.matchAll(/^ {4}([\w@]+)\?: (.+);$/gm)) properties[p[1]!] = toProperty(p[2]!);
    schemas[m[1]!] = { properties };
  }
  for (const m of source.matchAll(/^ {2}export interface Schema\$(\w+) \{\}$/gm)) schemas[m[1]!] = { properties: {} };
  if (!schemas.Person || !schemas.PersonResponse) throw new Error(`${TYPES_PATH}: no Schema$Person found; has the client's layout changed?`);
  cached = { schemas };
  return cached;
}

function checkValue(doc: Schemas, prop: Property, value: unknown, path: string, out: string[]): void {
  if (value === null || value === undefined || prop.type === 'any') return;
  if (prop.$ref) return void out.push(...schemaProblems(doc, prop.$ref, value, path));
  switch (prop.type) {
    case 'array':
      if (!Array.isArray(value)) return void out.push(`${path}: expected an array`);
      value.forEach((v, i) => checkValue(doc, prop.items!, v, `${path}[${i}]`, out));
      return;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) return void out.push(`${path}: expected an object`);
      for (const [k, v] of Object.entries(value)) checkValue(doc, prop.additionalProperties!, v, `${path}.${k}`, out);
      return;
    case 'number':
      // int64 fields travel as strings in proto3 JSON; the client types them as string then.
      if (typeof value !== 'number') out.push(`${path}: expected a number`);
      return;
    default:
      if (typeof value !== prop.type) out.push(`${path}: expected a ${prop.type}`);
  }
}

/** Problems of `value` as an instance of schema `name`: undeclared keys and values of the wrong kind. */
export function schemaProblems(doc: Schemas, name: string, value: unknown, path = name): string[] {
  const schema = doc.schemas[name];
  if (!schema) return [`${path}: no schema ${name}`];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object`];
  const out: string[] = [];
  const type = name === 'ErrorDetail' ? String((value as Record<string, unknown>)['@type']) : undefined;
  if (type !== undefined && !DETAIL_KEYS[type]) out.push(`${path}: unknown detail type ${type}`);
  for (const [key, v] of Object.entries(value)) {
    const prop = schema.properties[key];
    if (!prop || (type && key !== '@type' && !DETAIL_KEYS[type]?.includes(key))) {
      out.push(`${path}.${key}: not declared by ${type ?? name}`);
      continue;
    }
    checkValue(doc, prop, v, `${path}.${key}`, out);
  }
  return out;
}

/** The schema of each emulator route's successful answer (route names as the emulator counts them). */
export const ANSWER_SCHEMA: Record<string, string> = {
  'people.connections.list': 'ListConnectionsResponse',
  'otherContacts.list': 'ListOtherContactsResponse',
  'people.getBatchGet': 'GetPeopleResponse',
  'people.get': 'Person',
  'people.createContact': 'Person',
  'people.updateContact': 'Person',
  'people.deleteContact': 'Empty',
  'people.batchCreateContacts': 'BatchCreateContactsResponse',
  'people.batchUpdateContacts': 'BatchUpdateContactsResponse',
  'people.batchDeleteContacts': 'Empty',
  'contactGroups.list': 'ListContactGroupsResponse',
  'contactGroups.get': 'ContactGroup',
  'contactGroups.create': 'ContactGroup',
  'contactGroups.members.modify': 'ModifyContactGroupMembersResponse',
};

/** Problems of one emulator answer: a success against its route's type, an error against the envelope. */
export function answerProblems(route: string, status: number, body: unknown): string[] {
  const doc = loadPeopleTypes();
  if (status >= 400) return schemaProblems(doc, 'ErrorResponse', body, `${route} ${status}`);
  const schema = ANSWER_SCHEMA[route];
  return schema ? schemaProblems(doc, schema, body, route) : [`${route}: no answer type known`];
}
