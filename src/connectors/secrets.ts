/** Reads the secrets file named by settings.secrets_file: KEY=value lines, # comments. */
import { readFile } from 'node:fs/promises';
import { CrmsyncError } from '../errors.js';

export async function parseSecrets(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CrmsyncError('secret-missing', `the secrets file ${path} cannot be read`, 'create it (KEY=value lines) or fix settings.secrets_file');
  }
  // KEY names are the user's (`toString` is one): no inherited keys may answer for them.
  const out: Record<string, string> = Object.create(null);
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}
