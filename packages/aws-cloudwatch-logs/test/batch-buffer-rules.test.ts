import type { Metrics } from '@integrations/observability';
import { createVirtualTime } from '@integrations/resilience';
import { describe, expect, it } from 'vitest';
import {
  type BatchBufferOptions,
  BufferFullError,
  CloudWatchLogsError,
  createBatchBuffer,
  type DroppedEvents,
  type InputLogEvent,
} from '../src/index.js';

interface Call {
  stream: string;
  events: InputLogEvent[];
  at: number;
}

function recordingMetrics() {
  const counters = new Map<string, number>();
  const gauges = new Map<string, number>();
  const histograms: Array<[string, number]> = [];
  const metrics: Metrics = {
    counter(name, value = 1, tags) {
      const key = tags ? `${name}{${Object.values(tags).join(',')}}` : name;
      counters.set(key, (counters.get(key) ?? 0) + value);
    },
    gauge(name, value) {
      gauges.set(name, value);
    },
    histogram(name, value) {
      histograms.push([name, value]);
    },
  };
  return { metrics, counters, gauges, histograms };
}

function setup(
  options: Partial<BatchBufferOptions>,
  respond: (call: Call, n: number) => unknown = () => ({}),
) {
  const time = createVirtualTime(1_700_000_000_000);
  const calls: Call[] = [];
  const dropped: DroppedEvents[] = [];
  const put: BatchBufferOptions['put'] = async (_group, stream, events) => {
    const call = { stream, events, at: time.now() };
    calls.push(call);
    await Promise.resolve();
    return (await respond(call, calls.length)) ?? {};
  };
  const buffer = createBatchBuffer({
    put,
    clock: time.clock,
    sleep: time.sleep,
    onDropped: (d) => dropped.push(d),
    ...options,
  });
  return { time, buffer, calls, dropped };
}

const throttled = () =>
  new CloudWatchLogsError('Rate exceeded', { code: 'ThrottlingException', retryable: true });

describe('batch limits at their defaults', () => {
  it('cuts at 10,000 events', async () => {
    const { buffer, calls, time } = setup({});
    for (let i = 0; i < 10_001; i += 1)
      buffer.add('/g', 's', { timestamp: time.now(), message: 'x' });
    await buffer.flush();
    expect(calls.map((c) => c.events.length)).toEqual([10_000, 1]);
  });

  it('cuts at exactly 1,048,576 bytes counting 26 per event', async () => {
    const { buffer, calls, time } = setup({});
    // 998 bytes + 26 = 1,024 per event: 1,024 events fill a batch to the byte.
    const message = 'y'.repeat(998);
    for (let i = 0; i < 1_025; i += 1) buffer.add('/g', 's', { timestamp: time.now(), message });
    await buffer.flush();
    expect(calls.map((c) => c.events.length)).toEqual([1_024, 1]);
  });
});

describe('metrics', () => {
  it('counts buffered events and bytes, batches, retries, failures, drops by reason, latency', async () => {
    const m = recordingMetrics();
    let throttledOnce = false;
    const { buffer, time } = setup(
      { metrics: m.metrics, maxBufferedBytes: 200, overflow: 'drop-newest' },
      async (call) => {
        if (call.stream === 'bad')
          throw new CloudWatchLogsError('no', { code: 'InvalidParameterException' });
        if (!throttledOnce) {
          throttledOnce = true;
          throw throttled();
        }
        await time.sleep(40);
        return {};
      },
    );
    buffer.add('/g', 'ok', { timestamp: time.now(), message: 'abcd' }); // 30 bytes
    buffer.add('/g', 'bad', { timestamp: time.now(), message: 'ab' }); // 28 bytes
    buffer.add('/g', 'ok', { timestamp: time.now(), message: 'z'.repeat(200) }); // does not fit
    const flushed = buffer.flush();
    await time.advance(60_000);
    // The drop happened before flush() was called, so only the totals show it.
    expect(await flushed).toEqual({ sent: 1, rejected: 0, failed: 1, dropped: 0 });
    expect(buffer.stats()).toMatchObject({ dropped: 1, retries: 1, batchesSent: 1 });
    expect(Object.fromEntries(m.counters)).toMatchObject({
      'cloudwatch_logs.buffer.events_buffered': 2,
      'cloudwatch_logs.buffer.bytes_buffered': 58,
      'cloudwatch_logs.buffer.batches_sent': 1,
      'cloudwatch_logs.buffer.events_sent': 1,
      'cloudwatch_logs.buffer.retries': 1,
      'cloudwatch_logs.buffer.failures': 1,
      'cloudwatch_logs.buffer.events_dropped{buffer-full}': 1,
      'cloudwatch_logs.buffer.events_dropped{failed}': 1,
    });
    expect(m.histograms).toEqual([['cloudwatch_logs.buffer.flush_latency_ms', expect.any(Number)]]);
    expect(m.histograms[0]![1]).toBeGreaterThanOrEqual(40);
    expect(m.gauges.get('cloudwatch_logs.buffer.buffered_events')).toBe(0);
    expect(m.gauges.get('cloudwatch_logs.buffer.buffered_bytes')).toBe(0);
  });
});

