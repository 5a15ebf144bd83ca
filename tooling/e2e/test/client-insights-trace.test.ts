// Issue 6's client over HTTP: JSON events in this library's format written with events.put into
// three log groups, read back with queryByTraceId/queryByRequestId and insights.query.
import {
  type CloudWatchLogsClient,
  QueryTimedOutError,
  TimeRange,
  toCorrelatedEvent,
} from '@integrations/aws-cloudwatch-logs';
import type { Emulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type RequestLog, startLoggedEmulator } from './support/harness.js';

let emulator: Emulator;
let client: CloudWatchLogsClient;
const BASE = Date.now() - 120_000;
const groups = ['/xsvc/api', '/xsvc/auth', '/xsvc/db'];
const window = () => TimeRange.fromEpochMillis(BASE - 60_000, Date.now() + 60_000);
const fast = { pollIntervalMs: 20 };

interface Line {
  group: string;
  timestamp: number;
  level: string;
  message: string;
  trace_id: string;
  request_id: string;
  [field: string]: unknown;
}

/** Tricky IDs, each next to decoys it would match if it were read as a regex, glob or prefix. */
const TRICKY: readonly string[] = [
  'q"r',
  'q\\"r',
  "it's",
  'x\\y',
  'x\\\\y',
  'xy',
  'a.c',
  'abc',
  'a*',
  'aaa',
  'p/a/th',
  'pipe|limit 1',
  '#hash',
  'line\nbreak',
  'line',
  '^(a+)$',
  'aa',
  '[x]{2}',
  'xx',
  '`tick`',
];

function linesOf(traceId: string, requestId: string, t0: number): Line[] {
  return [
    {
      group: '/xsvc/api',
      timestamp: t0,
      level: 'INFO',
      message: 'GET /orders',
      trace_id: traceId,
      request_id: requestId,
      span_id: 's1',
    },
    {
      group: '/xsvc/auth',
      timestamp: t0 + 4,
      level: 'DEBUG',
      message: 'token ok',
      trace_id: traceId,
      request_id: requestId,
      span_id: 's2',
    },
    {
      group: '/xsvc/db',
      timestamp: t0 + 9,
      level: 'ERROR',
      message: 'deadlock',
      trace_id: traceId,
      request_id: requestId,
      span_id: 's3',
      table: 'orders',
    },
    {
      group: '/xsvc/api',
      timestamp: t0 + 15,
      level: 'WARN',
      message: 'answered 503',
      trace_id: traceId,
      request_id: requestId,
      span_id: 's1',
    },
  ];
}

