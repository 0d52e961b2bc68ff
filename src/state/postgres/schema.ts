/**
 * The PostgreSQL schema, created and migrated by crmsync itself: an ordered list of migrations,
 * each applied once in its own transaction and recorded in crmsync_schema. Concurrent processes
 * migrate one at a time behind a transaction-level advisory lock (released at commit, so it is
 * safe behind PgBouncer in transaction mode).
 */
import type pg from 'pg';
import { CrmsyncError } from '../../errors.js';

/** Rows store each entry as JSON text (`json`, not `jsonb`), so the state reads back exactly as it was written. */
const MIGRATIONS: string[] = [
  `CREATE TABLE crmsync_meta (id int PRIMARY KEY CHECK (id = 1), lineage text NOT NULL, serial bigint NOT NULL, data json NOT NULL DEFAULT '{}');
   CREATE TABLE crmsync_syncs (sync text NOT NULL, key text NOT NULL, seq bigserial, data json NOT NULL, PRIMARY KEY (sync, key));
   CREATE TABLE crmsync_links (sync text NOT NULL, key text NOT NULL, seq bigserial, data json NOT NULL, PRIMARY KEY (sync, key));
   CREATE TABLE crmsync_failures (sync text NOT NULL, key text NOT NULL, seq bigserial, data json NOT NULL, PRIMARY KEY (sync, key));
   CREATE TABLE crmsync_journal (sync text NOT NULL, key text NOT NULL, seq bigserial, data json NOT NULL, PRIMARY KEY (sync, key));
   CREATE SEQUENCE crmsync_fence;
   CREATE TABLE crmsync_leases (sync text PRIMARY KEY, holder text NOT NULL, token bigint NOT NULL, operation text NOT NULL,
     host text NOT NULL, pid int NOT NULL, since timestamptz NOT NULL, expires_at timestamptz NOT NULL);`,
  // 2: a serial per sync (saved plans go stale per sync), and the runs of crmsync worker (status, dead letters).
  `CREATE TABLE crmsync_sync_serials (sync text PRIMARY KEY, serial bigint NOT NULL);
   CREATE TABLE crmsync_worker_runs (id bigserial PRIMARY KEY, sync text NOT NULL, worker text NOT NULL, host text NOT NULL, pid int NOT NULL,
     job text NOT NULL, attempt int NOT NULL, started_at timestamptz NOT NULL DEFAULT clock_timestamp(), ended_at timestamptz,
     outcome text, code text, message text, dead boolean NOT NULL DEFAULT false);
   CREATE INDEX crmsync_worker_runs_sync ON crmsync_worker_runs (sync, started_at);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
/** Any fixed number: the key of the advisory lock that serialises migrations. */
const MIGRATION_LOCK = 0x63726d73;

export async function migrateSchema(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS crmsync_schema (version int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM crmsync_schema');
    const current = rows[0]?.v ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new CrmsyncError(
        'state-future-version',
        `the PostgreSQL state has schema version ${current}, newer than this crmsync knows (${SCHEMA_VERSION})`,
        'upgrade crmsync',
      );
    }
    for (let v = current; v < SCHEMA_VERSION; v++) {
      await client.query(MIGRATIONS[v]!);
      await client.query('INSERT INTO crmsync_schema (version) VALUES ($1)', [v + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