describe('overflow', () => {
  it('drop-oldest drops the oldest event of any stream, never one of a batch in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { buffer, calls, dropped, time } = setup(
      { maxBufferedBytes: 130, overflow: 'drop-oldest' },
      async () => {
        await gate;
        return {};
      },
    );
    const add = (stream: string, message: string) =>
      buffer.add('/g', stream, { timestamp: time.now(), message });
    add('a', 'a1'); // 28 bytes each
    const flushed = buffer.flush(); // a1 is now in flight
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
    add('b', 'b1');
    add('a', 'a2');
    add('b', 'b2');
    add('a', 'a3'); // 5 × 28 = 140 > 130: the oldest idle event (b1) goes
    expect(dropped.map((d) => [d.logStreamName, d.events[0]!.message])).toEqual([['b', 'b1']]);
    add('b', 'b3'); // then a2, never a1 which is in flight
    expect(dropped.map((d) => d.events[0]!.message)).toEqual(['b1', 'a2']);
    release();
    await flushed;
    await buffer.flush();
    const sent = calls.flatMap((c) => c.events.map((e) => e.message));
    expect(sent.sort()).toEqual(['a1', 'a3', 'b2', 'b3']);
    expect(buffer.stats()).toMatchObject({ dropped: 2, bufferedEvents: 0, bufferedBytes: 0 });
  });
});

describe('offer under block', () => {
  it('never waits: with the buffer full it drops and reports, so a stalled service bounds memory', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { buffer, calls, dropped, time } = setup(
      { maxBufferedBytes: 100, overflow: 'block' },
      async () => {
        await gate;
        return {};
      },
    );
    const offer = (message: string) => buffer.offer('/g', 's', { timestamp: time.now(), message });
    expect(offer('1'.repeat(44))).toBeUndefined(); // 70 bytes
    for (let i = 0; i < 1_000; i += 1) expect(offer('2'.repeat(44))).toBeUndefined();
    expect(buffer.stats()).toMatchObject({ bufferedBytes: 70, dropped: 1_000 });
    expect(dropped.every((d) => d.reason === 'buffer-full')).toBe(true);
    // A waiting add() does not hold back an offer() that fits.
    const waiting = buffer.add('/g', 's', { timestamp: time.now(), message: '3'.repeat(44) });
    expect(waiting).toBeInstanceOf(Promise);
    expect(offer('4')).toBeUndefined();
    expect(buffer.stats().bufferedBytes).toBe(97);
    release();
    await waiting;
    await buffer.flush();
    expect(calls.flatMap((c) => c.events.map((e) => e.message[0]))).toEqual(['1', '4', '3']);
  });
});

describe('drop-oldest over a long, stalled queue', () => {
  it('keeps the newest events in order, the batch in flight intact, and the accounting exact', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { buffer, calls, dropped } = setup(
      { maxBufferedBytes: 2_000 * 30, maxBatchEvents: 500, overflow: 'drop-oldest' },
      async () => {
        await gate;
        return {};
      },
    );
    // Each event is 4 digits + 26 = 30 bytes: 2,000 fit.
    const add = (i: number) =>
      buffer.add('/g', 's', { timestamp: 0, message: String(i).padStart(4, '0') });
    for (let i = 0; i < 500; i += 1) add(i); // a full batch: sent at once, then stalled
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
    for (let i = 500; i < 9_000; i += 1) add(i);
    expect(buffer.stats()).toMatchObject({ bufferedEvents: 2_000, bufferedBytes: 60_000 });
    const droppedMessages = dropped.flatMap((d) => d.events.map((e) => Number(e.message)));
    expect(droppedMessages).toEqual(Array.from({ length: 7_000 }, (_, i) => 500 + i));
    release();
    await buffer.flush();
    const sent = calls.flatMap((c) => c.events.map((e) => Number(e.message)));
    expect(sent).toEqual([
      ...Array.from({ length: 500 }, (_, i) => i),
      ...Array.from({ length: 1_500 }, (_, i) => 7_500 + i),
    ]);
    expect(buffer.stats()).toMatchObject({ sent: 2_000, dropped: 7_000, bufferedBytes: 0 });
  });
});

