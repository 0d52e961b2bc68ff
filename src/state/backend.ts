/**
 * Where the state lives. Two backends behind one interface, tested by one shared suite
 * (test/state/backends.test.ts): the embedded default, a file written through lowdb (file-backend.ts),
 * and PostgreSQL (postgres/backend.ts), where links, failures, cursors and the journal are rows and
 * every run leases the syncs it writes.
 */
import { resolve } from 'node:path';
import { CrmsyncError } from '../errors.js';
import type { StateStore } from './store.js';
import type { StateFile } from './types.js';
import type { DeadLetter } from './postgres/worker-runs.js';

export interface WithStateOptions {
  /** How long to wait for another run's lock or lease (ms); 0 fails at once. */
  lockTimeoutMs?: number;
  /** The syncs this run writes. PostgreSQL leases only these, so runs of other syncs go on at the same time; a file is locked whole. */
  syncs?: string[];
  /** PostgreSQL: how long a lease lives without a heartbeat (ms). */
  leaseMs?: number;
}

/** A run that holds a sync's lock or lease, for `crmsync status`. */
export interface RunInfo {
  operation: string;
  pid: number;
  host: string;
  since: string;
  /** PostgreSQL: when the lease ends unless its heartbeat renews it. */
  until?: string;
}

export interface StateBackend {
  /** The state's location for messages (a URL without its password). */
  readonly where: string;
  /** A consistent snapshot, for commands that only read (plan, status). Never writes. */
  read(): Promise<StateFile>;
  /** Locks (file) or leases (PostgreSQL) first, reads second, and writes only while still holding it. */
  withState<T>(operation: string, options: WithStateOptions, fn: (state: StateStore) => Promise<T>): Promise<T>;
  /** The runs holding syncs now, by sync: the file's lock holds every sync, a PostgreSQL lease one. */
  runs(syncs: string[]): Promise<Record<string, RunInfo>>;
  /** Replaces the whole state, keeping its lineage and serial (state push / pull), under the lock of every sync. */
  replace(state: StateFile, options: WithStateOptions): Promise<void>;
  /** PostgreSQL: per sync, a `crmsync worker` run that used up its retries and has not been followed by a success. */
  deadLetters?(syncs: string[]): Promise<Record<string, DeadLetter>>;
  close(): Promise<void>;
}

export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//.test(location);

/** A URL with its password masked, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

export interface StateLocation {
  statePath: string;
  stateRef?: { env?: string; secret?: string };
}

/** The state's location from settings.state: a path, a postgres:// URL, or a reference holding one. */
export function stateLocation(settings: StateLocation, env: NodeJS.ProcessEnv, secrets: Record<string, string>): string {
  const ref = settings.stateRef;
  if (!ref) return settings.statePath;
  const value = ref.env !== undefined ? env[ref.env] : secrets[ref.secret!];
  if (value === undefined || value === '') {
    throw new CrmsyncError(
      'secret-missing',
      `settings.state needs ${ref.env !== undefined ? `environment variable ${ref.env}` : `secret ${ref.secret} in the secrets file`}, which is not set`,
      ref.env !== undefined ? `export ${ref.env}=postgres://… (or a file path) before running crmsync` : `add ${ref.secret}=postgres://… to the secrets file`,
    );
  }
  return value;
}

/** Opens the backend for a location: a postgres:// URL, or a file path relative to `root`. */
export async function openBackend(location: string, root: string): Promise<StateBackend> {
  if (isPostgresUrl(location)) {
    const { PostgresBackend } = await import('./postgres/backend.js');
    return new PostgresBackend(location);
  }
  const { FileBackend } = await import('./file-backend.js');
  return new FileBackend(resolve(root, location));
}
