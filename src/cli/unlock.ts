import { resolve } from 'node:path';
import { isError } from '../config/diagnostics.js';
import { loadProject } from '../pipeline.js';
import { forceUnlock } from '../state/lock.js';
import { EXIT, println, type CliIO } from './io.js';
import { renderDiagnostics } from './render-diagnostics.js';

export async function forceUnlockCommand(io: CliIO, args: { id: string }): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (loaded.diagnostics.some(isError)) {
    println(io.stderr, renderDiagnostics(loaded.diagnostics, loaded.files));
    return EXIT.error;
  }
  const info = await forceUnlock(resolve(io.cwd, loaded.project!.settings.statePath), args.id);
  println(io.stdout, `Removed the lock ${info.id} (${info.operation}, pid ${info.pid} on ${info.host}, since ${info.at}).`);
  return EXIT.ok;
}
