/** R8 changes-only and import, R29 watch mode, R31 health, records export and retries. */
import { spawn } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hubspotAndStore, project, records, twoStores, type Project } from '../helpers/project.js';

const test = suite('running');
const BIN = new URL('../../bin/crmsync.js', import.meta.url).pathname;

test('R8: with changes-only, existing records wait; later changes sync; import brings the rest', async () => {
  const p = project(
    twoStores({ seedB: '{ contacts: 0, companies: 0 }', sync: '  direction: one-way\n  from: a\n  conflict: { winner: a }\n  initial_sync: changes-only' }),
  );
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  assert.is(records(p.store('b')).length, 0, 'switching on moves no data');
  const touched = records(p.store('a'))[2]!;
  p.editStore('a', (d) =>
    Object.assign(d.objects.contacts!.records[touched.id]!, { modifiedAt: '2099-01-01T00:00:00.000Z', fields: { ...touched.fields, city: 'Later' } }),
  );
  await p.run('apply', '--yes');
  assert.equal(
    records(p.store('b')).map((r) => r.fields.email),
    [touched.fields.email],
  );
  const imported = await p.run('import', 'contacts', '--yes');
  assert.is(imported.code, 0, imported.stderr);
  assert.is(records(p.store('b')).length, 6);
});

test('R31: status --records filters by status and exports CSV and JSON', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes');
  const gone = records(p.store('a'))[0]!;
  p.editStore('a', (d) => (d.objects.contacts!.records[gone.id]!.deleted = true));
  await p.run('apply', '--yes');
  const csv = await p.run('status', '--records', '--format', 'csv', '--output', 'records.csv');
  assert.is(csv.code, 0);
  const lines = p.read('records.csv').trim().split('\n');
  assert.is(lines[0], 'sync,object,status,app,id,other,key,name,at,category,attempts,message,hint');
  assert.is(lines.length, 10);
  const deleted = JSON.parse((await p.run('status', '--records', '--status', 'deleted', '--format', 'json')).stdout);
  assert.equal(
    deleted.map((r: { id: string; status: string }) => [r.status, r.id]),
    [['deleted', gone.id]],
  );
  const none = JSON.parse((await p.run('status', '--records', '--since', '2000-01-01', '--object', 'companies', '--format', 'json')).stdout);
  assert.equal(none, []);
  const bad = await p.run('status', '--records', '--since', 'whenever');
  assert.is(bad.code, 1);
  assert.match(bad.stderr, 'error[usage]');
});

test('R31: a failed record is retried after its backoff and its attempts are counted', async () => {
  const p = project(twoStores({ seedB: '{ contacts: 0, companies: 0 }' }));
  await p.run('plan');
  // b refuses this email: another record there already has it (a unique field), so the create fails.
  const first = records(p.store('a'))[0]!;
  p.editStore(
    'b',
    (d) =>
      (d.objects.contacts!.records['77'] = {
        id: '77',
        rev: 1,
        modifiedAt: '2026-01-01T00:00:00.000Z',
        fields: { email: String(first.fields.email).toUpperCase() },
        archived: true,
      } as never),
  );
  p.editStore('b', (d) => Object.assign(d.objects.contacts!.records['77']!, { archived: false, fields: { email: `${first.fields.email}` } }));
  p.editStore('a', (d) => (d.objects.contacts!.records[first.id]!.fields.email = `x${first.fields.email}`));
  p.editStore('b', (d) => (d.objects.contacts!.records['77']!.fields.email = `x${first.fields.email}`));
  p.editStore('b', (d) => (d.objects.contacts!.records['77']!.fields.lastname = 'Dup'));
  // Make the match ambiguous-free but the create fail: a second record in a with the same email.
  p.editStore(
    'a',
    (d) => (d.objects.contacts!.records['500'] = { id: '500', rev: 500, modifiedAt: '2026-01-01T00:00:00.000Z', fields: { email: 'unique@example.com' } }),
  );
  p.editStore(
    'b',
    (d) =>
      (d.objects.contacts!.records['78'] = { id: '78', rev: 2, modifiedAt: '2026-01-01T00:00:00.000Z', fields: { email: 'other@example.com', phone: '1' } }),
  );
  p.editStore('b', (d) => (d.objects.contacts!.fields = d.objects.contacts!.fields.map((f) => (f.name === 'phone' ? { ...f, unique: true } : f))));
  p.editStore('a', (d) => (d.objects.contacts!.records['500']!.fields.phone = '1'));
  await p.run('apply', '--yes');
  const failure = p.state().syncs.contacts!.failures.find((f) => f.id === '500')!;
  assert.is(failure.category, 'duplicate');
  assert.is(failure.attempts, 1);
  assert.ok(failure.retryAfter! > new Date().toISOString());
  // Within the backoff the record waits.
  const waiting = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.ok(waiting.findings.some((f: { recordId: string; kind: string }) => f.recordId === '500' && f.kind === 'failed-earlier'));
  assert.not.ok(waiting.ops.some((o: { from?: string }) => o.from === '500'));
  // After it, it is tried again, and the attempt is counted.
  const state = p.state();
  state.syncs.contacts!.failures.find((f) => f.id === '500')!.retryAfter = '2000-01-01T00:00:00.000Z';
  p.write('.crmsync/state.json', JSON.stringify(state));
  await p.run('apply', '--yes');
  assert.is(p.state().syncs.contacts!.failures.find((f) => f.id === '500')!.attempts, 2);
  // Fixed in the app: the next attempt succeeds and the failure is cleared.
  const fixed = p.state();
  fixed.syncs.contacts!.failures.find((f) => f.id === '500')!.retryAfter = '2000-01-01T00:00:00.000Z';
  p.write('.crmsync/state.json', JSON.stringify(fixed));
  p.editStore('a', (d) => (d.objects.contacts!.records['500']!.fields.phone = '2'));
  await p.run('apply', '--yes');
  assert.not.ok(p.state().syncs.contacts!.failures.some((f) => f.id === '500'));
});

