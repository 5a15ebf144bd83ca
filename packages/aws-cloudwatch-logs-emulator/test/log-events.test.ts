import { describe, expect, it } from 'vitest';
import { groupWithStream, NOW, testEmulator } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const put = (events: Array<[number, string]>, stream = 'web-1', group = '/app/api') => ({
  logGroupName: group,
  logStreamName: stream,
  logEvents: events.map(([timestamp, message]) => ({ timestamp, message })),
});

describe('PutLogEvents', () => {
  it('stores a batch and answers a sequence token', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    const answer = await t.ok(
      'PutLogEvents',
      put([
        [NOW - 10, 'a'],
        [NOW - 5, 'bé'],
      ]),
    );
    expect(answer).toEqual({ nextSequenceToken: '2'.padStart(56, '0') });
    const groups = (await t.ok('DescribeLogGroups')).logGroups as Array<{ storedBytes: number }>;
    expect(groups[0]!.storedBytes).toBe(4);
  });

  it('refuses a batch spanning more than 24 hours', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    expect(
      await t.fail(
        'PutLogEvents',
        put([
          [NOW - DAY - 1, 'a'],
          [NOW, 'b'],
        ]),
      ),
    ).toEqual({
      type: 'InvalidParameterException',
      message:
        'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
      status: 400,
    });
    await t.ok(
      'PutLogEvents',
      put([
        [NOW - DAY, 'a'],
        [NOW, 'b'],
      ]),
    );
  });

  it('reports rejected events in rejectedLogEventsInfo', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    t.clock.now = NOW;
    const old = await t.ok(
      'PutLogEvents',
      put([
        [NOW - 14 * DAY - 2, 'old'],
        [NOW - 14 * DAY - 1, 'old'],
        [NOW - 14 * DAY + 1000, 'ok'],
      ]),
    );
    expect(old.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 2 });
    const fresh = await t.ok(
      'PutLogEvents',
      put([
        [NOW, 'ok'],
        [NOW + 2 * HOUR, 'ok'],
        [NOW + 2 * HOUR + 1, 'new'],
        [NOW + 3 * HOUR, 'new'],
      ]),
    );
    expect(fresh.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 2 });
    await t.ok('PutRetentionPolicy', { logGroupName: '/app/api', retentionInDays: 1 });
    const expired = await t.ok(
      'PutLogEvents',
      put([
        [NOW - DAY - 5, 'expired'],
        [NOW - 1000, 'ok'],
      ]),
    );
    expect(expired.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 1 });
    const all = await t.ok('PutLogEvents', put([[NOW + 5 * HOUR, 'new']]));
    expect(all.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 0 });
    const got = await t.ok('GetLogEvents', {
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      startFromHead: true,
    });
    expect((got.events as Array<{ message: string }>).map((e) => e.message)).toEqual([
      'ok',
      'ok',
      'ok',
    ]);
  });

  it('refuses events out of chronological order', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    expect(
      await t.fail(
        'PutLogEvents',
        put([
          [NOW, 'b'],
          [NOW - 1, 'a'],
        ]),
      ),
    ).toMatchObject({
      type: 'InvalidParameterException',
      message: 'Log events in a single PutLogEvents request must be in chronological order.',
    });
  });

  it('counts the batch size as UTF-8 bytes plus 26 per event', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    // 1,048,576 = 4 events * 26 + message bytes: exactly at the limit is accepted.
    const size = (1_048_576 - 4 * 26) / 4;
    const ok = Array.from({ length: 4 }, (_, i) => [NOW + i, 'x'.repeat(size)] as [number, string]);
    await t.ok('PutLogEvents', put(ok));
    // "é" is 2 UTF-8 bytes: one more byte than allowed.
    const over = ok.map(([ts, m], i) => [ts, i === 0 ? `é${m.slice(1)}` : m] as [number, string]);
    const error = await t.fail('PutLogEvents', put(over));
    expect(error.type).toBe('InvalidParameterException');
    expect(error.message).toMatch(/^Upload too large: 1048577 bytes exceeds limit of 1048576/);
  });

  it('refuses more than 10,000 events and an empty batch', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    const many = Array.from({ length: 10_001 }, () => [NOW, 'x'] as [number, string]);
    expect((await t.fail('PutLogEvents', put(many))).message).toContain(
      "at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to 10000",
    );
    expect((await t.fail('PutLogEvents', put([]))).message).toContain(
      "Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    await t.ok('PutLogEvents', put(many.slice(1)));
  });

  it('validates each event', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    const body = { logGroupName: '/app/api', logStreamName: 'web-1' };
    expect(
      (await t.fail('PutLogEvents', { ...body, logEvents: [{ timestamp: NOW, message: '' }] }))
        .message,
    ).toBe(
      "1 validation error detected: Value '' at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(
      (await t.fail('PutLogEvents', { ...body, logEvents: [{ message: 'x' }] })).message,
    ).toContain(
      "Value null at 'logEvents.1.member.timestamp' failed to satisfy constraint: Member must not be null",
    );
    expect(
      (await t.fail('PutLogEvents', { ...body, logEvents: [{ timestamp: -1, message: 'x' }] }))
        .message,
    ).toContain(
      "Value '-1' at 'logEvents.1.member.timestamp' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
    expect(
      (await t.fail('PutLogEvents', { ...body, logEvents: [{ timestamp: 'now', message: 'x' }] }))
        .type,
    ).toBe('SerializationException');
    expect(
      (await t.fail('PutLogEvents', { ...body, logEvents: [{ timestamp: NOW, message: 5 }] })).type,
    ).toBe('SerializationException');
    expect((await t.fail('PutLogEvents', { ...body, logEvents: ['x'] })).type).toBe(
      'SerializationException',
    );
    expect((await t.fail('PutLogEvents', { ...body, logEvents: {} })).type).toBe(
      'SerializationException',
    );
  });

  it('answers ResourceNotFoundException for a missing group or stream', async () => {
    const t = testEmulator();
    expect(await t.fail('PutLogEvents', put([[NOW, 'x']]))).toMatchObject({
      type: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    await t.ok('CreateLogGroup', { logGroupName: '/app/api' });
    expect(await t.fail('PutLogEvents', put([[NOW, 'x']]))).toMatchObject({
      type: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    });
  });

  it('accepts batches that arrive out of order across calls; reads come back sorted', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    await t.ok(
      'PutLogEvents',
      put([
        [NOW - 10, 'c'],
        [NOW - 5, 'd'],
      ]),
    );
    await t.ok(
      'PutLogEvents',
      put([
        [NOW - 30, 'a'],
        [NOW - 20, 'b'],
      ]),
    );
    await t.ok('PutLogEvents', put([[NOW - 10, 'c2']]));
    const got = await t.ok('GetLogEvents', {
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      startFromHead: true,
    });
    expect((got.events as Array<{ message: string }>).map((e) => e.message)).toEqual([
      'a',
      'b',
      'c',
      'c2',
      'd',
    ]);
    const streams = (await t.ok('DescribeLogStreams', { logGroupName: '/app/api' })).logStreams;
    expect(streams).toMatchObject([{ firstEventTimestamp: NOW - 30, lastEventTimestamp: NOW - 5 }]);
  });
});

