import { createVirtualTime } from '@integrations/resilience';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeRange, ValidationError, validateQueryString } from '../src/index.js';
import { harness, NOW } from './helpers/harness.js';

const range = TimeRange.fromEpochMillis(NOW - 3_600_000, NOW);
const PREFIX = 'fields @timestamp, @message, @logStream, @log | filter ';
const SUFFIX = ' | sort @timestamp asc | limit 10000';

function row(group: string, timestamp: string, message: object) {
  return [
    { field: '@timestamp', value: timestamp },
    { field: '@message', value: JSON.stringify(message) },
    { field: '@logStream', value: 'main' },
    { field: '@log', value: `123456789012:${group}` },
    { field: '@ptr', value: 'ptr' },
  ];
}

/** A client whose queries complete on the first poll with `rows` (per StartQuery, in turn). */
function service(...answers: unknown[][][]) {
  const time = createVirtualTime(NOW);
  const h = harness({}, { sleep: time.sleep });
  let started = 0;
  h.on('StartQuery', () => {
    started += 1;
    return { queryId: `q-${started}` };
  });
  h.on('GetQueryResults', (body) => ({
    status: 'Complete',
    results: answers[Number(String(body.queryId).slice(2)) - 1] ?? [],
    statistics: { recordsMatched: 0 },
  }));
  const run = async <T>(promise: Promise<T>): Promise<T> => {
    const settled = promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    await time.runAll();
    const outcome = await settled;
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
  const started$ = () => h.requests.filter((r) => r.target.endsWith('.StartQuery'));
  return { h, run, starts: started$ };
}

describe('queryByTraceId and queryByRequestId', () => {
  it('builds the exact query, sends names as logGroupNames and returns a timeline', async () => {
    const { h, run, starts } = service([
      row('/svc/db', '2024-05-01 11:59:00.020', {
        level: 'ERROR',
        message: 'db failed',
        trace_id: 't-1',
        service: 'db',
      }),
      row('/svc/api', '2024-05-01 11:59:00.000', {
        level: 'INFO',
        message: 'api in',
        trace_id: 't-1',
      }),
    ]);
    const timeline = await run(
      h.client.insights.queryByTraceId(['/svc/api', '/svc/db'], 't-1', range),
    );
    expect(starts().map((r) => r.body)).toEqual([
      {
        logGroupNames: ['/svc/api', '/svc/db'],
        ...range.toEpochSeconds(),
        queryString: `${PREFIX}trace_id = "t-1"${SUFFIX}`,
      },
    ]);
    expect(timeline.traceId).toBe('t-1');
    expect(timeline.events.map((e) => [e.service, e.message])).toEqual([
      ['api', 'api in'],
      ['db', 'db failed'],
    ]);
    expect(timeline.services.map((s) => [s.service, s.errorCount])).toEqual([
      ['api', 0],
      ['db', 1],
    ]);
    expect(timeline.durationMs).toBe(20);
  });

  it('escapes every character that could change the meaning of the query', async () => {
    const cases: Array<[string, string]> = [
      ['a"b', '"a\\"b"'],
      ["it's", '"it\'s"'],
      ['back\\slash', '"back\\\\slash"'],
      ['a/b/c', '"a/b/c"'],
      ['a*b.c', '"a*b.c"'],
      ['x|limit 1', '"x|limit 1"'],
      ['#not a comment', '"#not a comment"'],
      ['line\nnext\r\ttab', '"line\\nnext\\r\\ttab"'],
      ['^(a+)?[b]{2}$', '"^(a+)?[b]{2}$"'],
      ['\\"', '"\\\\\\""'],
      ['`name`', '"`name`"'],
    ];
    for (const [id, literal] of cases) {
      const { h, run, starts } = service();
      await run(h.client.insights.queryByRequestId(['/svc/api'], id, range));
      const queryString = starts()[0]!.body.queryString as string;
      expect(queryString).toBe(`${PREFIX}request_id = ${literal}${SUFFIX}`);
      expect(() => validateQueryString(queryString)).not.toThrow();
    }
  });

  it('any ID gives a valid query whose one string literal decodes back to the ID', async () => {
    const decode = (literal: string) =>
      literal
        .slice(1, -1)
        .replace(/\\(.)/gs, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), async (id) => {
        const { h, run, starts } = service();
        await run(h.client.insights.queryByTraceId(['/svc/api'], id, range));
        const queryString = starts()[0]!.body.queryString as string;
        validateQueryString(queryString);
        expect(queryString.startsWith(`${PREFIX}trace_id = "`)).toBe(true);
        expect(queryString.endsWith(`"${SUFFIX}`)).toBe(true);
        const literal = queryString.slice(`${PREFIX}trace_id = `.length, -SUFFIX.length);
        expect(decode(literal)).toBe(id);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('sends logGroupIdentifiers when any group is an ARN, and honours limit', async () => {
    const { h, run, starts } = service();
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:/svc/auth';
    await run(h.client.insights.queryByTraceId(['/svc/api', arn], 't', range, { limit: 50 }));
    expect(starts()[0]!.body).toMatchObject({
      logGroupIdentifiers: ['/svc/api', arn],
      queryString: `${PREFIX}trace_id = "t" | sort @timestamp asc | limit 50`,
    });
    expect(starts()[0]!.body.logGroupNames).toBeUndefined();
  });

  it('widenIfEmpty looks once more over the window widened on both sides', async () => {
    const found = row('/svc/api', '2024-05-01 10:30:00.000', { message: 'late', request_id: 'r' });
    const { h, run, starts } = service([], [found]);
    const timeline = await run(
      h.client.insights.queryByRequestId(['/svc/api'], 'r', range, {
        widenIfEmpty: { durationMs: 600_000 },
      }),
    );
    const { startTime, endTime } = range.toEpochSeconds();
    expect(starts().map((r) => [r.body.startTime, r.body.endTime])).toEqual([
      [startTime, endTime],
      [startTime - 600, endTime + 600],
    ]);
    expect(timeline.requestId).toBe('r');
    expect(timeline.events.map((e) => e.message)).toEqual(['late']);
  });

  it('does not widen when the narrow window found events', async () => {
    const found = row('/svc/api', '2024-05-01 11:30:00.000', { message: 'hit', trace_id: 't' });
    const { h, run, starts } = service([found]);
    await run(
      h.client.insights.queryByTraceId(['/svc/api'], 't', range, {
        widenIfEmpty: { durationMs: 600_000 },
      }),
    );
    expect(starts()).toHaveLength(1);
  });

  it('refuses an empty ID or no log groups before sending anything', async () => {
    const { h, run } = service();
    await expect(run(h.client.insights.queryByTraceId(['/svc/api'], '', range))).rejects.toThrow(
      ValidationError,
    );
    await expect(run(h.client.insights.queryByTraceId([], 't', range))).rejects.toThrow(
      /logGroups/,
    );
    for (const options of [
      { limit: 0 },
      { limit: 10_001 },
      { limit: 2.5 },
      { widenIfEmpty: { durationMs: -1 } },
      { widenIfEmpty: { durationMs: Number.POSITIVE_INFINITY } },
    ])
      await expect(
        run(h.client.insights.queryByTraceId(['/svc/api'], 't', range, options)),
      ).rejects.toThrow(ValidationError);
    expect(h.requests).toEqual([]);
  });
});
