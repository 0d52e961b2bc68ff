/**
 * One state suite, run on both backends: the embedded file (lowdb) and PostgreSQL (a real server,
 * see test/helpers/postgres.ts; these tests fail when none can be started, they never skip).
 */
import { join } from 'node:path';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { StateBackend } from '../../src/state/backend.js';
import { FileBackend } from '../../src/state/file-backend.js';
import { forceUnlock, readLock } from '../../src/state/lock.js';
import { PostgresBackend } from '../../src/state/postgres/backend.js';
import type { StateStore } from '../../src/state/store.js';
import type { LinkState, StateFile } from '../../src/state/types.js';
import { freshDatabase } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';
import { markLinksChanged } from '../../src/state/documents.js';

interface Kind {
  name: string;
  open(): Promise<StateBackend & { url: string }>;
  /** Takes the lock of `sync` away from its holder, as a force-unlock or an expired lease would. */
  steal(backend: StateBackend & { url: string }, sync: string): Promise<void>;
}

const KINDS: Kind[] = [
  {
    name: 'file',
    async open() {
      const path = join(tempDir('crmsync-backend-'), 'state.json');
      return Object.assign(new FileBackend(path), { url: path });
    },
    async steal(backend) {
      await forceUnlock(backend.url, (await readLock(backend.url))!.id);
    },
  },
  {
    name: 'postgres',
    async open() {
      const url = await freshDatabase('backends');
      return Object.assign(new PostgresBackend(url), { url });
    },
    async steal(backend, sync) {
      // As if the holder had been paused past its lease: the lease expires.
      const client = new pg.Client({ connectionString: backend.url });
      await client.connect();
      await client.query(`UPDATE crmsync_leases SET expires_at = now() - interval '1 second' WHERE sync = $1`, [sync]);
      await client.end();
    },
  },
];

const link = (n: number, extra: Partial<LinkState> = {}): LinkState => ({
  left: `L${n}`,
  right: `R${n}`,
  base: { left: { email: `p${n}@example.com`, name: `Person ${n}` }, right: { Email: `p${n}@example.com` } },
  at: '2026-01-01T00:00:00.000Z',
  ...extra,
});

/** Fills a state as an apply would: links, a failure, cursors, health, and a journal entry. */
function fill(data: StateFile, sync: string, links: number): void {
  data.syncs[sync] = {
    links: Array.from({ length: links }, (_, i) => link(i, i === 1 ? { excluded: true } : i === 2 ? { deleted: 'left' } : {})),
    cursors: { left: '2026-01-02T00:00:00.000Z', right: null },
    failures: [
      {
        side: 'right',
        id: 'R9',
        category: 'property-value',
        code: 'INVALID_EMAIL',
        message: 'bad email',
        attempts: 2,
        firstAt: '2026-01-01T00:00:00.000Z',
        lastAt: '2026-01-02T00:00:00.000Z',
        retryAfter: '2026-01-03T00:00:00.000Z',
      },
    ],
    configHash: 'abc',
    activatedAt: '2026-01-01T00:00:00.000Z',
    health: { at: '2026-01-02T00:00:00.000Z', inSync: links, excluded: { left: 1, right: 0 }, failed: 1 },
  };
  data.journal.push({
    marker: `crmsync:${sync}-1`,
    sync,
    side: 'left',
    from: 'R7',
    at: '2026-01-02T00:00:00.000Z',
    key: { field: 'email', value: 'p7@example.com' },
  });
}

const write = <T>(backend: StateBackend, syncs: string[], fn: (state: StateStore) => Promise<T>, options: { lockTimeoutMs?: number; leaseMs?: number } = {}) =>
  backend.withState('apply', { syncs, ...options }, fn);

/** As JSON: a state read back keys its syncs on an object without a prototype. */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const errorCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: { code?: string }) => e.code ?? String(e),
  );