describe('GetLogEvents', () => {
  const seeded = async (count = 20) => {
    const t = testEmulator();
    await groupWithStream(t);
    await t.ok(
      'PutLogEvents',
      put(Array.from({ length: count }, (_, i) => [NOW - 1000 + i, String(i)])),
    );
    return t;
  };
  const get = (t: ReturnType<typeof testEmulator>, body: Record<string, unknown> = {}) =>
    t.ok('GetLogEvents', { logGroupName: '/app/api', logStreamName: 'web-1', ...body });
  const messages = (page: Record<string, unknown>) =>
    (page.events as Array<{ message: string }>).map((e) => e.message);

  it('returns the newest events by default, with ingestion times', async () => {
    const t = await seeded();
    const page = await get(t, { limit: 5 });
    expect(messages(page)).toEqual(['15', '16', '17', '18', '19']);
    expect((page.events as object[])[0]).toEqual({
      timestamp: NOW - 985,
      message: '15',
      ingestionTime: NOW,
    });
    expect(page.nextForwardToken).toMatch(/^f\/\d{56}$/);
    expect(page.nextBackwardToken).toMatch(/^b\/\d{56}$/);
  });

  it('pages backward to the head and forward to the tail, returning the same token at either end', async () => {
    const t = await seeded();
    let page = await get(t, { limit: 8 });
    const seen = [...messages(page)];
    while (true) {
      const back = await get(t, { limit: 8, nextToken: page.nextBackwardToken });
      if (messages(back).length === 0) {
        expect(back.nextBackwardToken).toBe(page.nextBackwardToken);
        break;
      }
      seen.unshift(...messages(back));
      page = back;
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));

    let forward = await get(t, { limit: 7, startFromHead: true });
    const ahead = [...messages(forward)];
    for (;;) {
      const next = await get(t, { limit: 7, nextToken: forward.nextForwardToken });
      if (messages(next).length === 0) {
        expect(next.nextForwardToken).toBe(forward.nextForwardToken);
        break;
      }
      ahead.push(...messages(next));
      forward = next;
    }
    expect(ahead).toEqual(seen);
  });

  it('a forward token picks up events that arrive later (tailing)', async () => {
    const t = await seeded(3);
    const first = await get(t, { startFromHead: true });
    const idle = await get(t, { nextToken: first.nextForwardToken });
    expect(messages(idle)).toEqual([]);
    expect(idle.nextForwardToken).toBe(first.nextForwardToken);
    await t.ok('PutLogEvents', put([[NOW, 'late']]));
    expect(messages(await get(t, { nextToken: first.nextForwardToken }))).toEqual(['late']);
  });

  it('applies startTime (inclusive) and endTime (exclusive)', async () => {
    const t = await seeded();
    expect(
      messages(await get(t, { startTime: NOW - 995, endTime: NOW - 990, startFromHead: true })),
    ).toEqual(['5', '6', '7', '8', '9']);
  });

  it('applies the retention policy on read', async () => {
    const t = await seeded(3);
    t.clock.now = NOW + 2 * DAY;
    await t.ok('PutRetentionPolicy', { logGroupName: '/app/api', retentionInDays: 1 });
    expect(messages(await get(t))).toEqual([]);
    await t.ok('DeleteRetentionPolicy', { logGroupName: '/app/api' });
    expect(messages(await get(t))).toEqual(['0', '1', '2']);
  });

  it('refuses bad tokens, a token of another stream, and bad limits', async () => {
    const t = await seeded();
    await t.ok('CreateLogStream', { logGroupName: '/app/api', logStreamName: 'other' });
    const { nextForwardToken } = await get(t);
    for (const nextToken of [
      'x',
      'n/00000000000000000000000000000000000000000000000000000000',
      'f/123',
    ]) {
      expect(
        await t.fail('GetLogEvents', {
          logGroupName: '/app/api',
          logStreamName: 'web-1',
          nextToken,
        }),
      ).toMatchObject({
        type: 'InvalidParameterException',
        message: 'The specified nextToken is invalid.',
      });
    }
    expect(
      (
        await t.fail('GetLogEvents', {
          logGroupName: '/app/api',
          logStreamName: 'other',
          nextToken: nextForwardToken,
        })
      ).type,
    ).toBe('InvalidParameterException');
    expect(
      (
        await t.fail('GetLogEvents', {
          logGroupName: '/app/api',
          logStreamName: 'web-1',
          limit: 10_001,
        })
      ).message,
    ).toContain('less than or equal to 10000');
    expect(
      (await t.fail('GetLogEvents', { logGroupName: '/app/api', logStreamName: 'nope' })).type,
    ).toBe('ResourceNotFoundException');
  });

  it('caps a page at 1 MB', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    const big = 'x'.repeat(200_000);
    await t.ok(
      'PutLogEvents',
      put(Array.from({ length: 5 }, (_, i) => [NOW + i, big] as [number, string])),
    );
    await t.ok(
      'PutLogEvents',
      put(Array.from({ length: 5 }, (_, i) => [NOW + 10 + i, big] as [number, string])),
    );
    const page = await get(t, { startFromHead: true });
    expect((page.events as unknown[]).length).toBe(5);
  });
});

