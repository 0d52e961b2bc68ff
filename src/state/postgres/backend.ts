/**
 * The PostgreSQL backend: the state as rows (rows.ts), read in one repeatable-read snapshot, and
 * written per save in one transaction that first checks this run's leases (lease.ts). A save
 * writes only what changed since the previous one, so a crash loses at most the save in flight,
 * never one already committed.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { CrmsyncError } from '../../errors.js';
import { redactUrl, type RunInfo, type StateBackend, type WithStateOptions } from '../backend.js';
import type { StateStore } from '../store.js';
import type { StateFile } from '../types.js';
import { checkFence, DEFAULT_LEASE_MS, releaseLeases, takeLeases, type LeaseRow, type Leases } from './lease.js';
import { diffRows, ENTRY_TABLES, fromRows, stateFields, toRows, type RowChange, type Table } from './rows.js';
import { migrateSchema } from './schema.js';
import { inTransaction } from './transaction.js';
import { setSyncSerials, syncSerialsOf } from '../sync-serials.js';
import { deadLetters, type DeadLetter } from './worker-runs.js';

const TABLES: Table[] = ['crmsync_syncs', ...ENTRY_TABLES];
/** Rows per statement when writing: large saves go in several statements of one transaction. */
const BATCH = 5000;

async function readAll(client: pg.ClientBase): Promise<StateFile> {
  const meta = await client.query<{ lineage: string; serial: string; data: string }>(
    'SELECT lineage, serial, data::text AS data FROM crmsync_meta WHERE id = 1',
  );
  const rows = {} as Record<Table, Array<{ sync: string; data: string }>>;
  for (const table of TABLES) {
    rows[table] = (await client.query<{ sync: string; data: string }>(`SELECT sync, data::text AS data FROM ${table} ORDER BY sync, seq`)).rows;
  }
  const serials = await client.query<{ sync: string; serial: string }>('SELECT sync, serial FROM crmsync_sync_serials');
  const m = meta.rows[0];
  return fromRows(
    m ? { lineage: m.lineage, serial: Number(m.serial), data: m.data } : undefined,
    rows,
    Object.fromEntries(serials.rows.map((r) => [r.sync, Number(r.serial)])),
  );
}

/** Increments the serial of each sync a write changed (a saved plan of other syncs stays valid). */
async function bumpSyncSerials(client: pg.ClientBase, syncs: string[]): Promise<Record<string, number>> {
  if (!syncs.length) return {};
  const { rows } = await client.query<{ sync: string; serial: string }>(
    `INSERT INTO crmsync_sync_serials (sync, serial) SELECT unnest($1::text[]), 1
     ON CONFLICT (sync) DO UPDATE SET serial = crmsync_sync_serials.serial + 1 RETURNING sync, serial`,
    [[...new Set(syncs)].sort()],
  );
  return Object.fromEntries(rows.map((r) => [r.sync, Number(r.serial)]));
}

async function writeChanges(client: pg.ClientBase, changes: RowChange[]): Promise<void> {
  for (const table of TABLES) {
    const mine = changes.filter((c) => c.table === table);
    for (let i = 0; i < mine.length; i += BATCH) {
      const batch = mine.slice(i, i + BATCH);
      const gone = batch.filter((c) => c.data === undefined);
      const kept = batch.filter((c) => c.data !== undefined);
      if (gone.length) {
        await client.query(`DELETE FROM ${table} t USING unnest($1::text[], $2::text[]) AS g(sync, key) WHERE t.sync = g.sync AND t.key = g.key`, [
          gone.map((c) => c.sync),
          gone.map((c) => c.key),
        ]);
      }
      if (kept.length) {
        await client.query(
          `INSERT INTO ${table} (sync, key, data) SELECT * FROM unnest($1::text[], $2::text[], $3::json[])
          ON CONFLICT (sync, key) DO UPDATE SET data = excluded.data`,
          [kept.map((c) => c.sync), kept.map((c) => c.key), kept.map((c) => c.data)],
        );
      }
    }
  }
}

export class PostgresBackend implements StateBackend {
  readonly where: string;
  private readonly pool: pg.Pool;
  private ready?: Promise<void>;

