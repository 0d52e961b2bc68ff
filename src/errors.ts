/**
 * User-facing errors: a code, a message that names the thing, and a hint that says what to do.
 * The CLI prints these without a stack trace; anything else is an internal error.
 */
import type { Diagnostic } from './config/diagnostics.js';

export type ErrorCode =
  | 'config-invalid'
  | 'state-corrupt'
  | 'state-future-version'
  | 'state-locked'
  | 'lock-not-found'
  | 'state-lock-lost'
  | 'state-unreachable'
  | 'unknown-sync'
  | 'state-empty'
  | 'state-lineage-mismatch'
  | 'state-newer'
  | 'state-account-mismatch'
  | 'plan-stale'
  | 'plan-invalid'
  | 'plan-unsupported'
  | 'plan-unreadable'
  | 'apply-declined'
  | 'connection-failed'
  | 'secret-missing'
  | 'store-corrupt'
  | 'mass-delete'
  | 'usage'
  | 'unknown-sync'
  | 'state-lineage-mismatch'
  | 'state-serial-mismatch'
  | 'state-record'
  | 'file-exists'
  // crmsync worker: the state is not in PostgreSQL; a run that ended in error; a job taken while stopping.
  | 'worker-needs-postgres'
  | 'apply-failed'
  | 'worker-stopping'
  // The file system refused (system error codes, by what the user can do about them).
  | 'not-found'
  | 'is-a-directory'
  | 'not-a-directory'
  | 'permission-denied'
  | 'read-only'
  | 'disk-full'
  | 'file-system';

export class CrmsyncError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    /** The located problems behind the error, when there are several (a configuration checked live). */
    readonly diagnostics?: readonly Diagnostic[],
  ) {
    super(message);
    this.name = 'CrmsyncError';
  }
}

const SYSTEM: Record<string, [ErrorCode, string, string]> = {
  ENOENT: ['not-found', 'does not exist', 'create it, or fix the path in syncs/'],
  EISDIR: ['is-a-directory', 'is a directory, not a file', 'point the setting at a file inside it, e.g. dir/state.json'],
  ENOTDIR: ['not-a-directory', 'has a file where a folder is expected', 'fix the path: one of its parent folders is a file'],
  EACCES: ['permission-denied', 'cannot be accessed: permission denied', 'check the permissions of the file and its folder'],
  EPERM: ['permission-denied', 'cannot be changed: operation not permitted', 'check the permissions and attributes of the file and its folder'],
  EROFS: ['read-only', 'is on a read-only file system', 'point the path at a writable folder, or remount it writable'],
  ENOSPC: ['disk-full', 'cannot be written: no space left on the device', 'free some space, then run again; nothing was half-written'],
  EDQUOT: ['disk-full', 'cannot be written: disk quota exceeded', 'free some space or raise the quota, then run again'],
};

/** A Node system error (EISDIR, EROFS, ENOSPC, ENOENT, EACCES, …) as a user error naming the path. */
export function fromSystemError(error: unknown): CrmsyncError | undefined {
  const e = error as NodeJS.ErrnoException | null;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code) || typeof e.syscall !== 'string') return undefined;
  const [code, what, hint] = SYSTEM[e.code] ?? ['file-system', `failed (${e.syscall})`, 'check the path, its permissions and the disk'];
  const path = e.path ?? (e as { dest?: string }).dest;
  return new CrmsyncError(code, `${path ?? 'a file'} ${what} (${e.code}, ${e.syscall})`, hint);
}
