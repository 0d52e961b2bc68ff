/**
 * A saved plan file, read back: JSON, a crmsync plan of this version, and valid against
 * schema/plan.schema.json, so an edited or damaged file is refused before anything runs, with the
 * line and column of what is wrong. The schema is compiled only when a plan file is read.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { CrmsyncError } from '../errors.js';
import { PLAN_VERSION, type Plan } from './types.js';

const SCHEMA_URL = new URL('../../schema/plan.schema.json', import.meta.url);
const REMAKE = 'make a new plan with crmsync plan --out <file>';

let compiled: ValidateFunction<Plan> | undefined;
function validator(): ValidateFunction<Plan> {
  compiled ??= new Ajv({ strict: true, allowUnionTypes: true, discriminator: true }).compile<Plan>(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')));
  return compiled;
}

/** Where `path` (ajv's instancePath) is written in `text`, as `line:col`; JSON is YAML, so yaml finds it. */
function position(text: string, instancePath: string): string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const path = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return `${line}:${col}`;
    }
  }
  return '1:1';
}

/** ajv's error as a sentence built from its params, its own text only as a fallback. */
function describe(error: ErrorObject): string {
  const at = error.instancePath || '/';
  const p = error.params as Record<string, unknown>;
  if (p.additionalProperty !== undefined) return `${at}: unknown property \`${String(p.additionalProperty)}\``;
  if (p.missingProperty !== undefined) return `${at}: missing property \`${String(p.missingProperty)}\``;
  if (p.allowedValues !== undefined) return `${at}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (p.allowedValue !== undefined) return `${at}: must be ${JSON.stringify(p.allowedValue)}`;
  return `${at}: ${error.message ?? 'is invalid'}`;
}

/** The plan in `text` (the file `name`), or a `plan-invalid` error located in the file. */
export function parseSavedPlan(text: string, name: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CrmsyncError('plan-invalid', `${name} is not a crmsync plan file (not JSON)`, 'create one with crmsync plan --out <file>');
  }
  const head = data as Partial<Plan> | null;
  if (!head || typeof head !== 'object' || head.format !== 'crmsync-plan') {
    throw new CrmsyncError('plan-invalid', `${name} is not a crmsync plan file`, 'create one with crmsync plan --out <file>');
  }
  // Older plans are refused, not migrated: a plan is minutes old, and one made again is checked
  // against the apps as they are now.
  if (head.version !== PLAN_VERSION) {
    const made = typeof head.version === 'number' && head.version < PLAN_VERSION ? 'made by an older crmsync' : 'not one this crmsync knows';
    throw new CrmsyncError(
      'plan-invalid',
      `${name} is plan version ${JSON.stringify(head.version)} (${made}); this crmsync reads version ${PLAN_VERSION}`,
      REMAKE,
    );
  }
  const validate = validator();
  if (!validate(data)) {
    const error = validate.errors![0]!;
    throw new CrmsyncError(
      'plan-invalid',
      `${name}:${position(text, error.instancePath)}: the plan file is not valid: ${describe(error)}`,
      `the file was changed after crmsync wrote it; ${REMAKE}`,
    );
  }
  return data;
}