  constructor(url: string) {
    this.where = redactUrl(url);
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
    // An idle client that loses its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /** Connects and creates or migrates the schema, once per backend. */
  private schema(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.pool.connect().catch((error: Error) => {
        throw new CrmsyncError(
          'state-unreachable',
          `cannot connect to the PostgreSQL state at ${this.where}: ${error.message}`,
          'check settings.state (host, port, database, user) and that the server is running',
        );
      });
      try {
        await migrateSchema(client);
      } finally {
        client.release();
      }
    })();
    return this.ready;
  }

  async read(): Promise<StateFile> {
    await this.schema();
    return inTransaction(this.pool, readAll, 'REPEATABLE READ READ ONLY');
  }

  /** Leases the run's syncs, then reads; every save checks the leases in its transaction first. */
  async withState<T>(operation: string, options: WithStateOptions, fn: (state: StateStore) => Promise<T>): Promise<T> {
    await this.schema();
    const leases = await takeLeases(this.pool, options.syncs ?? [], operation, {
      timeoutMs: options.lockTimeoutMs ?? 0,
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    });
    try {
      return await fn(await this.open(leases));
    } finally {
      await releaseLeases(this.pool, leases).catch(() => undefined);
    }
  }

  private async open(leases: Leases): Promise<StateStore> {
    const data = await this.read();
    let saved = toRows(data);
    const pool = this.pool;
    const where = this.where;
    return {
      path: where,
      data,
      async save() {
        const now = toRows(data);
        const changes = diffRows(saved, now);
        const outside = changes.find((c) => !leases.tokens.has(c.sync));
        if (outside) throw new Error(`a save changed sync ${outside.sync}, which this run has not leased`);
        const meta = await inTransaction(pool, async (client) => {
          await checkFence(client, leases, where);
          await writeChanges(client, changes);
          setSyncSerials(data, {
            ...syncSerialsOf(data),
            ...(await bumpSyncSerials(
              client,
              changes.map((c) => c.sync),
            )),
          });
          const { rows } = await client.query<{ lineage: string; serial: string }>(
            `INSERT INTO crmsync_meta (id, lineage, serial, data) VALUES (1, $1, 1, $2)
             ON CONFLICT (id) DO UPDATE SET serial = crmsync_meta.serial + 1, data = excluded.data RETURNING lineage, serial`,
            [randomUUID(), stateFields(data)],
          );
          return rows[0]!;
        });
        data.lineage = meta.lineage;
        data.serial = Number(meta.serial);
        saved = now;
      },
    };
  }

  async runs(syncs: string[]): Promise<Record<string, RunInfo>> {
    await this.schema();
    const { rows } = await this.pool.query<LeaseRow>('SELECT * FROM crmsync_leases WHERE sync = ANY($1) AND expires_at > now()', [syncs]);
    return Object.fromEntries(
      rows.map((r) => [r.sync, { operation: r.operation, pid: r.pid, host: r.host, since: r.since.toISOString(), until: r.expires_at.toISOString() }]),
    );
  }

  async deadLetters(syncs: string[]): Promise<Record<string, DeadLetter>> {
    await this.schema();
    return deadLetters(this.pool, syncs);
  }

  async replace(state: StateFile, options: WithStateOptions): Promise<void> {
    await this.schema();
    const current = await this.read();
    const syncs = [...new Set([...Object.keys(current.syncs), ...Object.keys(state.syncs), ...state.journal.map((j) => j.sync)])];
    const leases = await takeLeases(this.pool, syncs, 'state replace', { timeoutMs: options.lockTimeoutMs ?? 0, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS });
    try {
      await inTransaction(this.pool, async (client) => {
        await checkFence(client, leases, this.where);
        for (const table of TABLES) await client.query(`DELETE FROM ${table}`);
        await writeChanges(client, diffRows(toRows({ ...current, syncs: {}, journal: [] }), toRows(state)));
        // Every sync's history was replaced: plans made before are stale, whichever sync they plan.
        await bumpSyncSerials(client, syncs);
        await client.query(
          `INSERT INTO crmsync_meta (id, lineage, serial, data) VALUES (1, $1, $2, $3)
          ON CONFLICT (id) DO UPDATE SET lineage = excluded.lineage, serial = excluded.serial, data = excluded.data`,
          [state.lineage, state.serial, stateFields(state)],
        );
      });
    } finally {
      await releaseLeases(this.pool, leases).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