beforeAll(async () => {
  ({ emulator } = await startLoggedEmulator({ queryDelayMs: 20 }));
  client = clientFor(emulator);
  const lines = [
    ...linesOf('trace-main', 'req-main', BASE),
    ...linesOf('trace-other', 'req-other', BASE + 2),
    ...TRICKY.map(
      (id, i): Line => ({
        group: groups[i % 3]!,
        timestamp: BASE + 1_000 + i,
        level: 'INFO',
        message: `tricky ${i}`,
        trace_id: id,
        request_id: `r:${id}`,
      }),
    ),
  ];
  for (const group of groups) {
    await client.groups.create({ logGroupName: group });
    await client.streams.create(group, 'main');
    const events = lines
      .filter((l) => l.group === group)
      .sort((a, b) => a.timestamp - b.timestamp)
      // This library's structured format, key for key.
      .map(({ group: name, timestamp, level, message, trace_id, request_id, ...fields }) => ({
        timestamp,
        message: JSON.stringify({
          level,
          message,
          timestamp: new Date(timestamp).toISOString(),
          trace_id,
          request_id,
          service: name.split('/').at(-1),
          ...fields,
        }),
      }));
    await client.events.put({ logGroupName: group, logStreamName: 'main', logEvents: events });
  }
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

describe('a trace across api, auth and db written with events.put', () => {
  it('queryByTraceId returns its events in time order and the three services', async () => {
    const timeline = await client.insights.queryByTraceId(groups, 'trace-main', window(), fast);
    expect(timeline.traceId).toBe('trace-main');
    expect(timeline.events.map((e) => [e.timestamp - BASE, e.service, e.level, e.message])).toEqual(
      [
        [0, 'api', 'INFO', 'GET /orders'],
        [4, 'auth', 'DEBUG', 'token ok'],
        [9, 'db', 'ERROR', 'deadlock'],
        [15, 'api', 'WARN', 'answered 503'],
      ],
    );
    expect(timeline.events.map((e) => [e.logGroup, e.logStream, e.requestId, e.spanId])).toEqual([
      ['/xsvc/api', 'main', 'req-main', 's1'],
      ['/xsvc/auth', 'main', 'req-main', 's2'],
      ['/xsvc/db', 'main', 'req-main', 's3'],
      ['/xsvc/api', 'main', 'req-main', 's1'],
    ]);
    expect(timeline.events[2]!.fields).toEqual({ table: 'orders' });
    expect(timeline.services).toEqual([
      {
        service: 'api',
        logGroups: ['/xsvc/api'],
        firstTimestamp: BASE,
        lastTimestamp: BASE + 15,
        durationMs: 15,
        eventCount: 2,
        errorCount: 0,
        levels: { INFO: 1, WARN: 1 },
      },
      {
        service: 'auth',
        logGroups: ['/xsvc/auth'],
        firstTimestamp: BASE + 4,
        lastTimestamp: BASE + 4,
        durationMs: 0,
        eventCount: 1,
        errorCount: 0,
        levels: { DEBUG: 1 },
      },
      {
        service: 'db',
        logGroups: ['/xsvc/db'],
        firstTimestamp: BASE + 9,
        lastTimestamp: BASE + 9,
        durationMs: 0,
        eventCount: 1,
        errorCount: 1,
        levels: { ERROR: 1 },
      },
    ]);
    expect([timeline.startTime, timeline.endTime, timeline.durationMs]).toEqual([
      BASE,
      BASE + 15,
      15,
    ]);
  });

  it('queryByRequestId over ARNs finds the same request', async () => {
    const arns = groups.map(
      (g) => `arn:aws:logs:${emulator.region}:${emulator.accountId}:log-group:${g}`,
    );
    const timeline = await client.insights.queryByRequestId(arns, 'req-other', window(), fast);
    expect(timeline.requestId).toBe('req-other');
    expect(timeline.events.map((e) => e.message)).toEqual([
      'GET /orders',
      'token ok',
      'deadlock',
      'answered 503',
    ]);
    expect(new Set(timeline.events.map((e) => e.traceId))).toEqual(new Set(['trace-other']));
  });

  it('each tricky trace ID matches itself and nothing else, decoys included', async () => {
    const found = await Promise.all(
      TRICKY.map((id) => client.insights.queryByTraceId(groups, id, window(), fast)),
    );
    found.forEach((timeline, i) => {
      expect(timeline.events.map((e) => [e.traceId, e.message])).toEqual([
        [TRICKY[i], `tricky ${i}`],
      ]);
    });
    const byRequest = await client.insights.queryByRequestId(groups, 'r:q"r', window(), fast);
    expect(byRequest.events.map((e) => e.traceId)).toEqual(['q"r']);
  });

  it('insights.query gives records keyed by field, which toCorrelatedEvent reads', async () => {
    const result = await client.insights.query(
      {
        logGroupNames: groups,
        ...window().toEpochSeconds(),
        queryString:
          'fields @timestamp, @message, @log | filter level = "ERROR" | sort @timestamp asc',
      },
      fast,
    );
    expect(result.status).toBe('Complete');
    expect(result.statistics.recordsMatched).toBe(2);
    const events = result.records.map(toCorrelatedEvent);
    expect(events.map((e) => [e.service, e.traceId, e.message])).toEqual([
      ['db', 'trace-main', 'deadlock'],
      ['db', 'trace-other', 'deadlock'],
    ]);
  });
});

describe('queries that do not finish', () => {
  let slow: Emulator;
  let log: RequestLog;
  let slowClient: CloudWatchLogsClient;
  beforeAll(async () => {
    ({ emulator: slow, log } = await startLoggedEmulator({ queryDelayMs: 600_000 }));
    slowClient = clientFor(slow);
    await slowClient.groups.create({ logGroupName: '/slow' });
  });
  afterAll(async () => {
    await slowClient?.close();
    await slow?.close();
  });
  const request = () => ({
    logGroupName: '/slow',
    ...window().toEpochSeconds(),
    queryString: 'fields @message',
  });

  it('a query past timeoutMs is stopped on the server and reads as Cancelled there', async () => {
    const error = await slowClient.insights
      .query(request(), { timeoutMs: 200, pollIntervalMs: 40 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryTimedOutError);
    const { queryId } = error as QueryTimedOutError;
    expect(log.count('StopQuery', (input) => input.queryId === queryId)).toBe(1);
    expect((await slowClient.insights.getResults(queryId)).status).toBe('Cancelled');
  });

  it('an aborted query is stopped on the server and the abort reason is thrown', async () => {
    const controller = new AbortController();
    const running = slowClient.insights
      .query(request(), { pollIntervalMs: 20, signal: controller.signal })
      .catch((e: unknown) => e);
    await log.waitFor((l) => l.count('GetQueryResults') >= 2);
    const reason = new Error('user gave up');
    controller.abort(reason);
    expect(await running).toBe(reason);
    const stop = log.seen.filter((r) => r.operation === 'StopQuery').at(-1);
    const queryId = String(stop?.input.queryId);
    expect((await slowClient.insights.getResults(queryId)).status).toBe('Cancelled');
  });

  it('a malformed query is refused on the client with its position, before any request', async () => {
    const before = log.seen.length;
    await expect(
      slowClient.insights.query({ ...request(), queryString: 'fields @message | grep x' }),
    ).rejects.toThrow(/unknown command "grep" .*line 1, column 19/);
    expect(log.seen.length).toBe(before);
  });
});
