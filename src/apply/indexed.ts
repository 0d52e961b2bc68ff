/**
 * An array that belongs to the state (links, failures), indexed by key, so that finding, adding and
 * removing one item cost O(1) instead of a scan of the whole array (a scan per delete or failure
 * made large applies quadratic). Removal moves the last item into the freed slot: the array's
 * order is not meaningful, only its contents.
 */
export class IndexedArray<T> {
  private readonly positions = new Map<string, number>();

  constructor(
    private readonly items: T[],
    private readonly key: (item: T) => string,
  ) {
    for (let i = 0; i < items.length; i++) this.positions.set(key(items[i]!), i);
  }

  get(key: string): T | undefined {
    const i = this.positions.get(key);
    return i === undefined ? undefined : this.items[i];
  }

  add(item: T): void {
    this.positions.set(this.key(item), this.items.length);
    this.items.push(item);
  }

  remove(key: string): void {
    const i = this.positions.get(key);
    if (i === undefined) return;
    this.positions.delete(key);
    const last = this.items.pop()!;
    if (i < this.items.length) {
      this.items[i] = last;
      this.positions.set(this.key(last), i);
    }
  }

  /** Call after changing an item's key fields in place. */
  rekey(oldKey: string, item: T): void {
    const i = this.positions.get(oldKey);
    if (i === undefined) return;
    this.positions.delete(oldKey);
    this.positions.set(this.key(item), i);
  }
}
