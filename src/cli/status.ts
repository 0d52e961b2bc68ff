/**
 * Sync health from the state (R31): per sync, how many records are in sync, excluded and failed,
 * failures grouped by category with a hint; `--records` lists records, filtered by object, status
 * and time window, as a table, CSV or JSON.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import ms from 'ms';
import type { CompiledProject } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import { projectBackend } from '../pipeline.js';
import { load } from '../index.js';
import { syncHealth } from '../state/health.js';
import type { RunInfo } from '../state/backend.js';
import type { DeadLetter } from '../state/postgres/worker-runs.js';
import { readOnlyStore, type StateStore } from '../state/store.js';
import type { LinkState, StateFile } from '../state/types.js';
import { displayNameOf, matchKeyOf } from './record-label.js';
import { EXIT, println, type CliIO } from './io.js';
import { configFailed, printEnvelope, warnings } from './envelope.js';
import { selectSyncs } from './select.js';

export interface StatusArgs {
  json: boolean;
  records: boolean;
  object?: string;
  status?: 'in-sync' | 'failed' | 'deleted' | 'waiting';
  since?: string;
  format: 'table' | 'csv' | 'json';
  output?: string;
  /** `--sync`: only these syncs. */
  syncs?: string[];
}

interface RecordRow {
  sync: string;
  object: string;
  status: 'in-sync' | 'failed' | 'deleted' | 'waiting';
  app: string;
  id: string;
  other: string;
  /** The record's match key (R25, R26) and a display name, from the base values the state keeps. */
  key: string;
  name: string;
  at: string;
  category: string;
  attempts: number;
  message: string;
  hint: string;
}

function recordRows(project: CompiledProject, state: StateFile): RecordRow[] {
  const rows: RecordRow[] = [];
  for (const sync of project.syncs) {
    const s = state.syncs[sync.name];
    if (!s) continue;
    const failed = new Set(s.failures.map((f) => `${f.side}:${f.id}`));
    const labels = (l: LinkState | undefined, side: 'left' | 'right') => {
      const values = l ? (side === 'left' ? l.base.left : l.base.right) : {};
      return { key: matchKeyOf(sync, values, side), name: displayNameOf(values) };
    };
    const byId = { left: new Map(s.links.map((l) => [l.left, l])), right: new Map(s.links.map((l) => [l.right, l])) };
    for (const l of s.links) {
      if (failed.has(`left:${l.left}`) || failed.has(`right:${l.right}`)) continue;
      const base = {
        sync: sync.name,
        object: sync.object,
        at: l.at,
        category: '',
        attempts: 0,
        message: '',
        hint: '',
        ...labels(l, l.deleted === 'right' ? 'right' : 'left'),
      };
      if (l.deleted) {
        const gone = l.deleted === 'left' ? sync.left : sync.right;
        rows.push({
          ...base,
          status: 'deleted',
          app: gone.connection,
          id: l.deleted === 'left' ? l.left : l.right,
          other: l.deleted === 'left' ? l.right : l.left,
          message: `deleted in ${gone.connection}; crmsync resync-deleted ${sync.name} --into ${gone.connection} restores it`,
        });
      } else rows.push({ ...base, status: 'in-sync', app: sync.left.connection, id: l.left, other: l.right });
    }
    // A failed or waiting record: it may have no link, so it names only its own app's id.
    const pending = (side: 'left' | 'right', id: string) => ({
      sync: sync.name,
      object: sync.object,
      app: sync[side].connection,
      id,
      other: '',
      ...labels(byId[side].get(id), side),
    });
    for (const f of s.failures) {
      rows.push({
        ...pending(f.side, f.id),
        status: 'failed',
        at: f.lastAt,
        category: f.category,
        attempts: f.attempts,
        message: f.message,
        hint: f.hint ?? '',
      });
    }
    for (const w of s.waiting ?? []) {
      rows.push({ ...pending(w.side, w.id), status: 'waiting', at: s.health?.at ?? '', category: '', attempts: 0, message: w.message, hint: w.hint ?? '' });
    }
  }
  return rows;
}

/**
 * One CSV cell. Text that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or
 * a carriage return; CRM data is anyone's input) is prefixed with a quote, as OWASP advises.
 */
