/**
 * The stored forms keep the sides' compact keys `l` and `r` (src/state/encode.ts says why): a
 * PostgreSQL link row and a links document's header are written as before, and rows an earlier
 * crmsync wrote are read as they are, with `left`/`right` in memory. PostgreSQL is a real server
 * (test/helpers/postgres.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeState } from '../../src/state/file.js';
import { PostgresBackend } from '../../src/state/postgres/backend.js';
import { newState } from '../../src/state/store.js';
import type { LinkState, StateFile } from '../../src/state/types.js';
import { freshDatabase } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';

const link: LinkState = { left: 'L1', right: 'R1', base: { left: { email: 'a@x.com' }, right: { Email: 'a@x.com' } }, at: '2026-01-01T00:00:00.000Z' };

function stateWith(links: LinkState[]): StateFile {
  const state = newState();
  state.lineage = 'lin-1';
  state.serial = 1;
  state.syncs.contacts = { links, cursors: {}, failures: [] };
  return state;
}

async function rows(url: string): Promise<Array<{ key: string; data: unknown }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT key, data FROM crmsync_links ORDER BY seq')).rows;
  } finally {
    await client.end();
  }
}

test('a PostgreSQL link row holds the stored form; a row an earlier crmsync wrote reads as left/right', async () => {
  const url = await freshDatabase('stored_sides');
  const backend = new PostgresBackend(url);
  try {
    await backend.replace(stateWith([link]), { lockTimeoutMs: 0 });
    assert.equal(await rows(url), [
      { key: '["L1","R1"]', data: { l: 'L1', r: 'R1', at: '2026-01-01T00:00:00.000Z', base: { l: { email: 'a@x.com' }, r: { Email: 'a@x.com' } } } },
    ]);
    // A row as the previous release wrote it (JSON.stringify of its in-memory link, sides `l`/`r`).
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('INSERT INTO crmsync_links (sync, key, data) VALUES ($1, $2, $3)', [
      'contacts',
      '["L2","R2"]',
      JSON.stringify({ l: 'L2', r: 'R2', base: { l: { email: 'b@x.com' }, r: {} }, at: '2026-01-02T00:00:00.000Z', deleted: 'left' }),
    ]);
    await client.end();
  } finally {
    await backend.close();
  }
  const again = new PostgresBackend(url);
  try {
    assert.equal((await again.read()).syncs.contacts!.links, [
      link,
      { left: 'L2', right: 'R2', base: { left: { email: 'b@x.com' }, right: {} }, at: '2026-01-02T00:00:00.000Z', deleted: 'left' },
    ]);
  } finally {
    await again.close();
  }
});

test("a links document's header names each side's fields under l and r, as before", async () => {
  const path = join(tempDir('crmsync-stored-sides-'), 'state.json');
  await writeState(path, stateWith([link]));
  const doc = readdirSync(dirname(path)).find((f) => f.endsWith('.links'))!;
  const [header, row] = readFileSync(join(dirname(path), doc), 'utf8').split('\n');
  assert.equal(JSON.parse(header!).fields, { l: ['email'], r: ['Email'] });
  assert.equal(JSON.parse(row!), ['L1', 'R1', '2026-01-01T00:00:00.000Z', ['a@x.com'], null]);
});

test.run();
