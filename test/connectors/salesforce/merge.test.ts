/**
 * Salesforce merges (R30): the losers go to the recycle bin with MasterRecordId set to the survivor
 * (seen through queryAll), their children move to the survivor, and the connector reports each
 * loser as deleted with `meta.mergedInto`, so the engine re-points the link instead of deleting.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSalesforceConnector } from '../../../src/connectors/salesforce/connector.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { FAST_RETRY, tokenConnection } from './helpers.js';

const test = suite('salesforce: merges');
let emu: SalesforceEmulator;
let clock = Date.now();

test.before(async () => {
  emu = await startSalesforceEmulator({ seed: { companies: 3, contacts: 6 }, now: () => clock });
});
test.after(() => emu.close());

test('emulator: a merge deletes the losers with MasterRecordId, moves their contacts, and queryAll shows it', async () => {
  const [master, loser] = emu.seeded.Account!;
  const children = [...emu.store.table('Contact')!.rows.values()].filter((r) => r.AccountId === loser).map((r) => r.Id);
  clock += 60_000;
  emu.merge(master!, [loser!]);
  const conn = tokenConnection(emu);
  const rows = (
    await conn.query<{ Id: string; IsDeleted: boolean; MasterRecordId: string | null }>(
      `SELECT Id, IsDeleted, MasterRecordId FROM Account WHERE Id = '${loser}'`,
      { scanAll: true },
    )
  ).records;
  assert.equal(
    rows.map((r) => [r.Id, r.IsDeleted, r.MasterRecordId]),
    [[loser, true, master]],
  );
  assert.is((await conn.query(`SELECT COUNT() FROM Account WHERE Id = '${loser}'`)).totalSize, 0);
  for (const id of children) assert.is(emu.store.get(id as string)!.row.AccountId, master);
  assert.throws(() => emu.merge(master!, [emu.seeded.Contact![0]!]), /INVALID_ID_FIELD/);
});

test('connector: an incremental read reports the loser deleted and merged into the survivor; a plain delete has no mergedInto', async () => {
  const sf = createSalesforceConnector({ name: 'sf', instanceUrl: emu.url, accessToken: emu.accessToken, retry: FAST_RETRY, overlapMs: 1000 });
  const first = await sf.read({ object: 'Contact', fields: ['Email'], mode: 'full' });
  const [keep, gone, removed] = emu.seeded.Contact!;
  clock += 120_000;
  emu.merge(keep!, [gone!]);
  await tokenConnection(emu).sobject('Contact').destroy(removed!);
  clock += 1_000;
  const next = await sf.read({ object: 'Contact', fields: ['Email'], mode: 'incremental', cursor: first.cursor });
  assert.is(next.mode, 'incremental');
  const merged = next.records.find((r) => r.id === gone);
  assert.ok(merged?.deleted);
  assert.is(merged!.meta?.mergedInto, keep);
  const deleted = next.records.find((r) => r.id === removed);
  assert.ok(deleted?.deleted);
  assert.is(deleted!.meta?.mergedInto, undefined);
  // The survivor changed too, and MasterRecordId is not taken for an association.
  const survivor = next.records.find((r) => r.id === keep);
  assert.ok(survivor && !survivor.deleted);
  assert.is(survivor!.meta?.associations?.Contact, undefined);
});

test.run();
