/**
 * The emulator's data: object types (standard and custom), their properties and records, plus the
 * association and list stores. Handlers validate; the store only applies changes and keeps the
 * derived state right (timestamps, unique indexes, id order). Every change bumps `version`, which
 * the search cache and the persistence debounce key off.
 */
import { ARCHIVE_RETENTION_MS, createdProperty, modifiedProperty, OBJECT_TYPE_IDS } from '../limits.js';
import { CUSTOM_OBJECT_SYSTEM_PROPERTIES, STANDARD_PROPERTIES } from '../standard-properties.js';
import { AssociationStore } from './associations-store.js';
import { ListStore } from './lists-store.js';
import { isUnique, propertyFromSpec, type HsObjectType, type HsProperty, type HsRecord } from './model.js';

const STANDARD_LABELS: Record<string, { singular: string; plural: string }> = {
  contacts: { singular: 'Contact', plural: 'Contacts' },
  companies: { singular: 'Company', plural: 'Companies' },
  deals: { singular: 'Deal', plural: 'Deals' },
  tasks: { singular: 'Task', plural: 'Tasks' },
  notes: { singular: 'Note', plural: 'Notes' },
  meetings: { singular: 'Meeting', plural: 'Meetings' },
  calls: { singular: 'Call', plural: 'Calls' },
  emails: { singular: 'Email', plural: 'Emails' },
  invoices: { singular: 'Invoice', plural: 'Invoices' },
};

/** Earlier versions kept per record while search lags. */
const VERSIONS = 4;

export class HubSpotStore {
  readonly types = new Map<string, HsObjectType>();
  readonly associations: AssociationStore;
  readonly lists: ListStore;
  nextId = 101;
  nextCustomType = 1;
  version = 0;
  /** Keep earlier versions of records, for a search index that lags behind writes. */
  keepVersions = false;
  /** Called after every change (persistence). */
  onChange?: () => void;
  private readonly archivedIds = new WeakMap<HsObjectType, { version: number; ids: string[] }>();

  constructor(
    readonly portalId: number,
    readonly now: () => number = Date.now,
  ) {
    this.addStandardTypes();
    this.associations = new AssociationStore(this);
    this.lists = new ListStore(this);
  }

