// Issue 6's proof through the real stack: events written through the client's buffered logger
// into three log groups, then followed with Logs Insights by trace ID.
import {
  type CloudWatchLogsClient,
  createCloudWatchLogsClient,
  LogLevel,
  QueryTimedOutError,
  runWithCorrelation,
  TimeRange,
} from '@integrations/aws-cloudwatch-logs';
import { type Emulator, startEmulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { fromStatic } from '@integrations/aws-credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let emulator: Emulator;
let client: CloudWatchLogsClient;
const groups = ['/trace/api', '/trace/auth', '/trace/db'];
const window = () => TimeRange.fromEpochMillis(Date.now() - 600_000, Date.now() + 60_000);

beforeAll(async () => {
  emulator = await startEmulator({ auth: { mode: 'sigv4' }, queryDelayMs: 30 });
  client = createCloudWatchLogsClient({
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: fromStatic(emulator.credentials!),
  });
  const log = Object.fromEntries(
    ['api', 'auth', 'db'].map((service) => [
      service,
      client.logger({
        logGroup: `/trace/${service}`,
        logStream: 'main',
        service,
        level: LogLevel.Debug,
      }),
    ]),
  );
  const request = async (traceId: string, requestId: string) =>
    runWithCorrelation({ traceId, requestId }, async () => {
      log.api!.info('api received');
      await new Promise((resolve) => setTimeout(resolve, 3));
      log.auth!.debug('auth checked');
      await new Promise((resolve) => setTimeout(resolve, 3));
      log.db!.error('db failed', { table: 'orders' });
      await new Promise((resolve) => setTimeout(resolve, 3));
      log.api!.warn('api answered 502');
    });
  await Promise.all([
    request('trace-one', 'req-1'),
    request('trace-two', 'req-2'),
    request('a"b\\c/d.*|#(x)', 'req-3'),
    request('a"b\\c/d.*|#(y)', 'req-4'),
  ]);
  expect(await client.flush()).toMatchObject({ sent: 16, failed: 0, dropped: 0 });
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

describe('following one request across services', () => {
  it('queryByTraceId returns the trace from three log groups in order, as a timeline', async () => {
    const timeline = await client.insights.queryByTraceId(groups, 'trace-one', window(), {
      pollIntervalMs: 20,
    });
    expect(timeline.events.map((e) => [e.service, e.level, e.message])).toEqual([
      ['api', 'INFO', 'api received'],
      ['auth', 'DEBUG', 'auth checked'],
      ['db', 'ERROR', 'db failed'],
      ['api', 'WARN', 'api answered 502'],
    ]);
    expect(timeline.events.every((e) => e.traceId === 'trace-one' && e.requestId === 'req-1')).toBe(
      true,
    );
    expect(timeline.events[2]!.fields).toEqual({ table: 'orders' });
    expect(
      timeline.services.map((s) => [s.service, s.logGroups, s.eventCount, s.errorCount]),
    ).toEqual([
      ['api', ['/trace/api'], 2, 0],
      ['auth', ['/trace/auth'], 1, 0],
      ['db', ['/trace/db'], 1, 1],
    ]);
    expect(timeline.durationMs).toBeGreaterThanOrEqual(6);
    expect(timeline.statistics).toMatchObject({ recordsMatched: 4 });
  });

  it('an ID full of quotes, backslashes, slashes and regex characters matches itself and nothing else', async () => {
    const timeline = await client.insights.queryByTraceId(groups, 'a"b\\c/d.*|#(x)', window(), {
      pollIntervalMs: 20,
    });
    expect(timeline.events).toHaveLength(4);
    expect(new Set(timeline.events.map((e) => e.requestId))).toEqual(new Set(['req-3']));
    expect((await client.insights.queryByTraceId(groups, 'a"b\\c/d.*', window())).events).toEqual(
      [],
    );
  });

  it('queryByRequestId accepts ARNs, and widens an empty window when asked', async () => {
    const arns = groups.map(
      (g) => `arn:aws:logs:${emulator.region}:${emulator.accountId}:log-group:${g}`,
    );
    const old = TimeRange.fromEpochMillis(Date.now() - 7_200_000, Date.now() - 3_600_000);
    expect((await client.insights.queryByRequestId(arns, 'req-2', old)).events).toEqual([]);
    const widened = await client.insights.queryByRequestId(arns, 'req-2', old, {
      widenIfEmpty: { durationMs: 7_200_000 },
      pollIntervalMs: 20,
    });
    expect(widened.events.map((e) => e.message)).toEqual([
      'api received',
      'auth checked',
      'db failed',
      'api answered 502',
    ]);
  });

  it('query gives records and statistics; a stats query groups by service and level', async () => {
    const result = await client.insights.query(
      {
        logGroupNames: groups,
        ...window().toEpochSeconds(),
        queryString: 'stats count(*) as n by service, level | sort service asc, level asc',
      },
      { pollIntervalMs: 20 },
    );
    expect(result.status).toBe('Complete');
    expect(result.records).toEqual([
      { service: 'api', level: 'INFO', n: '4' },
      { service: 'api', level: 'WARN', n: '4' },
      { service: 'auth', level: 'DEBUG', n: '4' },
      { service: 'db', level: 'ERROR', n: '4' },
    ]);
  });

  it('a query that runs past timeoutMs is stopped on the server', async () => {
    const slow = await startEmulator({ auth: { mode: 'sigv4' }, queryDelayMs: 60_000 });
    const c = createCloudWatchLogsClient({
      region: slow.region,
      endpoint: slow.endpoint,
      credentials: fromStatic(slow.credentials!),
    });
    try {
      await c.groups.create({ logGroupName: '/slow' });
      const error = await c.insights
        .query(
          { logGroupName: '/slow', ...window().toEpochSeconds(), queryString: 'fields @message' },
          { timeoutMs: 300, pollIntervalMs: 50 },
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryTimedOutError);
      const { queryId } = error as QueryTimedOutError;
      expect((await c.insights.getResults(queryId)).status).toBe('Cancelled');
    } finally {
      await c.close();
      await slow.close();
    }
  });
});