/** `apply --watch` in the built CLI, its output so far, and a wait for a condition (failing with the output). */
function watch(p: Project) {
  const child = spawn(process.execPath, [BIN, 'apply', '--watch', '--interval', '300ms', '--auto-approve'], { cwd: p.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const until = async (cond: () => boolean, ms = 20000) => {
    const end = Date.now() + ms;
    while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.ok(cond(), out);
  };
  return { child, output: () => out, until };
}

test('R29: apply --watch keeps syncing until SIGINT, then finishes and saves', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes'); // seeds and settles; the built CLI runs the watch
  const { child, output, until } = watch(p);
  await until(() => output().includes('cycle 1'));
  const target = records(p.store('b'))[1]!;
  p.editStore('b', (d) => (d.objects.contacts!.records[target.id]!.fields.jobtitle = 'Changed while watching'));
  await until(() => records(p.store('a')).some((r) => r.fields.jobtitle === 'Changed while watching'));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.is(code, 0, output());
  assert.match(output(), 'Stopping after the current cycle');
  assert.not.ok(p.exists('.crmsync/state.json.lock'));
});

test('R29: apply --watch against a HubSpot whose search lags: changes land once, and the watch converges', async () => {
  const p = project(
    hubspotAndStore({
      sandbox: '{ seed: { contacts: 5, companies: 0, from: 0 }, search_lag: 1s }',
      seedB: '{ contacts: 5, companies: 0, from: 3 }',
      sync: '  conflict: { winner: b }',
    }),
  );
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  const hubspotContacts = () => {
    const saved = JSON.parse(p.read('.crmsync/sandbox/hubspot.json')) as {
      types: Array<{ objectTypeId: string; records: Array<{ archived: boolean; properties: Record<string, string> }> }>;
    };
    return saved.types.find((t) => t.objectTypeId === '0-1')!.records.filter((r) => !r.archived);
  };
  assert.is(hubspotContacts().length, 8);
  const { child, output, until } = watch(p);
  await until(() => output().includes('cycle 1'));
  const target = records(p.store('b'))[1]!;
  p.editStore('b', (d) => (d.objects.contacts!.records[target.id]!.fields.jobtitle = 'Changed while watching'));
  await until(() => hubspotContacts().some((r) => r.properties.jobtitle === 'Changed while watching'));
  // Cycles go on past the lag, so the HubSpot write comes back through search: no echo, no duplicate.
  const cycles = () => (output().match(/cycle \d+/g) ?? []).length;
  const seen = cycles();
  await until(() => cycles() >= seen + 4);
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.is(code, 0, output());
  assert.is(hubspotContacts().length, 8, 'nothing created twice');
  assert.is(records(p.store('b')).length, 8);
  assert.equal(p.state().syncs.contacts!.failures, []);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0, 'converged');
});

test.run();
