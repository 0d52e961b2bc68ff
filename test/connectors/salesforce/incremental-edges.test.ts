/**
 * Incremental reads at their edges, against the emulator with its own clock: a system update that
 * moves SystemModstamp but not LastModifiedDate, the recycle bin purged after 15 days, thousands of
 * records sharing one SystemModstamp across pages, records changed while a read pages, and an org
 * clock behind or ahead of ours. No change is lost and none is delivered twice.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSalesforceConnector, type SalesforceConnectorOptions } from '../../../src/connectors/salesforce/connector.js';
import { formatSfDateTime } from '../../../src/connectors/salesforce/datetime.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import type { Connector, ReadResult } from '../../../src/connectors/types.js';
import { FAST_RETRY, tokenConnection } from './helpers.js';

const test = suite('salesforce: incremental read edge cases');
const DAY = 86_400_000;

/** An org whose clock is `skew` ms off ours, and a connector on it. */
async function org(skew = 0, more: Partial<SalesforceConnectorOptions> = {}, pageSize?: number) {
  const clock = { skew };
  const emu = await startSalesforceEmulator({ now: () => Date.now() + clock.skew, ...(pageSize ? { pageSize } : {}) });
  const warnings: string[] = [];
  const sf = createSalesforceConnector({
    name: 'sf',
    instanceUrl: emu.url,
    accessToken: emu.accessToken,
    retry: FAST_RETRY,
    onWarning: (m) => warnings.push(m),
    ...more,
  });
  return { emu, sf, clock, warnings };
}

async function createContacts(emu: SalesforceEmulator, n: number, prefix: string): Promise<string[]> {
  const conn = tokenConnection(emu);
  const ids: string[] = [];
  for (let i = 0; i < n; i += 200) {
    const batch = Array.from({ length: Math.min(200, n - i) }, (_, j) => ({ LastName: `${prefix} ${i + j}`, Email: `${prefix}.${i + j}@example.org` }));
    const results = await conn.sobject('Contact').create(batch, { allOrNone: false });
    ids.push(...results.map((r) => (r as { id: string }).id));
  }
  return ids;
}

const read = (sf: Connector, cursor: string | null, fields = ['Email', 'Title']) => sf.read({ object: 'Contact', fields, mode: 'incremental', cursor });
const idsOf = (r: ReadResult) => r.records.map((x) => x.id);
const unique = (ids: string[]) => new Set(ids).size === ids.length;

test('a system update moves SystemModstamp only: the record is read again, but its modifiedAt stays the user change', async () => {
  const { emu, sf, clock } = await org(-10 * 60_000);
  try {
    const [id] = await createContacts(emu, 1, 'sys');
    await tokenConnection(emu).sobject('Contact').update({ Id: id!, Title: 'User edit' });
    const lastModified = String(emu.store.get(id!)!.row.LastModifiedDate);
    const first = await sf.read({ object: 'Contact', fields: ['Title'], mode: 'full' });
    clock.skew = 0;
    emu.systemUpdate(id!);
    assert.is.not(emu.store.get(id!)!.row.SystemModstamp, emu.store.get(id!)!.row.LastModifiedDate);
    const next = await read(sf, first.cursor, ['Title']);
    assert.equal(idsOf(next), [id]);
    assert.is(next.records[0]!.modifiedAt, new Date(Date.parse(lastModified.replace('+0000', 'Z'))).toISOString());
    assert.is(next.records[0]!.fields.Title, 'User edit');
  } finally {
    await emu.close();
  }
});

test('the recycle bin: queryAll loses deletions after 15 days; an older cursor reads in full and says so, a recent one reads incrementally', async () => {
  const client = { now: Date.now() };
  const { emu, sf, clock, warnings } = await org(0, { now: () => client.now });
  try {
    const [gone, kept] = await createContacts(emu, 2, 'bin');
    const first = await sf.read({ object: 'Contact', fields: ['Email'], mode: 'full' });
    await tokenConnection(emu).sobject('Contact').destroy(gone!);
    // Ten days on, the deletion is still in the bin and an incremental read sees it.
    clock.skew = client.now - Date.now() + 10 * DAY;
    client.now += 10 * DAY;
    const recent = await read(sf, first.cursor);
    assert.is(recent.mode, 'incremental');
    assert.ok(recent.records.find((r) => r.id === gone)?.deleted);
    assert.equal(warnings, []);
    // Sixteen days after the deletion the app has purged it: queryAll no longer shows it …
    clock.skew += 6 * DAY;
    client.now += 6 * DAY;
    const raw = await tokenConnection(emu).query(`SELECT Id FROM Contact WHERE Id = '${gone}'`, { scanAll: true });
    assert.is(raw.totalSize, 0);
    // … so a cursor last checked 16 days ago is not trusted: a full read, which the engine can diff.
    const stale = await read(sf, first.cursor);
    assert.is(stale.mode, 'full');
    assert.equal(idsOf(stale), [kept]);
    assert.is(warnings.length, 1);
    assert.match(warnings[0]!, 'reading Contact in full instead, so no deletion is missed');
  } finally {
    await emu.close();
  }
});

