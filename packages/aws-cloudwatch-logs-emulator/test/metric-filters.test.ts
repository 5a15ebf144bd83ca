import { describe, expect, it } from 'vitest';
import { groupWithStream, NOW, testEmulator } from './helpers.js';

const filter = (name: string, pattern: string, extra: Record<string, unknown> = {}) => ({
  logGroupName: '/app/api',
  filterName: name,
  filterPattern: pattern,
  metricTransformations: [
    { metricName: 'Errors', metricNamespace: 'App', metricValue: '1', ...extra },
  ],
});

describe('PutMetricFilter / DescribeMetricFilters / DeleteMetricFilter', () => {
  it('creates, describes, updates and deletes a metric filter', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    await t.ok('PutMetricFilter', filter('errors', 'ERROR', { unit: 'Count', defaultValue: 0 }));
    expect(
      (await t.ok('DescribeMetricFilters', { logGroupName: '/app/api' })).metricFilters,
    ).toEqual([
      {
        filterName: 'errors',
        filterPattern: 'ERROR',
        metricTransformations: [
          {
            metricName: 'Errors',
            metricNamespace: 'App',
            metricValue: '1',
            defaultValue: 0,
            unit: 'Count',
          },
        ],
        creationTime: NOW,
        logGroupName: '/app/api',
        applyOnTransformedLogs: false,
      },
    ]);
    expect((await t.ok('DescribeLogGroups')).logGroups).toMatchObject([{ metricFilterCount: 1 }]);
    t.clock.now = NOW + 5;
    await t.ok('PutMetricFilter', filter('errors', 'FATAL'));
    const [updated] = (await t.ok('DescribeMetricFilters', {})).metricFilters as Array<
      Record<string, unknown>
    >;
    expect(updated).toMatchObject({ filterPattern: 'FATAL', creationTime: NOW });
    await t.ok('DeleteMetricFilter', { logGroupName: '/app/api', filterName: 'errors' });
    expect((await t.ok('DescribeMetricFilters', {})).metricFilters).toEqual([]);
    expect(
      await t.fail('DeleteMetricFilter', { logGroupName: '/app/api', filterName: 'errors' }),
    ).toMatchObject({
      type: 'ResourceNotFoundException',
      message: 'The specified metric filter does not exist.',
    });
  });

  it('validates the filter and its transformation', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    expect((await t.fail('PutMetricFilter', filter('bad', '{ $.x = '))).type).toBe(
      'InvalidParameterException',
    );
    expect((await t.fail('PutMetricFilter', filter('a:b', 'x'))).message).toContain(
      "at 'filterName'",
    );
    expect(
      (await t.fail('PutMetricFilter', { ...filter('x', 'x'), metricTransformations: [] })).message,
    ).toContain(
      "at 'metricTransformations' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(
      (await t.fail('PutMetricFilter', filter('x', 'x', { metricName: 'a$b' }))).message,
    ).toContain(
      "at 'metricTransformations.1.member.metricName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*$]*",
    );
    expect(
      (await t.fail('PutMetricFilter', filter('x', 'x', { unit: 'Parsecs' }))).message,
    ).toContain('enum value set');
    expect(
      (
        await t.fail(
          'PutMetricFilter',
          filter('x', 'x', { defaultValue: 0, dimensions: { a: '$.a' } }),
        )
      ).type,
    ).toBe('InvalidParameterException');
    expect(
      (await t.fail('PutMetricFilter', { ...filter('x', 'x'), logGroupName: '/nope' })).type,
    ).toBe('ResourceNotFoundException');
  });

  it.each([
    ['ERROR', { metricValue: '$.latency' }, 'a JSON selector can only be used with a JSON'],
    ['ERROR', { metricValue: '$size' }, 'can only be used with a space-delimited'],
    ['ERROR', { dimensions: { Route: '$.route' } }, 'does not support dimensions'],
    ['[ip, size]', { metricValue: '$bytes' }, "has no field named 'bytes'"],
    ['{ $.a = 1 }', { metricValue: 'latency' }, 'use a number, a JSON selector'],
    ['{ $.a = 1 }', { dimensions: { Route: 'route' } }, "Invalid dimension 'Route'"],
  ])(
    'refuses %s with a transformation %j that does not fit it, storing nothing',
    async (pattern, extra, reason) => {
      const t = testEmulator();
      await groupWithStream(t);
      const answer = await t.fail('PutMetricFilter', filter('x', pattern, extra));
      expect(answer.type).toBe('InvalidParameterException');
      expect(answer.message).toContain(reason);
      expect((await t.ok('DescribeMetricFilters', {})).metricFilters).toEqual([]);
    },
  );

  it('keeps fieldSelectionCriteria and emitSystemFieldDimensions, which count toward the 3 dimensions', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    await t.ok('PutMetricFilter', {
      ...filter('central', '{ $.latency > 0 }', {
        metricValue: '$.latency',
        dimensions: { Route: '$.route' },
      }),
      fieldSelectionCriteria: '@aws.region = "us-east-1"',
      emitSystemFieldDimensions: ['@aws.account', '@aws.region'],
    });
    expect((await t.ok('DescribeMetricFilters', {})).metricFilters).toMatchObject([
      {
        filterName: 'central',
        fieldSelectionCriteria: '@aws.region = "us-east-1"',
        emitSystemFieldDimensions: ['@aws.account', '@aws.region'],
      },
    ]);
    const plain = await t.ok('PutMetricFilter', filter('plain', 'x'));
    expect(plain).toEqual({});
    const [, described] = (await t.ok('DescribeMetricFilters', {})).metricFilters as Array<
      Record<string, unknown>
    >;
    expect(described).not.toHaveProperty('emitSystemFieldDimensions');
    expect(described).not.toHaveProperty('fieldSelectionCriteria');

    const tooMany = await t.fail('PutMetricFilter', {
      ...filter('wide', '{ $.a = 1 }', { dimensions: { A: '$.a', B: '$.b' } }),
      emitSystemFieldDimensions: ['@aws.account', '@aws.region'],
    });
    expect(tooMany.type).toBe('InvalidParameterException');
    expect(tooMany.message).toContain('at most 3 dimensions');
    const unknown = await t.fail('PutMetricFilter', {
      ...filter('odd', 'x'),
      emitSystemFieldDimensions: ['@aws.partition'],
    });
    expect(unknown.message).toContain("'@aws.partition' is not a system field");
    expect(
      (
        await t.fail('PutMetricFilter', {
          ...filter('long', 'x'),
          fieldSelectionCriteria: 'x'.repeat(2001),
        })
      ).message,
    ).toContain('Member must have length less than or equal to 2000');
  });

  it('enforces 100 metric filters per group', async () => {
    const t = testEmulator({ limits: { metricFiltersPerGroup: 2 } });
    await groupWithStream(t);
    await t.ok('PutMetricFilter', filter('a', 'x'));
    await t.ok('PutMetricFilter', filter('b', 'x'));
    await t.ok('PutMetricFilter', filter('b', 'y'));
    expect(await t.fail('PutMetricFilter', filter('c', 'x'))).toMatchObject({
      type: 'LimitExceededException',
    });
  });

  it('describes across groups with prefix, metric name and pagination', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    await t.ok('CreateLogGroup', { logGroupName: '/app/db' });
    for (const name of ['e1', 'e2', 'w1'])
      await t.ok(
        'PutMetricFilter',
        filter(name, 'x', { metricName: name.startsWith('e') ? 'Errors' : 'Warnings' }),
      );
    await t.ok('PutMetricFilter', { ...filter('e0', 'x'), logGroupName: '/app/db' });
    const names: string[] = [];
    let nextToken: unknown;
    do {
      const page = await t.ok('DescribeMetricFilters', {
        limit: 1,
        ...(nextToken ? { nextToken } : {}),
      });
      names.push(
        ...(page.metricFilters as Array<{ filterName: string; logGroupName: string }>).map(
          (f) => `${f.logGroupName}:${f.filterName}`,
        ),
      );
      nextToken = page.nextToken;
    } while (nextToken);
    expect(names).toEqual(['/app/api:e1', '/app/api:e2', '/app/api:w1', '/app/db:e0']);
    const byPrefix = await t.ok('DescribeMetricFilters', {
      logGroupName: '/app/api',
      filterNamePrefix: 'e',
    });
    expect((byPrefix.metricFilters as unknown[]).length).toBe(2);
    const byMetric = await t.ok('DescribeMetricFilters', {
      metricName: 'Warnings',
      metricNamespace: 'App',
    });
    expect((byMetric.metricFilters as unknown[]).length).toBe(1);
    expect((await t.fail('DescribeMetricFilters', { metricName: 'Warnings' })).type).toBe(
      'InvalidParameterException',
    );
    expect((await t.fail('DescribeMetricFilters', { filterNamePrefix: 'e' })).type).toBe(
      'InvalidParameterException',
    );
  });
});

