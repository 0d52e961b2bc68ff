/**
 * Associations between records, stored in both directions with their type ids, as HubSpot keeps
 * them: a primary link always carries the unlabeled type too, a record has at most one primary
 * company (R28), and a contact's primary company is mirrored in its associatedcompanyid property.
 */
import { STANDARD_ASSOCIATION_TYPES } from '../association-types.js';
import { OBJECT_TYPE_IDS } from '../limits.js';
import type { HsAssociationType } from './model.js';
import type { HubSpotStore } from './store.js';

const key = (fromTypeId: string, fromId: string, toTypeId: string) => `${fromTypeId}|${fromId}|${toTypeId}`;
const CONTACT = '0-1';
const COMPANY = '0-2';

export class AssociationStore {
  readonly types: HsAssociationType[];
  /** `from|id|to` → associated id → type ids. */
  readonly links = new Map<string, Map<string, Set<number>>>();
  nextTypeId = 1000;

  constructor(private readonly store: HubSpotStore) {
    this.types = STANDARD_ASSOCIATION_TYPES.map((d) => ({
      fromTypeId: OBJECT_TYPE_IDS[d.from]!,
      toTypeId: OBJECT_TYPE_IDS[d.to]!,
      typeId: d.typeId,
      inverseTypeId: d.inverseTypeId,
      label: d.label,
      category: d.category,
      name: d.name,
      primary: d.primary,
    }));
  }

  typesBetween(fromTypeId: string, toTypeId: string): HsAssociationType[] {
    return this.types.filter((t) => t.fromTypeId === fromTypeId && t.toTypeId === toTypeId);
  }

  type(fromTypeId: string, toTypeId: string, typeId: number): HsAssociationType | undefined {
    return this.types.find((t) => t.fromTypeId === fromTypeId && t.toTypeId === toTypeId && t.typeId === typeId);
  }

  /** The default (unlabeled) type between two objects, used by associate/default. */
  defaultType(fromTypeId: string, toTypeId: string): HsAssociationType | undefined {
    return this.typesBetween(fromTypeId, toTypeId).find((t) => !t.primary) ?? this.typesBetween(fromTypeId, toTypeId)[0];
  }

  /** Defines the pair of types a custom object schema declares towards another object. */
  defineCustom(fromTypeId: string, toTypeId: string, name: string): HsAssociationType {
    const typeId = this.nextTypeId++;
    const inverseTypeId = fromTypeId === toTypeId ? typeId : this.nextTypeId++;
    const forward: HsAssociationType = { fromTypeId, toTypeId, typeId, inverseTypeId, label: null, category: 'USER_DEFINED', name, primary: false };
    this.types.push(forward);
    if (fromTypeId !== toTypeId) {
      this.types.push({ ...forward, fromTypeId: toTypeId, toTypeId: fromTypeId, typeId: inverseTypeId, inverseTypeId: typeId, name: `${name}_inverse` });
    }
    this.store.touch();
    return forward;
  }

  of(fromTypeId: string, fromId: string, toTypeId: string): Map<string, Set<number>> {
    return this.links.get(key(fromTypeId, fromId, toTypeId)) ?? new Map();
  }

  /** Adds typed links (type ids already checked against `type()`), and their inverses. */
  add(fromTypeId: string, fromId: string, toTypeId: string, toId: string, typeIds: number[]): void {
    for (const typeId of typeIds) {
      const def = this.type(fromTypeId, toTypeId, typeId);
      if (!def) continue;
      // A company's "primary" link belongs to the contact or deal side: store it from there.
      if (def.primary && fromTypeId === COMPANY) {
        this.add(toTypeId, toId, fromTypeId, fromId, [def.inverseTypeId]);
        continue;
      }
      if (def.primary) this.dropPrimary(def, fromId, toId);
      this.put(fromTypeId, fromId, toTypeId, toId, def.typeId);
      this.put(toTypeId, toId, fromTypeId, fromId, def.inverseTypeId);
      const companion = def.primary ? this.typesBetween(fromTypeId, toTypeId).find((t) => !t.primary) : undefined;
      if (companion) {
        this.put(fromTypeId, fromId, toTypeId, toId, companion.typeId);
        this.put(toTypeId, toId, fromTypeId, fromId, companion.inverseTypeId);
      }
      if (def.primary && fromTypeId === CONTACT && toTypeId === COMPANY) this.mirrorPrimary(fromId, toId);
    }
    this.store.touch();
  }

