import { describe, expect, it } from 'vitest';
import { createInsightsQueryEngine, type QueryEvent, type QueryOutput } from '../../src/index.js';

const T = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
const ev = (i: number, message: string, extra: Partial<QueryEvent> = {}): QueryEvent => ({
  logGroupName: '/g',
  logStreamName: 's',
  timestamp: T + i * 1000,
  ingestionTime: T + i * 1000 + 7,
  message,
  eventId: String(i),
  ...extra,
});

const EVENTS: QueryEvent[] = [
  ev(0, '{"n":1,"s":"a","ok":true,"tags":["x","y"],"user":{"id":"u1"},"code":"200"}'),
  ev(1, '{"n":2,"s":"b","ok":false,"code":"404"}'),
  ev(2, '{"n":10,"s":"b","code":"500"}'),
  ev(3, 'plain text line with n=7'),
];

async function run(query: string, events = EVENTS, limit?: number): Promise<QueryOutput> {
  const engine = createInsightsQueryEngine({ clock: () => T + 3_600_000 });
  return engine.prepare(query, { queryLanguage: 'CWLI' }).run(
    {
      logGroupNames: ['/g'],
      accountId: '123456789012',
      startTime: T,
      endTime: T + 60_000,
      events: () => events,
    },
    { signal: new AbortController().signal, ...(limit !== undefined ? { limit } : {}) },
  );
}

/** Rows as objects, without @ptr. */
const rows = async (query: string, events = EVENTS, limit?: number) =>
  (await run(query, events, limit)).results.map((r) =>
    Object.fromEntries(r.filter((f) => f.field !== '@ptr').map((f) => [f.field, f.value])),
  );
const column = async (query: string, name: string) => (await rows(query)).map((r) => r[name]);

describe('the record model', () => {
  it('gives every event its system fields', async () => {
    expect(
      await rows('fields @timestamp, @ingestionTime, @log, @logStream, @message | limit 1', [
        EVENTS[3]!,
      ]),
    ).toEqual([
      {
        '@timestamp': '2024-01-02 03:04:08.006',
        '@ingestionTime': '2024-01-02 03:04:08.013',
        '@log': '123456789012:/g',
        '@logStream': 's',
        '@message': 'plain text line with n=7',
      },
    ]);
    const ptr = (await run('fields @message', [EVENTS[0]!])).results[0]!.at(-1)!;
    expect(ptr.field).toBe('@ptr');
    expect((await run('fields @ptr', [EVENTS[0]!])).results[0]).toEqual([ptr]);
  });

  it('discovers JSON fields with dotted names, array positions and booleans as 1/0', async () => {
    expect(await rows('fields user.id, tags.1, ok | filter n = 1')).toEqual([
      { 'user.id': 'u1', 'tags.1': 'y', ok: '1' },
    ]);
  });

  it('answers events newest first unless sorted', async () => {
    expect(await column('fields n', 'n')).toEqual([undefined, '10', '2', '1']);
  });
});

describe('expressions', () => {
  it('compares numeric strings as numbers and absent fields as never equal', async () => {
    expect(await column('fields n | filter code > 300', 'n')).toEqual(['10', '2']);
    expect(await column('fields n | filter code = 404', 'n')).toEqual(['2']);
    expect(await column('fields n | filter s != "a"', 'n')).toEqual(['10', '2']);
    expect(await column('fields n | filter not s = "a"', 'n')).toEqual([undefined, '10', '2']);
  });

  it('tests membership with in and not in', async () => {
    expect(await column('fields n | filter s in ["a", "c"]', 'n')).toEqual(['1']);
    expect(await column('fields n | filter n not in [1, 2]', 'n')).toEqual([undefined, '10']);
  });

  it('does arithmetic with precedence, and none on absent or non-numeric values', async () => {
    expect(
      await rows(
        'fields n * 2 + 1 as a, n ^ 2 as b, n % 3 as c, -n as d, s + 1 as e | filter n = 10',
      ),
    ).toEqual([{ a: '21', b: '100', c: '1', d: '-10' }]);
    expect(await rows('fields 1 / 0 as x | limit 1')).toEqual([{}]);
  });

  it('combines and, or, not and parentheses', async () => {
    expect(await column('fields n | filter (n = 1 or n = 10) and not ok = 1', 'n')).toEqual(['10']);
  });

  it('matches like strings as substrings, regexes with inline flags, =~ and not like', async () => {
    expect(await column('fields n | filter @message like "\\"b\\""', 'n')).toEqual(['10', '2']);
    expect(await column('fields n | filter s =~ /^(?i)B$/', 'n')).toEqual(['10', '2']);
    expect(await column('fields n | filter @message not like /n=\\d/', 'n')).toEqual([
      '10',
      '2',
      '1',
    ]);
  });

  it('calls functions by case-insensitive names, time periods in milliseconds', async () => {
    expect(
      await rows(
        'fields toUpper(s) as u, strlen(s) as l, datefloor(@timestamp, 1h) as h, isPresent(user.id) as p | filter n = 1',
      ),
    ).toEqual([{ u: 'A', l: '1', h: '2024-01-02 03:00:00.000', p: '1' }]);
  });

  it('keeps fields computed by one command for the next', async () => {
    expect(await rows('fields n * 10 as big | filter big > 50 | fields big + 1 as bigger')).toEqual(
      [{ big: '100', bigger: '101' }],
    );
  });

  it('parses with regex groups whose names are not JavaScript identifiers', async () => {
    expect(
      await rows(
        'parse @message /n=(?<@n.value>\\d+)/ | display @n.value | filter ispresent(@n.value)',
      ),
    ).toEqual([{ '@n.value': '7' }]);
  });
});