describe('metric filters count matching events', () => {
  it('publishes 1 per matching event, default values for the rest', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    await t.ok('PutMetricFilter', filter('errors', 'ERROR', { defaultValue: 0 }));
    await t.ok('PutLogEvents', {
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      logEvents: [
        { timestamp: NOW, message: 'ERROR one' },
        { timestamp: NOW, message: 'fine' },
        { timestamp: NOW + 1, message: 'ERROR two' },
      ],
    });
    expect(t.emulator.metrics({ metricNamespace: 'App' })).toEqual([
      {
        metricNamespace: 'App',
        metricName: 'Errors',
        dimensions: {},
        unit: undefined,
        sampleCount: 3,
        sum: 2,
        minimum: 0,
        maximum: 1,
        lastTimestamp: NOW + 1,
      },
    ]);
  });

  it('extracts values and dimensions from JSON events', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    await t.ok('PutMetricFilter', {
      logGroupName: '/app/api',
      filterName: 'latency',
      filterPattern: '{ $.latency = * }',
      metricTransformations: [
        {
          metricName: 'Latency',
          metricNamespace: 'App',
          metricValue: '$.latency',
          unit: 'Milliseconds',
          dimensions: { Route: '$.route' },
        },
      ],
    });
    await t.ok('PutLogEvents', {
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      logEvents: [
        { timestamp: NOW, message: '{"latency": 10, "route": "/a"}' },
        { timestamp: NOW, message: '{"latency": 30, "route": "/a"}' },
        { timestamp: NOW, message: '{"latency": 5, "route": "/b"}' },
        { timestamp: NOW, message: 'not json' },
      ],
    });
    const metrics = t.emulator.metrics({ metricName: 'Latency' }).sort((a, b) => a.sum - b.sum);
    expect(metrics.map((m) => [m.dimensions, m.sampleCount, m.sum, m.maximum, m.unit])).toEqual([
      [{ Route: '/b' }, 1, 5, 5, 'Milliseconds'],
      [{ Route: '/a' }, 2, 40, 30, 'Milliseconds'],
    ]);
  });
});