for (const kind of KINDS) {
  const test = suite(`state backend: ${kind.name}`);
  const backends: StateBackend[] = [];
  const open = async () => {
    const b = await kind.open();
    backends.push(b);
    return b;
  };
  test.after(async () => {
    for (const b of backends) await b.close();
  });

  test('a state never written reads as a fresh state', async () => {
    const state = await (await open()).read();
    assert.equal(plain(state), { format: 'crmsync-state', version: 3, lineage: 'new', serial: 0, syncs: {}, journal: [] });
  });

  test('what a writer saves reads back the same; each save bumps the serial and keeps the lineage', async () => {
    const backend = await open();
    const expected = await write(backend, ['contacts'], async (state) => {
      fill(state.data, 'contacts', 5);
      await state.save();
      assert.is(state.data.serial, 1);
      assert.match(state.data.lineage, /^[0-9a-f-]{36}$/);
      return structuredClone(state.data);
    });
    assert.equal(plain(await backend.read()), plain(expected));
    const lineage = expected.lineage;
    await write(backend, ['contacts'], async (state) => {
      state.data.syncs.contacts!.links[0]!.base.left.name = 'Renamed';
      // An edit in place is announced, as StateEditor does (the file backend rewrites only announced links).
      markLinksChanged(state.data.syncs.contacts!.links);
      state.data.syncs.contacts!.cursors.right = '2026-02-01T00:00:00.000Z';
      await state.save();
    });
    const again = await backend.read();
    assert.is(again.serial, 2);
    assert.is(again.lineage, lineage);
    assert.is(again.syncs.contacts!.links[0]!.base.left.name, 'Renamed');
    assert.is(again.syncs.contacts!.cursors.right, '2026-02-01T00:00:00.000Z');
  });

  test('removed links, failures and journal entries stay removed', async () => {
    const backend = await open();
    await write(backend, ['contacts'], async (state) => {
      fill(state.data, 'contacts', 4);
      await state.save();
      state.data.syncs.contacts!.links.splice(1, 1);
      state.data.syncs.contacts!.failures = [];
      state.data.journal = [];
      await state.save();
    });
    const state = await backend.read();
    assert.equal(
      state.syncs.contacts!.links.map((l) => l.left),
      ['L0', 'L2', 'L3'],
    );
    assert.equal(state.syncs.contacts!.failures, []);
    assert.equal(state.journal, []);
  });

  test('a run that dies keeps every save it made, and loses only what it had not saved', async () => {
    const backend = await open();
    const died = await errorCode(
      write(backend, ['contacts'], async (state) => {
        fill(state.data, 'contacts', 3);
        await state.save();
        state.data.syncs.contacts!.links.push(link(99));
        throw new Error('killed');
      }),
    );
    assert.is(died, 'Error: killed');
    const state = await backend.read();
    assert.equal(
      state.syncs.contacts!.links.map((l) => l.left),
      ['L0', 'L1', 'L2'],
    );
    assert.is(state.serial, 1);
  });

  test('a second writer of the same sync is refused at once, or waits with a lock timeout and reads what the first saved', async () => {
    const backend = await open();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const first = write(backend, ['contacts'], async (state) => {
      fill(state.data, 'contacts', 2);
      started();
      await held;
      await state.save();
    });
    await inside;
    assert.is(await errorCode(write(backend, ['contacts'], async () => undefined)), 'state-locked');
    const waiting = write(backend, ['contacts'], async (state) => state.data.syncs.contacts?.links.length, { lockTimeoutMs: 10_000 });
    setTimeout(release, 300);
    await first;
    assert.is(await waiting, 2);
  });

  test("a writer that lost its lock cannot write, and the new holder's state stands", async () => {
    const backend = await open();
    const outcome = await write(backend, ['contacts'], async (state) => {
      fill(state.data, 'contacts', 2);
      await state.save();
      await kind.steal(backend, 'contacts');
      await write(backend, ['contacts'], async (other) => {
        other.data.syncs.contacts!.cursors.left = 'taken-over';
        await other.save();
      });
      state.data.syncs.contacts!.cursors.left = 'stale-writer';
      return errorCode(state.save());
    });
    assert.is(outcome, 'state-lock-lost');
    assert.is((await backend.read()).syncs.contacts!.cursors.left, 'taken-over');
  });

  test('runs() names the run holding a sync while it runs, and nothing after', async () => {
    const backend = await open();
    const during = await write(backend, ['contacts'], async () => backend.runs(['contacts']));
    assert.is(during.contacts?.pid, process.pid);
    assert.is(during.contacts?.operation, 'apply');
    assert.equal(await backend.runs(['contacts']), {});
  });

  test('replace writes a whole state with its own lineage and serial, dropping what was there', async () => {
    const backend = await open();
    await write(backend, ['old'], async (state) => {
      fill(state.data, 'old', 2);
      await state.save();
    });
    const incoming: StateFile = { format: 'crmsync-state', version: 3, lineage: 'b3a1c1de-0000-4000-8000-000000000001', serial: 41, syncs: {}, journal: [] };
    fill(incoming, 'contacts', 3);
    incoming.accounts = { crm: { app: 'hubspot', id: '12345', label: 'portal 12345', at: '2026-01-01T00:00:00.000Z' } };
    await backend.replace(incoming, {});
    assert.equal(plain(await backend.read()), incoming, "the state's own fields (its accounts) come back too");
  });

  test.run();
}
