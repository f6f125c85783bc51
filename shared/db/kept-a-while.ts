// What a process keeps of records it has read, to list a hundred cases again without a
// hundred reads: bounded in number (the least recently used go first) and in time. The
// time bound is for erasure: what retention or a person's erasure removes from the store
// is gone from every process's memory within `maxAgeMs` of it, though no list names an
// erased case or person in the meantime.
export const KEPT_AT_MOST_MS = 10 * 60_000;

export class KeptAWhile<V> {
  private readonly kept = new Map<string, { value: V; keptAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs = KEPT_AT_MOST_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value kept for `key`, if kept and not too old (used again: kept the longest). */
  get(key: string): V | undefined {
    const entry = this.kept.get(key);
    if (!entry) return undefined;
    this.kept.delete(key);
    if (this.now() - entry.keptAt > this.maxAgeMs) return undefined;
    this.kept.set(key, entry);
    return entry.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): void {
    this.kept.delete(key);
    this.kept.set(key, { value, keptAt: this.now() });
    while (this.kept.size > this.maxEntries) this.kept.delete(this.kept.keys().next().value!);
  }

  get size(): number {
    return this.kept.size;
  }
}
