import type { Metrics } from '@integrations/observability';
import type { Clock, Sleep } from '@integrations/resilience';
import type { InputLogEvent, PutLogEventsResponse, RejectedLogEventsInfo } from '../types.js';

export type OverflowPolicy = 'block' | 'drop-oldest' | 'drop-newest' | 'error';
export type OversizedPolicy = 'truncate' | 'split' | 'reject';

/** Why events were given up: every drop is reported, none is silent. */
export type DropReason = 'buffer-full' | 'failed' | 'closed-before-delivery' | 'resource-not-found';

export interface DroppedEvents {
  logGroupName: string;
  logStreamName: string;
  events: InputLogEvent[];
  reason: DropReason;
  /** The error that made the events undeliverable, when there was one. */
  error?: unknown;
}

export interface RejectedEvents {
  logGroupName: string;
  logStreamName: string;
  events: InputLogEvent[];
  info: RejectedLogEventsInfo;
}

/** Sends one batch: PutLogEvents in the client, anything in a test. */
export type PutBatch = (
  logGroupName: string,
  logStreamName: string,
  events: InputLogEvent[],
  signal: AbortSignal,
) => Promise<PutLogEventsResponse>;

/** The buffer's settings, as the client's `buffer` option takes them. */
export interface BufferConfig {
  /** Events per PutLogEvents, at most 10,000 (the default). */
  maxBatchEvents?: number;
  /** Bytes per PutLogEvents (UTF-8 messages + 26 per event), at most 1,048,576 (the default). */
  maxBatchBytes?: number;
  /** A stream's events are sent at least this often. Default 5,000 ms. */
  flushIntervalMs?: number;
  /** Streams sending at once. Default 4. */
  concurrency?: number;
  /** Bytes held across all streams before `overflow` applies. Default 64 MiB. */
  maxBufferedBytes?: number;
  /** What a put does when the buffer is full. Default `block`. */
  overflow?: OverflowPolicy;
  /** What a put does with an event over 1 MB. Default `truncate`. */
  oversized?: OversizedPolicy;
  /** Create the log group and stream on ResourceNotFoundException, then resend. Default true. */
  autoCreate?: boolean;
  /** How long `close()` keeps retrying undeliverable batches before dropping them. Default 30,000 ms. */
  closeTimeoutMs?: number;
  onDropped?: (dropped: DroppedEvents) => void;
  onRejected?: (rejected: RejectedEvents) => void;
}

export interface BatchBufferOptions extends BufferConfig {
  put: PutBatch;
  /** Creates the group and stream (for `autoCreate`). */
  ensureStream?: (logGroupName: string, logStreamName: string) => Promise<void>;
  metrics?: Metrics;
  clock?: Clock;
  /** Waits for flush intervals and retry backoff; must honour the signal. Default: unref'ed timers. */
  sleep?: Sleep;
}

export interface FlushReport {
  /** Events the service stored. */
  sent: number;
  /** Events the service refused in `rejectedLogEventsInfo` (too old, too new, expired). */
  rejected: number;
  /** Events given up after a non-retryable failure or at close. */
  failed: number;
  /** Events dropped by the overflow policy. */
  dropped: number;
}

export interface BufferStats extends FlushReport {
  bufferedEvents: number;
  bufferedBytes: number;
  streams: number;
  batchesSent: number;
  retries: number;
}
