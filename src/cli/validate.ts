import { load } from '../index.js';
import { isError } from '../config/diagnostics.js';
import { EXIT, println, type CliIO } from './io.js';
import { fromDiagnostic, printEnvelope } from './envelope.js';
import { renderDiagnostics } from './render-diagnostics.js';

export async function validateCommand(io: CliIO, args: { json: boolean }): Promise<number> {
  const loaded = await load({ root: io.cwd, env: io.env });
  const failed = loaded.diagnostics.some(isError);
  if (args.json) printEnvelope(io, 'validate', failed ? 'error' : 'ok', loaded.diagnostics.map(fromDiagnostic));
  else if (loaded.diagnostics.length) println(failed ? io.stderr : io.stdout, renderDiagnostics(loaded.diagnostics, loaded.files));
  if (!failed && !args.json)
    println(
      io.stdout,
      `The configuration is valid: ${loaded.project!.syncs.length} sync(s), ${Object.keys(loaded.project!.connections).length} connection(s).`,
    );
  return failed ? EXIT.error : EXIT.ok;
}
