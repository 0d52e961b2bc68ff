/** Every command's --json output is one envelope, valid against schema/output.schema.json (ajv). */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { watchCommand } from '../../src/cli/watch.js';
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
  envelope((await p.run('state', 'unlink', 'contacts', list.links[0].left, '--json')).stdout, 'state unlink', 'ok');
});

test('init, fmt, force-unlock, resync-deleted and the other state commands print valid envelopes', async () => {
  const p = project();
  const init = envelope((await p.run('init', '--left', 'local', '--right', 'google', '--json')).stdout, 'init', 'ok');
  assert.equal(init.files, [
    { path: 'syncs/connections.yaml', change: 'created' },
    { path: 'syncs/local-google-contacts.yaml', change: 'created' },
  ]);
  const refused = await p.run('init', '--json');
  assert.is(envelope(refused.stdout, 'init', 'error').diagnostics[0].code, 'file-exists');
  p.write('syncs/connections.yaml', `${p.read('syncs/connections.yaml')}\n\n\n`);
  const check = await p.run('fmt', '--check', '--json');
  assert.is(check.code, 1);
  assert.equal(envelope(check.stdout, 'fmt', 'error').files, [{ path: 'syncs/connections.yaml', change: 'would-reformat' }]);
  assert.equal(envelope((await p.run('fmt', '--json')).stdout, 'fmt', 'ok').files, [{ path: 'syncs/connections.yaml', change: 'formatted' }]);
  assert.equal(envelope((await p.run('fmt', '--json')).stdout, 'fmt', 'ok').files, []);

  const q = project(twoStores());
  await q.run('apply', '--yes');
  const gone = q.state().syncs.contacts!.links[0]!;
  q.editStore('a', (d) => Object.assign(d.objects.contacts!.records[gone.left]!, { deleted: true }));
  await q.run('apply', '--yes');
  const resync = await q.run('resync-deleted', 'contacts', '--into', 'a', '--yes', '--json');
  assert.is(resync.code, 0, resync.stderr);
  assert.is(envelope(resync.stdout, 'resync-deleted', 'ok').tally.created, 1);
  const link = q.state().syncs.contacts!.links[1]!;
  envelope((await q.run('state', 'forget', 'contacts', link.left, '--json')).stdout, 'state forget', 'ok');
  const linked = envelope((await q.run('state', 'link', 'contacts', link.left, link.right, '--json')).stdout, 'state link', 'ok');
  assert.equal(linked.state.linked, { left: link.left, right: link.right });
  const pushed = envelope((await q.run('state', 'push', 'copy.json', '--json')).stdout, 'state push', 'ok');
  assert.is(pushed.state.links, 9);
  envelope((await q.run('state', 'rebind', 'a', '--json')).stdout, 'state rebind', 'ok');
  q.write('.crmsync/state.json.lock', JSON.stringify({ id: 'abc', operation: 'apply', pid: 1, host: 'elsewhere', at: new Date().toISOString() }));
  const unlocked = envelope((await q.run('force-unlock', 'abc', '--json')).stdout, 'force-unlock', 'ok');
  assert.is(unlocked.lock.id, 'abc');
  assert.not.ok(q.exists('.crmsync/state.json.lock'));
});

test('apply --watch --json: one envelope per cycle, each on one line (JSON Lines)', async () => {
  const p = project(twoStores());
  const stdout = new PassThrough();
  let out = '';
  const signals = new EventEmitter();
  stdout.on('data', (c) => {
    out += c;
    // Stop once two cycles have reported.
    if (out.split('\n').filter(Boolean).length === 2) signals.emit('SIGINT');
  });
  const io = { stdout, stderr: new PassThrough().resume(), stdin: new PassThrough(), env: { ...process.env }, cwd: p.dir };
  const code = await watchCommand(io, { yes: true, lockTimeout: '0s', allowMassDelete: false, redact: false, json: true, intervalMs: 10, signals });
  assert.is(code, 0);
  const lines = out.split('\n').filter(Boolean);
  assert.is(lines.length, 2, out);
  const [first, second] = lines.map((line) => envelope(line, 'apply', 'ok'));
  assert.equal([first.tally.created, second.tally.created], [6, 0]);
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
