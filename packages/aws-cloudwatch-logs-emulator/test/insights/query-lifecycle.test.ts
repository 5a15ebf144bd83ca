import { describe, expect, it } from 'vitest';
import { createEmulator, EmulatorConfigError } from '../../src/index.js';
import { NOW, testEmulator } from '../helpers.js';
import { waitForQuery } from './golden-helpers.js';

const START = Math.floor(NOW / 1000) - 3600;
const END = Math.floor(NOW / 1000) + 60;

async function twoGroups(t: ReturnType<typeof testEmulator>) {
  for (const [group, stream, messages] of [
    ['/svc/a', 'a-1', ['{"trace_id":"t1","level":"INFO"}', '{"trace_id":"t2","level":"ERROR"}']],
    ['/svc/b', 'b-1', ['{"trace_id":"t1","level":"WARN"}']],
  ] as const) {
    await t.ok('CreateLogGroup', { logGroupName: group });
    await t.ok('CreateLogStream', { logGroupName: group, logStreamName: stream });
    await t.ok('PutLogEvents', {
      logGroupName: group,
      logStreamName: stream,
      logEvents: messages.map((message, i) => ({ timestamp: NOW - 60_000 + i * 1000, message })),
    });
  }
}

describe('the query lifecycle with the built-in engine', () => {
  it('is Scheduled for the configured delay, then Complete with results', async () => {
    const t = testEmulator({ queryDelayMs: 30 });
    await twoGroups(t);
    const { queryId } = await t.ok('StartQuery', {
      logGroupName: '/svc/a',
      startTime: START,
      endTime: END,
      queryString: 'stats count(*) as n',
    });
    expect((await t.ok('GetQueryResults', { queryId })).status).toBe('Scheduled');
    const done = await waitForQuery(t, queryId);
    expect(done).toMatchObject({
      status: 'Complete',
      results: [[{ field: 'n', value: '2' }]],
      statistics: { recordsMatched: 2, recordsScanned: 2 },
    });
  });

  it('queries several groups named by ARN, within the time range', async () => {
    const t = testEmulator({ queryDelayMs: 0 });
    await twoGroups(t);
    const arn = (g: string) => `arn:aws:logs:us-east-1:000000000000:log-group:${g}`;
    const { queryId } = await t.ok('StartQuery', {
      logGroupIdentifiers: [arn('/svc/a'), '/svc/b'],
      startTime: START,
      endTime: END,
      queryString: 'filter trace_id = "t1" | fields @log, level | sort @timestamp asc',
    });
    const done = await waitForQuery(t, queryId);
    const rows = (done.results as Array<Array<{ field: string; value: string }>>).map((r) =>
      r.filter((f) => f.field !== '@ptr'),
    );
    expect(rows).toEqual([
      [
        { field: '@log', value: '000000000000:/svc/a' },
        { field: 'level', value: 'INFO' },
      ],
      [
        { field: '@log', value: '000000000000:/svc/b' },
        { field: 'level', value: 'WARN' },
      ],
    ]);
    // As the service says: an ARN there must not end with `:*`.
    const starred = await t.call('StartQuery', {
      logGroupIdentifiers: [`${arn('/svc/a')}:*`],
      startTime: START,
      endTime: END,
      queryString: 'fields @message',
    });
    expect(starred.body.__type).toBe('InvalidParameterException');
    // A window that ends before the events holds none of them.
    const early = await t.ok('StartQuery', {
      logGroupNames: ['/svc/a', '/svc/b'],
      startTime: START,
      endTime: Math.floor((NOW - 120_000) / 1000),
      queryString: 'fields @message',
    });
    expect((await waitForQuery(t, early.queryId)).results).toEqual([]);
  });

  it('answers MalformedQueryException with the location of the error', async () => {
    const t = testEmulator();
    await twoGroups(t);
    const answer = await t.call('StartQuery', {
      logGroupName: '/svc/a',
      startTime: START,
      endTime: END,
      queryString: 'fields @message | filter level = ',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      __type: 'MalformedQueryException',
      queryCompileError: {
        location: { startCharOffset: 33, endCharOffset: 33 },
        message:
          'Expected a field, a value or an expression but found the end of the query at 1:34',
      },
    });
  });

  it('refuses a 31st concurrent query, and StopQuery cancels', async () => {
    const t = testEmulator({ queryDelayMs: 60_000 });
    await twoGroups(t);
    const start = () =>
      t.call('StartQuery', {
        logGroupName: '/svc/a',
        startTime: START,
        endTime: END,
        queryString: 'fields @message',
      });
    const ids: unknown[] = [];
    for (let i = 0; i < 30; i += 1) ids.push((await start()).body.queryId);
    const refused = await start();
    expect(refused.body.__type).toBe('LimitExceededException');
    expect(await t.ok('StopQuery', { queryId: ids[0] })).toEqual({ success: true });
    expect((await t.ok('GetQueryResults', { queryId: ids[0] })).status).toBe('Cancelled');
    expect((await start()).status).toBe(200);
    const cancelled = await t.ok('DescribeQueries', {
      logGroupName: '/svc/a',
      status: 'Cancelled',
    });
    expect((cancelled.queries as Array<{ queryId: string }>).map((q) => q.queryId)).toEqual([
      ids[0],
    ]);
    const scheduled = await t.ok('DescribeQueries', { status: 'Scheduled', maxResults: 5 });
    expect((scheduled.queries as unknown[]).length).toBe(5);
    expect(scheduled.nextToken).toEqual(expect.any(String));
    await t.emulator.close();
  });

  it('ends a query that runs past queryTimeoutMs as Timeout', async () => {
    const t = testEmulator({ queryDelayMs: 1_000, queryTimeoutMs: 5 });
    await twoGroups(t);
    const { queryId } = await t.ok('StartQuery', {
      logGroupName: '/svc/a',
      startTime: START,
      endTime: END,
      queryString: 'fields @message',
    });
    expect((await waitForQuery(t, queryId)).status).toBe('Timeout');
  });

  it('checks the query options', () => {
    expect(() => createEmulator({ queryDelayMs: -1 })).toThrow(EmulatorConfigError);
    expect(() => createEmulator({ queryTimeoutMs: Number.NaN })).toThrow(/queryTimeoutMs/);
  });
});
