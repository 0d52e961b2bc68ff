import { loadProject } from '../pipeline.js';
import { isError } from '../config/diagnostics.js';
import { EXIT, println, type CliIO } from './io.js';
import { renderDiagnostics } from './render-diagnostics.js';

export async function validateCommand(io: CliIO, args: { json: boolean }): Promise<number> {
  const loaded = await loadProject(io.cwd);
  const failed = loaded.diagnostics.some(isError);
  if (args.json) println(io.stdout, JSON.stringify({ valid: !failed, diagnostics: loaded.diagnostics.map(({ start: _s, end: _e, ...d }) => d) }, null, 2));
  else if (loaded.diagnostics.length) println(failed ? io.stderr : io.stdout, renderDiagnostics(loaded.diagnostics, loaded.files));
  if (!failed && !args.json) println(io.stdout, `The configuration is valid: ${loaded.project!.syncs.length} sync(s), ${Object.keys(loaded.project!.connections).length} connection(s).`);
  return failed ? EXIT.error : EXIT.ok;
}
