/** One buffered event with its size as PutLogEvents counts it and its global arrival order. */
export interface Pending {
  timestamp: number;
  message: string;
  size: number;
  seq: number;
}

const VACANT: Pending = { timestamp: 0, message: '', size: 0, seq: -1 };

/** The events waiting for one (log group, log stream), oldest first. */
export class StreamQueue {
  private items: Pending[] = [];
  private head = 0;
  bytes = 0;
  /** Events at the head that a batch in flight holds: they may not be dropped. */
  sending = 0;
  /** Counts since creation, for flush targets. */
  enqueued = 0;
  settled = 0;
  running = false;
  wantFlush = false;
  private waiters: Array<{ target: number; resolve: () => void }> = [];

  constructor(
    readonly logGroupName: string,
    readonly logStreamName: string,
  ) {}

  get size(): number {
    return this.items.length - this.head;
  }

  push(event: Pending): void {
    this.items.push(event);
    this.bytes += event.size;
    this.enqueued += 1;
  }

  at(i: number): Pending {
    return this.items[this.head + i]!;
  }

  /** Removes `n` events from the head, counting them settled. */
  shift(n: number): Pending[] {
    const out = this.items.slice(this.head, this.head + n);
    // Sent events must not stay reachable from the array until the next compaction.
    this.items.fill(VACANT, this.head, this.head + n);
    this.head += n;
    for (const e of out) this.bytes -= e.size;
    this.compact();
    this.settle(n);
    return out;
  }

  /** Removes the first event not held by a batch in flight (for `drop-oldest`). */
  dropFirstIdle(): Pending | undefined {
    if (this.size <= this.sending) return undefined;
    const event = this.items[this.head + this.sending]!;
    // Move the (at most one batch of) events in flight up by one over the dropped one, rather
    // than splice a queue that may hold hundreds of thousands.
    for (let i = this.head + this.sending; i > this.head; i -= 1)
      this.items[i] = this.items[i - 1]!;
    // The vacated slot must not keep a message alive while a stalled server lets nothing shift.
    this.items[this.head] = VACANT;
    this.head += 1;
    this.bytes -= event.size;
    this.compact();
    this.settle(1);
    return event;
  }

  /** The arrival order of the first event that could be dropped. */
  firstIdleSeq(): number {
    return this.size > this.sending ? this.items[this.head + this.sending]!.seq : Infinity;
  }

  /** Drops the consumed prefix once it is most of the array. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  whenSettled(target: number): Promise<void> {
    if (this.settled >= target) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ target, resolve }));
  }

  private settle(n: number): void {
    this.settled += n;
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.settled >= w.target) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }
}
