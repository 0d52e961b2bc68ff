/**
 * A Salesforce merge end to end (R24, R30): merging contacts in the org moves the link to the
 * surviving record. It is never a delete of the partner plus a duplicate of the survivor, even with
 * `deletes: propagate`.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { project, records, type Project } from '../../helpers/project.js';
import { sfContactsFiles, tokenConnection } from './helpers.js';

const test = suite('salesforce merges end to end');
let emu: SalesforceEmulator;

test.before(async () => {
  emu = await startSalesforceEmulator({ seed: { contacts: 4, from: 30 } });
  process.env.MERGE_SF_TOKEN = emu.accessToken;
});
test.after(async () => {
  delete process.env.MERGE_SF_TOKEN;
  await emu.close();
});

function files(): Record<string, string> {
  return sfContactsFiles(
    emu,
    'MERGE_SF_TOKEN',
    `  direction: two-way
  conflict: { winner: sf }
  deletes: { mode: propagate, max_share: 1 }
`,
  );
}

const partnerOf = (p: Project, sfId: string) => p.state().syncs.contacts!.links.find((l) => l.left === sfId && !l.deleted)?.right;

test('merged into a new Salesforce record: the link moves to it; the partner is kept and nothing is created', async () => {
  const p = project(files());
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  const [, loser] = emu.seeded.Contact!;
  const partner = partnerOf(p, loser!)!;
  assert.ok(partner);
  const crmBefore = records(p.store('crm')).length;
  const sfBefore = [...emu.store.table('Contact')!.rows.values()].filter((r) => !r.IsDeleted).length;
  // In the org: a new record takes the loser's data, and the loser is merged into it.
  const row = emu.store.get(loser!)!.row;
  const copy = Object.fromEntries(
    [
      'FirstName',
      'LastName',
      'Phone',
      'MobilePhone',
      'Fax',
      'Title',
      'MailingStreet',
      'MailingCity',
      'MailingState',
      'MailingPostalCode',
      'MailingCountry',
    ].map((f) => [f, row[f]]),
  );
  const created = await tokenConnection(emu)
    .sobject('Contact')
    .create({ ...copy, Email: 'kept@example.org' });
  const master = (created as { id: string }).id;
  emu.merge(master, [loser!]);

  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan as { ops: Array<{ type: string; to?: string }> };
  assert.equal(
    plan.ops.filter((o) => o.type === 'relink').map((o) => o.to),
    [master],
  );
  assert.not.ok(
    plan.ops.some((o) => o.type === 'create' || o.type === 'delete'),
    JSON.stringify(plan.ops.map((o) => o.type)),
  );
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(partnerOf(p, master), partner);
  assert.is(records(p.store('crm')).length, crmBefore, 'nothing deleted or created in crm');
  assert.is(String(records(p.store('crm')).find((r) => r.id === partner)!.fields.email), 'kept@example.org', "the survivor's values reach the partner");
  assert.is([...emu.store.table('Contact')!.rows.values()].filter((r) => !r.IsDeleted).length, sfBefore, 'the partner is not copied back into Salesforce');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0, 'converged');
});

test('merged into a contact that is already linked: its partner stays, nothing is recreated in Salesforce', async () => {
  const p = project(files());
  assert.is((await p.run('apply', '--yes')).code, 0);
  const live = [...emu.store.table('Contact')!.rows.values()].filter((r) => !r.IsDeleted).map((r) => r.Id as string);
  const [keeper, loser] = live;
  const partner = partnerOf(p, loser!)!;
  const crmBefore = records(p.store('crm')).length;
  emu.merge(keeper!, [loser!]);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.ok(
    records(p.store('crm')).some((r) => r.id === partner),
    'a merge is not a delete, even with deletes: propagate',
  );
  assert.is(records(p.store('crm')).length, crmBefore);
  assert.is([...emu.store.table('Contact')!.rows.values()].filter((r) => !r.IsDeleted).length, live.length - 1, 'the partner is not recreated in Salesforce');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0, 'converged');
});

test.run();
