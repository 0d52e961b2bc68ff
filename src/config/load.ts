/** Reading syncs/*.yaml from disk (the I/O edge of the config phase). */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { parseSource, type SourceFile } from './source.js';

export interface Loaded {
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

export async function loadSyncs(root: string, dir = 'syncs'): Promise<Loaded> {
  const folder = join(root, dir);
  let names: string[];
  try {
    names = (await readdir(folder)).filter(isYaml).sort();
  } catch {
    names = [];
  }
  if (names.length === 0) {
    return {
      files: [],
      diagnostics: [
        { code: 'no-config', severity: 'error', file: relative(root, folder) || dir, line: 1, col: 1, start: 0, end: 1,
          message: `no .yaml files in ${relative(root, folder) || dir}/`,
          hint: 'run crmsync in the project folder, or pass --dir; see the README quick start for an example sync' },
      ],
    };
  }
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of names) {
    const path = relative(root, join(folder, name));
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(folder, name));
    } catch (error) {
      diagnostics.push({ code: 'file-unreadable', severity: 'error', file: path, line: 1, col: 1, start: 0, end: 1,
        message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        hint: 'check the file permissions' });
      continue;
    }
    const parsed = parseSource(path, bytes);
    files.push(parsed.file);
    diagnostics.push(...parsed.diagnostics);
  }
  return { files, diagnostics };
}
