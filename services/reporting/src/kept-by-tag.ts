/**
 * Values kept one per key, each at the tag it was made for (the read models' change count and the day): what a
 * request finds here at the current tag was made for an earlier asker and still holds. The oldest used is
 * forgotten past `limit`; a value replaced or forgotten that way is handed to `dropped`.
 */
export class KeptByTag<Value> {
  private readonly kept = new Map<string, { tag: string, value: Value }>()

  constructor (private readonly limit: number, private readonly dropped: (value: Value) => void = () => undefined) {}

  /** The value kept for the key at this tag, or a new one from `make`, which replaces one made at another tag. */
  at (key: string, tag: string, make: () => Value): Value {
    const kept = this.kept.get(key)
    // Taken out and put back: a Map iterates in insertion order, so the first key is the oldest used.
    this.kept.delete(key)
    if (kept?.tag === tag) {
      this.kept.set(key, kept)
      return kept.value
    }
    if (kept !== undefined) this.dropped(kept.value)
    const value = make()
    this.kept.set(key, { tag, value })
    for (const [oldest, entry] of this.kept) {
      if (this.kept.size <= this.limit) break
      this.kept.delete(oldest)
      this.dropped(entry.value)
    }
    return value
  }

  /** Forgets the key's value if it is still this one (it failed): the next asker makes a new one. */
  forget (key: string, value: Value): void {
    if (this.kept.get(key)?.value === value) this.kept.delete(key)
  }

  /** Forgets every value, and answers them. */
  clear (): Value[] {
    const values = [...this.kept.values()].map((entry) => entry.value)
    this.kept.clear()
    return values
  }
}
