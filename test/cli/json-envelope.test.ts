/** Every command's --json output is one envelope, valid against schema/output.schema.json (ajv). */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, twoStores } from '../helpers/project.js';

const test = suite('JSON envelope');
const schema = JSON.parse(readFileSync(new URL('../../schema/output.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

function envelope(stdout: string, command: string, status: string): any {
  const out = JSON.parse(stdout) as { command: string; status: string; diagnostics: unknown[] };
  assert.ok(validate(out), `${command}: ${JSON.stringify(validate.errors)}`);
  assert.is(out.command, command);
  assert.is(out.status, status, JSON.stringify(out.diagnostics));
  return out;
}

test('validate, plan, show, apply, import, status and the state commands print valid envelopes', async () => {
  const p = project(twoStores());
  envelope((await p.run('validate', '--json')).stdout, 'validate', 'ok');
  const plan = envelope((await p.run('plan', '--json', '--out', 'plan.json')).stdout, 'plan', 'changes');
  assert.is(plan.plan.ops.filter((o: { type: string }) => o.type === 'create').length, 6);
  envelope((await p.run('show', 'plan.json', '--json')).stdout, 'show', 'changes');
  const applied = await p.run('apply', 'plan.json', '--json');
  assert.is(applied.code, 0, applied.stderr);
  const tally = envelope(applied.stdout, 'apply', 'ok').tally;
  assert.equal([tally.created, tally.linked, tally.failed], [6, 3, 0]);
  envelope((await p.run('plan', '--json')).stdout, 'plan', 'ok');
  envelope((await p.run('apply', '--yes', '--json')).stdout, 'apply', 'ok');
  envelope((await p.run('import', 'contacts', '--yes', '--json')).stdout, 'import', 'ok');
  const health = envelope((await p.run('status', '--json')).stdout, 'status', 'ok').health;
  assert.is(health.syncs[0].inSync, 9);
  const list = envelope((await p.run('state', 'list', '--json')).stdout, 'state list', 'ok').state;
  assert.is(list.links.length, 9);
  envelope((await p.run('state', 'show', 'contacts', list.links[0].left, '--json')).stdout, 'state show', 'ok');
  envelope((await p.run('state', 'unlink', 'contacts', list.links[0].left, '--json')).stdout, 'state', 'ok');
});

test('an invalid configuration: the diagnostics, located, in the envelope on stdout (exit 1)', async () => {
  const files = twoStores();
  files['syncs/contacts.yaml'] = files['syncs/contacts.yaml']!.replace('direction: two-way', 'direction: sideways');
  const p = project(files);
  for (const argv of [['validate'], ['plan'], ['apply', '--yes'], ['status']]) {
    const r = await p.run(...argv, '--json');
    assert.is(r.code, 1);
    assert.is(r.stderr, '');
    const out = envelope(r.stdout, argv[0]!, 'error');
    const d = out.diagnostics.find((x: { code: string }) => x.code === 'invalid-value');
    assert.ok(d, JSON.stringify(out.diagnostics));
    assert.equal([d.file, d.line], ['syncs/contacts.yaml', 6]);
  }
});

test('a user error with --json is an envelope with its code and hint', async () => {
  const p = project(twoStores());
  const r = await p.run('plan', '--sync', 'contcts', '--json');
  assert.is(r.code, 1);
  const out = envelope(r.stdout, 'plan', 'error');
  assert.equal(out.diagnostics[0].code, 'unknown-sync');
  assert.match(out.diagnostics[0].hint, 'did you mean contacts?');
  const state = await p.run('state', 'show', 'contacts', 'nope', '--json');
  assert.is(envelope(state.stdout, 'state show', 'error').diagnostics[0].code, 'state-record');
});

test.run();
