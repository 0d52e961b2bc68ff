/**
 * The local store's file: objects with a field catalogue and records, kept in one JSON file through
 * lowdb (whose writer replaces the file atomically). Every write bumps a store-wide revision, and
 * deletions leave tombstones, so incremental reads are exact.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
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

export class LocalStoreError extends Error {}

export async function openStore(path: string): Promise<Low<LocalStoreData>> {
  await mkdir(dirname(path), { recursive: true });
  const db = new Low<LocalStoreData>(new JSONFile<LocalStoreData>(path), emptyStore());
  try {
    await db.read();
  } catch (error) {
    throw new LocalStoreError(`local store ${path} is not valid JSON (${(error as Error).message}); fix or remove it`);
  }
  const data = db.data as Partial<LocalStoreData> | null;
  if (!data || data.format !== 'crmsync-local-store' || data.version !== 1 || typeof data.objects !== 'object') {
    throw new LocalStoreError(`${path} is not a crmsync local store (version 1); point the connection's path at another file`);
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
