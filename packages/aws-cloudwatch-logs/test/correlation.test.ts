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
