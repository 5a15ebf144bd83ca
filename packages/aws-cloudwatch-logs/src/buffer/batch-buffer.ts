import { setMaxListeners } from 'node:events';
import type { Metrics } from '@integrations/observability';
import {
  type Clock,
  type Sleep,
  systemClock,
  systemSleep,
  unrefSleep,
} from '@integrations/resilience';
import { BufferFullError, CloudWatchLogsError, ValidationError } from '../errors.js';
import { CloudWatchLogsLimits as L } from '../limits.js';
import type { InputLogEvent, RejectedLogEventsInfo } from '../types.js';
import type {
  BatchBufferOptions,
  BufferStats,
  DropReason,
  FlushReport,
  OverflowPolicy,
  OversizedPolicy,
  PutBatch,
} from './options.js';
import { type Pending, StreamQueue } from './stream-queue.js';
import { utf8Chunks, utf8Prefix } from './utf8.js';

const TRUNCATED = '…[truncated]';
const MAX_MESSAGE_BYTES = L.maxEventBytes - L.eventOverheadBytes;
const RETRY_BASE_MS = 200;
const RETRY_MAX_MS = 10_000;
const NOT_FOUND_AFTER_CREATE_RETRIES = 3;

const noMetrics: Metrics = { counter() {}, histogram() {}, gauge() {} };

/** An event as `add` takes it. */
export interface BufferedEventInput {
  timestamp: number;
  message: string;
}

export interface BatchBuffer {
  /**
   * Queues an event for its (log group, log stream). Returns undefined when it was accepted at
   * once; a Promise only when the buffer is full and the policy is `block` (it resolves once
   * the event is accepted). Throws `BufferFullError` under the `error` policy and
   * `ValidationError` for an oversized event under `reject`, or after `close()`.
   */
  add(logGroupName: string, logStreamName: string, event: BufferedEventInput): void | Promise<void>;
  /**
   * As `add`, for a caller that must not throw or wait (the logger): where `add` would throw
   * `BufferFullError` (overflow `error`) or return a Promise (overflow `block`, buffer full), the
   * event is dropped and reported to `onDropped` with reason `buffer-full` instead, so memory
   * stays bounded. Every other error is thrown as by `add`.
   */
  offer(
    logGroupName: string,
    logStreamName: string,
    event: BufferedEventInput,
  ): void | Promise<void>;
  /** Resolves once every event added before the call is stored or reported as failed. */
  flush(): Promise<FlushReport>;
  /** Flushes everything, gives up on what cannot be delivered within `closeTimeoutMs`, stops. */
  close(): Promise<FlushReport>;
  stats(): BufferStats;
}

function retryable(error: unknown): boolean {
  return error instanceof CloudWatchLogsError ? error.retryable : false;
}

function notFound(error: unknown): boolean {
  return error instanceof CloudWatchLogsError && error.code === 'ResourceNotFoundException';
}

/** Indexes of a batch the service refused, per its `rejectedLogEventsInfo`. */
function rejectedIndexes(info: RejectedLogEventsInfo, length: number): number[] {
  const out: number[] = [];
  const oldEnd = Math.max(info.tooOldLogEventEndIndex ?? -1, info.expiredLogEventEndIndex ?? -1);
  const newStart = info.tooNewLogEventStartIndex ?? length;
  for (let i = 0; i < length; i += 1) if (i <= oldEnd || i >= newStart) out.push(i);
  return out;
}

/**
 * The batch buffer: one queue per (log group, log stream), flushed by event count, bytes,
 * interval, `flush()` and `close()`, batches split by CloudWatch's limits and sent in order
 * per stream, streams in parallel up to `concurrency`. Retryable failures keep the events at
 * the head of their stream and retry with backoff; nothing is dropped without being reported.
 */