describe('block', () => {
  it('keeps waiting puts first: a later put that would fit does not overtake them', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { buffer, calls, time } = setup(
      { maxBufferedBytes: 100, overflow: 'block' },
      async () => {
        await gate;
        return {};
      },
    );
    const add = (message: string) => buffer.add('/g', 's', { timestamp: time.now(), message });
    expect(add('1'.repeat(44))).toBeUndefined(); // 70 bytes
    const second = add('2'.repeat(44)); // waits: 140 > 100
    expect(second).toBeInstanceOf(Promise);
    // 27 bytes would fit (97), but 2 is waiting: 3 queues behind it, not before.
    const third = add('3');
    expect(third).toBeInstanceOf(Promise);
    release();
    await Promise.all([second, third]);
    await buffer.flush();
    expect(calls.flatMap((c) => c.events.map((e) => e.message[0]))).toEqual(['1', '2', '3']);
  });

  it('lets in an event larger than the whole bound once the buffer is empty', async () => {
    const { buffer, calls, time } = setup({ maxBufferedBytes: 50, overflow: 'block' });
    buffer.add('/g', 's', { timestamp: time.now(), message: 'small' });
    const big = buffer.add('/g', 's', { timestamp: time.now(), message: 'b'.repeat(200) });
    expect(big).toBeInstanceOf(Promise);
    await big;
    await buffer.flush();
    expect(calls.flatMap((c) => c.events.map((e) => e.message.length))).toEqual([5, 200]);
    const oldest = setup({ maxBufferedBytes: 50, overflow: 'drop-oldest' });
    oldest.buffer.add('/g', 's', { timestamp: 0, message: 'small' });
    oldest.buffer.add('/g', 's', { timestamp: 0, message: 'b'.repeat(200) });
    expect(oldest.dropped.map((d) => d.events[0]!.message)).toEqual(['small']);
    expect(oldest.buffer.stats().bufferedBytes).toBe(226);
  });
});

describe('failures', () => {
  it('backs off between retries, growing, and keeps the batch until it is stored', async () => {
    const { buffer, calls, time } = setup({}, (_call, n) => {
      if (n <= 5) throw throttled();
      return {};
    });
    buffer.add('/g', 's', { timestamp: time.now(), message: 'kept' });
    const flushed = buffer.flush();
    await time.advance(120_000);
    expect(await flushed).toMatchObject({ sent: 1, failed: 0 });
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    expect(gaps).toHaveLength(5);
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[4]).toBeGreaterThan(gaps[0]!);
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(10_000);
    expect(calls.every((c) => c.events[0]!.message === 'kept')).toBe(true);
  });

  it('without autoCreate, or when creating fails, reports resource-not-found', async () => {
    const notFound = () => {
      throw new CloudWatchLogsError('no group', { code: 'ResourceNotFoundException' });
    };
    const off = setup({ autoCreate: false, ensureStream: async () => undefined }, notFound);
    off.buffer.add('/g', 's', { timestamp: 0, message: 'x' });
    expect(await off.buffer.flush()).toMatchObject({ failed: 1 });
    expect(off.dropped[0]).toMatchObject({ reason: 'resource-not-found' });
    expect(off.calls).toHaveLength(1);

    const denied = new CloudWatchLogsError('denied', { code: 'AccessDeniedException' });
    const failing = setup(
      {
        ensureStream: async () => {
          throw denied;
        },
      },
      notFound,
    );
    failing.buffer.add('/g', 's', { timestamp: 0, message: 'x' });
    expect(await failing.buffer.flush()).toMatchObject({ failed: 1 });
    expect(failing.dropped[0]).toMatchObject({ reason: 'resource-not-found', error: denied });
  });

  it('after creating, retries a not-found a few times (eventual consistency), then gives up', async () => {
    const notFound = () => {
      throw new CloudWatchLogsError('no stream', { code: 'ResourceNotFoundException' });
    };
    let ensured = 0;
    const late = setup(
      {
        ensureStream: async () => {
          ensured += 1;
        },
      },
      (_call, n) => (n <= 3 ? notFound() : {}),
    );
    late.buffer.add('/g', 's', { timestamp: 0, message: 'x' });
    const flushed = late.buffer.flush();
    await late.time.advance(60_000);
    expect(await flushed).toMatchObject({ sent: 1, failed: 0 });
    expect(ensured).toBeGreaterThanOrEqual(1);

    const never = setup({ ensureStream: async () => undefined }, notFound);
    never.buffer.add('/g', 's', { timestamp: 0, message: 'x' });
    const gaveUp = never.buffer.flush();
    await never.time.advance(600_000);
    expect(await gaveUp).toMatchObject({ sent: 0, failed: 1 });
    expect(never.dropped[0]).toMatchObject({ reason: 'resource-not-found' });
    expect(never.calls.length).toBeLessThanOrEqual(10);
  });

  it('goes on when onDropped throws', async () => {
    const { buffer, calls } = setup(
      {
        onDropped: () => {
          throw new Error('callback bug');
        },
      },
      (call) => {
        if (call.events[0]!.message === 'bad')
          throw new CloudWatchLogsError('bad', { code: 'InvalidParameterException' });
        return {};
      },
    );
    buffer.add('/g', 's', { timestamp: 0, message: 'bad' });
    expect(await buffer.flush()).toMatchObject({ failed: 1 });
    buffer.add('/g', 's', { timestamp: 0, message: 'good' });
    expect(await buffer.flush()).toMatchObject({ sent: 1 });
    expect(calls).toHaveLength(2);
  });
});

