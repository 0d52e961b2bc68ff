/**
 * A saved plan is validated against schema/plan.schema.json when it is read (apply FILE, show FILE):
 * an edited or damaged file is refused with `plan-invalid` at the line and column of the fault,
 * before anything is read from or written to an app. An older plan version is refused by name.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WAVES } from '../../src/apply/interpret.js';
import { parseSavedPlan } from '../../src/plan/read-saved.js';
import { CrmsyncError } from '../../src/errors.js';
import { project, records, twoStores } from '../helpers/project.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/plan.schema.json', import.meta.url), 'utf8'));

/** The 1-based line and column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle));
  return `${before.split('\n').length}:${before.length - before.lastIndexOf('\n')}`;
}

/** The index of the plan's first create op. */
const firstCreate = (text: string): number => JSON.parse(text).ops.findIndex((o: { type: string }) => o.type === 'create');

function refusal(text: string): CrmsyncError {
  try {
    parseSavedPlan(text, 'plan.json');
  } catch (error) {
    assert.instance(error, CrmsyncError);
    return error as CrmsyncError;
  }
  throw new Error('the plan was accepted');
}

test('the plan crmsync writes is valid against the published schema, and applies', async () => {
  const p = project(twoStores());
  assert.is((await p.run('plan', '--out', 'plan.json')).code, 0);
  const validate = new Ajv({ strict: true, allowUnionTypes: true, discriminator: true, allErrors: true }).compile(schema);
  assert.ok(validate(JSON.parse(p.read('plan.json'))), JSON.stringify(validate.errors));
  const applied = await p.run('apply', 'plan.json');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(records(p.store('a')).length, 9);
});

test('a tampered op is refused at its line and column, with a hint, and nothing is written', async () => {
  const p = project(twoStores());
  await p.run('plan', '--out', 'plan.json');
  const n = firstCreate(p.read('plan.json'));
  const text = p.read('plan.json').replace('"type": "create"', '"type": "teleport"');
  p.write('plan.json', text);
  for (const argv of [
    ['apply', 'plan.json'],
    ['show', 'plan.json'],
  ]) {
    const r = await p.run(...argv);
    assert.is(r.code, 1);
    assert.match(r.stderr, `error[plan-invalid] plan.json:${where(text, '"teleport"')}: the plan file is not valid: /ops/${n}/type: must be one of`);
    assert.match(r.stderr, 'hint: the file was changed after crmsync wrote it');
    assert.not.match(r.stderr, '    at ');
  }
  assert.is(records(p.store('a')).length, 6);
});

test('an unknown property, a missing one, a rule that is not R1-R33 and a bad record ref are each refused, located', async () => {
  const p = project(twoStores());
  await p.run('plan', '--out', 'plan.json');
  const text = p.read('plan.json');
  const n = firstCreate(text);
  const id = JSON.parse(text).ops[n].id;
  const extra = text.replace('"type": "create",', '"type": "create", "sql": "drop table",');
  // An unknown key is reported at the object that holds it.
  assert.match(refusal(extra).message, `plan.json:${where(extra, `{\n      "id": "${id}"`)}: the plan file is not valid: /ops/${n}: unknown property \`sql\``);
  const missing = text.replace(/"from": "[^"]*",/, '');
  assert.match(refusal(missing).message, `/ops/${n}: missing property \`from\``);
  const rule = text.replace('"rule": "R3"', '"rule": "R99"');
  assert.match(refusal(rule).message, `plan.json:${where(rule, '"R99"')}: the plan file is not valid: /ops/${n}/reason/rule`);
  const plan = JSON.parse(text);
  plan.ops.push({
    ...plan.ops[n],
    id: 'x',
    type: 'associate',
    toObject: 'companies',
    primary: true,
    from: { kind: 'created' },
    to: { kind: 'record', id: '1' },
  });
  for (const key of ['fields', 'base', 'from', 'replaces', 'emailFirst']) delete plan.ops.at(-1)[key];
  plan.ops.at(-1).from = { kind: 'created' };
  assert.match(refusal(JSON.stringify(plan, null, 2)).message, `/ops/${plan.ops.length - 1}/from: missing property \`op\``);
});

test('a plan of an older version is refused by name, with how to make a new one', () => {
  const e = refusal(JSON.stringify({ format: 'crmsync-plan', version: 1, ops: [] }));
  assert.is(e.code, 'plan-invalid');
  assert.match(e.message, 'plan.json is plan version 1 (made by an older crmsync); this crmsync reads version 3');
  assert.match(e.hint!, 'crmsync plan --out');
});

test('a version 2 plan (sides l/r) is refused by its version before anything runs, and nothing is written', async () => {
  const p = project(twoStores());
  await p.run('plan', '--out', 'plan.json');
  // What version 2 wrote: the same plan with its sides' keys `l` and `r`.
  const v2 = p
    .read('plan.json')
    .replace('"version": 3', '"version": 2')
    .replace(/"left": \{/g, '"l": {')
    .replace(/"right": \{/g, '"r": {');
  p.write('plan.json', v2);
  const r = await p.run('apply', 'plan.json');
  assert.is(r.code, 1);
  assert.match(r.stderr, 'error[plan-invalid] plan.json is plan version 2 (made by an older crmsync); this crmsync reads version 3');
  assert.match(r.stderr, 'hint: make a new plan with crmsync plan --out <file>');
  assert.not.match(r.stderr, '    at ');
  assert.is(records(p.store('a')).length, 6);
});

test('the schemas name exactly the op types the interpreter runs', () => {
  const types = Object.keys(WAVES).sort();
  assert.equal([...schema.definitions.Op.properties.type.enum].sort(), types);
  const branch = (ref: string) => schema.definitions[ref.replace('#/definitions/', '')];
  assert.equal(schema.definitions.Op.oneOf.map((o: { $ref: string }) => branch(o.$ref).properties.type.const).sort(), types);
  const output = JSON.parse(readFileSync(new URL('../../schema/output.schema.json', import.meta.url), 'utf8'));
  assert.equal([...output.definitions.Plan.properties.ops.items.properties.type.enum].sort(), types);
});

test.run();
