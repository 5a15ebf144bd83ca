import { describe, expect, it } from 'vitest';
import { CloudWatchLogsError, MalformedQueryError, TimeRange } from '../src/index.js';
import { awsError, harness } from './helpers/harness.js';

const range = TimeRange.between('2024-05-01T10:00:00Z', '2024-05-01T11:00:00.500Z');

describe('insights', () => {
  it('startQuery sends StartQuery with epoch seconds and returns the queryId', async () => {
    const h = harness();
    h.reply('StartQuery', { queryId: 'q-1' });
    const response = await h.client.insights.startQuery({
      logGroupNames: ['/app/api', '/app/db'],
      ...range.toEpochSeconds(),
      queryString: 'fields @timestamp, @message | limit 20',
      limit: 20,
    });
    expect(h.requests.map((r) => [r.target, r.body, r.idempotent])).toEqual([
      [
        'Logs_20140328.StartQuery',
        {
          logGroupNames: ['/app/api', '/app/db'],
          startTime: 1_714_557_600,
          endTime: 1_714_561_201,
          queryString: 'fields @timestamp, @message | limit 20',
          limit: 20,
        },
        false,
      ],
    ]);
    expect(response).toEqual({ queryId: 'q-1' });
  });

  it('startQuery allows SQL queries to name their log groups in the query', async () => {
    const h = harness();
    h.reply('StartQuery', { queryId: 'q-2' });
    await h.client.insights.startQuery({
      queryLanguage: 'SQL',
      startTime: 1,
      endTime: 2,
      queryString: "SELECT * FROM `logGroups(logGroupIdentifier: ['/app/api'])`",
    });
    expect(h.requests[0]?.body['queryLanguage']).toBe('SQL');
  });

  it('startQuery without a queryId in the answer is an error, not a silent undefined', async () => {
    const h = harness();
    h.reply('StartQuery', {});
    await expect(
      h.client.insights.startQuery({
        logGroupName: 'g',
        startTime: 1,
        endTime: 2,
        queryString: 'x',
      }),
    ).rejects.toMatchObject({ name: 'CloudWatchLogsError', code: 'InvalidResponse' });
  });

  it.each([
    [{ logGroupNames: undefined }, 'logGroupNames'],
    [{ logGroupName: 'g' }, 'logGroupNames'],
    [{ logGroupNames: [] }, 'logGroupNames'],
    [{ logGroupNames: Array.from({ length: 51 }, (_, i) => `g${i}`) }, 'logGroupNames'],
    [{ logGroupNames: ['ok', 'not ok'] }, 'logGroupNames[1]'],
    [{ startTime: 1_714_557_600_000 }, 'startTime'],
    [{ endTime: 1_714_561_201_000 }, 'endTime'],
    [{ startTime: -1 }, 'startTime'],
    [{ startTime: 10, endTime: 5 }, 'endTime'],
    [{ queryString: '' }, 'queryString'],
    [{ queryString: 'q'.repeat(10_001) }, 'queryString'],
    [{ limit: 10_001 }, 'limit'],
    [{ queryLanguage: 'KQL' }, 'queryLanguage'],
  ])('startQuery refuses an invalid $1', async (change, field) => {
    const h = harness();
    const request = {
      logGroupNames: ['g'],
      startTime: 1,
      endTime: 2,
      queryString: 'fields @message',
      ...change,
    };
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    await expect(h.client.insights.startQuery(request as any)).rejects.toMatchObject({ field });
    expect(h.requests).toHaveLength(0);
  });

  it('explains that milliseconds were given where seconds are expected', async () => {
    const h = harness();
    const error = await h.client.insights
      .startQuery({ logGroupName: 'g', ...range.toEpochMillis(), queryString: 'x' })
      .catch((e) => e);
    expect(error.rule).toContain('SECONDS');
  });

  it('maps MalformedQueryException', async () => {
    const h = harness();
    h.reply('StartQuery', awsError('MalformedQueryException', 'unexpected symbol at 3'));
    const error = await h.client.insights
      .startQuery({ logGroupName: 'g', startTime: 1, endTime: 2, queryString: 'fields |' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(MalformedQueryError);
    expect(error).toBeInstanceOf(CloudWatchLogsError);
    expect(error.message).toContain('unexpected symbol at 3');
  });

  it('getResults sends GetQueryResults and parses rows, statistics and status', async () => {
    const h = harness();
    const answer = {
      queryLanguage: 'CWLI',
      results: [
        [
          { field: '@timestamp', value: '2024-05-01 10:00:00.000' },
          { field: '@message', value: 'hello' },
        ],
      ],
      statistics: {
        recordsMatched: 1,
        recordsScanned: 10,
        bytesScanned: 100,
        estimatedRecordsSkipped: 0,
      },
      status: 'Complete',
    };
    h.reply('GetQueryResults', answer);
    const response = await h.client.insights.getResults('q-1');
    expect(h.requests.map((r) => [r.target, r.body, r.idempotent])).toEqual([
      ['Logs_20140328.GetQueryResults', { queryId: 'q-1' }, true],
    ]);
    expect(response).toEqual(answer);
  });

  it('getResults yields an empty row list while the query is scheduled', async () => {
    const h = harness();
    h.reply('GetQueryResults', { status: 'Scheduled' });
    expect(await h.client.insights.getResults('q-1')).toEqual({ status: 'Scheduled', results: [] });
  });

  it('stopQuery sends StopQuery and returns success', async () => {
    const h = harness();
    h.reply('StopQuery', { success: true }, {});
    expect(await h.client.insights.stopQuery('q-1')).toEqual({ success: true });
    expect(await h.client.insights.stopQuery('q-1')).toEqual({ success: false });
    expect(h.requests.map((r) => [r.target, r.body])).toEqual([
      ['Logs_20140328.StopQuery', { queryId: 'q-1' }],
      ['Logs_20140328.StopQuery', { queryId: 'q-1' }],
    ]);
  });

  it('refuses an empty or oversized queryId', async () => {
    const h = harness();
    await expect(h.client.insights.getResults('')).rejects.toMatchObject({ field: 'queryId' });
    await expect(h.client.insights.stopQuery('q'.repeat(257))).rejects.toMatchObject({
      field: 'queryId',
    });
    expect(h.requests).toHaveLength(0);
  });
});