describe('oversized split under a full buffer', () => {
  const huge = 'h'.repeat(1_500_000); // two pieces

  it('block: the pieces stay together, ahead of a later put of the stream', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { buffer, calls, time } = setup(
      { maxBufferedBytes: 1_048_576, overflow: 'block', oversized: 'split' },
      async () => {
        await gate;
        return {};
      },
    );
    buffer.add('/g', 's', { timestamp: time.now(), message: 'first' });
    const split = buffer.add('/g', 's', { timestamp: time.now(), message: huge });
    const after = buffer.add('/g', 's', { timestamp: time.now(), message: 'after' });
    expect(split).toBeInstanceOf(Promise);
    expect(after).toBeInstanceOf(Promise);
    const flushed = buffer.flush();
    release();
    await Promise.all([split, after, flushed]);
    await buffer.flush();
    const sent = calls.flatMap((c) => c.events.map((e) => e.message));
    expect(sent.map((m) => (m.length > 100 ? `h×${m.length}` : m))).toEqual([
      'first',
      `h×${1_048_550}`,
      `h×${1_500_000 - 1_048_550}`,
      'after',
    ]);
  });

  it('error: all the pieces or none', () => {
    const { buffer, time } = setup({
      maxBufferedBytes: 2_000_000,
      overflow: 'error',
      oversized: 'split',
    });
    buffer.add('/g', 's', { timestamp: time.now(), message: 'x'.repeat(600_000) });
    expect(() => buffer.add('/g', 's', { timestamp: time.now(), message: huge })).toThrow(
      BufferFullError,
    );
    expect(buffer.stats().bufferedEvents).toBe(1);
  });
});

describe('put-time checks', () => {
  it('refuses an empty or non-string message and a timestamp that is not epoch milliseconds', () => {
    const { buffer } = setup({});
    for (const message of ['', undefined, 42])
      expect(() => buffer.add('/g', 's', { timestamp: 0, message: message as string })).toThrow(
        /Invalid message/,
      );
    for (const timestamp of [
      Number.NaN,
      -1,
      1.5,
      Number.POSITIVE_INFINITY,
      '1' as unknown as number,
    ])
      expect(() => buffer.add('/g', 's', { timestamp, message: 'x' })).toThrow(/Invalid timestamp/);
    expect(buffer.stats().bufferedEvents).toBe(0);
  });
});

describe('lifecycle', () => {
  it('keeps no process alive: the interval runs on unref()ed timers', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const buffer = createBatchBuffer({ put: async () => ({}), flushIntervalMs: 60_000 });
    buffer.add('/g', 's', { timestamp: 0, message: 'waiting for the interval' });
    expect(timers()).toBe(before);
    await buffer.close();
  });

  it('flush() of an empty buffer reports nothing; close() stops the interval at once', async () => {
    const { buffer, calls, time } = setup({ flushIntervalMs: 1000 });
    expect(await buffer.flush()).toEqual({ sent: 0, rejected: 0, failed: 0, dropped: 0 });
    buffer.add('/g', 's', { timestamp: time.now(), message: 'x' });
    // Resolves with no time passing: close waits for delivery, not for its deadline.
    expect(await buffer.close()).toMatchObject({ sent: 1 });
    await time.advance(10_000);
    expect(calls).toHaveLength(1);
    expect(() => buffer.add('/g', 's', { timestamp: 0, message: 'late' })).toThrow(
      expect.objectContaining({ code: 'ClientClosed' }),
    );
    expect(buffer.close()).toBe(buffer.close());
  });
});
