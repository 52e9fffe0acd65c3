// A growable list of 32-bit integers (line or row numbers) backed by one typed array, with a
// movable head so dropping the oldest entries costs nothing.
export class IntList {
  private data: Int32Array;
  private head = 0;
  private tail = 0;

  constructor(capacity = 256) {
    this.data = new Int32Array(Math.max(4, capacity));
  }

  get length(): number {
    return this.tail - this.head;
  }

  get(index: number): number {
    return this.data[this.head + index]!;
  }

  last(): number | undefined {
    return this.tail > this.head ? this.data[this.tail - 1] : undefined;
  }

  push(value: number): void {
    if (this.tail === this.data.length) this.grow();
    this.data[this.tail] = value;
    this.tail += 1;
  }

  private grow(): void {
    const live = this.tail - this.head;
    // Compact when most of the array is dropped head; otherwise double.
    const size = live * 2 < this.data.length ? this.data.length : this.data.length * 2;
    const next = new Int32Array(size);
    next.set(this.data.subarray(this.head, this.tail));
    this.data = next;
    this.head = 0;
    this.tail = live;
  }

  /** Drops entries from the front while `predicate(value)` holds (values are sorted ascending). */
  dropWhileBelow(limit: number): number {
    let dropped = 0;
    while (this.head < this.tail && this.data[this.head]! < limit) {
      this.head += 1;
      dropped += 1;
    }
    return dropped;
  }

  clear(): void {
    this.head = 0;
    this.tail = 0;
  }

  /** Index of the first entry >= value (entries sorted ascending). */
  lowerBound(value: number): number {
    let lo = this.head;
    let hi = this.tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.data[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** Index of `value` (entries sorted ascending), or -1. */
  indexOf(value: number): number {
    const i = this.lowerBound(value);
    return i < this.length && this.get(i) === value ? i : -1;
  }

  view(): Int32Array {
    return this.data.subarray(this.head, this.tail);
  }
}

/** Index of the first element >= value in a sorted typed array. */
export function lowerBound(sorted: ArrayLike<number>, value: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
