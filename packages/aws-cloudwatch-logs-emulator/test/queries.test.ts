import { describe, expect, it } from 'vitest';
import { type QueryEngine, QuerySyntaxError, unsupportedQueryEngine } from '../src/index.js';
import { groupWithStream, NOW, testEmulator } from './helpers.js';

const START = Math.floor(NOW / 1000) - 3600;
const END = Math.floor(NOW / 1000) + 60;

describe('StartQuery with the unsupported query engine', () => {
  it('answers MalformedQueryException for any query, never a made-up result', async () => {
    const t = testEmulator({ queryEngine: unsupportedQueryEngine });
    await groupWithStream(t);
    const answer = await t.call('StartQuery', {
      logGroupName: '/app/api',
      startTime: START,
      endTime: END,
      queryString: 'fields @timestamp, @message | limit 5',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe('MalformedQueryException');
    expect(answer.body.queryCompileError).toMatchObject({ message: expect.any(String) });
    expect((await t.ok('DescribeQueries')).queries).toEqual([]);
  });

  it('validates before asking the engine', async () => {
    const t = testEmulator({ queryEngine: unsupportedQueryEngine });
    await groupWithStream(t);
    const base = { startTime: START, endTime: END, queryString: 'x' };
    expect((await t.fail('StartQuery', base)).type).toBe('InvalidParameterException');
    expect(
      (
        await t.fail('StartQuery', {
          ...base,
          logGroupName: '/app/api',
          logGroupNames: ['/app/api'],
        })
      ).type,
    ).toBe('InvalidParameterException');
    expect((await t.fail('StartQuery', { ...base, logGroupName: '/nope' })).type).toBe(
      'ResourceNotFoundException',
    );
    expect(
      (await t.fail('StartQuery', { ...base, logGroupName: '/app/api', endTime: START - 1 })).type,
    ).toBe('InvalidParameterException');
    expect(
      (await t.fail('StartQuery', { logGroupName: '/app/api', queryString: 'x' })).message,
    ).toContain("Value null at 'startTime' failed to satisfy constraint: Member must not be null");
    expect(
      (await t.fail('StartQuery', { ...base, logGroupName: '/app/api', limit: 10_001 })).message,
    ).toContain('less than or equal to 10000');
  });

  it('answers ResourceNotFoundException for unknown query IDs', async () => {
    const t = testEmulator();
    expect((await t.fail('GetQueryResults', { queryId: 'nope' })).type).toBe(
      'ResourceNotFoundException',
    );
    expect((await t.fail('StopQuery', { queryId: 'nope' })).type).toBe('ResourceNotFoundException');
    expect((await t.fail('GetQueryResults', {})).type).toBe('InvalidParameterException');
  });
});

describe('the QueryEngine seam', () => {
  const countingEngine: QueryEngine = {
    prepare(queryString) {
      if (queryString !== 'count')
        throw new QuerySyntaxError('only "count" is understood', {
          startCharOffset: 0,
          endCharOffset: 1,
        });
      return {
        run(source) {
          let n = 0;
          for (const event of source.events()) if (event.message.length > 0) n += 1;
          return {
            results: [[{ field: 'count', value: String(n) }]],
            statistics: { recordsMatched: n, recordsScanned: n },
          };
        },
      };
    },
  };

  it('runs queries in the background and reports them through GetQueryResults and DescribeQueries', async () => {
    const t = testEmulator({ queryEngine: countingEngine, queryDelayMs: 0 });
    await groupWithStream(t);
    await t.ok('PutLogEvents', {
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      logEvents: [
        { timestamp: NOW - 10, message: 'a' },
        { timestamp: NOW - 5, message: 'b' },
      ],
    });
    const { queryId } = await t.ok('StartQuery', {
      logGroupName: '/app/api',
      startTime: START,
      endTime: END,
      queryString: 'count',
    });
    expect(queryId).toMatch(/^[0-9a-f-]{36}$/);
    let results = await t.ok('GetQueryResults', { queryId });
    for (let i = 0; i < 50 && results.status !== 'Complete'; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      results = await t.ok('GetQueryResults', { queryId });
    }
    expect(results).toEqual({
      queryLanguage: 'CWLI',
      results: [[{ field: 'count', value: '2' }]],
      statistics: { recordsMatched: 2, recordsScanned: 2, bytesScanned: 0 },
      status: 'Complete',
    });
    expect(await t.ok('StopQuery', { queryId })).toEqual({ success: false });
    const described = await t.ok('DescribeQueries', {
      logGroupName: '/app/api',
      status: 'Complete',
    });
    expect(described.queries).toMatchObject([
      {
        queryId,
        queryString: 'count',
        status: 'Complete',
        logGroupName: '/app/api',
        createTime: NOW,
      },
    ]);
    const malformed = await t.call('StartQuery', {
      logGroupName: '/app/api',
      startTime: START,
      endTime: END,
      queryString: 'nope',
    });
    expect(malformed.body).toMatchObject({
      __type: 'MalformedQueryException',
      queryCompileError: {
        location: { startCharOffset: 0, endCharOffset: 1 },
        message: 'only "count" is understood',
      },
    });
  });

  it('StopQuery cancels a running query', async () => {
    const engine: QueryEngine = {
      prepare: () => ({
        run: (_source, { signal }) =>
          new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason)),
          ),
      }),
    };
    const t = testEmulator({ queryEngine: engine });
    await groupWithStream(t);
    const { queryId } = await t.ok('StartQuery', {
      logGroupNames: ['/app/api'],
      startTime: START,
      endTime: END,
      queryString: 'slow',
    });
    expect(await t.ok('StopQuery', { queryId })).toEqual({ success: true });
    expect((await t.ok('GetQueryResults', { queryId })).status).toBe('Cancelled');
  });
});
