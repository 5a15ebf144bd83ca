import { createVirtualTime } from '@integrations/resilience';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  QueryCancelledError,
  QueryFailedError,
  QueryTimedOutError,
  quoteString,
  type StartQueryRequest,
  ValidationError,
  validateQueryString,
} from '../src/index.js';
import { type RawInsights, runQuery } from '../src/insights/run-query.js';

const request: StartQueryRequest = {
  logGroupNames: ['/app/api'],
  startTime: 1,
  endTime: 2,
  queryString: 'fields @message | limit 5',
};

/** A fake service whose queries report `statuses` in turn. */
function fake(statuses: string[]) {
  const polls: number[] = [];
  const stopped: string[] = [];
  let i = 0;
  const time = createVirtualTime(0);
  const raw: RawInsights = {
    startQuery: async () => ({ queryId: 'q-1' }),
    getResults: async () => {
      polls.push(time.now());
      const status = statuses[Math.min(i, statuses.length - 1)]! as never;
      i += 1;
      return {
        status,
        results: [
          [
            { field: '@timestamp', value: '2026-01-01 00:00:00.000' },
            { field: 'n', value: '3' },
          ],
        ],
        statistics: { recordsMatched: 1 },
      };
    },
    stopQuery: async (id) => {
      stopped.push(id);
      return { success: true };
    },
  };
  return { raw, time, polls, stopped };
}