export const csvCell = (v: unknown) => {
  let s = String(v ?? '');
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function sinceCutoff(since: string | undefined, now: number): string | undefined {
  if (!since) return undefined;
  const rel = ms(since as ms.StringValue);
  if (typeof rel === 'number' && Number.isFinite(rel)) return new Date(now - rel).toISOString();
  const at = Date.parse(since);
  if (Number.isNaN(at))
    throw new CrmsyncError('usage', `--since ${since} is neither a duration (24h) nor a date`, 'write e.g. --since 24h or --since 2026-01-31');
  return new Date(at).toISOString();
}

export async function statusCommand(io: CliIO, args: StatusArgs): Promise<number> {
  const loaded = await load({ root: io.cwd, env: io.env });
  if (configFailed(io, 'status', loaded, args.json)) return EXIT.error;
  const only = selectSyncs(loaded.project!, args.syncs);
  const project = only ? { ...loaded.project!, syncs: loaded.project!.syncs.filter((s) => only.has(s.name)) } : loaded.project!;
  const backend = await projectBackend({ root: io.cwd, env: io.env }, project);
  let state: StateStore;
  let runs: Record<string, RunInfo>;
  let dead: Record<string, DeadLetter>;
  try {
    state = readOnlyStore(backend.where, await backend.read());
    runs = await backend.runs(project.syncs.map((s) => s.name));
    dead = (await backend.deadLetters?.(project.syncs.map((s) => s.name))) ?? {};
  } finally {
    await backend.close();
  }
  if (args.records) {
    const cutoff = sinceCutoff(args.since, Date.now());
    const rows = recordRows(project, state.data).filter(
      (r) => (!args.object || r.object === args.object) && (!args.status || r.status === args.status) && (!cutoff || r.at >= cutoff),
    );
    const columns: Array<keyof RecordRow> = ['sync', 'object', 'status', 'app', 'id', 'other', 'key', 'name', 'at', 'category', 'attempts', 'message', 'hint'];
    const text =
      args.format === 'json'
        ? JSON.stringify(rows, null, 2)
        : args.format === 'csv'
          ? [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n')
          : rows
              .map(
                (r) =>
                  `${r.status.padEnd(8)} ${r.sync} ${r.app}/${r.id}${r.other ? ` ↔ ${r.other}` : ''}${r.name ? ` ${r.name}` : ''}${r.key ? ` (${r.key})` : ''} ${r.at}${r.category ? ` [${r.category}] ${r.message}` : ''}`,
              )
              .join('\n') || 'No records match.';
    if (args.output) {
      await writeFile(resolve(io.cwd, args.output), `${text}\n`);
      println(io.stdout, `Wrote ${rows.length} record(s) to ${args.output}.`);
    } else println(io.stdout, text);
    return EXIT.ok;
  }
  const rows = syncHealth(project, state.data, runs).map((row) => ({ ...row, deadLetter: dead[row.sync] ?? null }));
  if (args.json) printEnvelope(io, 'status', 'ok', warnings(loaded), { health: { state: state.path, serial: state.data.serial, syncs: rows } });
  else {
    for (const r of rows) {
      const sync = project.syncs.find((s) => s.name === r.sync)!;
      println(
        io.stdout,
        `${r.sync} (${r.object})${r.enabled ? '' : ' [disabled]'}: ${r.inSync} in sync, ${r.excluded.left + r.excluded.right} excluded (${sync.left.connection} ${r.excluded.left}, ${sync.right.connection} ${r.excluded.right}), ${r.failed} failed, ${r.waiting} waiting, ${r.deleted} deleted in one app${r.lastApply ? `; last apply ${r.lastApply}` : '; never applied'}`,
      );
      for (const side of ['left', 'right'] as const) {
        if (r.incomplete[side])
          println(
            io.stdout,
            `  the last read of ${sync[side].connection} was incomplete (${r.incomplete[side]}): ${r.waiting} record(s) wait for a complete read`,
          );
      }
      if (r.running)
        println(
          io.stdout,
          `  running: ${r.running.operation}, pid ${r.running.pid} on ${r.running.host}, since ${r.running.since}${r.running.until ? ` (lease until ${r.running.until})` : ''}`,
        );
      if (r.deadLetter)
        println(
          io.stdout,
          `  dead letter: the worker run of ${r.deadLetter.at} failed ${r.deadLetter.attempts} time(s), last with error[${r.deadLetter.code}] ${r.deadLetter.message} (worker ${r.deadLetter.worker}); the next scheduled run tries again`,
        );
      for (const [category, v] of Object.entries(r.failures)) println(io.stdout, `  ${category}: ${v.count}${v.hint ? ` (hint: ${v.hint})` : ''}`);
    }
  }
  return EXIT.ok;
}
