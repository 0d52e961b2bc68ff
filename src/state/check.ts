/** Validates a state file on read against its JSON Schema (ajv), naming the first bad places. */
import { Ajv } from 'ajv';
import { CrmsyncError } from '../errors.js';
import type { StateFile } from './types.js';

const canon = {};
const link = {
  type: 'object', required: ['l', 'r', 'base', 'at'],
  properties: {
    l: { type: 'string' }, r: { type: 'string' }, at: { type: 'string' }, deleted: { enum: ['left', 'right'] },
    base: { type: 'object', required: ['l', 'r'], properties: { l: { type: 'object', additionalProperties: canon }, r: { type: 'object', additionalProperties: canon } } },
  },
};
const failure = {
  type: 'object', required: ['side', 'id', 'category', 'code', 'message', 'attempts', 'firstAt', 'lastAt'],
  properties: { side: { enum: ['left', 'right'] }, id: { type: 'string' }, attempts: { type: 'integer', minimum: 0 } },
};
const STATE_SCHEMA = {
  type: 'object',
  required: ['format', 'version', 'lineage', 'serial', 'syncs', 'journal'],
  properties: {
    format: { const: 'crmsync-state' },
    version: { const: 1 },
    lineage: { type: 'string', minLength: 1 },
    serial: { type: 'integer', minimum: 0 },
    journal: { type: 'array', items: { type: 'object', required: ['marker', 'sync', 'side', 'from', 'at'] } },
    syncs: {
      type: 'object',
      additionalProperties: {
        type: 'object', required: ['links', 'cursors', 'failures'],
        properties: { links: { type: 'array', items: link }, failures: { type: 'array', items: failure }, cursors: { type: 'object' }, fullReadAt: { type: 'string' } },
      },
    },
  },
};

const validate = new Ajv({ allErrors: true, strict: false }).compile<StateFile>(STATE_SCHEMA);

export function checkState(data: unknown, path: string): StateFile {
  if (validate(data)) return data;
  const where = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
  throw new CrmsyncError('state-corrupt', `the state file ${path} is not a valid crmsync state: ${where}; it was left untouched`,
    'restore it from a backup; if it belongs to another tool, point settings.state at another path');
}
