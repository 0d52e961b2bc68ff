import { resolve } from 'node:path';
import { isError } from '../config/diagnostics.js';
import { loadProject } from '../pipeline.js';
import { forceUnlock, lockPath } from '../state/lock.js';
import { EXIT, println, type CliIO } from './io.js';
import { renderDiagnostics } from './render-diagnostics.js';

export async function forceUnlockCommand(io: CliIO, args: { id: string }): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (loaded.diagnostics.some(isError)) {
    println(io.stderr, renderDiagnostics(loaded.diagnostics, loaded.files));
    return EXIT.error;
  }
  const statePath = resolve(io.cwd, loaded.project!.settings.statePath);
  const removed = await forceUnlock(statePath, args.id);
  if ('unreadable' in removed) println(io.stdout, `Removed the unreadable lock file ${lockPath(statePath)} (${removed.unreadable}).`);
  else println(io.stdout, `Removed the lock ${removed.id} (${removed.operation}, pid ${removed.pid} on ${removed.host}, since ${removed.at}).`);
  return EXIT.ok;
}
