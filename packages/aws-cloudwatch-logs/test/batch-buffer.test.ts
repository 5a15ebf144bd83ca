import { createVirtualTime } from '@integrations/resilience';
import { describe, expect, it } from 'vitest';
import {
  type BatchBufferOptions,
  BufferFullError,
  CloudWatchLogsError,
  createBatchBuffer,
  type DroppedEvents,
  type InputLogEvent,
  type PutLogEventsResponse,
  type RejectedEvents,
  ValidationError,
} from '../src/index.js';

const HOUR = 3_600_000;

interface Call {
  group: string;
  stream: string;
  events: InputLogEvent[];
}

/** A fake PutLogEvents: records calls; `respond` decides each answer. */
function sink(
  respond: (
    call: Call,
    n: number,
  ) => Promise<PutLogEventsResponse> | PutLogEventsResponse = () => ({}),
) {
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const put: BatchBufferOptions['put'] = async (group, stream, events) => {
    const call = { group, stream, events };
    calls.push(call);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await Promise.resolve();
      return await respond(call, calls.length);
    } finally {
      inFlight -= 1;
    }
  };
  return { put, calls, maxInFlight: () => maxInFlight };
}

function setup(options: Partial<BatchBufferOptions> = {}, respond?: Parameters<typeof sink>[0]) {
  const time = createVirtualTime(1_700_000_000_000);
  const s = sink(respond);
  const dropped: DroppedEvents[] = [];
  const rejected: RejectedEvents[] = [];
  const buffer = createBatchBuffer({
    put: s.put,
    clock: time.clock,
    sleep: time.sleep,
    onDropped: (d) => dropped.push(d),
    onRejected: (r) => rejected.push(r),
    ...options,
  });
  return { time, buffer, calls: s.calls, maxInFlight: s.maxInFlight, dropped, rejected };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const messages = (call: Call | undefined) => call?.events.map((e) => e.message);

describe('flush triggers', () => {
  it('sends a full batch by event count at once, the rest on the interval', async () => {
    const { buffer, calls, time } = setup({ maxBatchEvents: 3, flushIntervalMs: 5000 });
    for (let i = 0; i < 5; i += 1)
      buffer.add('/g', 's', { timestamp: time.now(), message: `m${i}` });
    await settle();
    expect(calls.map(messages)).toEqual([['m0', 'm1', 'm2']]);
    await time.advance(4999);
    expect(calls).toHaveLength(1);
    await time.advance(1);
    expect(calls.map(messages)).toEqual([
      ['m0', 'm1', 'm2'],
      ['m3', 'm4'],
    ]);
  });

  it('sends by bytes: UTF-8 bytes plus 26 per event', async () => {
    // Two events of 'é' (2 bytes) * 100 + 26 = 226 bytes each; a third would exceed 600.
    const { buffer, calls, time } = setup({ maxBatchBytes: 600 });
    const m = 'é'.repeat(100);
    buffer.add('/g', 's', { timestamp: time.now(), message: m });
    buffer.add('/g', 's', { timestamp: time.now(), message: m });
    await settle();
    expect(calls).toHaveLength(0);
    buffer.add('/g', 's', { timestamp: time.now(), message: m });
    await settle();
    expect(calls.map((c) => c.events.length)).toEqual([2]);
    expect(buffer.stats().bufferedBytes).toBe(226);
  });

  it('flush() resolves after the service acknowledged everything added before it, with counts', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { buffer, calls, time } = setup({}, async () => {
      await gate;
      return {};
    });
    buffer.add('/g', 'a', { timestamp: time.now(), message: 'x' });
    buffer.add('/g', 'b', { timestamp: time.now(), message: 'y' });
    let done = false;
    const flushed = buffer.flush().then((report) => {
      done = true;
      return report;
    });
    await settle();
    expect(calls).toHaveLength(2);
    expect(done).toBe(false);
    release();
    expect(await flushed).toEqual({ sent: 2, rejected: 0, failed: 0, dropped: 0 });
  });

  it('close() flushes, then refuses more events', async () => {
    const { buffer, calls, time } = setup();
    buffer.add('/g', 's', { timestamp: time.now(), message: 'last' });
    expect(await buffer.close()).toMatchObject({ sent: 1 });
    expect(messages(calls[0])).toEqual(['last']);
    expect(() => buffer.add('/g', 's', { timestamp: time.now(), message: 'late' })).toThrow(
      /closed/,
    );
  });
});

