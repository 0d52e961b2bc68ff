/**
 * The emulator's org: tables by object name, id generation with real key prefixes and checksum
 * suffixes, and the SystemModstamp clock. Tests reach in here directly to inspect or mutate records
 * without spending API calls.
 */
import { formatSfDateTime } from '../datetime.js';
import { idSuffix, toId18 } from '../ids.js';
import { RECYCLE_BIN_RETENTION_MS } from '../limits.js';
import type { SfObjectSpec } from '../standard-objects.js';
import type { Row, SoqlContext } from './soql/resolve.js';
import { Table } from './table.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(n: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export class SalesforceStore {
  readonly orgId: string;
  readonly userId: string;
  private readonly tables = new Map<string, Table>();
  private readonly byPrefix = new Map<string, Table>();
  private serial = 0;
  private lastStamp = 0;
  /** Called after every change, for persistence. */
  onChange: () => void = () => {};

  constructor(
    specs: SfObjectSpec[],
    readonly now: () => number = Date.now,
    /** Which org this is: its number in the org id (`00D8d0000000000001`…), so tests can have two orgs. */
    org = 1,
  ) {
    for (const spec of specs) {
      const table = new Table(spec);
      this.tables.set(spec.name.toLowerCase(), table);
      this.byPrefix.set(spec.keyPrefix, table);
    }
    this.orgId = this.makeId('00D', org);
    this.userId = this.makeId('005', 1);
  }

  private makeId(prefix: string, serial: number): string {
    // prefix (3) + pod (2) + reserved (1) + serial (9): the shape of a real id.
    const id15 = `${prefix}8d0${base62(serial, 9)}`;
    return id15 + idSuffix(id15);
  }

  table(name: string): Table | undefined {
    return this.tables.get(name.toLowerCase());
  }

  allTables(): Table[] {
    return [...this.tables.values()];
  }

  /** A fresh 18-character id for a record of `table`. */
  newId(table: Table): string {
    return this.makeId(table.spec.keyPrefix, ++this.serial);
  }

  /** The record with this id (15 or 18 characters), live or deleted. */
  get(id: string): { table: Table; row: Row } | undefined {
    const id18 = toId18(id);
    const table = id18 ? this.byPrefix.get(id18.slice(0, 3)) : undefined;
    const row = table?.rows.get(id18!);
    return row ? { table: table!, row } : undefined;
  }

  /**
   * A SystemModstamp for the next write: never earlier than the last one handed out, and strictly
   * later, so every transaction is ordered even when two fall in the same millisecond.
   */
  nextStamp(): string {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return formatSfDateTime(this.lastStamp);
  }

  /** Lets seeded or loaded history (stamps in the past or future) move the clock forward. */
  observeStamp(ms: number): void {
    this.lastStamp = Math.max(this.lastStamp, ms);
  }

  /** Drops recycle-bin rows older than the retention window, as the app does. */
  purgeRecycleBin(olderThanMs = RECYCLE_BIN_RETENTION_MS): number {
    let purged = 0;
    const cutoff = this.now() - olderThanMs;
    for (const table of this.tables.values()) {
      for (const [id, at] of table.deletedAt) {
        if (at < cutoff) {
          table.remove(id);
          purged++;
        }
      }
    }
    if (purged) this.onChange();
    return purged;
  }

  soqlContext(version: string): SoqlContext {
    return {
      table: (name) => this.table(name),
      lookup: (id) => {
        const hit = this.get(id);
        return hit && !hit.row.IsDeleted ? hit : undefined;
      },
      recordUrl: (type, id) => `/services/data/v${version}/sobjects/${type}/${id}`,
    };
  }

  /** Serial and clock, for persistence. */
  counters(): { serial: number; lastStamp: number } {
    return { serial: this.serial, lastStamp: this.lastStamp };
  }

  restoreCounters(c: { serial: number; lastStamp: number }): void {
    this.serial = Math.max(this.serial, c.serial);
    this.lastStamp = Math.max(this.lastStamp, c.lastStamp);
  }
}