export function createBatchBuffer(options: BatchBufferOptions): BatchBuffer {
  const maxBatchEvents = options.maxBatchEvents ?? L.maxEventsPerBatch;
  const maxBatchBytes = options.maxBatchBytes ?? L.maxBatchBytes;
  const flushIntervalMs = options.flushIntervalMs ?? 5_000;
  const concurrency = options.concurrency ?? 4;
  const maxBufferedBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
  const overflow: OverflowPolicy = options.overflow ?? 'block';
  const oversized: OversizedPolicy = options.oversized ?? 'truncate';
  const autoCreate = options.autoCreate ?? true;
  const closeTimeoutMs = options.closeTimeoutMs ?? 30_000;
  const put: PutBatch = options.put;
  const metrics = options.metrics ?? noMetrics;
  const clock: Clock = options.clock ?? systemClock;
  const sleep: Sleep = options.sleep ?? unrefSleep;
  // close() is awaited: its deadline must keep the process alive until the last retry is done.
  const closeSleep: Sleep = options.sleep ?? systemSleep;
  if (maxBatchEvents < 1 || maxBatchEvents > L.maxEventsPerBatch)
    throw new ValidationError(
      'maxBatchEvents',
      maxBatchEvents,
      `must be from 1 to ${L.maxEventsPerBatch}`,
    );
  if (maxBatchBytes < L.eventOverheadBytes + 1 || maxBatchBytes > L.maxBatchBytes)
    throw new ValidationError('maxBatchBytes', maxBatchBytes, `must be at most ${L.maxBatchBytes}`);

  const queues: StreamQueue[] = [];
  const totals = { sent: 0, rejected: 0, failed: 0, dropped: 0, batchesSent: 0, retries: 0 };
  let bufferedBytes = 0;
  let bufferedEvents = 0;
  let seq = 0;
  let active = 0;
  const slotWaiters: Array<() => void> = [];
  const roomWaiters: Array<{ size: number; admit: () => void }> = [];
  let closing: Promise<FlushReport> | undefined;
  const stop = new AbortController();
  const deadline = new AbortController();
  // Every send and every backoff pause of every stream listens to it at once.
  setMaxListeners(0, deadline.signal);

  const acquire = async (): Promise<void> => {
    if (active < concurrency) {
      active += 1;
      return;
    }
    await new Promise<void>((resolve) => slotWaiters.push(resolve));
  };
  const release = () => {
    const next = slotWaiters.shift();
    if (next) next();
    else active -= 1;
  };

  const report = (q: StreamQueue, events: Pending[], reason: DropReason, error?: unknown) => {
    if (events.length === 0) return;
    if (reason === 'buffer-full') totals.dropped += events.length;
    else totals.failed += events.length;
    metrics.counter('cloudwatch_logs.buffer.events_dropped', events.length, { reason });
    try {
      options.onDropped?.({
        logGroupName: q.logGroupName,
        logStreamName: q.logStreamName,
        events: events.map(({ timestamp, message }) => ({ timestamp, message })),
        reason,
        ...(error !== undefined ? { error } : {}),
      });
    } catch {
      // A throwing callback must not stop the buffer.
    }
  };

  // An event larger than the whole bound still goes in once the buffer is empty, so a producer
  // blocked on it always gets through.
  const fits = (size: number) => bufferedBytes + size <= maxBufferedBytes || bufferedBytes === 0;

  const gauges = () => {
    metrics.gauge('cloudwatch_logs.buffer.buffered_events', bufferedEvents);
    metrics.gauge('cloudwatch_logs.buffer.buffered_bytes', bufferedBytes);
  };

  const freed = (events: readonly Pending[]) => {
    for (const e of events) bufferedBytes -= e.size;
    bufferedEvents -= events.length;
    gauges();
    while (roomWaiters.length > 0 && fits(roomWaiters[0]!.size)) {
      roomWaiters.shift()!.admit();
    }
  };

  const full = (q: StreamQueue) => q.size >= maxBatchEvents || q.bytes >= maxBatchBytes;

  /** The head of the queue that fits one PutLogEvents: count, bytes and a 24-hour span. */
  const takeBatch = (q: StreamQueue): number => {
    let n = 0;
    let bytes = 0;
    let min = Infinity;
    let max = -Infinity;
    while (n < q.size && n < maxBatchEvents) {
      const e = q.at(n);
      if (bytes + e.size > maxBatchBytes) break;
      const lo = Math.min(min, e.timestamp);
      const hi = Math.max(max, e.timestamp);
      if (n > 0 && hi - lo > L.maxBatchSpanMs) break;
      min = lo;
      max = hi;
      bytes += e.size;
      n += 1;
    }
    return n;
  };

  /** Sends one batch until it is stored, refused for good, or the close deadline passes. */
  const deliver = async (q: StreamQueue, n: number): Promise<void> => {
    const batch: Pending[] = [];
    for (let i = 0; i < n; i += 1) batch.push(q.at(i));
    // PutLogEvents wants chronological order; Array#sort is stable.
    const ordered = [...batch].sort((a, b) => a.timestamp - b.timestamp);
    const events: InputLogEvent[] = ordered.map(({ timestamp, message }) => ({
      timestamp,
      message,
    }));
    q.sending = n;
    let failures = 0;
    let created = false;
    let notFoundAfterCreate = 0;
    const started = clock.now();
    try {
      for (;;) {
        try {
          const response = await put(q.logGroupName, q.logStreamName, events, deadline.signal);
          const info = response.rejectedLogEventsInfo;
          const refused = info ? rejectedIndexes(info, events.length) : [];
          if (refused.length > 0 && info) {
            totals.rejected += refused.length;
            metrics.counter('cloudwatch_logs.buffer.events_rejected', refused.length);
            try {
              options.onRejected?.({
                logGroupName: q.logGroupName,
                logStreamName: q.logStreamName,
                events: refused.map((i) => events[i]!),
                info,
              });
            } catch {
              // as for onDropped
            }
          }
          totals.sent += events.length - refused.length;
          totals.batchesSent += 1;
          metrics.counter('cloudwatch_logs.buffer.batches_sent');
          metrics.counter('cloudwatch_logs.buffer.events_sent', events.length - refused.length);
          metrics.histogram('cloudwatch_logs.buffer.flush_latency_ms', clock.now() - started);
          freed(q.shift(n));
          return;
        } catch (error) {
          if (deadline.signal.aborted) {
            report(q, q.shift(n), 'closed-before-delivery', error);
            freed(batch);
            return;
          }
          if (notFound(error) && autoCreate && options.ensureStream && !created) {
            created = true;
            try {
              await options.ensureStream(q.logGroupName, q.logStreamName);
              continue;
            } catch (createError) {
              if (!retryable(createError)) {
                metrics.counter('cloudwatch_logs.buffer.failures');
                report(q, q.shift(n), 'resource-not-found', createError);
                freed(batch);
                return;
              }
            }
          } else if (
            notFound(error) &&
            created &&
            autoCreate &&
            notFoundAfterCreate < NOT_FOUND_AFTER_CREATE_RETRIES
          ) {
            // Just created: the service may not serve it yet. Retry, a bounded number of times.
            notFoundAfterCreate += 1;
          } else if (!retryable(error)) {
            metrics.counter('cloudwatch_logs.buffer.failures');
            report(q, q.shift(n), notFound(error) ? 'resource-not-found' : 'failed', error);
            freed(batch);
            return;
          }
          // Retryable: the batch stays at the head, in order, and goes again after a pause.
          failures += 1;
          created = false;
          totals.retries += 1;
          metrics.counter('cloudwatch_logs.buffer.retries');
          const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(failures - 1, 10));
          release();
          try {
            await sleep(wait * (0.5 + Math.random() * 0.5), deadline.signal);
          } catch {
            // The close deadline passed during the pause; the next attempt reports the drop.
          } finally {
            await acquire();
          }
          if (deadline.signal.aborted) {
            report(q, q.shift(n), 'closed-before-delivery');
            freed(batch);
            return;
          }
        }
      }
    } finally {
      q.sending = 0;
    }
  };

  const drain = async (q: StreamQueue): Promise<void> => {
    q.running = true;
    try {
      while (q.size > 0 && (q.wantFlush || full(q))) {
        await acquire();
        try {
          const n = takeBatch(q);
          await deliver(q, n);
        } finally {
          release();
        }
      }
      if (q.size === 0) q.wantFlush = false;
    } finally {
      q.running = false;
    }
  };

  const kick = (q: StreamQueue) => {
    if (!q.running && q.size > 0 && (q.wantFlush || full(q))) void drain(q);
  };

  const flushAll = (): Promise<void> => {
    const waits: Promise<void>[] = [];
    for (const q of queues) {
      if (q.size === 0) continue;
      q.wantFlush = true;
      waits.push(q.whenSettled(q.enqueued));
      kick(q);
    }
    return Promise.all(waits).then(() => undefined);
  };

  const snapshot = (): FlushReport => ({
    sent: totals.sent,
    rejected: totals.rejected,
    failed: totals.failed,
    dropped: totals.dropped,
  });
  const since = (before: FlushReport): FlushReport => ({
    sent: totals.sent - before.sent,
    rejected: totals.rejected - before.rejected,
    failed: totals.failed - before.failed,
    dropped: totals.dropped - before.dropped,
  });

  // The interval trigger: one loop for all streams, on timers that never keep a process alive.
  void (async () => {
    while (!stop.signal.aborted) {
      try {
        await sleep(flushIntervalMs, stop.signal);
      } catch {
        return;
      }
      gauges();
      void flushAll();
    }
  })();

  // Looked up by group, then stream: no key string is built per event.
  const byGroup = new Map<string, Map<string, StreamQueue>>();
  const queueFor = (group: string, stream: string): StreamQueue => {
    let streams = byGroup.get(group);
    if (!streams) {
      streams = new Map();
      byGroup.set(group, streams);
    }
    let q = streams.get(stream);
    if (!q) {
      q = new StreamQueue(group, stream);
      streams.set(stream, q);
      queues.push(q);
    }
    return q;
  };

  const enqueue = (q: StreamQueue, timestamp: number, message: string, size: number) => {
    q.push({ timestamp, message, size, seq: seq++ });
    bufferedBytes += size;
    bufferedEvents += 1;
    metrics.counter('cloudwatch_logs.buffer.events_buffered');
    metrics.counter('cloudwatch_logs.buffer.bytes_buffered', size);
    if (full(q)) kick(q);
  };

  const dropOldest = (needed: number) => {
    while (!fits(needed)) {
      let oldest: StreamQueue | undefined;
      for (const q of queues)
        if (q.firstIdleSeq() < (oldest?.firstIdleSeq() ?? Infinity)) oldest = q;
      const event = oldest?.dropFirstIdle();
      if (!oldest || !event) return false;
      freed([event]);
      report(oldest, [event], 'buffer-full');
    }
    return true;
  };

  const admit = (
    q: StreamQueue,
    timestamp: number,
    message: string,
    size: number,
    quiet: boolean,
  ): void | Promise<void> => {
    // Under `block`, producers already waiting go first: a put that is not awaited must not
    // overtake an earlier one of the same stream. A quiet caller (the logger) never waits, below.
    if (fits(size) && (overflow !== 'block' || roomWaiters.length === 0 || quiet))
      return enqueue(q, timestamp, message, size);
    switch (overflow) {
      case 'error':
        if (!quiet) throw new BufferFullError(maxBufferedBytes);
        report(q, [{ timestamp, message, size, seq: -1 }], 'buffer-full');
        return;
      case 'drop-newest':
        report(q, [{ timestamp, message, size, seq: -1 }], 'buffer-full');
        return;
      case 'drop-oldest':
        if (dropOldest(size)) return enqueue(q, timestamp, message, size);
        report(q, [{ timestamp, message, size, seq: -1 }], 'buffer-full');
        return;
      default:
        void flushAll();
        // A caller that cannot await (the logger) would pile up waiters, each holding its event,
        // without bound while the service is stalled: its event is dropped and reported instead.
        if (quiet) {
          report(q, [{ timestamp, message, size, seq: -1 }], 'buffer-full');
          return;
        }
        return new Promise<void>((resolve) => {
          roomWaiters.push({
            size,
            admit: () => {
              enqueue(q, timestamp, message, size);
              resolve();
            },
          });
        });
    }
  };

  const accept = (
    group: string,
    stream: string,
    event: BufferedEventInput,
    quiet: boolean,
  ): void | Promise<void> => {
    if (closing)
      throw new CloudWatchLogsError('The buffer is closed: events can no longer be added.', {
        code: 'ClientClosed',
      });
    const { timestamp, message } = event;
    // Checked here, where the caller can fix it: sent, one bad event fails its whole batch.
    if (typeof message !== 'string' || message.length === 0)
      throw new ValidationError('message', message, 'must be a non-empty string');
    if (!Number.isSafeInteger(timestamp) || timestamp < 0)
      throw new ValidationError(
        'timestamp',
        timestamp,
        'must be milliseconds since the epoch (a non-negative integer)',
      );
    const bytes = Buffer.byteLength(message, 'utf8');
    const q = queueFor(group, stream);
    if (bytes <= MAX_MESSAGE_BYTES)
      return admit(q, timestamp, message, bytes + L.eventOverheadBytes, quiet);
    if (oversized === 'reject') {
      throw new ValidationError(
        'message',
        message,
        `must be at most ${MAX_MESSAGE_BYTES} UTF-8 bytes (it is ${bytes}); shorten it, or use the buffer's oversized: 'truncate' or 'split'`,
      );
    }
    if (oversized === 'truncate') {
      const cut = utf8Prefix(message, MAX_MESSAGE_BYTES - Buffer.byteLength(TRUNCATED)) + TRUNCATED;
      return admit(q, timestamp, cut, Buffer.byteLength(cut) + L.eventOverheadBytes, quiet);
    }
    const pieces = utf8Chunks(message, MAX_MESSAGE_BYTES);
    const sizes = pieces.map((piece) => Buffer.byteLength(piece) + L.eventOverheadBytes);
    // Under `error`, all the pieces or none: half a message must not be left behind.
    if (overflow === 'error' && !quiet) {
      const total = sizes.reduce((a, b) => a + b, 0);
      if (bufferedBytes + total > maxBufferedBytes) throw new BufferFullError(maxBufferedBytes);
    }
    // Admitted at once and in order: under `block` the later pieces queue behind the first, so
    // no other put of the stream can come between them.
    const waits: Promise<void>[] = [];
    for (let i = 0; i < pieces.length; i += 1) {
      const result = admit(q, timestamp, pieces[i]!, sizes[i]!, quiet);
      if (result) waits.push(result);
    }
    return waits.length === 0 ? undefined : Promise.all(waits).then(() => undefined);
  };

  return {
    add: (group, stream, event) => accept(group, stream, event, false),
    offer: (group, stream, event) => accept(group, stream, event, true),
    async flush() {
      const before = snapshot();
      await flushAll();
      return since(before);
    },

    close() {
      closing ??= (async () => {
        const before = snapshot();
        const timer = closeSleep(closeTimeoutMs, stop.signal).then(
          () => deadline.abort(new Error('close timeout')),
          () => undefined,
        );
        // Waiters blocked on room get in first, so their events are flushed too.
        await flushAll();
        while (roomWaiters.length > 0) {
          await Promise.resolve();
          await flushAll();
        }
        stop.abort();
        await timer;
        return since(before);
      })();
      return closing;
    },

    stats() {
      return {
        ...snapshot(),
        bufferedEvents,
        bufferedBytes,
        streams: queues.length,
        batchesSent: totals.batchesSent,
        retries: totals.retries,
      };
    },
  };
}