describe('TestMetricFilter', () => {
  it('reports which messages match, numbered from 1', async () => {
    const t = testEmulator();
    const answer = await t.ok('TestMetricFilter', {
      filterPattern: '{ $.level = "ERROR" }',
      logEventMessages: ['{"level":"ERROR"}', '{"level":"INFO"}', '{"level":"ERROR","x":1}'],
    });
    expect(answer).toEqual({
      matches: [
        {
          eventNumber: 1,
          eventMessage: '{"level":"ERROR"}',
          extractedValues: { '$.level': 'ERROR' },
        },
        {
          eventNumber: 3,
          eventMessage: '{"level":"ERROR","x":1}',
          extractedValues: { '$.level': 'ERROR' },
        },
      ],
    });
  });

  it('extracts the fields a metric transformation could name', async () => {
    const t = testEmulator();
    const delimited = await t.ok('TestMetricFilter', {
      filterPattern: '[ip, user, ..., status=5*, bytes]',
      logEventMessages: [
        '10.0.0.1 alice GET /x 503 1200',
        '10.0.0.2 bob GET /y 200 10',
        '127.0.0.1 - [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 500 2326',
      ],
    });
    expect(delimited.matches).toEqual([
      {
        eventNumber: 1,
        eventMessage: '10.0.0.1 alice GET /x 503 1200',
        extractedValues: {
          $ip: '10.0.0.1',
          $user: 'alice',
          $3: 'GET',
          $4: '/x',
          $status: '503',
          $bytes: '1200',
        },
      },
      {
        eventNumber: 3,
        eventMessage: '127.0.0.1 - [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 500 2326',
        extractedValues: {
          $ip: '127.0.0.1',
          $user: '-',
          $3: '10/Oct/2000:13:55:36 -0700',
          $4: 'GET /a.gif HTTP/1.0',
          $status: '500',
          $bytes: '2326',
        },
      },
    ]);
    const json = await t.ok('TestMetricFilter', {
      filterPattern: '{ $.latency > 100 && ($.user.id = * || $.missing NOT EXISTS) }',
      logEventMessages: ['{"latency": 250, "user": {"id": "u-1"}}', '{"latency": 5}'],
    });
    expect(json.matches).toEqual([
      {
        eventNumber: 1,
        eventMessage: '{"latency": 250, "user": {"id": "u-1"}}',
        extractedValues: { '$.latency': '250', '$.user.id': 'u-1' },
      },
    ]);
    const terms = await t.ok('TestMetricFilter', {
      filterPattern: 'ERROR -timeout',
      logEventMessages: ['ERROR disk full', 'ERROR timeout'],
    });
    expect(terms.matches).toEqual([
      { eventNumber: 1, eventMessage: 'ERROR disk full', extractedValues: {} },
    ]);
  });

  // The four space-delimited examples of the TestMetricFilter API reference, whose answers key
  // each field by the pattern's name for it, or by its position where the pattern names none.
  const APACHE = [
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534',
    '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /about-us/index.html HTTP/1.0" 200 5324',
    '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
  ];
  const first = (answer: Record<string, unknown>) =>
    (answer.matches as { extractedValues: Record<string, string> }[])[0]?.extractedValues;
  it.each([
    [
      '[ip, identity, user_id, timestamp, request, status_code, size]',
      [1, 2, 3],
      {
        $ip: '127.0.0.1',
        $identity: '-',
        $user_id: 'frank',
        $timestamp: '10/Oct/2000:13:25:15 -0700',
        $request: 'GET /index.html HTTP/1.0',
        $status_code: '404',
        $size: '1534',
      },
    ],
    [
      '[..., size]',
      [1, 2, 3],
      {
        $1: '127.0.0.1',
        $2: '-',
        $3: 'frank',
        $4: '10/Oct/2000:13:25:15 -0700',
        $5: 'GET /index.html HTTP/1.0',
        $6: '404',
        $size: '1534',
      },
    ],
    [
      '[]',
      [1, 2, 3],
      {
        $1: '127.0.0.1',
        $2: '-',
        $3: 'frank',
        $4: '10/Oct/2000:13:25:15 -0700',
        $5: 'GET /index.html HTTP/1.0',
        $6: '404',
        $7: '1534',
      },
    ],
    [
      '[..., request=*.html*, status_code=4*,]',
      [1],
      {
        $1: '127.0.0.1',
        $2: '-',
        $3: 'frank',
        $4: '10/Oct/2000:13:25:15 -0700',
        $request: 'GET /index.html HTTP/1.0',
        $status_code: '404',
        $7: '1534',
      },
    ],
  ])('answers %s as the API reference does', async (filterPattern, numbers, values) => {
    const t = testEmulator();
    const answer = await t.ok('TestMetricFilter', { filterPattern, logEventMessages: APACHE });
    expect((answer.matches as { eventNumber: number }[]).map((m) => m.eventNumber)).toEqual(
      numbers,
    );
    expect(first(answer)).toEqual(values);
  });

  it('[] matches every event and keys each field by its position', async () => {
    const t = testEmulator();
    const answer = await t.ok('TestMetricFilter', {
      filterPattern: '[]',
      logEventMessages: ['a', '   ', 'b c'],
    });
    expect(answer.matches).toEqual([
      { eventNumber: 1, eventMessage: 'a', extractedValues: { $1: 'a' } },
      { eventNumber: 2, eventMessage: '   ', extractedValues: {} },
      { eventNumber: 3, eventMessage: 'b c', extractedValues: { $1: 'b', $2: 'c' } },
    ]);
  });

  it('validates the pattern and the messages', async () => {
    const t = testEmulator();
    expect(
      (await t.fail('TestMetricFilter', { filterPattern: '[a', logEventMessages: ['x'] })).type,
    ).toBe('InvalidParameterException');
    expect(
      (await t.fail('TestMetricFilter', { filterPattern: 'x', logEventMessages: [] })).message,
    ).toContain(
      "at 'logEventMessages' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(
      (
        await t.fail('TestMetricFilter', {
          filterPattern: 'x',
          logEventMessages: Array(51).fill('m'),
        })
      ).message,
    ).toContain('less than or equal to 50');
  });
});

describe('the regular expression quota', () => {
  it('allows five regular expressions across the filters of one log group', async () => {
    const t = testEmulator();
    await groupWithStream(t);
    await t.ok('PutMetricFilter', filter('a', '{ $.a = %a1% || $.b = %a2% }'));
    await t.ok('PutMetricFilter', filter('b', '{ $.a = %b1% || $.b = %b2% }'));
    await t.ok('PutSubscriptionFilter', {
      logGroupName: '/app/api',
      filterName: 's',
      filterPattern: '%s1%',
      destinationArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
    });
    expect((await t.fail('PutMetricFilter', filter('c', '%c1%'))).type).toBe(
      'LimitExceededException',
    );
    // Replacing a filter counts its new pattern instead of its old one.
    await t.ok('PutMetricFilter', filter('b', '%b1%'));
    await t.ok('PutMetricFilter', filter('c', '%c1%'));
  });
});
