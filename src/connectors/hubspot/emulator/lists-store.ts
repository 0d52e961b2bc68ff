/**
 * Lists (v3): named sets of records of one object type. MANUAL and SNAPSHOT lists take members by
 * hand; DYNAMIC ones would be filled by their filters, which the emulator does not evaluate, so
 * tests fill them through this store directly (an inclusion list's membership changes, R21).
 */
import type { HsList } from './model.js';
import type { HubSpotStore } from './store.js';

export class ListStore {
  readonly lists = new Map<string, HsList>();
  nextListId = 1;

  constructor(private readonly store: HubSpotStore) {}

  create(name: string, objectTypeId: string, processingType: string): HsList {
    const at = this.store.isoNow();
    const list: HsList = {
      listId: String(this.nextListId++),
      name,
      objectTypeId,
      processingType,
      listVersion: 1,
      createdAt: at,
      updatedAt: at,
      members: new Map(),
    };
    this.lists.set(list.listId, list);
    this.store.touch();
    return list;
  }

  /** A list that has not been deleted. */
  get(listId: string): HsList | undefined {
    const list = this.lists.get(listId);
    return list && !list.deletedAt ? list : undefined;
  }

  byName(objectTypeId: string, name: string): HsList | undefined {
    for (const list of this.lists.values()) if (!list.deletedAt && list.objectTypeId === objectTypeId && list.name === name) return list;
    return undefined;
  }

  remove(list: HsList): void {
    list.deletedAt = this.store.isoNow();
    this.store.touch();
  }

  restore(list: HsList): void {
    delete list.deletedAt;
    this.store.touch();
  }

  /** Adds members; returns which ids were added (new, existing records) and which were missing. */
  add(list: HsList, ids: string[]): { added: string[]; missing: string[] } {
    const type = this.store.types.get(list.objectTypeId);
    const added: string[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      if (!type || !this.store.live(type, id)) missing.push(id);
      else if (!list.members.has(id)) {
        list.members.set(id, this.store.isoNow());
        added.push(id);
      }
    }
    if (added.length) this.changed(list);
    return { added, missing };
  }

  removeMembers(list: HsList, ids: string[]): string[] {
    const removed = [...new Set(ids)].filter((id) => list.members.delete(id));
    if (removed.length) this.changed(list);
    return removed;
  }

  clear(list: HsList): void {
    list.members.clear();
    this.changed(list);
  }

  /** Members in ascending record id order, as the memberships endpoint pages them. */
  members(list: HsList): Array<[string, string]> {
    return [...list.members].sort((a, b) => Number(a[0]) - Number(b[0]));
  }

  /** The lists a record belongs to. */
  listsOf(objectTypeId: string, recordId: string): HsList[] {
    return [...this.lists.values()].filter((l) => !l.deletedAt && l.objectTypeId === objectTypeId && l.members.has(recordId));
  }

  dropRecord(objectTypeId: string, recordId: string): void {
    for (const list of this.lists.values()) if (list.objectTypeId === objectTypeId) list.members.delete(recordId);
  }

  private changed(list: HsList): void {
    list.updatedAt = this.store.isoNow();
    this.store.touch();
  }
}