describe('splitting and order', () => {
  it('splits at 24 hours of span and sorts each batch by timestamp, stably', async () => {
    const { buffer, calls, time } = setup();
    const t = time.now();
    buffer.add('/g', 's', { timestamp: t + 10, message: 'b' });
    buffer.add('/g', 's', { timestamp: t, message: 'a' });
    buffer.add('/g', 's', { timestamp: t + 10, message: 'c' });
    buffer.add('/g', 's', { timestamp: t + 25 * HOUR, message: 'next day' });
    await buffer.flush();
    expect(calls.map(messages)).toEqual([['a', 'b', 'c'], ['next day']]);
  });

  it('keeps one stream in order and runs streams in parallel up to the concurrency', async () => {
    const { buffer, calls, time, maxInFlight } = setup({ maxBatchEvents: 2, concurrency: 3 });
    for (let i = 0; i < 8; i += 1)
      for (const s of ['a', 'b', 'c', 'd', 'e'])
        buffer.add('/g', s, { timestamp: time.now() + i, message: `${s}${i}` });
    await buffer.flush();
    expect(maxInFlight()).toBe(3);
    for (const s of ['a', 'b', 'c', 'd', 'e']) {
      const sent = calls.filter((c) => c.stream === s).flatMap((c) => messages(c)!);
      expect(sent).toEqual(Array.from({ length: 8 }, (_, i) => `${s}${i}`));
    }
  });
});

it('sends to many streams at once without a MaxListenersExceededWarning', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Like undici, each request listens to the signal it was given until it ends.
    const put: BatchBufferOptions['put'] = async (_group, _stream, _events, signal) => {
      const onAbort = () => undefined;
      signal.addEventListener('abort', onAbort);
      await gate;
      signal.removeEventListener('abort', onAbort);
      return {};
    };
    const buffer = createBatchBuffer({ put, concurrency: 32 });
    for (let s = 0; s < 32; s += 1)
      buffer.add('/g', `s${s}`, { timestamp: Date.now(), message: 'm' });
    const flushed = buffer.flush();
    await settle();
    release();
    expect(await flushed).toMatchObject({ sent: 32 });
    await buffer.close();
    await settle();
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  } finally {
    process.off('warning', onWarning);
  }
});

describe('failures', () => {
  it('retries a retryable failure with the events kept at the head, in order; other streams go on', async () => {
    const { buffer, calls, time } = setup({}, (call, n) => {
      if (call.stream === 'slow' && n <= 3)
        throw new CloudWatchLogsError('Rate exceeded', {
          code: 'ThrottlingException',
          retryable: true,
        });
      return {};
    });
    buffer.add('/g', 'slow', { timestamp: time.now(), message: '1' });
    buffer.add('/g', 'fast', { timestamp: time.now(), message: 'f' });
    const flushed = buffer.flush();
    await settle();
    expect(calls.filter((c) => c.stream === 'fast')).toHaveLength(1);
    buffer.add('/g', 'slow', { timestamp: time.now(), message: '2' });
    await time.advance(60_000);
    expect(await flushed).toMatchObject({ sent: 2, failed: 0 });
    await buffer.flush();
    const slow = calls.filter((c) => c.stream === 'slow').map(messages);
    expect(slow.at(-2)).toEqual(['1']);
    expect(slow.at(-1)).toEqual(['2']);
    expect(buffer.stats().retries).toBeGreaterThanOrEqual(1);
  });

  it('reports a non-retryable failure to onDropped, and rejected events to onRejected', async () => {
    const { buffer, time, dropped, rejected } = setup({}, (call) => {
      if (call.stream === 'bad')
        throw new CloudWatchLogsError('bad', { code: 'InvalidParameterException' });
      return { rejectedLogEventsInfo: { tooOldLogEventEndIndex: 0, tooNewLogEventStartIndex: 2 } };
    });
    buffer.add('/g', 'bad', { timestamp: time.now(), message: 'x' });
    buffer.add('/g', 'ok', { timestamp: time.now() - 3, message: 'old' });
    buffer.add('/g', 'ok', { timestamp: time.now() - 2, message: 'fine' });
    buffer.add('/g', 'ok', { timestamp: time.now() + 9 * HOUR, message: 'future' });
    expect(await buffer.flush()).toEqual({ sent: 1, rejected: 2, failed: 1, dropped: 0 });
    expect(dropped).toEqual([
      expect.objectContaining({
        logStreamName: 'bad',
        reason: 'failed',
        events: [expect.objectContaining({ message: 'x' })],
      }),
    ]);
    expect(rejected[0]!.events.map((e) => e.message)).toEqual(['old', 'future']);
  });

  it('creates the group and stream on ResourceNotFoundException, then resends', async () => {
    let exists = false;
    const created: string[] = [];
    const { buffer, time, calls } = setup(
      {
        ensureStream: async (g, s) => {
          created.push(`${g} ${s}`);
          exists = true;
        },
      },
      () => {
        if (!exists) throw new CloudWatchLogsError('no', { code: 'ResourceNotFoundException' });
        return {};
      },
    );
    buffer.add('/new', 's', { timestamp: time.now(), message: 'x' });
    expect(await buffer.flush()).toMatchObject({ sent: 1 });
    expect(created).toEqual(['/new s']);
    expect(calls).toHaveLength(2);
  });

  it('close() gives up after closeTimeoutMs and reports what it could not deliver', async () => {
    const { buffer, time, dropped } = setup({ closeTimeoutMs: 1000 }, () => {
      throw new CloudWatchLogsError('down', {
        code: 'ServiceUnavailableException',
        retryable: true,
      });
    });
    buffer.add('/g', 's', { timestamp: time.now(), message: 'x' });
    const closed = buffer.close();
    await time.advance(5000);
    expect(await closed).toMatchObject({ sent: 0, failed: 1 });
    expect(dropped[0]).toMatchObject({ reason: 'closed-before-delivery' });
  });
});

