/** Sync health from the state (R31): links in sync, deleted, failed, with categories and hints. */
import { isError } from '../config/diagnostics.js';
import { loadProject, openProjectState } from '../pipeline.js';
import { EXIT, println, type CliIO } from './io.js';
import { renderDiagnostics } from './render-diagnostics.js';

export async function statusCommand(io: CliIO, args: { json: boolean }): Promise<number> {
  const loaded = await loadProject(io.cwd);
  if (loaded.diagnostics.some(isError)) {
    println(io.stderr, renderDiagnostics(loaded.diagnostics, loaded.files));
    return EXIT.error;
  }
  const state = await openProjectState({ root: io.cwd, env: io.env }, loaded.project!);
  const rows = loaded.project!.syncs.map((sync) => {
    const s = state.data.syncs[sync.name];
    const links = s?.links ?? [];
    const byCategory: Record<string, { count: number; hint?: string }> = {};
    for (const f of s?.failures ?? []) byCategory[f.category] = { count: (byCategory[f.category]?.count ?? 0) + 1, hint: f.hint };
    return {
      sync: sync.name, object: sync.object, enabled: sync.enabled,
      linked: links.filter((l) => !l.deleted).length,
      deleted: links.filter((l) => l.deleted).length,
      failed: s?.failures.length ?? 0,
      failures: byCategory,
      lastSync: links.reduce((a, l) => (l.at > a ? l.at : a), ''),
    };
  });
  if (args.json) println(io.stdout, JSON.stringify({ state: state.path, serial: state.data.serial, syncs: rows }, null, 2));
  else {
    for (const r of rows) {
      println(io.stdout, `${r.sync} (${r.object})${r.enabled ? '' : ' [disabled]'}: ${r.linked} linked, ${r.deleted} deleted in one app, ${r.failed} failed${r.lastSync ? `; last synced ${r.lastSync}` : ''}`);
      for (const [category, v] of Object.entries(r.failures)) println(io.stdout, `  ${category}: ${v.count}${v.hint ? ` (hint: ${v.hint})` : ''}`);
    }
  }
  return EXIT.ok;
}
