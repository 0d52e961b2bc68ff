/**
 * Reading syncs/*.yaml from disk (the I/O edge of the config phase), defensively: only regular
 * files inside syncs/ (a symlink that leads out of it, to a secrets file or /dev/zero, is refused
 * unread), opened without blocking (a FIFO never hangs the run) and read no further than the size
 * cap, whatever the file claims.
 */
import { constants } from 'node:fs';
import { type FileHandle, open, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Diagnostic, DiagnosticCode } from './diagnostics.js';
import { MAX_FILE_BYTES, parseSource, type SourceFile } from './source.js';

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
        {
          code: 'no-config',
          severity: 'error',
          file: relative(root, folder) || dir,
          line: 1,
          col: 1,
          start: 0,
          end: 1,
          message: `no .yaml files in ${relative(root, folder) || dir}/`,
          hint: 'run crmsync in the project folder, or pass --dir; see the README quick start for an example sync',
        },
      ],
    };
  }
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const inside = await realpath(folder);
  for (const name of names) {
    const path = relative(root, join(folder, name));
    const read = await readBounded(join(folder, name), inside);
    if ('code' in read) {
      diagnostics.push({ code: read.code, severity: 'error', file: path, line: 1, col: 1, start: 0, end: 1, message: read.message, hint: read.hint });
      continue;
    }
    const parsed = parseSource(path, read.bytes);
    files.push(parsed.file);
    diagnostics.push(...parsed.diagnostics);
  }
  return { files, diagnostics };
}

type Refusal = { code: DiagnosticCode; message: string; hint: string };

/** The file's bytes, or why it is not read: outside syncs/, not a regular file, too large, unreadable. */
async function readBounded(path: string, folder: string): Promise<{ bytes: Uint8Array } | Refusal> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    return unreadable(error);
  }
  if (!real.startsWith(folder + sep)) {
    // Never read: its content (a secrets file, a device) could end up in an error message.
    return {
      code: 'outside-syncs',
      message: 'the file is a link to a file outside syncs/; it was not read',
      hint: 'copy the configuration into syncs/ instead of linking to it; secrets belong in settings.secrets_file or the environment',
    };
  }
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return unreadable(error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      return {
        code: 'not-a-file',
        message: `the file is ${info.isDirectory() ? 'a directory' : 'a device, pipe or socket'}, not a regular file; it was not read`,
        hint: 'syncs/ holds regular .yaml files only; move or rename this entry',
      };
    }
    if (info.size > MAX_FILE_BYTES) return tooLarge(info.size);
    // Read at most one byte past the cap: a file that grows while being read is still bounded.
    const buffer = Buffer.alloc(Math.min(info.size, MAX_FILE_BYTES) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > MAX_FILE_BYTES) return tooLarge(length);
    return { bytes: buffer.subarray(0, length) };
  } catch (error) {
    return unreadable(error);
  } finally {
    await handle.close();
  }
}

const tooLarge = (size: number): Refusal => ({
  code: 'file-too-large',
  message: `file is ${size} bytes or more; the limit is ${MAX_FILE_BYTES}`,
  hint: 'one sync per file needs far less; split the file or remove generated content',
});

const unreadable = (error: unknown): Refusal => ({
  code: 'file-unreadable',
  message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
  hint: 'check the file and its permissions',
});
