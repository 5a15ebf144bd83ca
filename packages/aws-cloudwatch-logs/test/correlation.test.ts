import { describe, expect, it } from 'vitest';
import { buildTimeline, groupBy, toCorrelatedEvent } from '../src/index.js';

const row = (timestamp: string, log: string, message: string) => ({
  '@timestamp': timestamp,
  '@log': log,
  '@logStream': 'web-1',
  '@message': message,
  '@ptr': 'p',
});

describe('toCorrelatedEvent', () => {
  it("reads this library's JSON format", () => {
    const event = toCorrelatedEvent(
      row(
        '2026-01-01 00:00:00.250',
        '123456789012:/app/api',
        '{"level":"ERROR","message":"boom","timestamp":"2026-01-01T00:00:00.250Z","trace_id":"t1","request_id":"r1","span_id":"s1","service":"checkout","userId":"u1"}',
      ),
    );
    expect(event).toEqual({
      timestamp: Date.UTC(2026, 0, 1, 0, 0, 0, 250),
      logGroup: '/app/api',
      logStream: 'web-1',
      service: 'checkout',
      level: 'ERROR',
      message: 'boom',
      traceId: 't1',
      requestId: 'r1',
      spanId: 's1',
      fields: { userId: 'u1' },
    });
  });

  it('reads common alternatives and falls back to the log group for the service', () => {
    const event = toCorrelatedEvent(
      row(
        '2026-01-01 00:00:01.000',
        '1:/aws/lambda/orders',
        '{"severity":"warning","msg":"slow","traceId":"abc","aws_request_id":"req"}',
      ),
    );
    expect(event).toMatchObject({
      service: 'orders',
      level: 'WARN',
      message: 'slow',
      traceId: 'abc',
      requestId: 'req',
    });
  });

  it('extracts from plain text: level word, key=value pairs, Lambda RequestId', () => {
    const text = toCorrelatedEvent(
      row(
        '2026-01-01 00:00:02.000',
        '1:/app/db',
        '2026-01-01T00:00:02Z ERROR [db] trace_id=t9 request_id="r 9" query took 900ms',
      ),
    );
    expect(text).toMatchObject({ level: 'ERROR', traceId: 't9', requestId: 'r 9', service: 'db' });
    const lambda = toCorrelatedEvent(
      row(
        '2026-01-01 00:00:03.000',
        '1:/aws/lambda/fn',
        'START RequestId: 8f5e0d4c-1234-4bcd-9abc-0123456789ab Version: $LATEST',
      ),
    );
    expect(lambda).toMatchObject({
      requestId: '8f5e0d4c-1234-4bcd-9abc-0123456789ab',
      level: 'INFO',
    });
  });
});

describe('toCorrelatedEvent, further formats', () => {
  it("reads Lambda's tab-separated runtime lines", () => {
    const event = toCorrelatedEvent(
      row(
        '2026-01-01 00:00:04.000',
        '1:/aws/lambda/pay',
        '2026-01-01T00:00:04.120Z\t0a1b2c3d-1111-2222-3333-444455556666\tERROR\tcard declined trace_id=t4\n',
      ),
    );
    expect(event).toMatchObject({
      service: 'pay',
      level: 'ERROR',
      requestId: '0a1b2c3d-1111-2222-3333-444455556666',
      traceId: 't4',
      timestamp: Date.UTC(2026, 0, 1, 0, 0, 4),
    });
    expect(event.message.endsWith('card declined trace_id=t4')).toBe(true);
  });

  it("falls back to the event's own time when @timestamp was not selected", () => {
    const at = (message: string) =>
      toCorrelatedEvent({ '@message': message, '@log': '1:/a' }).timestamp;
    expect(at('{"timestamp":"2026-01-01T00:00:05.500Z","message":"m"}')).toBe(
      Date.UTC(2026, 0, 1, 0, 0, 5, 500),
    );
    expect(at('{"time":1767225600000}')).toBe(1_767_225_600_000);
    expect(at('2026-01-01T00:00:06+01:00 INFO started')).toBe(Date.UTC(2025, 11, 31, 23, 0, 6));
    expect(at('no time here')).toBeNaN();
  });

  it('JSON that is not an object, or not JSON at all, is read as text', () => {
    expect(toCorrelatedEvent(row('2026-01-01 00:00:00.000', '1:/a/b', '[1,2]'))).toMatchObject({
      message: '[1,2]',
      service: 'b',
      level: 'INFO',
      fields: {},
    });
    expect(
      toCorrelatedEvent(row('2026-01-01 00:00:00.000', '1:/a/b', '{broken lvl=debug trace_id=x')),
    ).toMatchObject({ level: 'DEBUG', traceId: 'x', fields: {} });
  });

  it('reads the log group from an ARN in @log and keeps unknown fields, nested ones included', () => {
    const event = toCorrelatedEvent({
      '@timestamp': '2026-01-01 00:00:00.000',
      '@log': 'arn:aws:logs:us-east-1:123456789012:log-group:/svc/orders:*',
      '@message': '{"level":"info","message":"ok","x-amzn-trace-id":"Root=1-abc","user":{"id":7}}',
    });
    expect(event).toMatchObject({
      logGroup: '/svc/orders',
      service: 'orders',
      level: 'INFO',
      traceId: 'Root=1-abc',
      fields: { user: { id: 7 } },
    });
  });
});

describe('timelines', () => {
  const events = [
    row(
      '2026-01-01 00:00:00.040',
      '1:/app/api',
      '{"level":"INFO","message":"answered","trace_id":"t","service":"api"}',
    ),
    row(
      '2026-01-01 00:00:00.000',
      '1:/app/api',
      '{"level":"DEBUG","message":"received","trace_id":"t","service":"api"}',
    ),
    row(
      '2026-01-01 00:00:00.010',
      '1:/app/db',
      '{"level":"ERROR","message":"deadlock","trace_id":"t","service":"db"}',
    ),
    row(
      '2026-01-01 00:00:00.005',
      '1:/app/auth',
      '{"level":"INFO","message":"ok","trace_id":"t","service":"auth"}',
    ),
    row(
      '2026-01-01 00:00:00.010',
      '1:/app/db',
      '{"level":"WARN","message":"retrying","trace_id":"t","service":"db"}',
    ),
  ].map(toCorrelatedEvent);

  it('orders events stably and measures each service from first to last event', () => {
    const timeline = buildTimeline(events);
    expect(timeline.events.map((e) => e.message)).toEqual([
      'received',
      'ok',
      'deadlock',
      'retrying',
      'answered',
    ]);
    expect(timeline.traceId).toBe('t');
    expect(timeline.durationMs).toBe(40);
    expect(timeline.services).toEqual([
      {
        service: 'api',
        logGroups: ['/app/api'],
        firstTimestamp: timeline.startTime,
        lastTimestamp: timeline.startTime + 40,
        durationMs: 40,
        eventCount: 2,
        errorCount: 0,
        levels: { DEBUG: 1, INFO: 1 },
      },
      expect.objectContaining({ service: 'auth', durationMs: 0, eventCount: 1 }),
      expect.objectContaining({
        service: 'db',
        durationMs: 0,
        eventCount: 2,
        errorCount: 1,
        levels: { ERROR: 1, WARN: 1 },
      }),
    ]);
  });

  it('groups by trace, request or service', () => {
    expect([...groupBy(events, 'service').keys()]).toEqual(['api', 'db', 'auth']);
    expect(groupBy(events, 'trace').get('t')).toHaveLength(5);
    expect(groupBy(events, 'request').size).toBe(0);
  });
});