  /** Adds the standard objects not yet present (all of them at start; after a load, those an older file lacks). */
  addStandardTypes(): void {
    for (const [name, specs] of Object.entries(STANDARD_PROPERTIES)) {
      const objectTypeId = OBJECT_TYPE_IDS[name]!;
      if (this.types.has(objectTypeId)) continue;
      const type = this.addType(
        name,
        objectTypeId,
        STANDARD_LABELS[name]!,
        false,
        specs.map((s, i) => propertyFromSpec(s, i)),
      );
      type.requiredProperties = specs.filter((s) => s.required).map((s) => s.name);
    }
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  touch(): void {
    this.version++;
    this.onChange?.();
  }

  addType(name: string, objectTypeId: string, labels: { singular: string; plural: string }, custom: boolean, properties: HsProperty[]): HsObjectType {
    const at = this.isoNow();
    const type: HsObjectType = {
      name,
      objectTypeId,
      fullyQualifiedName: custom ? `p${this.portalId}_${name}` : name,
      labels,
      custom,
      properties: new Map(properties.map((p) => [p.name, p])),
      records: new Map(),
      order: [],
      requiredProperties: [],
      secondaryDisplayProperties: [],
      searchableProperties: [],
      createdAt: at,
      updatedAt: at,
      unique: new Map(),
    };
    if (custom) for (const [i, s] of CUSTOM_OBJECT_SYSTEM_PROPERTIES.entries()) type.properties.set(s.name, propertyFromSpec(s, -10 + i));
    this.types.set(objectTypeId, type);
    this.touch();
    return type;
  }

  /**
   * The object type a path names: a standard object by name (`contacts`, `invoices`) or id (`0-1`);
   * a custom object only by its objectTypeId (`2-7`), its short-hand `p_<name>` or its fully
   * qualified name `p<portal>_<name>`. A custom object's bare name resolves to nothing, so
   * `invoices` always means HubSpot's standard Invoices object ("Breaking Change: Removed Support
   * for Referencing Custom Object Types by Base Name", developers.hubspot.com/changelog, 2025-06-24).
   */
  resolveType(ref: string): HsObjectType | undefined {
    const byId = this.types.get(ref);
    if (byId) return byId;
    const lower = ref.toLowerCase();
    const shortHand = /^p_(.+)$/.exec(lower)?.[1];
    for (const type of this.types.values()) {
      if (type.custom) {
        if (type.fullyQualifiedName.toLowerCase() === lower || type.name.toLowerCase() === shortHand) return type;
      } else if (type.name === lower || type.labels.singular.toLowerCase() === lower) return type;
    }
    return undefined;
  }

  /**
   * An archived record that is still restorable: archived less than 90 days ago. Older ones are
   * purged: gone from the archived listing and from reads with `archived=true`. Assumption: the
   * purge happens at the 90-day mark exactly (HubSpot says only that restoring works for 90 days).
   */
  archivedRecord(type: HsObjectType, id: string): HsRecord | undefined {
    const record = type.records.get(id);
    return record?.archived && !this.purged(record) ? record : undefined;
  }

  purged(record: HsRecord): boolean {
    return record.archived && Date.parse(record.archivedAt ?? record.updatedAt) + ARCHIVE_RETENTION_MS <= this.now();
  }

  /** Restores an archived record within the 90 days (as from the recycle bin); false once it is purged or live. */
  restore(type: HsObjectType, id: string): boolean {
    const record = this.archivedRecord(type, id);
    if (!record) return false;
    this.remember(record);
    record.archived = false;
    delete record.archivedAt;
    record.updatedAt = this.isoNow();
    record.properties[modifiedProperty(type.objectTypeId)] = record.updatedAt;
    this.index(type, record);
    this.touch();
    return true;
  }

  /** The custom object whose internal name is `name` (schema creation refuses a second one). */
  customNamed(name: string): HsObjectType | undefined {
    const lower = name.toLowerCase();
    return [...this.types.values()].find((t) => t.custom && t.name.toLowerCase() === lower);
  }

  /**
   * The ids of the type's archived records in ascending order, kept while the store is unchanged:
   * one scan per change instead of one per page of the archived listing.
   */
  archivedOrder(type: HsObjectType): string[] {
    const cached = this.archivedIds.get(type);
    if (cached && cached.version === this.version) return cached.ids;
    const ids = type.order.filter((id) => type.records.get(id)?.archived);
    this.archivedIds.set(type, { version: this.version, ids });
    return ids;
  }

  /** A live (not archived) record. */
  live(type: HsObjectType, id: string): HsRecord | undefined {
    const record = type.records.get(id);
    return record && !record.archived ? record : undefined;
  }

  /** The live record holding `value` in a unique property (case-insensitive, as HubSpot compares emails). */
  byUnique(type: HsObjectType, property: string, value: string): HsRecord | undefined {
    const id = type.unique.get(property)?.get(value.trim().toLowerCase());
    return id === undefined ? undefined : this.live(type, id);
  }

  /** Creates a record from already validated, normalised values. */
  create(type: HsObjectType, values: Record<string, string>): HsRecord {
    const id = String(this.nextId++);
    const at = this.isoNow();
    const record: HsRecord = { id, properties: {}, createdAt: at, updatedAt: at, archived: false };
    this.assign(type, record, values);
    Object.assign(record.properties, { hs_object_id: id, [createdProperty(type.objectTypeId)]: at, [modifiedProperty(type.objectTypeId)]: at });
    type.records.set(id, record);
    type.order.push(id);
    this.touch();
    return record;
  }

  /** Applies validated values; '' clears a value. Maintains lastmodifieddate / hs_lastmodifieddate. */
  update(type: HsObjectType, record: HsRecord, values: Record<string, string>): HsRecord {
    this.remember(record);
    this.assign(type, record, values);
    record.updatedAt = this.isoNow();
    record.properties[modifiedProperty(type.objectTypeId)] = record.updatedAt;
    this.touch();
    return record;
  }

  /**
   * Keeps the version a change replaces, while search lags (keepVersions): until the change is
   * indexed, search still finds the record as it was (the last VERSIONS versions are kept).
   */
  private remember(record: HsRecord): void {
    if (!this.keepVersions) return;
    (record.versions ??= []).push({ properties: { ...record.properties }, updatedAt: record.updatedAt, archived: record.archived });
    if (record.versions.length > VERSIONS) record.versions.shift();
  }

  /** The record an id names now: itself, or the record it was merged into (following chains). */
  current(type: HsObjectType, id: string): HsRecord | undefined {
    let at = id;
    for (let hops = 0; hops < 64 && !this.live(type, at) && type.mergedInto?.[at]; hops++) at = type.mergedInto[at]!;
    return this.live(type, at);
  }

  /**
   * Merges two records into a new one with a new id, as HubSpot does since its "Updated merge
   * functionality for contacts and companies" (developers.hubspot.com/changelog): the primary's
   * values win, the other's fill the gaps, both old ids (and the ids they had absorbed) are listed
   * in hs_merged_object_ids, reads by an old id return the new record, and the associations of
   * both move to it. Assumption: the merged-away records leave no trace in the archived listing
   * (they cannot be restored), the new record keeps the older creation time, list memberships of
   * the old ids are dropped, and the other record's email is not kept as an additional email.
   */
  merge(type: HsObjectType, primary: HsRecord, other: HsRecord): HsRecord {
    const mergedIds = (r: HsRecord) => [...(r.properties.hs_merged_object_ids ?? '').split(';').filter(Boolean), r.id];
    const values = { ...other.properties, ...primary.properties };
    for (const name of ['hs_object_id', 'hs_merged_object_ids', createdProperty(type.objectTypeId), modifiedProperty(type.objectTypeId)]) delete values[name];
    for (const r of [primary, other]) this.remove(type, r);
    const merged = this.create(type, values);
    // biome-ignore lint/complexity/useMathMinMax: ISO timestamps are strings, which Math.min would turn into NaN.
    const created = primary.createdAt < other.createdAt ? primary.createdAt : other.createdAt;
    merged.createdAt = created;
    merged.properties[createdProperty(type.objectTypeId)] = created;
    merged.properties.hs_merged_object_ids = [...new Set([...mergedIds(other), ...mergedIds(primary)])].join(';');
    type.mergedInto ??= {};
    for (const r of [primary, other]) {
      type.mergedInto[r.id] = merged.id;
      this.associations.moveRecord(type.objectTypeId, r.id, merged.id, r === primary);
      this.lists.dropRecord(type.objectTypeId, r.id);
    }
    this.touch();
    return merged;
  }

  /** Takes a record out of the type altogether (merged away). */
  private remove(type: HsObjectType, record: HsRecord): void {
    this.unindex(type, record);
    type.records.delete(record.id);
    const at = type.order.indexOf(record.id);
    if (at >= 0) type.order.splice(at, 1);
  }

  archive(type: HsObjectType, record: HsRecord): void {
    if (record.archived) return;
    this.remember(record);
    this.unindex(type, record);
    record.archived = true;
    record.archivedAt = this.isoNow();
    record.updatedAt = record.archivedAt;
    this.associations.dropRecord(type.objectTypeId, record.id);
    this.lists.dropRecord(type.objectTypeId, record.id);
    this.touch();
  }

  private assign(type: HsObjectType, record: HsRecord, values: Record<string, string>): void {
    this.unindex(type, record);
    for (const [name, value] of Object.entries(values)) {
      if (value === '') delete record.properties[name];
      else record.properties[name] = value;
    }
    this.index(type, record);
  }

  private index(type: HsObjectType, record: HsRecord): void {
    for (const property of type.properties.values()) {
      if (!isUnique(type, property)) continue;
      const value = record.properties[property.name];
      if (!value) continue;
      let index = type.unique.get(property.name);
      if (!index) type.unique.set(property.name, (index = new Map()));
      index.set(value.toLowerCase(), record.id);
    }
  }

  private unindex(type: HsObjectType, record: HsRecord): void {
    for (const [name, index] of type.unique) {
      const value = record.properties[name];
      if (value && index.get(value.toLowerCase()) === record.id) index.delete(value.toLowerCase());
    }
  }

  /** Rebuilds derived state after loading records from a file. */
  reindex(type: HsObjectType): void {
    type.unique.clear();
    type.order = [...type.records.keys()].sort((a, b) => Number(a) - Number(b));
    for (const record of type.records.values()) if (!record.archived) this.index(type, record);
  }
}
