/**
 * The local store's file: objects with a field catalogue and records, kept in one JSON file through
 * lowdb (whose writer replaces the file atomically). Every write bumps a store-wide revision, and
 * deletions leave tombstones, so incremental reads are exact.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { CrmsyncError } from '../../errors.js';
import type { Catalogue, Fields } from '../types.js';
import { LOCAL_DEFAULT_CATALOGUES } from './catalogue.js';

export interface StoredRecord {
  id: string;
  fields: Fields;
  modifiedAt: string;
  rev: number;
  archived?: boolean;
  deleted?: boolean;
  marker?: string;
  associations?: Record<string, string[]>;
  /** Ids of records merged into this one (their links follow it). */
  formerIds?: string[];
  /** On a deleted record: the record it was merged into. */
  mergedInto?: string;
}

export interface StoredObject {
  fields: Catalogue['fields'];
  records: Record<string, StoredRecord>;
}

export interface LocalStoreData {
  format: 'crmsync-local-store';
  version: 1;
  rev: number;
  nextId: number;
  /** Last modification time handed out, so times are strictly increasing even within a millisecond. */
  clock: string;
  objects: Record<string, StoredObject>;
}

export function emptyStore(): LocalStoreData {
  const objects: Record<string, StoredObject> = {};
  for (const [name, catalogue] of Object.entries(LOCAL_DEFAULT_CATALOGUES)) objects[name] = { fields: catalogue.fields, records: {} };
  return { format: 'crmsync-local-store', version: 1, rev: 0, nextId: 1, clock: new Date(0).toISOString(), objects };
}

/** A store file that is not a store: the user's to fix, so a located error with a hint. */
export class LocalStoreError extends CrmsyncError {
  constructor(message: string, hint: string) {
    super('store-corrupt', message, hint);
  }
}

/**
 * `path:line:col` of a JSON syntax error. V8 names the offset ("at position N"), or quotes the
 * text around the bad token: 10 characters either side, with "..." where it cut the source.
 */
function jsonErrorAt(path: string, text: string, error: Error): string {
  let offset = Number(/position (\d+)/.exec(error.message)?.[1] ?? NaN);
  const around = /^Unexpected token '.+', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(error.message);
  if (!Number.isFinite(offset) && around) {
    const [, cutStart, snippet, cutEnd] = around;
    if (cutStart && text.indexOf(snippet!) >= 0) offset = text.indexOf(snippet!) + 10;
    else if (!cutStart && cutEnd) offset = snippet!.length - 10;
  }
  if (/end of JSON input/.test(error.message)) offset = text.length;
  if (!Number.isFinite(offset) || offset < 0 || offset > text.length) return path;
  const before = text.slice(0, offset).split('\n');
  return `${path}:${before.length}:${before.at(-1)!.length + 1}`;
}

export async function openStore(path: string): Promise<Low<LocalStoreData>> {
  await mkdir(dirname(path), { recursive: true });
  // A FIFO would block the read forever and a device never end it; validate only probes `path:`
  // when it is written, so the default path is checked here.
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isFile() && !info.isDirectory()) {
    throw new LocalStoreError(
      `${path}: the local store is a device, pipe or socket, not a file; it was not read`,
      "point the connection's `path:` at a JSON file, or move this one away",
    );
  }
  const db = new Low<LocalStoreData>(new JSONFile<LocalStoreData>(path), emptyStore());
  try {
    await db.read();
  } catch (error) {
    // A system error (EISDIR, EACCES, …) is reported by the CLI with the path; read() omits it.
    if (!(error instanceof SyntaxError)) throw Object.assign(error as Error, { path: (error as NodeJS.ErrnoException).path ?? path });
    const text = await readFile(path, 'utf8').catch(() => '');
    throw new LocalStoreError(
      `${jsonErrorAt(path, text, error)}: the local store is not valid JSON (${error.message.replace(/ in JSON at position \d+.*$/, '').replace(/, (\.\.\.)?"[\s\S]*$/, '')})`,
      'restore the file from a backup, or remove it to start an empty store; crmsync does not overwrite a store it cannot read',
    );
  }
  const data = db.data as Partial<LocalStoreData> | null;
  if (data?.format !== 'crmsync-local-store' || data.version !== 1 || !data.objects || typeof data.objects !== 'object') {
    throw new LocalStoreError(
      `${path}:1:1: not a crmsync local store (version 1)`,
      "point the connection's `path:` at another file, or move this one away to start an empty store",
    );
  }
  return db;
}

/** A strictly increasing ISO timestamp: the wall clock, or 1 ms past the last one handed out. */
export function tick(data: LocalStoreData, now: number): string {
  const last = Date.parse(data.clock);
  const next = new Date(Math.max(now, last + 1)).toISOString();
  data.clock = next;
  return next;
}
