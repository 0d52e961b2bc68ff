/**
 * The emulator's data: contacts, Other contacts and contact groups of one Google account, in
 * memory. Every change takes the next number of one account-wide sequence; sync tokens are
 * positions in that sequence, so "changed since the token" is a comparison. Deleted contacts go to
 * Trash (still counted towards R32's limit) and keep their place in the sequence, so a sync reports
 * them with metadata.deleted; emptying Trash keeps a small tombstone for the same reason.
 */
import { randomBytes } from 'node:crypto';
import { GOOGLE_LIMITS, SYSTEM_GROUPS, type GoogleLimits } from '../limits.js';

/** The writable person fields of a contact (names, emailAddresses, …), memberships excluded. */
export type PersonData = Record<string, Record<string, unknown>[]>;

export interface StoredPerson {
  /** people/c… for contacts, otherContacts/c… for Other contacts. */
  resourceName: string;
  kind: 'contact' | 'other';
  data: PersonData;
  /** Contact-group ids (myContacts, starred, user groups). */
  groups: string[];
  /** The id of the person's CONTACT source (metadata.sources[].id). */
  sourceId: string;
  /** Bumped on every change; the etag is derived from it. */
  version: number;
  /** The account sequence number of the last change. */
  seq: number;
  updateTime: string;
  state: 'live' | 'trashed' | 'purged';
  trashedAt?: number;
  /** Former resource names (metadata.previousResourceNames), oldest first. */
  previous?: string[];
}

export interface StoredGroup {
  id: string;
  name: string;
  type: 'USER_CONTACT_GROUP' | 'SYSTEM_CONTACT_GROUP';
  version: number;
  updateTime: string;
  clientData?: { key: string; value: string }[];
}

export interface StoreSnapshot {
  version: 1;
  seq: number;
  nextId: number;
  people: StoredPerson[];
  groups: StoredGroup[];
}

/** Google's timestamps carry microseconds. */
const timestamp = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

export class GoogleStore {
  readonly people = new Map<string, StoredPerson>();
  readonly groups = new Map<string, StoredGroup>();
  /** Former resource name → current one. */
  private readonly aliases = new Map<string, string>();
  seq = 0;
  private nextId = 1;

  constructor(
    readonly now: () => number = Date.now,
    readonly limits: GoogleLimits = { ...GOOGLE_LIMITS },
    /** Called after every change (persistence). */
    private readonly onChange: () => void = () => undefined,
  ) {
    for (const [id, name] of Object.entries(SYSTEM_GROUPS)) {
      this.groups.set(id, { id, name, type: 'SYSTEM_CONTACT_GROUP', version: 1, updateTime: timestamp(this.now()) });
    }
  }

  /** Marks `person` changed: new version (so a new etag), next sequence number, new updateTime. */
  touch(person: StoredPerson): void {
    person.version++;
    person.seq = ++this.seq;
    person.updateTime = timestamp(this.now());
    this.onChange();
  }

  etag(person: StoredPerson): string {
    return '%' + Buffer.from(`${person.sourceId}.${person.version}.${person.seq}`).toString('base64');
  }

  sourceEtag(person: StoredPerson): string {
    return '#' + Buffer.from(`${person.version}.${person.seq}`).toString('base64');
  }

  /** The newest change made at or before `cutoff` (ms): how far sync requests see under propagation delay. */
  seqAt(cutoff: number): number {
    let seq = 0;
    for (const p of this.people.values()) if (p.seq > seq && Date.parse(p.updateTime) <= cutoff) seq = p.seq;
    return seq;
  }

  /** Contacts that count towards R32's limit: live ones, Other contacts, and Trash not yet expired. */
  usedSlots(): number {
    const cutoff = this.now() - this.limits.trashRetentionMs;
    let n = 0;
    for (const p of this.people.values()) if (p.state === 'live' || (p.state === 'trashed' && (p.trashedAt ?? 0) > cutoff)) n++;
    return n;
  }

  /** Bytes a contact takes, for R32's per-contact limit. */
  sizeOf(data: PersonData): number {
    return Buffer.byteLength(JSON.stringify(data));
  }