test('2,500 records sharing one SystemModstamp across pages of 200: each delivered once, none again next time', async () => {
  const { emu, sf } = await org(0, { pageSize: 200 }, 2000);
  try {
    const before = await sf.read({ object: 'Contact', fields: ['Email'], mode: 'full' });
    const ids = await createContacts(emu, 2500, 'bulk');
    // A data load stamps them all in the same millisecond.
    const stamp = formatSfDateTime(Date.now());
    const table = emu.store.table('Contact')!;
    for (const id of ids) table.put({ ...table.rows.get(id)!, SystemModstamp: stamp, LastModifiedDate: stamp });
    const first = await read(sf, before.cursor);
    assert.is(first.records.length, 2500);
    assert.ok(unique(idsOf(first)));
    assert.ok((sf.stats().byKind.queryMore ?? 0) >= 12, 'read across page boundaries');
    const second = await read(sf, first.cursor);
    assert.equal(idsOf(second), []);
    assert.ok(first.cursor!.length < 2000, 'the cursor stays small');
    await tokenConnection(emu).sobject('Contact').update({ Id: ids[1234]!, Title: 'Changed' });
    const third = await read(sf, second.cursor);
    assert.equal(idsOf(third), [ids[1234]]);
  } finally {
    await emu.close();
  }
});

test('records changed while a read pages through them are delivered by the next read, once', async () => {
  const { emu, sf } = await org(0, { pageSize: 200 });
  try {
    const before = await sf.read({ object: 'Contact', fields: ['Email'], mode: 'full' });
    const ids = await createContacts(emu, 600, 'paging');
    const conn = tokenConnection(emu);
    let changed = false;
    const first = await sf.read({
      object: 'Contact',
      fields: ['Email', 'Title'],
      mode: 'incremental',
      cursor: before.cursor,
      onProgress: (n) => {
        // After the first page: one record already read, one on a page still to come.
        if (n >= 200 && !changed) {
          changed = true;
          void conn.sobject('Contact').update(
            [
              { Id: ids[10]!, Title: 'Early page' },
              { Id: ids[550]!, Title: 'Late page' },
            ],
            { allOrNone: false },
          );
        }
      },
    });
    assert.ok(changed);
    assert.is(first.records.length, 600);
    await new Promise((r) => setTimeout(r, 50));
    const second = await read(sf, first.cursor);
    assert.equal(
      second.records.map((r) => [r.id, r.fields.Title]).sort(),
      [
        [ids[10], 'Early page'],
        [ids[550], 'Late page'],
      ].sort(),
    );
    const third = await read(sf, second.cursor);
    assert.equal(idsOf(third), []);
  } finally {
    await emu.close();
  }
});

for (const [name, skew] of [
  ['behind', -5 * 60_000],
  ['ahead of', 5 * 60_000],
] as const) {
  test(`an org clock five minutes ${name} ours: a change after a quiet run is delivered once`, async () => {
    const { emu, sf } = await org(skew);
    try {
      const [id] = await createContacts(emu, 1, 'skew');
      const first = await sf.read({ object: 'Contact', fields: ['Email'], mode: 'full' });
      await new Promise((r) => setTimeout(r, 5));
      const quiet = await read(sf, first.cursor);
      assert.equal(idsOf(quiet), []);
      await tokenConnection(emu).sobject('Contact').update({ Id: id!, Title: 'After the quiet run' });
      const next = await read(sf, quiet.cursor);
      assert.equal(
        next.records.map((r) => [r.id, r.fields.Title]),
        [[id, 'After the quiet run']],
      );
      assert.equal(idsOf(await read(sf, next.cursor)), []);
    } finally {
      await emu.close();
    }
  });
}

test.run();
