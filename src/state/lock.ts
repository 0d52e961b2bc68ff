/**
 * A lock beside the state file, so two applies never run at once. Created with O_EXCL, it holds
 * an id, the process and the time; `crmsync force-unlock ID` removes a lock left by a crash.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CrmsyncError } from '../errors.js';

export interface LockInfo {
  id: string;
  pid: number;
  host: string;
  operation: string;
  at: string;
}

export const lockPath = (statePath: string) => `${statePath}.lock`;

export async function readLock(statePath: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await readFile(lockPath(statePath), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

export interface Lock {
  info: LockInfo;
  release(): Promise<void>;
}

/** Takes the lock, waiting up to `timeoutMs` for another holder to release it. */
export async function acquireLock(statePath: string, operation: string, timeoutMs = 0): Promise<Lock> {
  const path = lockPath(statePath);
  await mkdir(dirname(path), { recursive: true });
  const info: LockInfo = { id: randomUUID(), pid: process.pid, host: hostname(), operation, at: new Date().toISOString() };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(info, null, 2));
      await handle.close();
      return {
        info,
        async release() {
          const current = await readLock(statePath);
          if (current?.id === info.id) await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() >= deadline) {
        const holder = await readLock(statePath);
        throw new CrmsyncError('state-locked',
          `the state is locked by another run${holder ? ` (${holder.operation}, pid ${holder.pid} on ${holder.host}, since ${holder.at}, lock id ${holder.id})` : ''}`,
          holder ? `wait for it to finish, pass --lock-timeout 60s to wait, or if that run crashed: crmsync force-unlock ${holder.id}` : 'wait for the other run, or remove the stale lock with crmsync force-unlock');
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function forceUnlock(statePath: string, id: string): Promise<LockInfo> {
  const current = await readLock(statePath);
  if (!current) throw new CrmsyncError('lock-not-found', 'the state is not locked', 'nothing to unlock');
  if (current.id !== id) throw new CrmsyncError('lock-not-found', `the lock id is ${current.id}, not ${id}`, `check the id; to remove this lock: crmsync force-unlock ${current.id}`);
  await unlink(lockPath(statePath));
  return current;
}
