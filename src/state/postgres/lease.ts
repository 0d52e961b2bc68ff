/**
 * A lease per sync: a row in crmsync_leases naming its holder, with an expiry that a heartbeat
 * pushes forward and a fencing token drawn from a sequence when the lease is taken. Every state
 * write checks, in its own transaction and under the lease rows' locks, that this run's tokens are
 * still there and unexpired; a run that was paused or cut off past its expiry finds another token
 * (or none) and cannot write. An expired lease is taken over without anyone's help: that is what
 * the expiry is for, and the fencing token keeps the old holder from writing afterwards.
 *
 * Leases are rows, not session advisory locks, so they work behind PgBouncer in transaction mode.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { CrmsyncError } from '../../errors.js';
import { inTransaction } from './transaction.js';

export const DEFAULT_LEASE_MS = 60_000;

export interface LeaseRow {
  sync: string;
  holder: string;
  token: string;
  operation: string;
  host: string;
  pid: number;
  since: Date;
  expires_at: Date;
}

export interface Leases {
  holder: string;
  /** sync → fencing token. */
  tokens: Map<string, string>;
  /** Set once a heartbeat finds a lease gone. */
  lost?: string;
  stop(): void;
}

/** A lease another run holds: it ends the transaction (rolling back the leases taken before it). */
class Held {
  constructor(readonly sync: string) {}
}

async function tryTake(pool: pg.Pool, syncs: string[], holder: string, operation: string, leaseMs: number): Promise<Map<string, string> | LeaseRow> {
  try {
    return await inTransaction(pool, async (client) => {
      const tokens = new Map<string, string>();
      // In name order, so two runs asking for overlapping syncs never wait on each other in a cycle.
      for (const sync of [...syncs].sort()) {
        const { rows } = await client.query<{ token: string }>(
          `INSERT INTO crmsync_leases (sync, holder, token, operation, host, pid, since, expires_at)
           VALUES ($1, $2, nextval('crmsync_fence'), $3, $4, $5, now(), now() + $6 * interval '1 millisecond')
           ON CONFLICT (sync) DO UPDATE SET holder = excluded.holder, token = excluded.token, operation = excluded.operation,
             host = excluded.host, pid = excluded.pid, since = excluded.since, expires_at = excluded.expires_at
           WHERE crmsync_leases.expires_at <= now()
           RETURNING token`,
          [sync, holder, operation, hostname(), process.pid, leaseMs],
        );
        if (!rows.length) throw new Held(sync);
        tokens.set(sync, rows[0]!.token);
      }
      return tokens;
    });
  } catch (error) {
    if (!(error instanceof Held)) throw error;
    const held = await pool.query<LeaseRow>('SELECT * FROM crmsync_leases WHERE sync = $1', [error.sync]);
    return held.rows[0]!;
  }
}

/** Takes the leases of `syncs`, waiting up to `timeoutMs` for their holders, and keeps them alive until stop(). */
export async function takeLeases(pool: pg.Pool, syncs: string[], operation: string, options: { timeoutMs: number; leaseMs: number }): Promise<Leases> {
  const holder = randomUUID();
  const deadline = Date.now() + options.timeoutMs;
  let tokens: Map<string, string>;
  for (;;) {
    const got = await tryTake(pool, syncs, holder, operation, options.leaseMs);
    if (got instanceof Map) {
      tokens = got;
      break;
    }
    if (Date.now() >= deadline) {
      throw new CrmsyncError(
        'state-locked',
        `sync ${got.sync} is leased by another run (${got.operation}, pid ${got.pid} on ${got.host}, since ${got.since.toISOString()}, until ${got.expires_at.toISOString()} unless renewed)`,
        'wait for it to finish, or pass --lock-timeout 60s to wait; a run that crashed loses its lease when it expires',
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const leases: Leases = { holder, tokens, stop: () => clearInterval(timer) };
  // Heartbeat three times per lease period: one late beat does not lose the lease.
  const beat = async () => {
    const { rows } = await pool.query<{ sync: string }>(
      `UPDATE crmsync_leases SET expires_at = now() + $3 * interval '1 millisecond'
       WHERE sync = ANY($1) AND holder = $2 AND expires_at > now() RETURNING sync`,
      [[...tokens.keys()], holder, options.leaseMs],
    );
    if (rows.length < tokens.size) {
      const kept = new Set(rows.map((r) => r.sync));
      leases.lost ??= [...tokens.keys()].find((s) => !kept.has(s));
    }
  };
  const timer = setInterval(() => void beat().catch(() => undefined), Math.max(50, Math.floor(options.leaseMs / 3)));
  timer.unref();
  return leases;
}

/**
 * Fencing, inside a write's transaction: locks this run's lease rows and checks each still carries
 * this run's token and has not expired. Throws state-lock-lost otherwise, before anything is written.
 */
export async function checkFence(client: pg.ClientBase, leases: Leases, where: string): Promise<void> {
  const syncs = [...leases.tokens.keys()].sort();
  const { rows } = await client.query<{ sync: string; token: string; live: boolean }>(
    'SELECT sync, token, expires_at > now() AS live FROM crmsync_leases WHERE sync = ANY($1) ORDER BY sync FOR UPDATE',
    [syncs],
  );
  const found = new Map(rows.map((r) => [r.sync, r]));
  for (const sync of syncs) {
    const row = found.get(sync);
    if (row && row.token === leases.tokens.get(sync) && row.live) continue;
    throw new CrmsyncError(
      'state-lock-lost',
      `this run's lease on sync ${sync} in ${where} ${row && row.token !== leases.tokens.get(sync) ? 'was taken over by another run' : 'expired'} (its heartbeat stopped for longer than the lease), so its last changes were not saved`,
      'run crmsync apply again: it recovers creates this run made but could not record',
    );
  }
}

export async function releaseLeases(pool: pg.Pool, leases: Leases): Promise<void> {
  leases.stop();
  await pool.query('DELETE FROM crmsync_leases WHERE holder = $1', [leases.holder]);
}
