import type { Clock } from '../clock.js';
import { getCorrelation } from '../correlation-context/correlation.js';
import { serializeStructured, timestampOf } from '../structured/serialize.js';
import type { StructuredLogEvent } from '../structured/structured-log-event.js';
import type { InputLogEvent } from '../types.js';
import { checkLogGroupName, checkLogStreamName } from '../validation.js';
import type { BatchBuffer } from './batch-buffer.js';

/** The buffered half of `client.events`. */
export interface BufferedWrites {
  /**
   * Serializes a structured event once (correlation IDs from the scope when it has none) and
   * queues it in the batch buffer. Returns undefined when accepted at once; a Promise only when
   * the buffer is full under the `block` policy. Call `client.flush()` to wait for delivery.
   */
  putStructured(
    logGroupName: string,
    logStreamName: string,
    event: StructuredLogEvent,
  ): void | Promise<void>;
  /** Queues a raw line in the batch buffer, as `putStructured` does. */
  putBuffered(
    logGroupName: string,
    logStreamName: string,
    event: InputLogEvent,
  ): void | Promise<void>;
}

/** What the client's logger writes through: `putStructured` that drops rather than throw when full. */
export interface InternalBufferedWrites extends BufferedWrites {
  logStructured(
    logGroupName: string,
    logStreamName: string,
    event: StructuredLogEvent,
  ): void | Promise<void>;
}

export function createBufferedWrites(
  buffer: (operation: string) => BatchBuffer,
  clock: Clock,
  transform?: (event: StructuredLogEvent) => StructuredLogEvent,
): InternalBufferedWrites {
  // Names are checked once per stream, not per event.
  const checked = new Map<string, Set<string>>();
  const check = (group: string, stream: string) => {
    let streams = checked.get(group);
    if (streams?.has(stream)) return;
    checkLogGroupName(group);
    checkLogStreamName(stream);
    if (!streams) {
      streams = new Set();
      checked.set(group, streams);
    }
    streams.add(stream);
  };
  const now = () => clock.now();
  const encode = (group: string, stream: string, event: StructuredLogEvent): InputLogEvent => {
    check(group, stream);
    const e = transform ? transform(event) : event;
    const timestamp = timestampOf(e, now);
    return { timestamp, message: serializeStructured(e, timestamp, getCorrelation()) };
  };
  return {
    putStructured(group, stream, event) {
      return buffer('events.putStructured').add(group, stream, encode(group, stream, event));
    },
    logStructured(group, stream, event) {
      return buffer('logger').offer(group, stream, encode(group, stream, event));
    },
    putBuffered(group, stream, event) {
      check(group, stream);
      return buffer('events.putBuffered').add(group, stream, event);
    },
  };
}
