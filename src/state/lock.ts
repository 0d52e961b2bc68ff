/**
 * A lock beside the state file, so two runs that write state never overlap. It records an id, the
 * process id, the host and the start time. It is written to a temporary file first and then
 * hard-linked into place: link() fails if the lock exists, and a lock that exists is always
 * complete, so a reader never sees a half-written lock of a live run.
 *
 * A stale lock (its process is gone from this host) is reported as stale, never taken over
 * silently: like Terraform, crmsync leaves that decision to `crmsync force-unlock ID`, because a
 * crashed run may have left creates to recover that the operator may want to look at first. An
 * unreadable lock (empty or not JSON, e.g. from a disk that filled up) is reported as such and
 * `crmsync force-unlock unreadable` removes it.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CrmsyncError } from '../errors.js';

export interface LockInfo {
  id: string;
  pid: number;
  host: string;
  operation: string;
  at: string;
}

/** The id `force-unlock` takes for a lock file that holds no readable lock. */
export const UNREADABLE_LOCK_ID = 'unreadable';

export const lockPath = (statePath: string) => `${statePath}.lock`;

/** What is on disk: no lock, a lock, or a file that is not one (with its first bytes, for the message). */
export type LockFile = { kind: 'none' } | { kind: 'held'; info: LockInfo } | { kind: 'unreadable'; why: string };

function isLockInfo(v: unknown): v is LockInfo {
  const o = v as Partial<LockInfo> | null;
  return !!o && typeof o === 'object' && typeof o.id === 'string' && typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.at === 'string';
}

export async function readLockFile(statePath: string): Promise<LockFile> {
  let text: string;
  try {
    text = await readFile(lockPath(statePath), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', why: `it cannot be read (${(error as NodeJS.ErrnoException).code})` };
  }
  if (!text.trim()) return { kind: 'unreadable', why: 'it is empty' };
  try {
    const parsed: unknown = JSON.parse(text);
    return isLockInfo(parsed)
      ? { kind: 'held', info: { ...parsed, operation: typeof parsed.operation === 'string' ? parsed.operation : 'unknown' } }
      : { kind: 'unreadable', why: 'it is JSON but not a crmsync lock' };
  } catch {
    return { kind: 'unreadable', why: 'it is not JSON' };
  }
}

export async function readLock(statePath: string): Promise<LockInfo | undefined> {
  const file = await readLockFile(statePath);
  return file.kind === 'held' ? file.info : undefined;
}

/** True when the lock's process is known to be gone: same host, and no such pid. */
export function isStale(info: LockInfo, host = hostname()): boolean {
  if (info.host !== host) return false; // another machine's process cannot be checked from here
  try {
    process.kill(info.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface Lock {
  info: LockInfo;
  /** True while the lock file on disk is still this lock (nobody force-unlocked it meanwhile). */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

function lockedError(statePath: string, file: LockFile): CrmsyncError {
  if (file.kind === 'unreadable') {
    return new CrmsyncError(
      'state-locked',
      `the state lock ${lockPath(statePath)} is unreadable: ${file.why} (a run may have crashed while creating it)`,
      `if no other crmsync run is active, remove it with: crmsync force-unlock ${UNREADABLE_LOCK_ID}`,
    );
  }
  if (file.kind === 'none') return new CrmsyncError('state-locked', 'the state lock could not be taken', 'try again');
  const h = file.info;
  const who = `${h.operation}, pid ${h.pid} on ${h.host}, since ${h.at}, lock id ${h.id}`;
  if (isStale(h)) {
    return new CrmsyncError(
      'state-locked',
      `the state is locked by a run that is no longer running (${who}): the lock is stale`,
      `crmsync never takes a stale lock over by itself; check that no run is active, then: crmsync force-unlock ${h.id} (the next apply recovers any create the crashed run left unrecorded)`,
    );
  }
  return new CrmsyncError(
    'state-locked',
    `the state is locked by another run (${who})`,
    `wait for it to finish, pass --lock-timeout 60s to wait, or if that run crashed: crmsync force-unlock ${h.id}`,
  );
}

/** Puts the lock in place, or fails with EEXIST; where hard links are unsupported, an exclusive create. */
async function place(temp: string, path: string, info: LockInfo): Promise<void> {
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    await writeFile(path, JSON.stringify(info, null, 2), { flag: 'wx' });
  }
}

/** Takes the lock, waiting up to `timeoutMs` for another holder to release it. */
export async function acquireLock(statePath: string, operation: string, timeoutMs = 0): Promise<Lock> {
  const path = lockPath(statePath);
  await mkdir(dirname(path), { recursive: true });
  const info: LockInfo = { id: randomUUID(), pid: process.pid, host: hostname(), operation, at: new Date().toISOString() };
  const temp = `${path}.${info.id}.tmp`;
  await writeFile(temp, JSON.stringify(info, null, 2));
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await place(temp, path, info);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (Date.now() >= deadline) throw lockedError(statePath, await readLockFile(statePath));
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  const held = async () => (await readLock(statePath))?.id === info.id;
  return {
    info,
    held,
    async release() {
      if (await held()) await unlink(path).catch(() => undefined);
    },
  };
}

/** Removes the lock whose id is `id`; `unreadable` removes a lock file that holds no readable lock. */
export async function forceUnlock(statePath: string, id: string): Promise<LockInfo | { unreadable: string }> {
  const file = await readLockFile(statePath);
  if (file.kind === 'none') throw new CrmsyncError('lock-not-found', 'the state is not locked', 'nothing to unlock');
  if (file.kind === 'unreadable') {
    if (id !== UNREADABLE_LOCK_ID)
      throw new CrmsyncError(
        'lock-not-found',
        `the lock file ${lockPath(statePath)} is unreadable (${file.why}), so it has no id ${id}`,
        `to remove it: crmsync force-unlock ${UNREADABLE_LOCK_ID}`,
      );
    await unlink(lockPath(statePath));
    return { unreadable: file.why };
  }
  if (file.info.id !== id)
    throw new CrmsyncError(
      'lock-not-found',
      `the lock id is ${file.info.id}, not ${id}`,
      `check the id; to remove this lock: crmsync force-unlock ${file.info.id}`,
    );
  await unlink(lockPath(statePath));
  return file.info;
}