describe('memory bound', () => {
  const big = 'x'.repeat(400);
  const opts = { maxBufferedBytes: 1000 };

  it('error: throws BufferFullError and keeps what was accepted', () => {
    const { buffer, time } = setup({ ...opts, overflow: 'error' });
    buffer.add('/g', 's', { timestamp: time.now(), message: big });
    buffer.add('/g', 's', { timestamp: time.now(), message: big });
    expect(() => buffer.add('/g', 's', { timestamp: time.now(), message: big })).toThrow(
      BufferFullError,
    );
    expect(buffer.stats().bufferedEvents).toBe(2);
  });

  it('drop-newest and drop-oldest drop and report, never silently', () => {
    const newest = setup({ ...opts, overflow: 'drop-newest' });
    for (const m of ['1', '2', '3'])
      newest.buffer.add('/g', 's', { timestamp: 0, message: m + big });
    expect(newest.dropped.map((d) => d.events[0]!.message[0])).toEqual(['3']);
    expect(newest.buffer.stats().dropped).toBe(1);
    const oldest = setup({ ...opts, overflow: 'drop-oldest' });
    for (const m of ['1', '2', '3'])
      oldest.buffer.add('/g', 's', { timestamp: 0, message: m + big });
    expect(oldest.dropped.map((d) => [d.reason, d.events[0]!.message[0]])).toEqual([
      ['buffer-full', '1'],
    ]);
  });

  it('block: the producer waits for room, which a flush makes', async () => {
    const { buffer, time, calls } = setup({ ...opts, overflow: 'block' });
    expect(buffer.add('/g', 's', { timestamp: time.now(), message: big })).toBeUndefined();
    buffer.add('/g', 's', { timestamp: time.now(), message: big });
    const waiting = buffer.add('/g', 's', { timestamp: time.now(), message: `3${big}` });
    expect(waiting).toBeInstanceOf(Promise);
    await waiting;
    await buffer.flush();
    expect(calls.flatMap((c) => c.events).map((e) => e.message[0])).toEqual(['x', 'x', '3']);
  });
});

describe('oversized events', () => {
  const huge = `${'€'.repeat(400_000)}`; // 1,200,000 UTF-8 bytes

  it('truncate: cut at a character boundary, marked, within 1 MB', async () => {
    const { buffer, time, calls } = setup({ oversized: 'truncate' });
    buffer.add('/g', 's', { timestamp: time.now(), message: huge });
    await buffer.flush();
    const sent = calls[0]!.events[0]!.message;
    expect(sent.endsWith('…[truncated]')).toBe(true);
    expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(1_048_576 - 26);
    expect(sent.slice(0, -'…[truncated]'.length)).toMatch(/^€+$/);
  });

  it('split: several events that join back to the original', async () => {
    const { buffer, time, calls } = setup({ oversized: 'split' });
    buffer.add('/g', 's', { timestamp: time.now(), message: huge });
    await buffer.flush();
    const parts = calls.flatMap((c) => c.events.map((e) => e.message));
    expect(parts.length).toBe(2);
    expect(parts.join('')).toBe(huge);
  });

  it('reject: a ValidationError at put time', () => {
    const { buffer, time } = setup({ oversized: 'reject' });
    expect(() => buffer.add('/g', 's', { timestamp: time.now(), message: huge })).toThrow(
      ValidationError,
    );
  });
});
