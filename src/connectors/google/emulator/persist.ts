/**
 * Keeps the store in a JSON file: loaded on start, saved shortly after changes (debounced, so a
 * batch of 200 creates is one write, and 100k contacts stay cheap) and on close.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { GoogleStore, StoreSnapshot } from './store.js';

export interface Persistence {
  /** Notes a change; the file is written after the debounce. */
  changed(): void;
  /** Writes now if anything changed. */
  flush(): Promise<void>;
}

export function loadStore(store: GoogleStore, file: string): void {
  if (!existsSync(file)) return;
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as StoreSnapshot;
  if (snapshot.version !== 1) throw new Error(`${file}: unknown emulator data version ${String(snapshot.version)}`);
  store.load(snapshot);
}

export function persistTo(file: string, store: () => GoogleStore, debounceMs = 250): Persistence {
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    await writing;
    if (!dirty) return;
    dirty = false;
    // Write beside and rename, so a crash never leaves half a file.
    writing = writeFile(`${file}.tmp`, JSON.stringify(store().snapshot())).then(() => rename(`${file}.tmp`, file));
    await writing;
  };
  return {
    changed() {
      dirty = true;
      if (timer) return;
      timer = setTimeout(() => void flush(), debounceMs);
      timer.unref();
    },
    flush,
  };
}
