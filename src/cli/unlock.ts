import { resolve } from 'node:path';
import { CrmsyncError } from '../errors.js';
import { loadProject } from '../pipeline.js';
import { isPostgresUrl } from '../state/backend.js';
import { forceUnlock, lockPath } from '../state/lock.js';
import { EXIT, println, type CliIO } from './io.js';
import { configFailed, printEnvelope, warnings } from './envelope.js';

export async function forceUnlockCommand(io: CliIO, args: { id: string; json?: boolean }): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (configFailed(io, 'force-unlock', loaded, !!args.json)) return EXIT.error;
  const { settings } = loaded.project!;
  if (settings.stateRef || isPostgresUrl(settings.statePath)) {
    throw new CrmsyncError(
      'usage',
      'the state is in PostgreSQL, where runs hold leases per sync, not a lock file',
      "a crashed run's lease expires by itself (60 s after its last heartbeat); crmsync status shows who holds which sync",
    );
  }
  const statePath = resolve(io.cwd, settings.statePath);
  const removed = await forceUnlock(statePath, args.id);
  if (args.json) {
    printEnvelope(io, 'force-unlock', 'ok', warnings(loaded), { lock: removed });
    return EXIT.ok;
  }
  if ('unreadable' in removed) println(io.stdout, `Removed the unreadable lock file ${lockPath(statePath)} (${removed.unreadable}).`);
  else println(io.stdout, `Removed the lock ${removed.id} (${removed.operation}, pid ${removed.pid} on ${removed.host}, since ${removed.at}).`);
  return EXIT.ok;
}
