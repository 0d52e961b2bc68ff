/**
 * A state file that is a symlink (kept on another volume, shared by a CI cache) stays one: writes
 * go to the link's final target, which is replaced atomically there, instead of a new regular file
 * taking the link's place.
 */
import { readlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** The most links followed, as the kernel allows (MAXSYMLINKS); past it the write reports ELOOP. */
const MAX_LINKS = 40;

/** Where a write to `path` must go: `path` itself, or the end of its chain of symlinks (which may not exist yet). */
export async function writeTarget(path: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let link: string;
    try {
      link = await readlink(current);
    } catch {
      return current; // not a link (EINVAL), or nothing there yet (ENOENT)
    }
    current = resolve(dirname(current), link);
  }
  return current;
}
