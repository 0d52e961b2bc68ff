/**
 * Saving the org to a JSON file and loading it back, so a sandbox keeps its data between runs.
 * Saves are debounced: a burst of writes costs one save.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ApiBudget } from './budget.js';
import type { Row } from './soql/resolve.js';
import type { SalesforceStore } from './store.js';

interface Snapshot {
  version: 1;
  counters: { serial: number; lastStamp: number };
  apiUsage: number;
  tables: Record<string, { rows: Row[]; deletedAt: Array<[string, number]> }>;
}

export function saveSnapshot(path: string, store: SalesforceStore, budget: ApiBudget): void {
  const snapshot: Snapshot = { version: 1, counters: store.counters(), apiUsage: budget.used(), tables: {} };
  // Empty fields are left out: most of a record's fields are null, and 100k records add up.
  const compact = (row: Row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined));
  for (const table of store.allTables()) snapshot.tables[table.name] = { rows: [...table.rows.values()].map(compact), deletedAt: [...table.deletedAt] };
  // Write then rename, so a crash mid-save never leaves half a file.
  writeFileSync(`${path}.tmp`, JSON.stringify(snapshot));
  renameSync(`${path}.tmp`, path);
}

/** Loads a snapshot into an empty store; tables of objects this instance does not declare are skipped. */
export function loadSnapshot(path: string, store: SalesforceStore, budget: ApiBudget): boolean {
  if (!existsSync(path)) return false;
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  if (snapshot.version !== 1) throw new Error(`${path}: unsupported snapshot version ${String(snapshot.version)}`);
  for (const [name, data] of Object.entries(snapshot.tables)) {
    const table = store.table(name);
    if (!table) continue;
    for (const row of data.rows) {
      const full: Row = {};
      for (const f of table.spec.fields) full[f.name] = row[f.name] ?? null;
      table.put(full);
    }
    for (const [id, at] of data.deletedAt) table.deletedAt.set(id, at);
  }
  store.restoreCounters(snapshot.counters);
  budget.set(snapshot.apiUsage);
  return true;
}

/** Calls `save` once, `delayMs` after the last of a burst of changes. */
export function debounce(save: () => void, delayMs: number): { schedule(): void; flush(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        save();
      }, delayMs);
      timer.unref();
    },
    flush() {
      if (!timer) return;
      clearTimeout(timer);
      timer = undefined;
      save();
    },
  };
}