describe('stats', () => {
  it('computes every aggregate', async () => {
    expect(
      await rows(
        'stats count(*) as all, count(s) as withS, count_distinct(s) as ds, sum(n) as total, avg(n) as mean, min(n) as lo, max(n) as hi, min(s) as firstS, stddev(n) as sd, pct(n, 50) as median, earliest(n) as e, latest(n) as l',
      ),
    ).toEqual([
      {
        all: '4',
        withS: '3',
        ds: '2',
        total: '13',
        mean: String(13 / 3),
        lo: '1',
        hi: '10',
        firstS: 'a',
        sd: String(Math.sqrt(((1 - 13 / 3) ** 2 + (2 - 13 / 3) ** 2 + (10 - 13 / 3) ** 2) / 2)),
        median: '2',
        e: '1',
        l: '10',
      },
    ]);
  });

  it('feeds a second stats from the first, and arithmetic on aggregates', async () => {
    expect(
      await rows('stats sum(n) * 2 as twice by s | stats max(twice) as m, count(*) as groups'),
    ).toEqual([{ m: '24', groups: '3' }]);
  });

  it('returns no row when nothing matched', async () => {
    expect(await rows('filter n > 100 | stats count(*)')).toEqual([]);
  });

  it('renders datetimes aggregated from datetimes', async () => {
    expect(await rows('stats max(@timestamp) as last, min(@timestamp) as first')).toEqual([
      { last: '2024-01-02 03:04:08.006', first: '2024-01-02 03:04:05.006' },
    ]);
  });
});

describe('sort, limit and dedup', () => {
  it('sorts by several keys', async () => {
    expect(await column('fields n | filter ispresent(s) | sort s desc, n asc', 'n')).toEqual([
      '2',
      '10',
      '1',
    ]);
  });

  it('limits the results, by command and by StartQuery limit', async () => {
    expect(await column('fields n | limit 2', 'n')).toEqual([undefined, '10']);
    expect((await rows('fields n', EVENTS, 1)).length).toBe(1);
  });

  it('deduplicates on several fields, keeping rows with absent ones', async () => {
    expect(await column('fields n | dedup s | limit 10', 'n')).toEqual([undefined, '10', '1']);
    expect(await column('fields n | dedup s, code', 'n')).toEqual([undefined, '10', '2', '1']);
  });
});

describe('statistics and cancellation', () => {
  it('counts matched and scanned records and bytes', async () => {
    expect((await run('filter s = "b"')).statistics).toEqual({
      recordsMatched: 2,
      recordsScanned: 4,
      bytesScanned: EVENTS.reduce((n, e) => n + Buffer.byteLength(e.message), 0),
    });
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    const engine = createInsightsQueryEngine();
    await expect(
      Promise.resolve().then(() =>
        engine
          .prepare('fields n', { queryLanguage: 'CWLI' })
          .run(
            { logGroupNames: ['/g'], startTime: 0, endTime: 1, events: () => EVENTS },
            { signal: controller.signal },
          ),
      ),
    ).rejects.toThrow('stopped');
  });
});

describe('the raw-text prefilter never changes results', () => {
  const tricky: QueryEvent[] = [
    ev(0, '{"trace_id":"\\u0061bc"}'),
    ev(1, '{"trace_id":"abc"}'),
    ev(2, '{"trace_id":"abd"}'),
    ev(3, '{"other":"abc","trace_id":"x"}'),
    ev(4, '{"trace_id":"ab\\/c"}'),
  ];
  it('matches escaped spellings of the literal', async () => {
    expect(await column('fields trace_id | filter trace_id = "abc"', 'trace_id')).toEqual([]);
    expect(
      (await rows('fields trace_id | filter trace_id = "abc"', tricky)).map((r) => r.trace_id),
    ).toEqual(['abc', 'abc']);
    expect(
      (await rows('fields trace_id | filter trace_id = "ab/c"', tricky)).map((r) => r.trace_id),
    ).toEqual(['ab/c']);
    expect(
      (await rows('fields trace_id | filter trace_id like "bc"', tricky)).map((r) => r.trace_id),
    ).toEqual(['abc', 'abc']);
  });
});