describe('FilterLogEvents', () => {
  it('caps a page at 1 MB of UTF-8 bytes, not characters, in one stream or across several', async () => {
    const t = testEmulator();
    await groupWithStream(t, '/app/api', 'a');
    await t.ok('CreateLogStream', { logGroupName: '/app/api', logStreamName: 'b' });
    // 100,000 euro signs: 100,000 UTF-16 units but 300,000 UTF-8 bytes.
    const euros = '\u20ac'.repeat(100_000);
    for (const [stream, base] of [
      ['a', 0],
      ['a', 2],
      ['b', 4],
      ['b', 6],
    ] as const) {
      await t.ok(
        'PutLogEvents',
        put(
          [
            [NOW + base, euros],
            [NOW + base + 1, euros],
          ],
          stream,
        ),
      );
    }
    const one = await t.ok('FilterLogEvents', { logGroupName: '/app/api', logStreamNames: ['a'] });
    expect((one.events as unknown[]).length).toBe(3);
    expect(one.nextToken).toEqual(expect.any(String));
    const both = await t.ok('FilterLogEvents', { logGroupName: '/app/api' });
    expect((both.events as unknown[]).length).toBe(3);
    const rest = await t.ok('FilterLogEvents', {
      logGroupName: '/app/api',
      nextToken: both.nextToken,
    });
    expect((rest.events as unknown[]).length).toBe(3);
  });

  const seeded = async () => {
    const t = testEmulator();
    await groupWithStream(t, '/app/api', 'a');
    await t.ok('CreateLogStream', { logGroupName: '/app/api', logStreamName: 'b' });
    await t.ok('CreateLogStream', { logGroupName: '/app/api', logStreamName: 'c' });
    await t.ok(
      'PutLogEvents',
      put(
        [
          [NOW - 100, 'a1 ERROR'],
          [NOW - 50, 'a2 INFO'],
          [NOW - 10, 'a3 ERROR'],
        ],
        'a',
      ),
    );
    await t.ok(
      'PutLogEvents',
      put(
        [
          [NOW - 100, 'b1 INFO'],
          [NOW - 60, 'b2 ERROR'],
          [NOW - 10, 'b3 INFO'],
        ],
        'b',
      ),
    );
    await t.ok(
      'PutLogEvents',
      put(
        [
          [NOW - 70, '{"level":"ERROR","n":1}'],
          [NOW - 5, '{"level":"INFO","n":2}'],
        ],
        'c',
      ),
    );
    return t;
  };
  const filter = async (t: ReturnType<typeof testEmulator>, body: Record<string, unknown> = {}) => {
    const seen: string[] = [];
    let nextToken: unknown;
    let pages = 0;
    do {
      const page = await t.ok('FilterLogEvents', {
        logGroupName: '/app/api',
        ...body,
        ...(nextToken ? { nextToken } : {}),
      });
      seen.push(...(page.events as Array<{ message: string }>).map((e) => e.message));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    return { seen, pages };
  };

  it('interleaves every stream by timestamp (then stream name)', async () => {
    const t = await seeded();
    expect((await filter(t)).seen).toEqual([
      'a1 ERROR',
      'b1 INFO',
      '{"level":"ERROR","n":1}',
      'b2 ERROR',
      'a2 INFO',
      'a3 ERROR',
      'b3 INFO',
      '{"level":"INFO","n":2}',
    ]);
  });

  it('returns the full event shape', async () => {
    const t = await seeded();
    const page = await t.ok('FilterLogEvents', { logGroupName: '/app/api', limit: 1 });
    expect(page.events).toEqual([
      {
        logStreamName: 'a',
        timestamp: NOW - 100,
        message: 'a1 ERROR',
        ingestionTime: NOW,
        eventId: expect.stringMatching(/^\d{56}$/),
      },
    ]);
    expect(typeof page.nextToken).toBe('string');
  });

  it('pages with nextToken without losing or repeating events, at every limit', async () => {
    const t = await seeded();
    const all = (await filter(t)).seen;
    for (let limit = 1; limit <= 9; limit += 1)
      expect((await filter(t, { limit })).seen).toEqual(all);
  });

  it('applies filter patterns: terms and JSON', async () => {
    const t = await seeded();
    expect((await filter(t, { filterPattern: 'ERROR' })).seen).toEqual([
      'a1 ERROR',
      '{"level":"ERROR","n":1}',
      'b2 ERROR',
      'a3 ERROR',
    ]);
    expect((await filter(t, { filterPattern: '{ $.level = "ERROR" }' })).seen).toEqual([
      '{"level":"ERROR","n":1}',
    ]);
    expect((await filter(t, { filterPattern: '{ $.n > 1 }', limit: 1 })).seen).toEqual([
      '{"level":"INFO","n":2}',
    ]);
  });

  it('narrows by stream names, by prefix and by time (both bounds inclusive)', async () => {
    const t = await seeded();
    expect((await filter(t, { logStreamNames: ['b', 'missing'] })).seen).toEqual([
      'b1 INFO',
      'b2 ERROR',
      'b3 INFO',
    ]);
    expect((await filter(t, { logStreamNamePrefix: 'c' })).seen).toHaveLength(2);
    expect((await filter(t, { startTime: NOW - 60, endTime: NOW - 10 })).seen).toEqual([
      'b2 ERROR',
      'a2 INFO',
      'a3 ERROR',
      'b3 INFO',
    ]);
  });

  it('answers InvalidParameterException for a bad pattern, both name filters, or a bad token', async () => {
    const t = await seeded();
    const bad = await t.fail('FilterLogEvents', {
      logGroupName: '/app/api',
      filterPattern: '{ $.level = ',
    });
    expect(bad.type).toBe('InvalidParameterException');
    expect(bad.message).toMatch(/filter pattern/i);
    expect(
      (
        await t.fail('FilterLogEvents', {
          logGroupName: '/app/api',
          logStreamNames: ['a'],
          logStreamNamePrefix: 'a',
        })
      ).type,
    ).toBe('InvalidParameterException');
    expect(
      (await t.fail('FilterLogEvents', { logGroupName: '/app/api', nextToken: 'abc' })).message,
    ).toBe('The specified nextToken is invalid.');
    expect((await t.fail('FilterLogEvents', { logGroupName: '/app/api', limit: 0 })).type).toBe(
      'InvalidParameterException',
    );
    expect((await t.fail('FilterLogEvents', { logGroupName: '/nope' })).type).toBe(
      'ResourceNotFoundException',
    );
    expect(
      (await t.fail('FilterLogEvents', { logGroupName: '/app/api', logStreamNames: [] })).message,
    ).toContain(
      "at 'logStreamNames' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('applies the retention policy on read', async () => {
    const t = await seeded();
    await t.ok('PutRetentionPolicy', { logGroupName: '/app/api', retentionInDays: 1 });
    t.clock.now = NOW + DAY - 50;
    expect((await filter(t)).seen).toEqual([
      'a2 INFO',
      'a3 ERROR',
      'b3 INFO',
      '{"level":"INFO","n":2}',
    ]);
  });
});
