// The client's raw Logs Insights operations (startQuery, getResults, stopQuery) against the
// emulator's query engine over the real stack.
import {
  type CloudWatchLogsClient,
  LimitExceededError,
  MalformedQueryError,
  type QueryStatus,
  ResourceNotFoundError,
  TimeRange,
} from '@integrations/aws-cloudwatch-logs';
import type { Emulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type RequestLog, rejectionOf, startLoggedEmulator } from './support/harness.js';

const group = '/insights/app';

describe('a query that runs', () => {
  let emulator: Emulator;
  let log: RequestLog;
  let client: CloudWatchLogsClient;
  const start = Date.now() - 30 * 60_000;

  beforeAll(async () => {
    // Queries stay Scheduled for 20 ms, so the client has to poll as it would against AWS.
    ({ emulator, log } = await startLoggedEmulator({ queryDelayMs: 20 }));
    client = clientFor(emulator);
    await client.streams.ensureExists(group, 'api', { createGroup: true });
    await client.events.put({
      logGroupName: group,
      logStreamName: 'api',
      logEvents: Array.from({ length: 12 }, (_, i) => ({
        timestamp: start + i * 1000,
        message: JSON.stringify({ level: i % 3 === 0 ? 'ERROR' : 'INFO', latencyMs: i * 10, i }),
      })),
    });
  });

  afterAll(async () => {
    await client?.close();
    await emulator?.close();
  });

  const terminal = new Set<QueryStatus>(['Complete', 'Failed', 'Cancelled', 'Timeout']);

  async function poll(queryId: string) {
    const before = log.count('GetQueryResults');
    for (;;) {
      const response = await client.insights.getResults(queryId);
      if (response.status !== undefined && terminal.has(response.status)) {
        return { response, polls: log.count('GetQueryResults') - before };
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('starts a query, polls its results until Complete', async () => {
    const { queryId } = await client.insights.startQuery({
      logGroupName: group,
      ...TimeRange.lastHours(1).toEpochSeconds(),
      queryString:
        'fields @timestamp, i, latencyMs | filter level = "ERROR" | sort @timestamp asc | limit 10',
    });
    expect(queryId).toMatch(/^[0-9a-f-]{36}$/);
    const { response, polls } = await poll(queryId);
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(response.status).toBe('Complete');
    const rows = response.results.map((row) =>
      Object.fromEntries(row.map((field) => [field.field, field.value])),
    );
    expect(rows.map((r) => r['i'])).toEqual(['0', '3', '6', '9']);
    expect(rows.map((r) => r['latencyMs'])).toEqual(['0', '30', '60', '90']);
    expect(response.statistics).toMatchObject({ recordsMatched: 4, recordsScanned: 12 });
  });

  it('aggregates with stats', async () => {
    const { queryId } = await client.insights.startQuery({
      logGroupNames: [group],
      ...TimeRange.lastHours(1).toEpochSeconds(),
      queryString: 'stats count(*) as n, max(latencyMs) as slowest by level | sort level asc',
    });
    const { response } = await poll(queryId);
    const rows = response.results.map((row) =>
      Object.fromEntries(row.map((field) => [field.field, field.value])),
    );
    expect(rows).toEqual([
      { level: 'ERROR', n: '4', slowest: '90' },
      { level: 'INFO', n: '8', slowest: '110' },
    ]);
  });

  it('refuses a malformed query with MalformedQueryError', async () => {
    const error = await rejectionOf(
      client.insights.startQuery({
        logGroupName: group,
        ...TimeRange.lastHours(1).toEpochSeconds(),
        queryString: 'fields @message | stats count(*) by',
      }),
    );
    expect(error).toBeInstanceOf(MalformedQueryError);
    expect(error).toMatchObject({ code: 'MalformedQueryException', operation: 'StartQuery' });
  });
});

describe('stopping queries', () => {
  let emulator: Emulator;
  let client: CloudWatchLogsClient;

  beforeAll(async () => {
    // Queries stay Scheduled for a minute: long enough to stop them, and to fill the quota.
    ({ emulator } = await startLoggedEmulator({ queryDelayMs: 60_000 }));
    client = clientFor(emulator);
    await client.groups.create({ logGroupName: group });
  });

  afterAll(async () => {
    await client?.close();
    await emulator?.close();
  });

  const query = () =>
    client.insights.startQuery({
      logGroupName: group,
      ...TimeRange.lastMinutes(30).toEpochSeconds(),
      queryString: 'fields @message',
    });

  it('stops a scheduled query, which then reads as Cancelled', async () => {
    const { queryId } = await query();
    expect((await client.insights.getResults(queryId)).status).toBe('Scheduled');
    expect(await client.insights.stopQuery(queryId)).toEqual({ success: true });
    const after = await client.insights.getResults(queryId);
    expect(after.status).toBe('Cancelled');
    expect(after.results).toEqual([]);
    // Stopping an ended query is not an error; it reports that nothing was stopped.
    expect(await client.insights.stopQuery(queryId)).toEqual({ success: false });
  });

  it('ResourceNotFoundError for a query that does not exist', async () => {
    const error = await rejectionOf(
      client.insights.stopQuery('00000000-0000-4000-8000-000000000000'),
    );
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error).toMatchObject({ operation: 'StopQuery' });
  });

  it('LimitExceededError beyond 30 concurrent queries', async () => {
    const running: string[] = [];
    for (let i = 0; i < 30; i += 1) running.push((await query()).queryId);
    const error = await rejectionOf(query());
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ code: 'LimitExceededException', operation: 'StartQuery' });
    // Stopping one frees a slot.
    expect(await client.insights.stopQuery(running[0] ?? '')).toEqual({ success: true });
    await expect(query()).resolves.toMatchObject({ queryId: expect.any(String) });
  });
});
