/**
 * The emulator held to HubSpot's contract: every answer the connector consumes, over a workload of
 * every kind of call it makes (and a merge, a partial batch failure, refusals), validates against
 * the official client's generated models (@hubspot/api-client `attributeTypeMap`, and the required
 * fields of its typings): required fields present, every field of the type the model says, nested
 * models and enums checked, no field the model does not know.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sdkFor } from './helpers.js';
import { ALL_SCOPES } from '../../../src/connectors/hubspot/emulator/scopes.js';
import { connect, emulator, operations, outcome } from './workload.js';

const require = createRequire(import.meta.url);

/** The client model (module, name) of each route's success answer; a 207 is the `WithErrors` variant. */
const batch = (module: string, name: string) => (status: number) => [module, status === 207 ? `${name}WithErrors` : name];
const ROUTES: Record<string, (status: number) => string[]> = {
  'GET objects': () => ['objects', 'CollectionResponseSimplePublicObjectWithAssociationsForwardPaging'],
  'GET objects/id': () => ['objects', 'SimplePublicObjectWithAssociations'],
  'POST objects/search': () => ['objects', 'CollectionResponseWithTotalSimplePublicObjectForwardPaging'],
  'POST objects/batch/read': batch('objects', 'BatchResponseSimplePublicObject'),
  'POST objects/batch/create': batch('objects', 'BatchResponseSimplePublicObject'),
  'POST objects/batch/update': batch('objects', 'BatchResponseSimplePublicObject'),
  'POST objects/merge': () => ['objects', 'SimplePublicObject'],
  'GET properties': () => ['properties', 'CollectionResponsePropertyNoPaging'],
  'GET properties/name': () => ['properties', 'Property'],
  'POST properties': () => ['properties', 'Property'],
  'GET schemas': () => ['schemas', 'CollectionResponseObjectSchemaNoPaging'],
  'POST associations/batch/read': batch('associations/v4', 'BatchResponsePublicAssociationMultiWithLabel'),
  'POST associations/batch/create': batch('associations/v4', 'BatchResponseLabelsBetweenObjectPair'),
  'POST associations/batch/associate/default': batch('associations/v4', 'BatchResponsePublicDefaultAssociation'),
  'GET lists/memberships': () => ['lists', 'ApiCollectionResponseJoinTimeAndRecordId'],
  'GET lists/id': () => ['lists', 'ListFetchResponse'],
};
const CODEGEN = join(dirname(require.resolve('@hubspot/api-client/package.json')), 'lib', 'codegen', 'crm');

/**
 * Where HubSpot's own answers differ from the client's models, on the record: the model says string,
 * the API sends a JSON number for v4 association ids (apis.md §1.8); unlabeled association types
 * come with `"label": null` (HubSpot's v4 examples); error bodies carry `"status": "error"`, which
 * ModelError does not declare (apis.md §1.9). Nothing else is let through.
 */
const DEVIATIONS: Record<string, (value: unknown) => boolean> = {
  'MultiAssociatedObjectWithLabel.toObjectId': (v) => typeof v === 'number',
  'LabelsBetweenObjectPair.fromObjectId': (v) => typeof v === 'number',
  'LabelsBetweenObjectPair.toObjectId': (v) => typeof v === 'number',
  'AssociationSpecWithLabel.label': (v) => v === null,
  'ModelError.status': (v) => v === 'error',
};

interface Attribute {
  name: string;
  baseName: string;
  type: string;
}

/** A model of the client: its attributes and which are required (not `?` in its typings). */
function model(module: string, name: string): { attributes: Attribute[]; required: Set<string> } | undefined {
  const file = join(CODEGEN, module, 'models', `${name}.js`);
  let cls: { attributeTypeMap?: Attribute[] } | undefined;
  try {
    cls = require(file)[name];
  } catch {
    return undefined;
  }
  if (!cls?.attributeTypeMap) return undefined;
  const typings = readFileSync(file.replace(/\.js$/, '.d.ts'), 'utf8');
  const required = new Set([...typings.matchAll(/^ {4}'(\w+)'(\?)?:/gm)].filter((m) => !m[2]).map((m) => m[1]!));
  return { attributes: cls.attributeTypeMap, required };
}

/** The values of an enum the client declares next to the model that uses it. */
function enumValues(module: string, name: string): string[] | undefined {
  const owner = name.replace(/[A-Z][a-z]*Enum$/, '');
  try {
    const values = require(join(CODEGEN, module, 'models', `${owner}.js`))[name] as Record<string, string> | undefined;
    return values ? Object.values(values) : undefined;
  } catch {
    return undefined;
  }
}

