/**
 * The state as rows: one per sync (cursors, config hash, health), one per link, failure and journal
 * entry, each keyed within its sync and holding the entry as JSON text. A save writes only the rows
 * that changed since the last save, found by comparing each entry's JSON text. A link row holds the
 * link's stored form (encode.ts's storedLink).
 */
import { linkOf } from '../decode.js';
import { storedLink, type StoredLink } from '../encode.js';
import { setSyncSerials } from '../sync-serials.js';
import { STATE_VERSION, type FailureState, type JournalEntry, type LinkState, type StateFile, type SyncState } from '../types.js';

export type Table = 'crmsync_syncs' | 'crmsync_links' | 'crmsync_failures' | 'crmsync_journal';
export const ENTRY_TABLES = ['crmsync_links', 'crmsync_failures', 'crmsync_journal'] as const;

/** sync → key → JSON text, per table. */
export type Rows = Record<Table, Map<string, Map<string, string>>>;

export const linkKey = (l: LinkState) => JSON.stringify([l.left, l.right]);
export const failureKey = (f: FailureState) => `${f.side}:${f.id}`;

function put(rows: Map<string, Map<string, string>>, sync: string, key: string, value: unknown): void {
  let bySync = rows.get(sync);
  if (!bySync) rows.set(sync, (bySync = new Map()));
  bySync.set(key, JSON.stringify(value));
}

/** What a sync keeps besides its links and failures. */
function syncRow(sync: SyncState): Omit<SyncState, 'links' | 'failures'> {
  const { links: _links, failures: _failures, ...rest } = sync;
  return rest;
}

export function toRows(state: StateFile): Rows {
  const rows: Rows = { crmsync_syncs: new Map(), crmsync_links: new Map(), crmsync_failures: new Map(), crmsync_journal: new Map() };
  for (const [name, sync] of Object.entries(state.syncs)) {
    put(rows.crmsync_syncs, name, '', syncRow(sync));
    for (const link of sync.links) put(rows.crmsync_links, name, linkKey(link), storedLink(link));
    for (const failure of sync.failures) put(rows.crmsync_failures, name, failureKey(failure), failure);
  }
  for (const entry of state.journal) put(rows.crmsync_journal, entry.sync, entry.marker, entry);
  return rows;
}

export interface RowChange {
  table: Table;
  sync: string;
  key: string;
  /** The new JSON text; undefined deletes the row. */
  data?: string;
}

/** The rows to write to go from `before` to `after`. */
export function diffRows(before: Rows, after: Rows): RowChange[] {
  const changes: RowChange[] = [];
  for (const table of Object.keys(after) as Table[]) {
    const old = before[table];
    for (const [sync, entries] of after[table]) {
      const was = old.get(sync);
      for (const [key, data] of entries) if (was?.get(key) !== data) changes.push({ table, sync, key, data });
    }
    for (const [sync, entries] of old) {
      const now = after[table].get(sync);
      for (const key of entries.keys()) if (!now?.has(key)) changes.push({ table, sync, key });
    }
  }
  return changes;
}

/** The state's own fields besides its identity, syncs and journal (e.g. the accounts it is bound to), as JSON text. */
export function stateFields(state: StateFile): string {
  const { format: _f, version: _v, lineage: _l, serial: _s, syncs: _syncs, journal: _j, ...rest } = state;
  return JSON.stringify(rest);
}

/** Builds the state from rows read in order (rows of each table ordered by sync, then insertion). */
export function fromRows(
  meta: { lineage: string; serial: number; data: string } | undefined,
  rows: Record<Table, Array<{ sync: string; data: string }>>,
  syncSerials: Record<string, number> = {},
): StateFile {
  const syncs: Record<string, SyncState> = Object.create(null);
  for (const r of rows.crmsync_syncs) syncs[r.sync] = { ...(JSON.parse(r.data) as Omit<SyncState, 'links' | 'failures'>), links: [], failures: [] };
  const sync = (name: string) => (syncs[name] ??= { links: [], cursors: {}, failures: [] });
  for (const r of rows.crmsync_links) sync(r.sync).links.push(linkOf(JSON.parse(r.data) as StoredLink));
  for (const r of rows.crmsync_failures) sync(r.sync).failures.push(JSON.parse(r.data) as FailureState);
  const journal = rows.crmsync_journal.map((r) => JSON.parse(r.data) as JournalEntry);
  const state: StateFile = {
    ...(meta ? (JSON.parse(meta.data) as object) : {}),
    format: 'crmsync-state',
    version: STATE_VERSION,
    lineage: meta?.lineage ?? 'new',
    serial: meta?.serial ?? 0,
    syncs,
    journal,
  };
  setSyncSerials(state, syncSerials);
  return state;
}
