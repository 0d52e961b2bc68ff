/** `crmsync state list/show/link/unlink/forget`: under the lock, guarded by lineage and serial. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hubspotAndStore, project, records, twoStores } from '../helpers/project.js';

const test = suite('state commands');

async function synced() {
  const p = project(twoStores());
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  return p;
}

test('state list shows every link with the lineage and serial; --sync filters; --json', async () => {
  const p = await synced();
  const { lineage, serial } = p.state();
  const list = await p.run('state', 'list');
  assert.is(list.code, 0, list.stderr);
  assert.match(list.stdout, `lineage ${lineage}, serial ${serial}, 9 link(s)`);
  const link = p.state().syncs.contacts!.links[0]!;
  assert.match(list.stdout, `contacts  ${link.left} ↔ ${link.right}  in-sync`);
  const json = JSON.parse((await p.run('state', 'list', '--json', '--sync', 'contacts')).stdout).state;
  assert.is(json.links.length, 9);
  assert.is(json.serial, serial);
  const wrong = await p.run('state', 'list', '--sync', 'contact');
  assert.match(wrong.stderr, 'error[unknown-sync]');
  assert.not.ok(p.exists('.crmsync/state.json.lock'));
});

test('state show prints a link and its base values by either id', async () => {
  const p = await synced();
  const link = p.state().syncs.contacts!.links[0]!;
  for (const id of [link.left, link.right]) {
    const shown = await p.run('state', 'show', 'contacts', id);
    assert.is(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, `a/${link.left} ↔ b/${link.right}  in-sync`);
    assert.match(shown.stdout, `email = ${JSON.stringify(link.base.left.email)}`);
  }
  const none = await p.run('state', 'show', 'contacts', 'nope');
  assert.is(none.code, 1);
  assert.match(none.stderr, 'error[state-record] the state of sync contacts holds nothing for nope');
});

test('state unlink drops a pairing (the next plan matches again); state link pairs two records by hand', async () => {
  const p = await synced();
  const before = p.state().syncs.contacts!.links.length;
  const first = p.state().syncs.contacts!.links[0]!;
  const unlinked = await p.run('state', 'unlink', 'contacts', first.right);
  assert.is(unlinked.code, 0, unlinked.stderr);
  assert.match(unlinked.stdout, `Unlinked a/${first.left} ↔ b/${first.right} in sync contacts`);
  assert.is(p.state().syncs.contacts!.links.length, before - 1);
  const again = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.ok(
    again.ops.some(
      (o: { type: string; link?: { left: string; right: string } }) => o.type === 'link' && o.link!.left === first.left && o.link!.right === first.right,
    ),
  );
  // No match by key: b's copy gets another email, so only a link by hand pairs them again.
  p.editStore('b', (d) => (d.objects.contacts!.records[first.right]!.fields.email = 'someone.else@example.org'));
  const linked = await p.run('state', 'link', 'contacts', first.left, first.right);
  assert.is(linked.code, 0, linked.stderr);
  assert.match(linked.stdout, `Linked a/${first.left} ↔ b/${first.right}`);
  assert.ok(p.state().syncs.contacts!.links.some((l) => l.left === first.left && l.right === first.right));
  // Linking an id that is already linked is refused, and says how to free it.
  const other = p.state().syncs.contacts!.links[1]!;
  const taken = await p.run('state', 'link', 'contacts', first.left, other.right);
  assert.is(taken.code, 1);
  assert.match(taken.stderr, `error[state-record] a ${first.left} is already linked to ${first.right}`);
  assert.match(taken.stderr, `hint: unlink it first: crmsync state unlink contacts ${first.left}`);
  // The next apply reconciles the hand-made pair like a first sync (winner a): no duplicate.
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(p.store('b').objects.contacts!.records[first.right]!.fields.email, p.store('a').objects.contacts!.records[first.left]!.fields.email);
  assert.is(records(p.store('b')).length, 9);
});

test('state forget drops a link remembered as deleted and the failures of a record', async () => {
  const p = await synced();
  const link = p.state().syncs.contacts!.links[2]!;
  const state = p.state();
  state.syncs.contacts!.failures.push({
    side: 'left',
    id: link.left,
    category: 'property-value',
    code: 'X',
    message: 'bad',
    attempts: 1,
    firstAt: link.at,
    lastAt: link.at,
  });
  writeFileSync(join(p.dir, '.crmsync', 'state.json'), JSON.stringify(state));
  const forgot = await p.run('state', 'forget', 'contacts', link.right);
  assert.is(forgot.code, 0, forgot.stderr);
  assert.match(forgot.stdout, `Forgot ${link.right} in sync contacts: link ${link.left} ↔ ${link.right}, 1 failure(s)`);
  const after = p.state().syncs.contacts!;
  assert.not.ok(after.links.some((l) => l.left === link.left));
  assert.is(after.failures.length, 0);
  assert.is(records(p.store('a')).length, 9);
});

test('each state command refuses another lineage or a stale serial, and changes nothing', async () => {
  const p = await synced();
  const { lineage, serial } = p.state();
  const link = p.state().syncs.contacts!.links[0]!;
  const edits = [
    ['list'],
    ['show', 'contacts', link.left],
    ['link', 'contacts', 'x', 'y'],
    ['unlink', 'contacts', link.left],
    ['forget', 'contacts', link.left],
  ];
  for (const edit of edits) {
    const other = await p.run('state', ...edit, '--lineage', 'another-lineage');
    assert.is(other.code, 1, edit.join(' '));
    assert.match(other.stderr, `error[state-lineage-mismatch] the state`);
    assert.match(other.stderr, `has lineage ${lineage}, not another-lineage`);
    const stale = await p.run('state', ...edit, '--serial', String(serial - 1));
    assert.is(stale.code, 1);
    assert.match(stale.stderr, `error[state-serial-mismatch]`);
    assert.match(stale.stderr, `is at serial ${serial}, not ${serial - 1}`);
  }
  assert.is(p.state().serial, serial);
  assert.is(p.state().syncs.contacts!.links.length, 9);
  // With the right guards the edit goes through, and reports the new serial.
  const ok = await p.run('state', 'unlink', 'contacts', link.left, '--lineage', lineage, '--serial', String(serial));
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, `serial ${serial + 1}`);
});

test('a state command waits for no one: another run holding the lock refuses it', async () => {
  const p = await synced();
  p.write(
    '.crmsync/state.json.lock',
    JSON.stringify({ id: 'abc', operation: 'apply', pid: process.pid, host: (await import('node:os')).hostname(), at: new Date().toISOString() }),
  );
  const r = await p.run('state', 'unlink', 'contacts', p.state().syncs.contacts!.links[0]!.left);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'error[state-locked]');
  assert.is(p.state().syncs.contacts!.links.length, 9);
});

test('state link asks both apps: an id the app does not hold, or a deleted record, is refused and nothing changes', async () => {
  const p = await synced();
  const [one, two] = p.state().syncs.contacts!.links;
  assert.is((await p.run('state', 'unlink', 'contacts', one!.left)).code, 0);
  const serial = p.state().serial;
  const missing = await p.run('state', 'link', 'contacts', one!.left, 'b-nope');
  assert.is(missing.code, 1);
  assert.match(missing.stderr, 'error[state-record] b has no contacts record b-nope');
  assert.is(p.state().serial, serial);
  p.editStore('a', (d) => Object.assign(d.objects.contacts!.records[one!.left]!, { deleted: true }));
  const deleted = await p.run('state', 'link', 'contacts', one!.left, one!.right);
  assert.match(deleted.stderr, `error[state-record] a has no contacts record ${one!.left}`);
  assert.is(p.state().syncs.contacts!.links.length, 8);
  // Both present: linked.
  assert.is((await p.run('state', 'unlink', 'contacts', two!.left)).code, 0);
  assert.is((await p.run('state', 'link', 'contacts', two!.left, two!.right)).code, 0);
  assert.ok(p.state().syncs.contacts!.links.some((l) => l.left === two!.left && l.right === two!.right));
});

test('state link against HubSpot looks the record up by id', async () => {
  const p = project(hubspotAndStore());
  assert.is((await p.run('apply', '--yes')).code, 0);
  const link = p.state().syncs.contacts!.links[0]!;
  await p.run('state', 'unlink', 'contacts', link.left);
  const wrong = await p.run('state', 'link', 'contacts', '999999', link.right);
  assert.match(wrong.stderr, 'error[state-record] hubspot has no contacts record 999999');
  const right = await p.run('state', 'link', 'contacts', link.left, link.right);
  assert.is(right.code, 0, right.stderr);
});

test.run();