/** Every way `value` breaks the client's type `type` (a model name, a primitive, Array<…>, a map). */
function check(module: string, type: string, value: unknown, path: string, out: string[]): void {
  type = type.trim();
  if (type.endsWith(' | null')) {
    if (value !== null) check(module, type.slice(0, -7), value, path, out);
    return;
  }
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) out.push(`${path}: expected an array, got ${JSON.stringify(value)}`);
    else value.forEach((v, i) => check(module, array[1]!, v, `${path}[${i}]`, out));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) out.push(`${path}: expected an object, got ${JSON.stringify(value)}`);
    else for (const [k, v] of Object.entries(value)) check(module, map[1]!, v, `${path}.${k}`, out);
    return;
  }
  switch (type) {
    case 'string':
    case 'number':
    case 'boolean':
      if (typeof value !== type) out.push(`${path}: expected ${type}, got ${JSON.stringify(value)}`);
      return;
    case 'Date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value)))
        out.push(`${path}: expected an ISO date-time, got ${JSON.stringify(value)}`);
      return;
    case 'any':
    case 'object':
      return;
  }
  if (type.endsWith('Enum')) {
    const values = enumValues(module, type);
    if (typeof value !== 'string') out.push(`${path}: expected a ${type} string, got ${JSON.stringify(value)}`);
    else if (values && !values.includes(value)) out.push(`${path}: ${JSON.stringify(value)} is not one of ${type} (${values.join(', ')})`);
    return;
  }
  const m = model(module, type);
  if (!m) {
    out.push(`${path}: the client has no model ${module}/${type}`);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push(`${path}: expected a ${type} object, got ${JSON.stringify(value)}`);
    return;
  }
  const known = new Set(m.attributes.map((a) => a.baseName));
  for (const name of m.required) {
    const a = m.attributes.find((x) => x.name === name)!;
    if ((value as Record<string, unknown>)[a.baseName] === undefined) out.push(`${path}: ${type}.${a.baseName} is required`);
  }
  for (const [k, v] of Object.entries(value)) {
    if (DEVIATIONS[`${type}.${k}`]?.(v)) continue;
    if (!known.has(k)) out.push(`${path}: ${type} has no field ${k}`);
    else if (v !== undefined) check(module, m.attributes.find((a) => a.baseName === k)!.type, v, `${path}.${k}`, out);
  }
}

test('the validator catches what breaks a model (a missing required field, a wrong type, an unknown field, a bad enum)', () => {
  const out: string[] = [];
  check('objects', 'SimplePublicObject', { id: 1, properties: { a: 'x' }, createdAt: 'yesterday', surprise: true }, '$', out);
  check(
    'objects',
    'BatchResponseSimplePublicObject',
    { status: 'DONE', results: [], startedAt: '2026-01-01T00:00:00Z', completedAt: '2026-01-01T00:00:00Z' },
    '$b',
    out,
  );
  assert.equal(out, [
    '$: SimplePublicObject.updatedAt is required',
    '$.id: expected string, got 1',
    '$.createdAt: expected an ISO date-time, got "yesterday"',
    '$: SimplePublicObject has no field surprise',
    '$b.status: "DONE" is not one of BatchResponseSimplePublicObjectStatusEnum (PENDING, PROCESSING, CANCELED, COMPLETE)',
  ]);
});

test('every answer the connector consumes validates against the client models', async () => {
  const seen: Array<{ route: string; status: number; body: unknown }> = [];
  const emu = await emulator({ all: [...ALL_SCOPES], narrow: ['crm.objects.contacts.read'] }, { observe: (x) => seen.push(x) });
  try {
    const hs = connect(emu, 'all');
    for (const [name, op] of operations(hs, emu)) assert.is(await outcome(op), null, name);
    // What the engine also meets: a merged record, a batch with one bad input (207), refusals.
    const sdk = sdkFor(emu, 'all');
    const ids = [...emu.store.types.get('0-1')!.records.values()].filter((r) => !r.archived).map((r) => r.id);
    await sdk.crm.contacts.basicApi.merge({ primaryObjectId: ids[0]!, objectIdToMerge: ids[1]! });
    await outcome(() => hs.read({ object: 'contacts', fields: ['email'], mode: 'full' }));
    const taken = emu.store.types.get('0-1')!.records.get(ids[2]!)!.properties.email!;
    await hs.write('contacts', [
      { kind: 'create', ref: 'dup', fields: { email: taken } },
      { kind: 'create', ref: 'ok', fields: { email: 'fresh@contract.example.com' } },
    ]);
    await hs.write('contacts', [{ kind: 'update', ref: 'gone', id: '99999999', fields: { firstname: 'X' } }]);
    await outcome(() => connect(emu, 'narrow').read({ object: 'companies', fields: ['name'], mode: 'full' }));
  } finally {
    await emu.close();
  }
  const problems: string[] = [];
  const routes = new Set<string>();
  for (const x of seen) {
    routes.add(`${x.route} ${x.status}`);
    if (x.status === 204) continue;
    const target = x.status >= 400 ? ['objects', 'ModelError'] : ROUTES[x.route]?.(x.status);
    if (!target) {
      problems.push(`no client model for ${x.route} ${x.status}`);
      continue;
    }
    check(target[0]!, target[1]!, x.body, `${x.route} ${x.status}`, problems);
  }
  assert.equal([...new Set(problems)], []);
  // The workload really went through the kinds of answer that matter.
  for (const r of [
    'GET objects 200',
    'POST objects/search 200',
    'POST objects/batch/create 201',
    'POST objects/batch/create 409',
    'POST objects/batch/update 200',
    'POST objects/batch/update 207',
    'POST objects/merge 200',
    'GET properties 200',
    'POST properties 201',
    'GET schemas 200',
    'POST associations/batch/read 207',
    'POST associations/batch/create 201',
    'GET lists/memberships 200',
    'GET objects 403',
  ]) {
    assert.ok(routes.has(r), `${r} was exercised: ${[...routes].join(', ')}`);
  }
});

test.run();
