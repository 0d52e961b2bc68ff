/** Each sync's health as the state records it: what `status` shows, and the library API returns (pure). */
import type { CompiledProject } from '../config/model.js';
import type { RunInfo } from './backend.js';
import type { SideName } from '../config/model.js';
import type { Accounting } from '../apply/accounting.js';
import type { StateFile } from './types.js';

export interface SyncHealth {
  sync: string;
  object: string;
  enabled: boolean;
  /** Linked pairs whose mapped fields agree. */
  inSync: number;
  excluded: { left: number; right: number };
  failed: number;
  waiting: number;
  /** Sides whose last read was incomplete, with why. */
  incomplete: Partial<Record<SideName, string>>;
  accounting?: Accounting;
  /** Links whose record was deleted in one app (R30). */
  deleted: number;
  failures: Record<string, { count: number; hint?: string }>;
  lastApply: string | null;
  running: RunInfo | null;
}

export function syncHealth(project: CompiledProject, data: StateFile, runs: Record<string, RunInfo>): SyncHealth[] {
  return project.syncs.map((sync) => {
    const s = data.syncs[sync.name];
    const byCategory: Record<string, { count: number; hint?: string }> = {};
    for (const f of s?.failures ?? [])
      byCategory[f.category] = { count: (byCategory[f.category]?.count ?? 0) + 1, hint: byCategory[f.category]?.hint ?? f.hint };
    return {
      sync: sync.name,
      object: sync.object,
      enabled: sync.enabled,
      inSync: s?.health?.inSync ?? 0,
      excluded: s?.health?.excluded ?? { left: 0, right: 0 },
      failed: s?.failures.length ?? 0,
      waiting: s?.waiting?.length ?? 0,
      incomplete: s?.health?.incomplete ?? {},
      accounting: s?.health?.accounting,
      deleted: s?.links.filter((l) => l.deleted).length ?? 0,
      failures: byCategory,
      lastApply: s?.health?.at ?? null,
      running: runs[sync.name] ?? null,
    };
  });
}
