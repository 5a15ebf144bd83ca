/** One event as PutLogEvents carries it. */
export interface InputEvent {
  timestamp: number;
  message: string;
}

const INITIAL_CAPACITY = 64;

/**
 * The events of one log stream, stored column-wise so a million events cost little more than
 * their message strings: timestamps and ingestion times in typed arrays, messages in one array.
 * Events keep their insertion index (the "ordinal") for life; reads go through a view sorted by
 * (timestamp, ordinal), which is the identity while events arrive in order and a lazily rebuilt
 * permutation once a batch lands out of order.
 */
export class EventColumns {
  private timestamps = new Float64Array(INITIAL_CAPACITY);
  private ingestionTimes = new Float64Array(INITIAL_CAPACITY);
  private messages: string[] = [];
  private count = 0;
  private order: Uint32Array | undefined;
  private inOrder = true;
  private orderStale = false;

  get size(): number {
    return this.count;
  }

  /** Appends `events[from, to)`, all ingested at `ingestionTime`. */
  append(events: readonly InputEvent[], from: number, to: number, ingestionTime: number): void {
    const n = to - from;
    if (n <= 0) return;
    this.reserve(this.count + n);
    const ts = this.timestamps;
    const ingest = this.ingestionTimes;
    const messages = this.messages;
    let last = this.count === 0 ? Number.NEGATIVE_INFINITY : ts[this.count - 1]!;
    let index = this.count;
    for (let i = from; i < to; i += 1) {
      const event = events[i]!;
      const t = event.timestamp;
      if (t < last) this.inOrder = false;
      last = t;
      ts[index] = t;
      ingest[index] = ingestionTime;
      messages.push(event.message);
      index += 1;
    }
    this.count = index;
    if (!this.inOrder) this.orderStale = true;
  }

  private reserve(capacity: number): void {
    if (capacity <= this.timestamps.length) return;
    let next = this.timestamps.length * 2;
    while (next < capacity) next *= 2;
    const ts = new Float64Array(next);
    ts.set(this.timestamps.subarray(0, this.count));
    const ingest = new Float64Array(next);
    ingest.set(this.ingestionTimes.subarray(0, this.count));
    this.timestamps = ts;
    this.ingestionTimes = ingest;
  }

  /** The ordinal of the event at sorted position `pos`. */
  ordinalAt(pos: number): number {
    if (this.inOrder) return pos;
    return this.sortedOrder()[pos]!;
  }

  timestampAt(pos: number): number {
    return this.timestamps[this.ordinalAt(pos)]!;
  }

  messageAt(pos: number): string {
    return this.messages[this.ordinalAt(pos)]!;
  }

  ingestionTimeAt(pos: number): number {
    return this.ingestionTimes[this.ordinalAt(pos)]!;
  }

  /** First sorted position whose timestamp is >= `t` (or > `t` when `strict`). */
  lowerBound(t: number, strict = false): number {
    let lo = 0;
    let hi = this.count;
    if (this.inOrder) {
      const ts = this.timestamps;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const v = ts[mid]!;
        if (v < t || (strict && v === t)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
    const order = this.sortedOrder();
    const ts = this.timestamps;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = ts[order[mid]!]!;
      if (v < t || (strict && v === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First sorted position whose (timestamp, ordinal) is greater than (`t`, `ordinal`). */
  positionAfter(t: number, ordinal: number): number {
    let pos = this.lowerBound(t);
    while (pos < this.count && this.timestampAt(pos) === t && this.ordinalAt(pos) <= ordinal)
      pos += 1;
    return pos;
  }

  /** First sorted position whose (timestamp, ordinal) is at least (`t`, `ordinal`). */
  positionAtOrAfter(t: number, ordinal: number): number {
    let pos = this.lowerBound(t);
    while (pos < this.count && this.timestampAt(pos) === t && this.ordinalAt(pos) < ordinal)
      pos += 1;
    return pos;
  }

  /**
   * The raw columns and the sorted permutation (undefined while events are in arrival order),
   * for scans that must not pay a call per event.
   */
  columns(): {
    timestamps: Float64Array;
    ingestionTimes: Float64Array;
    messages: readonly string[];
    order: Uint32Array | undefined;
  } {
    return {
      timestamps: this.timestamps,
      ingestionTimes: this.ingestionTimes,
      messages: this.messages,
      order: this.inOrder ? undefined : this.sortedOrder(),
    };
  }

  private sortedOrder(): Uint32Array {
    if (this.order && !this.orderStale) return this.order;
    const ts = this.timestamps;
    const order = new Uint32Array(this.count);
    for (let i = 0; i < order.length; i += 1) order[i] = i;
    order.sort((a, b) => ts[a]! - ts[b]! || a - b);
    this.order = order;
    this.orderStale = false;
    return order;
  }
}
