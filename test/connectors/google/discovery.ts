/**
 * Checks emulator answers against Google's own description of them: the People API discovery
 * document (read from ../shared/specs, never copied into the repository). Every key of a response
 * must be a property the named schema declares, recursively, and enum values must be allowed ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface Property {
  $ref?: string;
  type?: string;
  enum?: string[];
  items?: Property;
  additionalProperties?: Property;
  properties?: Record<string, Property>;
}
interface Discovery {
  schemas: Record<string, { properties?: Record<string, Property> }>;
}

const repoRoot = resolve(import.meta.dirname, '../../..');
export const DISCOVERY_PATH = resolve(repoRoot, '../shared/specs/people-v1.json');

/**
 * Properties the pinned client (@googleapis/people 8.0.0) declares that the stored discovery
 * revision (2021) predates; Google added them later.
 */
const LATER_ADDITIONS: Record<string, string[]> = { ListOtherContactsResponse: ['totalSize'] };

export function loadDiscovery(): Discovery | undefined {
  if (!existsSync(DISCOVERY_PATH)) {
    console.log(`skipped: discovery document not found (${DISCOVERY_PATH})`);
    return undefined;
  }
  return JSON.parse(readFileSync(DISCOVERY_PATH, 'utf8')) as Discovery;
}

function checkValue(doc: Discovery, prop: Property, value: unknown, path: string, out: string[]): void {
  if (value === null || value === undefined) return;
  if (prop.$ref) return void out.push(...schemaProblems(doc, prop.$ref, value, path));
  switch (prop.type) {
    case 'array':
      if (!Array.isArray(value)) return void out.push(`${path}: expected an array`);
      value.forEach((v, i) => prop.items && checkValue(doc, prop.items, v, `${path}[${i}]`, out));
      return;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) return void out.push(`${path}: expected an object`);
      if (prop.additionalProperties) for (const [k, v] of Object.entries(value)) checkValue(doc, prop.additionalProperties, v, `${path}.${k}`, out);
      return;
    case 'string':
      if (typeof value !== 'string') out.push(`${path}: expected a string`);
      else if (prop.enum && !prop.enum.includes(value)) out.push(`${path}: ${value} is not one of ${prop.enum.join(', ')}`);
      return;
    case 'integer':
      if (!Number.isInteger(value)) out.push(`${path}: expected an integer`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${path}: expected a boolean`);
      return;
  }
}

/** Problems of `value` as an instance of schema `name`: undeclared keys, wrong types, bad enum values. */
export function schemaProblems(doc: Discovery, name: string, value: unknown, path = name): string[] {
  const schema = doc.schemas[name];
  if (!schema) return [`${path}: no schema ${name}`];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object`];
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const prop = schema.properties?.[key];
    if (!prop) {
      if (!LATER_ADDITIONS[name]?.includes(key)) out.push(`${path}.${key}: not declared by ${name}`);
      continue;
    }
    checkValue(doc, prop, v, `${path}.${key}`, out);
  }
  return out;
}
