/**
 * The two-way rule (R14) against Salesforce system updates: a roll-up or recalculation moves
 * SystemModstamp but is no user change, so it never makes an older Salesforce edit beat a newer
 * edit in the other app.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { project, records } from '../../helpers/project.js';
import { sfContactsFiles, tokenConnection } from './helpers.js';

const test = suite('salesforce system updates and the two-way rule');
const clock = { skew: -10 * 60_000 };
let emu: SalesforceEmulator;

test.before(async () => {
  emu = await startSalesforceEmulator({ seed: { contacts: 2, from: 40 }, now: () => Date.now() + clock.skew });
  process.env.SYSUPD_SF_TOKEN = emu.accessToken;
});
test.after(async () => {
  delete process.env.SYSUPD_SF_TOKEN;
  await emu.close();
});

test('R14: a newer edit in the other app wins over an older Salesforce edit, even after a system update', async () => {
  const p = project(
    sfContactsFiles(
      emu,
      'SYSUPD_SF_TOKEN',
      `  direction: two-way
  conflict: { winner: sf }
  mappings: none
  fields:
    - left: Email
      right: email
    - left: LastName
      right: lastname
    - left: Title
      right: jobtitle
      sync: two-way
`,
    ),
  );
  assert.is((await p.run('apply', '--yes')).code, 0);
  const [id] = emu.seeded.Contact!;
  const partner = p.state().syncs.contacts!.links.find((l) => l.left === id)!.right;
  // Ten minutes ago (org clock) a user edited the title in Salesforce …
  await tokenConnection(emu).sobject('Contact').update({ Id: id!, Title: 'Older Salesforce edit' });
  // … now someone edits it in the other app …
  p.editStore('crm', (d) => {
    d.objects.contacts!.records[partner]!.fields.jobtitle = 'Newer edit';
  });
  // … and then Salesforce recalculates something on the record.
  clock.skew = 60_000;
  emu.systemUpdate(id!);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(emu.store.get(id!)!.row.Title, 'Newer edit');
  assert.is(records(p.store('crm')).find((r) => r.id === partner)!.fields.jobtitle, 'Newer edit');
});

test.run();
