/**
 * Temporary folders for tests. Each one is registered here and removed when the suite that made it
 * ends (test/runner/uvu.ts calls `removeTempDirsSince`), and whatever is left when the process exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A new empty folder under the system's temp folder, removed after the suite. */
export function tempDir(prefix = 'crmsync-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** How many folders have been made so far: a mark to pass to `removeTempDirsSince`. */
export const tempDirMark = (): number => made.length;

/** Removes the folders made since `mark` (all of them by default). */
export function removeTempDirsSince(mark = 0): void {
  for (const dir of made.splice(mark)) rmSync(dir, { recursive: true, force: true });
}

process.on('exit', () => removeTempDirsSince(0));
