/**
 * Saves the emulator's data to a JSON file and loads it back. Saving is debounced (one write once
 * changes pause) and atomic (write a temporary file, then rename), so 100k records cost one
 * serialisation per burst of writes rather than one per request.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { HsAssociationType, HsList, HsObjectType, HsProperty, HsRecord } from './model.js';
import type { HubSpotStore } from './store.js';

const FORMAT = 1;

interface SavedType extends Omit<HsObjectType, 'properties' | 'records' | 'order' | 'unique'> {
  properties: HsProperty[];
  records: HsRecord[];
}
interface Saved {
  format: number;
  nextId: number;
  nextCustomType: number;
  nextListId: number;
  nextAssociationTypeId: number;
  types: SavedType[];
  customAssociationTypes: HsAssociationType[];
  links: Array<[string, Array<[string, number[]]>]>;
  lists: Array<Omit<HsList, 'members'> & { members: Array<[string, string]> }>;
}

function snapshot(store: HubSpotStore): Saved {
  return {
    format: FORMAT,
    nextId: store.nextId,
    nextCustomType: store.nextCustomType,
    nextListId: store.lists.nextListId,
    nextAssociationTypeId: store.associations.nextTypeId,
    types: [...store.types.values()].map(({ properties, records, order: _order, unique: _unique, ...rest }) => ({
      ...rest,
      properties: [...properties.values()],
      records: [...records.values()],
    })),
    customAssociationTypes: store.associations.types.filter((t) => t.category !== 'HUBSPOT_DEFINED'),
    links: [...store.associations.links].map(([k, byId]) => [k, [...byId].map(([id, types]) => [id, [...types]])]),
    lists: [...store.lists.lists.values()].map((l) => ({ ...l, members: [...l.members] })),
  };
}

/** Replaces the store's contents with a saved file's. */
export function loadInto(store: HubSpotStore, path: string): boolean {
  if (!existsSync(path)) return false;
  const saved = JSON.parse(readFileSync(path, 'utf8')) as Saved;
  if (saved.format !== FORMAT) throw new Error(`${path}: unsupported emulator data format ${saved.format}`);
  store.types.clear();
  for (const t of saved.types) {
    const type: HsObjectType = {
      ...t,
      properties: new Map(t.properties.map((p) => [p.name, p])),
      records: new Map(t.records.map((r) => [r.id, r])),
      order: [],
      unique: new Map(),
    };
    store.types.set(type.objectTypeId, type);
    store.reindex(type);
  }
  // A file saved before a standard object existed in the emulator still gets it, empty.
  store.addStandardTypes();
  store.nextId = saved.nextId;
  store.nextCustomType = saved.nextCustomType;
  store.lists.nextListId = saved.nextListId;
  store.associations.nextTypeId = saved.nextAssociationTypeId;
  store.associations.types.push(...saved.customAssociationTypes);
  store.associations.links.clear();
  for (const [k, byId] of saved.links) store.associations.links.set(k, new Map(byId.map(([id, types]) => [id, new Set(types)])));
  store.lists.lists.clear();
  for (const l of saved.lists) store.lists.lists.set(l.listId, { ...l, members: new Map(l.members) });
  return true;
}

export function saveNow(store: HubSpotStore, path: string): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(snapshot(store)));
  renameSync(`${path}.tmp`, path);
}

/** Saves `delayMs` after the last change; `flush` saves at once if anything is pending. */
export function debouncedSaver(store: HubSpotStore, path: string, delayMs: number): { schedule(): void; flush(): void } {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (!timer) return;
    clearTimeout(timer);
    timer = undefined;
    saveNow(store, path);
  };
  return {
    schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, delayMs);
      timer.unref();
    },
    flush,
  };
}
