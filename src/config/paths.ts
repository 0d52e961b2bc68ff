/**
 * Facts about the files a configuration names (the state, the secrets file, local stores), read
 * once at load so that the rules stay pure and `validate` catches a path that could never work,
 * with its file:line:col, instead of a run failing later with no location.
 */
import { stat, realpath } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';

export type PathKind =
  | 'file'
  | 'missing'
  | 'directory'
  /** A device, FIFO or socket: reading may never end, writing goes nowhere. */
  | 'special'
  /** Under /proc, /sys or /dev: kernel files, not a place for data. */
  | 'system'
  /** Some parent folder is a file. */
  | 'parent-not-directory'
  | 'inaccessible'
  /** Not probed (validation without the file system, e.g. in tests of the pure rules). */
  | 'unknown';

export type PathLookup = (path: string) => PathKind;

export const NO_PATHS: PathLookup = () => 'unknown';

const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];
const isSystem = (path: string) => SYSTEM_ROOTS.some((root) => path === root || path.startsWith(root + sep));

/** The real location of `path`: the real path of its nearest existing ancestor, plus the rest. */
async function realLocation(path: string): Promise<{ real: string; ancestorIsDir: boolean }> {
  let head = path;
  let tail = '';
  for (;;) {
    try {
      const real = await realpath(head);
      const info = await stat(real);
      return { real: tail ? resolve(real, tail) : real, ancestorIsDir: tail === '' || info.isDirectory() };
    } catch {
      const parent = dirname(head);
      if (parent === head) return { real: path, ancestorIsDir: true };
      tail = tail ? `${head.slice(parent.length + 1)}${sep}${tail}` : head.slice(parent.length + 1);
      head = parent;
    }
  }
}

async function probe(path: string): Promise<PathKind> {
  const { real, ancestorIsDir } = await realLocation(path);
  if (isSystem(real)) return 'system';
  if (!ancestorIsDir) return 'parent-not-directory';
  try {
    const info = await stat(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'special';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'missing' : code === 'ENOTDIR' ? 'parent-not-directory' : 'inaccessible';
  }
}

/** Every path the files name, probed relative to the project folder. */
export async function probePaths(data: unknown[], root: string): Promise<PathLookup> {
  const named = new Set<string>();
  for (const d of data) {
    const doc = d as { settings?: { state?: unknown; secrets_file?: unknown }; connections?: Record<string, { path?: unknown } | null> } | null;
    if (!doc || typeof doc !== 'object') continue;
    for (const p of [doc.settings?.state, doc.settings?.secrets_file]) if (typeof p === 'string') named.add(p);
    if (doc.connections && typeof doc.connections === 'object') {
      for (const c of Object.values(doc.connections)) if (typeof c?.path === 'string') named.add(c.path);
    }
  }
  const facts = new Map<string, PathKind>();
  for (const p of named) facts.set(p, await probe(resolve(root, p)));
  return (path) => facts.get(path) ?? 'unknown';
}