describe('insights.query', () => {
  it('polls with backoff doubling from 500 ms to 5 s, then returns records and statistics', async () => {
    const { raw, time, polls } = fake([
      'Scheduled',
      'Running',
      'Running',
      'Running',
      'Running',
      'Running',
      'Complete',
    ]);
    const result = runQuery(raw, time.sleep, time.now, request);
    await time.runAll();
    expect(await result).toEqual({
      queryId: 'q-1',
      status: 'Complete',
      records: [{ '@timestamp': '2026-01-01 00:00:00.000', n: '3' }],
      statistics: { recordsMatched: 1 },
    });
    const gaps = polls.map((t, i) => t - (polls[i - 1] ?? 0));
    expect(gaps).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('throws the typed error of a Failed, Cancelled or Timeout query', async () => {
    for (const [status, type] of [
      ['Failed', QueryFailedError],
      ['Cancelled', QueryCancelledError],
      ['Timeout', QueryTimedOutError],
    ] as const) {
      const { raw, time } = fake([status]);
      const result = runQuery(raw, time.sleep, time.now, request);
      const caught = result.catch((e) => e);
      await time.runAll();
      expect(await caught).toBeInstanceOf(type);
    }
  });

  it('stops the query on the service when it runs past timeoutMs', async () => {
    const { raw, time, stopped } = fake(['Running']);
    const caught = runQuery(raw, time.sleep, time.now, request, { timeoutMs: 3000 }).catch(
      (e) => e,
    );
    await time.runAll();
    const error = await caught;
    expect(error).toBeInstanceOf(QueryTimedOutError);
    expect(error.message).toMatch(/did not complete within 3000 ms; it was stopped/);
    expect(stopped).toEqual(['q-1']);
  });

  it('stops a query whose StartQuery was still in flight when the abort came', async () => {
    const { raw, time, stopped } = fake(['Running']);
    const controller = new AbortController();
    const start = raw.startQuery;
    raw.startQuery = async (r, o) => {
      controller.abort(new Error('Ctrl-C during StartQuery'));
      return start(r, o);
    };
    const caught = runQuery(raw, time.sleep, time.now, request, { signal: controller.signal });
    await expect(caught).rejects.toThrow('Ctrl-C during StartQuery');
    expect(stopped).toEqual(['q-1']);
  });

  it('a failing StopQuery never masks the timeout or the abort reason', async () => {
    const failStop = (raw: RawInsights, calls: string[]) => {
      raw.stopQuery = async (id) => {
        calls.push(id);
        throw new Error('StopQuery failed: network down');
      };
    };
    const timedOut = fake(['Running']);
    const stops: string[] = [];
    failStop(timedOut.raw, stops);
    const caught = runQuery(timedOut.raw, timedOut.time.sleep, timedOut.time.now, request, {
      timeoutMs: 1000,
    }).catch((e) => e);
    await timedOut.time.runAll();
    expect(await caught).toBeInstanceOf(QueryTimedOutError);

    const aborted = fake(['Running']);
    failStop(aborted.raw, stops);
    const controller = new AbortController();
    const abortedRun = runQuery(aborted.raw, aborted.time.sleep, aborted.time.now, request, {
      signal: controller.signal,
    }).catch((e) => e);
    await aborted.time.advance(1600);
    controller.abort(new Error('deploy cancelled'));
    expect((await abortedRun).message).toBe('deploy cancelled');
    expect(stops).toEqual(['q-1', 'q-1']);
  });

  it('the poll waits shrink to end exactly at the deadline, and maxPollIntervalMs caps them', async () => {
    const { raw, time, polls, stopped } = fake(['Running']);
    const caught = runQuery(raw, time.sleep, time.now, request, {
      timeoutMs: 2500,
      pollIntervalMs: 400,
      maxPollIntervalMs: 700,
    }).catch((e) => e);
    await time.runAll();
    expect(await caught).toBeInstanceOf(QueryTimedOutError);
    expect(polls).toEqual([400, 1100, 1800, 2500]);
    expect(stopped).toEqual(['q-1']);
  });

  it('refuses an invalid query or option before starting anything', async () => {
    const { raw, time, polls } = fake(['Complete']);
    let started = 0;
    raw.startQuery = async () => {
      started += 1;
      return { queryId: 'q-1' };
    };
    for (const [req, options] of [
      [{ ...request, queryString: 'fields a | grep b' }, {}],
      [request, { timeoutMs: 0 }],
      [request, { pollIntervalMs: Number.NaN }],
    ] as const) {
      await expect(runQuery(raw, time.sleep, time.now, req, options)).rejects.toThrow(
        ValidationError,
      );
    }
    expect([started, polls.length]).toEqual([0, 0]);
  });

  it('an already aborted signal starts nothing', async () => {
    const { raw, time, stopped } = fake(['Complete']);
    let started = 0;
    raw.startQuery = async () => {
      started += 1;
      return { queryId: 'q-1' };
    };
    const reason = new Error('gone');
    await expect(
      runQuery(raw, time.sleep, time.now, request, { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect([started, stopped]).toEqual([0, []]);
  });

  it('stops the query on the service when aborted, rethrowing the abort reason', async () => {
    const { raw, time, stopped } = fake(['Running']);
    const controller = new AbortController();
    const caught = runQuery(raw, time.sleep, time.now, request, {
      signal: controller.signal,
    }).catch((e) => e);
    await time.advance(600);
    controller.abort(new Error('user pressed Ctrl-C'));
    expect((await caught).message).toBe('user pressed Ctrl-C');
    expect(stopped).toEqual(['q-1']);
  });
});

describe('query strings', () => {
  it('quotes any ID so it means itself: quotes, backslashes, slashes, pipes, #, newlines', () => {
    expect(quoteString('a"b')).toBe('"a\\"b"');
    expect(quoteString('a\\b')).toBe('"a\\\\b"');
    expect(quoteString('x/y|z#w.*[?]')).toBe('"x/y|z#w.*[?]"');
    expect(quoteString('line\nnext\ttab\r')).toBe('"line\\nnext\\ttab\\r"');
  });

  it('the quoted literal decodes back to the same string under the documented escapes', () => {
    const decode = (literal: string) =>
      literal
        .slice(1, -1)
        .replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (id) => decode(quoteString(id)) === id));
  }, 60_000);

  it('refuses broken queries with the position of the problem', () => {
    const cases: Array<[string, RegExp]> = [
      ['   ', /must not be empty/],
      ['x'.repeat(10_001), /at most 10000 characters/],
      ['fields @message | filter msg = "open', /unterminated string .* line 1, column 32/],
      ['stats count(* by level', /'\(' is never closed at line 1, column 12/],
      ['fields a | sort a)', /unmatched '\)' at line 1, column 18/],
      ['fields a\n| grep x', /unknown command "grep" .* at line 2, column 3/],
      ['fields a | ', /expected a command but the query segment is empty/],
      ['filter @message like /abc', /unterminated regular expression/],
      ["filter level = 'ERROR", /unterminated string \('.* line 1, column 16/],
      ['fields `a|b', /unterminated backtick name .* line 1, column 8/],
      ['filter x in ["a", "b" | limit 1', /'\[' is never closed at line 1, column 13/],
      ['filter (a = 1]', /'\]' closes '\(' .* line 1, column 14/],
      ['fields a\n  # note\n| limit 5 | | sort a', /segment is empty at line 3, column 12/],
      ['fields a | 42', /expected a command .* line 1, column 12/],
      ['parse @message /(?<u>\\w+) | limit 1', /unterminated regular expression .* column 16/],
    ];
    for (const [query, message] of cases) {
      expect(() => validateQueryString(query)).toThrow(ValidationError);
      expect(() => validateQueryString(query)).toThrow(message);
    }
  });

  it('accepts valid queries whose strings, regexes and comments hold confusing characters', () => {
    for (const query of [
      'fields @timestamp, @message | filter trace_id = "a|b(\\"c" | sort @timestamp asc',
      '# a comment with "quotes" and (brackets\nfields @message | filter @message like /a|b\\/c(/',
      "FILTER level = 'ERROR' | stats count(*) as n, sum(bytes)/1024 by bin(5m)",
      'fields `weird|name` | display `weird|name`',
      'parse @message "user=* action=*" as user, action | stats count(*) by action',
      "parse @message /(?<user>[^/']+)'s \\/ (?<n>\\d+)/ | stats count(*) by user",
      'filter @message like /[/"(]x/ and @message =~ /a\\/b/ | limit 10',
      'fields `a\\` | filter `a\\` = "x" | LIMIT 1',
      'filterIndex requestId = "x" | fields @message | dedup @logStream | unmask @message',
      'stats sum(bytes) / 1024 as kb, avg(b)/2 by bin(1h) | sort kb desc # trailing "comment',
    ])
      expect(() => validateQueryString(query)).not.toThrow();
  });
});
