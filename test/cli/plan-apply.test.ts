/** The spine end to end through the CLI: initial sync (R3, R24), convergence, incremental changes. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('plan and apply');

test('R3/R24: the initial sync links matches by email and creates the rest, then converges', async () => {
  const p = project(twoStores());
  const plan = await p.run('plan', '--detailed-exitcode');
  assert.is(plan.code, 2, plan.stderr);
  const applied = await p.run('apply', '--auto-approve');
  assert.is(applied.code, 0, applied.stderr);
  // People 0-5 in a, 3-8 in b: 3 shared by email, 3 created each way.
  const a = records(p.store('a'));
  const b = records(p.store('b'));
  assert.is(a.length, 9);
  assert.is(b.length, 9);
  const emails = (rs: typeof a) => rs.map((r) => r.fields.email).sort();
  assert.equal(emails(a), emails(b));
  const state = p.state();
  assert.is(state.syncs.contacts!.links.length, 9);
  assert.is(state.journal.length, 0);
  // Second apply changes nothing; plan says so with exit code 0.
  const again = await p.run('plan', '--detailed-exitcode');
  assert.is(again.code, 0, again.stdout);
  assert.match(again.stdout, 'No changes');
  const serial = p.state().serial;
  const second = await p.run('apply', '--auto-approve');
  assert.match(second.stdout, '0 created, 0 updated, 0 deleted');
  assert.ok(p.state().serial >= serial);
  assert.equal(
    records(p.store('a')).map((r) => r.fields),
    a.map((r) => r.fields),
  );
});

test('R10: a change in one app flows to the other, and only that field', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes');
  const target = records(p.store('a')).find((r) => r.fields.email === 'katherine.ritchie.3@umbrella.example.com') ?? records(p.store('a'))[3]!;
  p.editStore('a', (d) => (d.objects.contacts!.records[target.id]!.fields.jobtitle = 'Chief Tester'));
  const plan = await p.run('plan', '--json');
  const ops = JSON.parse(plan.stdout).plan.ops.filter((o: { type: string }) => o.type !== 'rebase');
  assert.is(ops.length, 1);
  assert.is(ops[0].type, 'update');
  assert.is(ops[0].side, 'right');
  assert.equal(
    ops[0].changes.map((c: { field: string; new: string }) => [c.field, c.new]),
    [['jobtitle', 'Chief Tester']],
  );
  assert.is(ops[0].reason.rule, 'R10');
  await p.run('apply', '--yes');
  const copy = records(p.store('b')).find((r) => r.fields.email === target.fields.email)!;
  assert.is(copy.fields.jobtitle, 'Chief Tester');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('R24: once linked, records stay linked by id when the email changes (no duplicate)', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes');
  const before = records(p.store('b')).length;
  const target = records(p.store('a'))[0]!;
  p.editStore('a', (d) => (d.objects.contacts!.records[target.id]!.fields.email = 'new.address@example.org'));
  await p.run('apply', '--yes');
  const b = records(p.store('b'));
  assert.is(b.length, before);
  assert.ok(b.some((r) => r.fields.email === 'new.address@example.org'));
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('apply refuses to run without a terminal or --auto-approve, and changes nothing', async () => {
  const p = project(twoStores());
  const result = await p.run('apply');
  assert.is(result.code, 1);
  assert.match(result.stderr, 'error[apply-declined]');
  assert.not.match(result.stderr, '    at ');
  assert.is(records(p.store('a')).length, 6);
  assert.not.ok(p.exists('.crmsync/state.json.lock'));
});

test('a saved plan applies exactly; a stale one is refused', async () => {
  const p = project(twoStores());
  const saved = await p.run('plan', '--out', 'plan.json');
  assert.is(saved.code, 0);
  const plan = JSON.parse(p.read('plan.json'));
  assert.is(plan.format, 'crmsync-plan');
  assert.is(plan.version, 3);
  assert.ok(
    plan.ops.every(
      (o: { reason: { rule: string }; source: { file: string; line: number } }) =>
        /^R\d+$/.test(o.reason.rule) && o.source.file.startsWith('syncs/') && o.source.line > 0,
    ),
  );
  // Another record appears in b after the plan was made: the plan is stale.
  p.editStore('b', (d) => (d.objects.contacts!.records['1']!.fields.city = 'Trondheim'));
  const stale = await p.run('apply', 'plan.json');
  assert.is(stale.code, 1);
  assert.match(stale.stderr, 'error[plan-stale]');
  assert.is(records(p.store('a')).length, 6);
  // A fresh saved plan applies without a prompt.
  await p.run('plan', '--out', 'plan.json');
  const ok = await p.run('apply', 'plan.json');
  assert.is(ok.code, 0, ok.stderr);
  assert.is(records(p.store('a')).length, 9);
  // It cannot be applied twice: the state moved on.
  const twice = await p.run('apply', 'plan.json');
  assert.is(twice.code, 1);
  assert.match(twice.stderr, 'the state changed');
});

test('plan --redact masks values and such a plan cannot be applied', async () => {
  const p = project(twoStores());
  const out = await p.run('plan', '--redact', '--out', 'redacted.json');
  assert.not.match(out.stdout, '@');
  assert.not.match(p.read('redacted.json'), '@umbrella');
  const applied = await p.run('apply', 'redacted.json');
  assert.is(applied.code, 1);
  assert.match(applied.stderr, 'error[plan-invalid]');
});

test('R5: a disabled sync is validated but never planned or applied', async () => {
  const p = project(twoStores({ sync: '  enabled: false\n  direction: two-way\n  conflict: { winner: a }' }));
  const plan = await p.run('plan', '--detailed-exitcode');
  assert.is(plan.code, 0);
  assert.match(plan.stdout, 'disabled');
});

test('an invalid configuration fails plan with located errors and exit 1', async () => {
  const p = project(twoStores({ sync: '  direction: sideways' }));
  const plan = await p.run('plan');
  assert.is(plan.code, 1);
  assert.match(plan.stderr, 'syncs/contacts.yaml:6:14 error[invalid-value]');
});

test('R24 crash recovery: a create whose answer was lost is found by its match key, spelled NFD in one app and NFC in the other', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes');
  const nfc = 'josé.núñez@example.com';
  const nfd = nfc.normalize('NFD');
  // A new person in a, and the copy an interrupted run made in b before recording the answer.
  const person = (id: string, email: string, clock: string) => ({ id, fields: { email, firstname: 'José', lastname: 'Núñez' }, modifiedAt: clock, rev: 0 });
  p.editStore('a', (d) => (d.objects.contacts!.records['a-jose'] = person('a-jose', nfd, d.clock)));
  p.editStore('b', (d) => (d.objects.contacts!.records['b-jose'] = person('b-jose', nfc, d.clock)));
  const state = p.state();
  state.journal.push({ marker: 'lost/1', sync: 'contacts', side: 'right', from: 'a-jose', at: new Date().toISOString(), key: { field: 'email', value: nfd } });
  p.write('.crmsync/state.json', JSON.stringify(state));
  const out = await p.run('apply', '--yes');
  assert.is(out.code, 0, out.stderr);
  assert.match(out.stdout, 'Recovered 1 record(s)');
  assert.equal(
    records(p.store('b'))
      .filter((r) => String(r.fields.email).normalize('NFC') === nfc)
      .map((r) => r.id),
    ['b-jose'],
  );
  assert.ok(p.state().syncs.contacts!.links.some((l) => l.left === 'a-jose' && l.right === 'b-jose'));
});

test.run();

const tty = suite('apply on a terminal');

tty('asks for confirmation; only "yes" applies', async () => {
  const p = project(twoStores());
  const no = await p.runTty('no', 'apply');
  assert.is(no.code, 1);
  assert.match(no.stdout, 'Apply cancelled');
  assert.is(records(p.store('a')).length, 6);
  const yes = await p.runTty('yes', 'apply');
  assert.is(yes.code, 0, yes.stderr);
  assert.is(records(p.store('a')).length, 9);
});

tty('long runs print no progress when not on a terminal (test/cli/progress.test.ts forces it)', async () => {
  const p = project(twoStores({ seedA: '{ contacts: 1200, companies: 0, from: 0 }', seedB: '{ contacts: 0, companies: 0 }' }));
  const result = await p.run('apply', '--yes');
  assert.is(result.code, 0, result.stderr);
  assert.not.match(result.stdout + result.stderr, 'create: 1200/1200');
  assert.is(records(p.store('b')).length, 1200);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

tty('values that differ only in format never ping-pong (phone, case, spaces)', async () => {
  const p = project(
    twoStores({
      sync: `  direction: two-way
  conflict: { winner: a }
  fields:
    - { left: phone, right: phone, transform: [phone] }
    - { left: company, right: company, transform: [collapse-spaces, lowercase] }`,
    }),
  );
  await p.run('apply', '--yes');
  const a = records(p.store('a'))[0]!;
  p.editStore('a', (d) => Object.assign(d.objects.contacts!.records[a.id]!.fields, { phone: '+1 (415) 555-2671', company: 'ACME   Corp' }));
  const b = records(p.store('b')).find((r) => r.fields.email === a.fields.email)!;
  p.editStore('b', (d) => Object.assign(d.objects.contacts!.records[b.id]!.fields, { phone: '+14155552671', company: 'acme corp' }));
  const plan = await p.run('plan', '--json');
  const ops = JSON.parse(plan.stdout).plan.ops;
  assert.ok(
    ops.every((o: { type: string }) => o.type === 'rebase'),
    JSON.stringify(ops),
  );
  await p.run('apply', '--yes');
  const again = await p.run('plan', '--json');
  assert.equal(JSON.parse(again.stdout).plan.ops, []);
});

tty.run();