  insert(data: PersonData, options: { kind?: 'contact' | 'other'; groups?: string[] } = {}): StoredPerson {
    const kind = options.kind ?? 'contact';
    const n = this.nextId++;
    // 19 digits, as real ids have; `people/` plus the id stays within the documented 27 characters.
    const digits = String(4_000_000_000_000_000_000n + BigInt(n) * 1_000_003n);
    const person: StoredPerson = {
      resourceName: `${kind === 'contact' ? 'people' : 'otherContacts'}/c${digits}`,
      kind,
      data,
      groups: kind === 'contact' ? [...(options.groups ?? ['myContacts'])] : [],
      sourceId: randomBytes(8).toString('hex'),
      version: 0,
      seq: 0,
      updateTime: '',
      state: 'live',
    };
    this.people.set(person.resourceName, person);
    this.touch(person);
    return person;
  }

  /** A live contact or Other contact by resource name. */
  live(resourceName: string): StoredPerson | undefined {
    const p = this.people.get(resourceName);
    return p?.state === 'live' ? p : undefined;
  }

  /** A live person by its current or a former resource name (people.get and batchGet follow renames). */
  resolve(resourceName: string): StoredPerson | undefined {
    const current = this.aliases.get(resourceName);
    return this.live(resourceName) ?? (current ? this.live(current) : undefined);
  }

  /**
   * Gives a contact a new resource name, as Google does when a field linking it to a profile (a
   * verified email or phone) is added or removed [S: PersonMetadata.previousResourceNames]. The
   * change counts as an edit, so the next sync returns the person under the new name with the old
   * one in previousResourceNames. Assumption: the old name is not reported as deleted as well.
   */
  rename(person: StoredPerson): string {
    const old = person.resourceName;
    const n = this.nextId++;
    person.resourceName = `people/c${String(4_000_000_000_000_000_000n + BigInt(n) * 1_000_003n)}`;
    person.previous = [...(person.previous ?? []), old];
    this.people.delete(old);
    this.people.set(person.resourceName, person);
    for (const name of person.previous) this.aliases.set(name, person.resourceName);
    this.touch(person);
    return person.resourceName;
  }

  /** Replaces the listed person fields (an absent or empty list clears one). */
  replace(person: StoredPerson, data: PersonData, fields: string[], groups?: string[]): void {
    for (const f of fields) {
      if (f === 'memberships') continue;
      if (data[f]?.length) person.data[f] = data[f]!;
      else delete person.data[f];
    }
    if (groups) person.groups = [...groups];
    this.touch(person);
  }

  setGroups(person: StoredPerson, groups: string[]): void {
    person.groups = [...new Set(groups)];
    this.touch(person);
  }

  /** Moves a contact to Trash. */
  trash(person: StoredPerson): void {
    person.state = 'trashed';
    person.trashedAt = this.now();
    this.touch(person);
  }

  /** Empties Trash (R32's first remedy); tombstones keep syncs reporting the deletions. */
  emptyTrash(): number {
    let n = 0;
    for (const p of this.people.values()) {
      if (p.state !== 'trashed') continue;
      p.state = 'purged';
      p.data = {};
      p.groups = [];
      n++;
    }
    if (n) this.onChange();
    return n;
  }

  createGroup(name: string, clientData?: { key: string; value: string }[]): StoredGroup {
    const group: StoredGroup = {
      id: randomBytes(6).toString('hex'),
      name,
      type: 'USER_CONTACT_GROUP',
      version: 1,
      updateTime: timestamp(this.now()),
      ...(clientData?.length ? { clientData } : {}),
    };
    this.groups.set(group.id, group);
    this.onChange();
    return group;
  }

  snapshot(): StoreSnapshot {
    return { version: 1, seq: this.seq, nextId: this.nextId, people: [...this.people.values()], groups: [...this.groups.values()] };
  }

  load(snapshot: StoreSnapshot): void {
    this.seq = snapshot.seq;
    this.nextId = snapshot.nextId;
    this.people.clear();
    for (const p of snapshot.people) {
      this.people.set(p.resourceName, p);
      for (const name of p.previous ?? []) this.aliases.set(name, p.resourceName);
    }
    for (const g of snapshot.groups) this.groups.set(g.id, g);
  }
}