  /** Removes every type between two records, both ways. */
  remove(fromTypeId: string, fromId: string, toTypeId: string, toId: string): void {
    const types = this.of(fromTypeId, fromId, toTypeId).get(toId);
    if (!types) return;
    const wasPrimaryCompany =
      (fromTypeId === CONTACT && toTypeId === COMPANY && types.has(1)) || (fromTypeId === COMPANY && toTypeId === CONTACT && types.has(2));
    this.links.get(key(fromTypeId, fromId, toTypeId))?.delete(toId);
    this.links.get(key(toTypeId, toId, fromTypeId))?.delete(fromId);
    if (wasPrimaryCompany) this.mirrorPrimary(fromTypeId === CONTACT ? fromId : toId, '');
    this.store.touch();
  }

  /**
   * Gives every link of record `fromId` to record `toId` (a merge); a link between the two is
   * dropped, and so are `fromId`'s primary labels when `keepPrimary` is off (the merge keeps the
   * primary record's primary associations, dropping the other's excess ones).
   */
  moveRecord(typeId: string, fromId: string, toId: string, keepPrimary: boolean): void {
    for (const other of this.store.types.keys()) {
      const forward = this.links.get(key(typeId, fromId, other));
      if (!forward) continue;
      for (const [otherId, types] of forward) {
        const back = this.links.get(key(other, otherId, typeId));
        back?.delete(fromId);
        if (other === typeId && (otherId === toId || otherId === fromId)) continue;
        const kept = new Set([...types].filter((t) => keepPrimary || !this.type(typeId, other, t)?.primary));
        for (const t of kept) this.put(typeId, toId, other, otherId, t);
        for (const t of this.inverseTypes(typeId, other, kept)) this.put(other, otherId, typeId, toId, t);
      }
      this.links.delete(key(typeId, fromId, other));
    }
  }

  private inverseTypes(fromTypeId: string, toTypeId: string, typeIds: Set<number>): number[] {
    return [...typeIds].map((t) => this.type(fromTypeId, toTypeId, t)?.inverseTypeId).filter((t): t is number => t !== undefined);
  }

  /** Forgets every link of an archived record. */
  dropRecord(typeId: string, id: string): void {
    for (const other of this.store.types.keys()) {
      const forward = this.links.get(key(typeId, id, other));
      if (!forward) continue;
      for (const toId of forward.keys()) this.links.get(key(other, toId, typeId))?.delete(id);
      this.links.delete(key(typeId, id, other));
    }
  }

  private put(fromTypeId: string, fromId: string, toTypeId: string, toId: string, typeId: number): void {
    const k = key(fromTypeId, fromId, toTypeId);
    let byId = this.links.get(k);
    if (!byId) this.links.set(k, (byId = new Map()));
    let types = byId.get(toId);
    if (!types) byId.set(toId, (types = new Set()));
    types.add(typeId);
  }

  /** A contact or deal has one primary company: the old one keeps only its unlabeled link. */
  private dropPrimary(def: HsAssociationType, fromId: string, keepToId: string): void {
    for (const [toId, types] of this.of(def.fromTypeId, fromId, def.toTypeId)) {
      if (toId === keepToId || !types.delete(def.typeId)) continue;
      this.links
        .get(key(def.toTypeId, toId, def.fromTypeId))
        ?.get(fromId)
        ?.delete(def.inverseTypeId);
    }
  }

  private mirrorPrimary(contactId: string, companyId: string): void {
    const contacts = this.store.types.get(CONTACT)!;
    const contact = this.store.live(contacts, contactId);
    if (!contact || (contact.properties.associatedcompanyid ?? '') === companyId) return;
    this.store.update(contacts, contact, { associatedcompanyid: companyId });
  }
}
