import { type SimulatedEvent, simulatedEventToJson } from './simulated-event.js';

/** One event as a {@link MockLogStream} holds it, as GetLogEvents would answer it. */
export interface MockLogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export type MockLogListener = (event: MockLogEvent) => void;

/**
 * An in-memory log stream for unit tests: what the code under test puts can be read back,
 * filtered and watched, with no server at all.
 */
export class MockLogStream {
  private readonly events: MockLogEvent[] = [];
  private readonly listeners = new Set<MockLogListener>();

  constructor(
    readonly logGroupName = '/mock/group',
    readonly logStreamName = 'mock-stream',
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds raw events (`{ timestamp, message }`) or simulated structured events, in order. */
  put(
    events:
      | { timestamp: number; message: string }
      | SimulatedEvent
      | ReadonlyArray<{ timestamp: number; message: string } | SimulatedEvent>,
  ): void {
    const list = Array.isArray(events) ? events : [events];
    for (const e of list as ReadonlyArray<
      { timestamp: number; message: string } | SimulatedEvent
    >) {
      const event: MockLogEvent = {
        timestamp: e.timestamp,
        message: 'traceId' in e ? simulatedEventToJson(e) : e.message,
        ingestionTime: this.now(),
      };
      this.events.push(event);
      for (const listener of this.listeners) listener(event);
    }
  }

  /** Every event, oldest first; optionally only those in `[startTime, endTime)`. */
  get(range: { startTime?: number; endTime?: number } = {}): MockLogEvent[] {
    const { startTime = Number.NEGATIVE_INFINITY, endTime = Number.POSITIVE_INFINITY } = range;
    return this.events
      .filter((e) => e.timestamp >= startTime && e.timestamp < endTime)
      .sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Calls `listener` for every event put from now on; returns the unsubscribe function. */
  subscribe(listener: MockLogListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  filter(predicate: (event: MockLogEvent) => boolean): MockLogEvent[] {
    return this.get().filter(predicate);
  }

  get size(): number {
    return this.events.length;
  }

  clear(): void {
    this.events.length = 0;
  }
}
