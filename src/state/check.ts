/**
 * Validates a state on read against JSON Schemas (ajv), naming the first bad places: a whole
 * document (versions 0 and 1, or any version written as one JSON document), or one line of a
 * version 2 or 3 file at a time (see encode.ts).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { CrmsyncError } from '../errors.js';
import type { StoredDocument } from './decode.js';

// The stored forms, whose link sides are `l` and `r` (encode.ts says why).
const canon = {};
const base = { type: 'object', additionalProperties: canon };
const linkOf = (l: string, r: string) => ({
  type: 'object',
  required: [l, r, 'base', 'at'],
  properties: {
    [l]: { type: 'string' },
    [r]: { type: 'string' },
    at: { type: 'string' },
    deleted: { enum: ['left', 'right'] },
    base: { type: 'object', required: [l, r], properties: { [l]: base, [r]: base } },
  },
});
// A link of a whole document: the stored form (versions 0 and 1), or schema/state.schema.json's (a hand-written state).
const link = { anyOf: [linkOf('l', 'r'), linkOf('left', 'right')] };
const failureProperties = { side: { enum: ['left', 'right'] }, id: { type: 'string' }, attempts: { type: 'integer', minimum: 0 } };
const failureRequired = ['side', 'id', 'category', 'code', 'message', 'attempts', 'firstAt', 'lastAt'];
const failure = { type: 'object', required: failureRequired, properties: failureProperties };
const journalRequired = ['marker', 'sync', 'side', 'from', 'at'];
const syncProperties = { cursors: { type: 'object' }, fullReadAt: { type: 'string' } };
const STATE_SCHEMA = {
  type: 'object',
  required: ['format', 'version', 'lineage', 'serial', 'syncs', 'journal'],
  properties: {
    format: { const: 'crmsync-state' },
    version: { enum: [1, 2, 3] },
    lineage: { type: 'string', minLength: 1 },
    serial: { type: 'integer', minimum: 0 },
    journal: { type: 'array', items: { type: 'object', required: journalRequired } },
    syncs: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['links', 'cursors', 'failures'],
        properties: { links: { type: 'array', items: link }, failures: { type: 'array', items: failure }, ...syncProperties },
      },
    },
  },
};

const names = { type: 'array', items: { type: 'string' } };
const positional = { type: ['array', 'object'] };
const fields = { type: 'object', required: ['l', 'r'], properties: { l: names, r: names } };
/** One schema per kind of line of a version 2 file. */
const LINE_SCHEMAS = {
  header: {
    type: 'object',
    required: ['format', 'version', 'lineage', 'serial'],
    properties: {
      format: { const: 'crmsync-state' },
      version: { enum: [2, 3] },
      lineage: { type: 'string', minLength: 1 },
      serial: { type: 'integer', minimum: 0 },
    },
  },
  // Version 2 lists the field names of the link lines that follow; version 3 points at its links document.
  sync: {
    type: 'object',
    required: ['name', 'cursors'],
    oneOf: [{ required: ['fields'] }, { required: ['links'] }],
    properties: {
      name: { type: 'string' },
      fields,
      links: {
        type: 'object',
        required: ['doc', 'count'],
        properties: { doc: { type: 'string', pattern: '^[^/\\\\]+\\.links$' }, count: { type: 'integer', minimum: 0 } },
      },
      ...syncProperties,
    },
  },
  links: { type: 'object', required: ['format', 'sync', 'fields'], properties: { format: { const: 'crmsync-links' }, sync: { type: 'string' }, fields } },
  link: {
    type: 'array',
    minItems: 5,
    maxItems: 6,
    items: [
      { type: 'string' },
      { type: 'string' },
      { type: 'string' },
      positional,
      { type: ['array', 'object', 'null'] },
      { type: 'object', properties: { deleted: { enum: ['left', 'right'] } } },
    ],
  },
  failure: { type: 'object', required: ['sync', ...failureRequired], properties: { sync: { type: 'string' }, ...failureProperties } },
  journal: { type: 'object', required: journalRequired },
};
export type LineKind = keyof typeof LINE_SCHEMAS;

// Each schema is compiled on its first use: compiling all of them took a few hundred ms of every
// run, and a run reads only a few kinds of line (links are checked by hand, decode.ts).
let ajv: Ajv | undefined;
const compiled = new Map<object, ValidateFunction>();
function validator<T = unknown>(schema: object): ValidateFunction<T> {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = (ajv ??= new Ajv({ allErrors: true, strict: false })).compile(schema)));
  return v as ValidateFunction<T>;
}

const describe = (v: ValidateFunction) =>
  (v.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message}`)
    .join('; ');

/** Why one line of a version 2 or 3 state is not what its kind requires, or undefined when it is. */
export function checkLine(kind: LineKind | undefined, value: unknown): string | undefined {
  const v = kind && Object.hasOwn(LINE_SCHEMAS, kind) ? validator(LINE_SCHEMAS[kind]) : undefined;
  if (!v) return `an unknown kind of line (${JSON.stringify(kind ?? null)})`;
  return v(value) ? undefined : `${kind} line: ${describe(v)}`;
}

/** The error for a state file that is not a valid state; `why` names the place. */
export function stateCorrupt(path: string, why: string): CrmsyncError {
  return new CrmsyncError(
    'state-corrupt',
    `the state file ${path} is not a valid crmsync state: ${why}; it was left untouched`,
    'restore it from a backup; if it belongs to another tool, point settings.state at another path',
  );
}

export function checkState(data: unknown, path: string): StoredDocument {
  const validate = validator<StoredDocument>(STATE_SCHEMA);
  if (validate(data)) return data;
  throw stateCorrupt(path, describe(validate));
}
