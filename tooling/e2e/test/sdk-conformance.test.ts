// The official AWS SDK for JavaScript v3 against the emulator over real HTTP with SigV4: every
// operation the emulator serves parses cleanly in the SDK, and errors arrive as the SDK's own
// typed exceptions.
import { gunzipSync } from 'node:zlib';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteMetricFilterCommand,
  DeleteRetentionPolicyCommand,
  DeleteSubscriptionFilterCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeMetricFiltersCommand,
  DescribeQueriesCommand,
  DescribeSubscriptionFiltersCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  GetQueryResultsCommand,
  InvalidParameterException,
  LimitExceededException,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  MalformedQueryException,
  PutLogEventsCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
  PutSubscriptionFilterCommand,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  ServiceUnavailableException,
  StartQueryCommand,
  StopQueryCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  TestMetricFilterCommand,
  ThrottlingException,
  TooManyTagsException,
  UnrecognizedClientException,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  type AwsLogsEvent,
  type Emulator,
  startEmulator,
} from '@integrations/aws-cloudwatch-logs-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LAMBDA = 'arn:aws:lambda:eu-central-1:123456789012:function:sink';
let emulator: Emulator;
let client: CloudWatchLogsClient;
const delivered: AwsLogsEvent[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    region: 'eu-central-1',
    accountId: '123456789012',
    auth: { mode: 'sigv4' },
    subscriptionTargets: { [LAMBDA]: (event) => void delivered.push(event) },
  });
  client = new CloudWatchLogsClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.credentials!,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

const now = () => Date.now();

describe('log groups, streams and retention', () => {
  it('creates, describes, sets retention and tags a log group', async () => {
    const created = await client.send(
      new CreateLogGroupCommand({ logGroupName: '/sdk/groups', tags: { team: 'sdk' } }),
    );
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await client.send(
      new PutRetentionPolicyCommand({ logGroupName: '/sdk/groups', retentionInDays: 14 }),
    );
    const { logGroups } = await client.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/sdk/groups' }),
    );
    expect(logGroups).toEqual([
      expect.objectContaining({
        logGroupName: '/sdk/groups',
        retentionInDays: 14,
        arn: 'arn:aws:logs:eu-central-1:123456789012:log-group:/sdk/groups:*',
        logGroupArn: 'arn:aws:logs:eu-central-1:123456789012:log-group:/sdk/groups',
        logGroupClass: 'STANDARD',
        metricFilterCount: 0,
        storedBytes: 0,
        creationTime: expect.any(Number),
      }),
    ]);
    await client.send(new DeleteRetentionPolicyCommand({ logGroupName: '/sdk/groups' }));
    const arn = logGroups![0]!.logGroupArn!;
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'test' } }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({
      team: 'sdk',
      env: 'test',
    });
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    await client.send(
      new TagLogGroupCommand({ logGroupName: '/sdk/groups', tags: { legacy: 'yes' } }),
    );
    await client.send(new UntagLogGroupCommand({ logGroupName: '/sdk/groups', tags: ['env'] }));
    expect(
      (await client.send(new ListTagsLogGroupCommand({ logGroupName: '/sdk/groups' }))).tags,
    ).toEqual({ legacy: 'yes' });
  });

  it('pages DescribeLogGroups with the SDK paginator', async () => {
    for (let i = 0; i < 7; i += 1)
      await client.send(new CreateLogGroupCommand({ logGroupName: `/sdk/paged/${i}` }));
    const names: string[] = [];
    for await (const page of paginateDescribeLogGroups(
      { client, pageSize: 3 },
      { logGroupNamePrefix: '/sdk/paged/' },
    ))
      names.push(...(page.logGroups ?? []).map((g) => g.logGroupName!));
    expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `/sdk/paged/${i}`));
  });

  it('creates, describes and deletes streams; deletes groups', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/sdk/streams' }));
    await client.send(
      new CreateLogStreamCommand({ logGroupName: '/sdk/streams', logStreamName: 's1' }),
    );
    const { logStreams } = await client.send(
      new DescribeLogStreamsCommand({ logGroupName: '/sdk/streams', orderBy: 'LogStreamName' }),
    );
    expect(logStreams).toEqual([
      expect.objectContaining({
        logStreamName: 's1',
        arn: 'arn:aws:logs:eu-central-1:123456789012:log-group:/sdk/streams:log-stream:s1',
      }),
    ]);
    await client.send(
      new DeleteLogStreamCommand({ logGroupName: '/sdk/streams', logStreamName: 's1' }),
    );
    await client.send(new DeleteLogGroupCommand({ logGroupName: '/sdk/streams' }));
    await expect(
      client.send(new DeleteLogGroupCommand({ logGroupName: '/sdk/streams' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('events', () => {
  beforeAll(async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/sdk/events' }));
    await client.send(
      new CreateLogStreamCommand({ logGroupName: '/sdk/events', logStreamName: 'a' }),
    );
    await client.send(
      new CreateLogStreamCommand({ logGroupName: '/sdk/events', logStreamName: 'b' }),
    );
  });

  it('puts, gets and filters events', async () => {
    const t = now() - 60_000;
    const put = await client.send(
      new PutLogEventsCommand({
        logGroupName: '/sdk/events',
        logStreamName: 'a',
        logEvents: Array.from({ length: 30 }, (_, i) => ({
          timestamp: t + i,
          message: JSON.stringify({ level: i % 3 === 0 ? 'ERROR' : 'INFO', n: i }),
        })),
      }),
    );
    expect(put.nextSequenceToken).toMatch(/^\d{56}$/);
    expect(put.rejectedLogEventsInfo).toBeUndefined();
    await client.send(
      new PutLogEventsCommand({
        logGroupName: '/sdk/events',
        logStreamName: 'b',
        logEvents: [{ timestamp: t + 5, message: 'plain ERROR line' }],
      }),
    );

    const got = await client.send(
      new GetLogEventsCommand({
        logGroupName: '/sdk/events',
        logStreamName: 'a',
        limit: 10,
        startFromHead: true,
      }),
    );
    expect(got.events).toHaveLength(10);
    expect(got.events![0]).toEqual({
      timestamp: t,
      message: '{"level":"ERROR","n":0}',
      ingestionTime: expect.any(Number),
    });
    const next = await client.send(
      new GetLogEventsCommand({
        logGroupName: '/sdk/events',
        logStreamName: 'a',
        limit: 10,
        nextToken: got.nextForwardToken,
      }),
    );
    expect(next.events![0]!.message).toBe('{"level":"INFO","n":10}');

    const messages: string[] = [];
    for await (const page of paginateFilterLogEvents(
      { client, pageSize: 4 },
      { logGroupName: '/sdk/events', filterPattern: '{ $.level = "ERROR" }' },
    ))
      messages.push(...(page.events ?? []).map((e) => e.message!));
    expect(messages).toHaveLength(10);
    const interleaved = await client.send(
      new FilterLogEventsCommand({ logGroupName: '/sdk/events', filterPattern: 'ERROR', limit: 3 }),
    );
    expect(interleaved.events!.map((e) => e.logStreamName)).toEqual(['a', 'a', 'b']);
    expect(interleaved.events![0]!.eventId).toMatch(/^\d{56}$/);
  });

  it('reports rejected events and refuses bad batches with typed exceptions', async () => {
    const rejected = await client.send(
      new PutLogEventsCommand({
        logGroupName: '/sdk/events',
        logStreamName: 'a',
        logEvents: [{ timestamp: now() + 3 * 3_600_000, message: 'from the future' }],
      }),
    );
    expect(rejected.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 0 });
    const outOfOrder = client.send(
      new PutLogEventsCommand({
        logGroupName: '/sdk/events',
        logStreamName: 'a',
        logEvents: [
          { timestamp: now(), message: 'b' },
          { timestamp: now() - 1000, message: 'a' },
        ],
      }),
    );
    await expect(outOfOrder).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(outOfOrder).rejects.toThrow(
      'Log events in a single PutLogEvents request must be in chronological order.',
    );
    await expect(
      client.send(
        new PutLogEventsCommand({
          logGroupName: '/sdk/events',
          logStreamName: 'nope',
          logEvents: [{ timestamp: now(), message: 'x' }],
        }),
      ),
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'ResourceNotFoundException',
        message: 'The specified log stream does not exist.',
      }),
    );
  });
});

describe('metric and subscription filters', () => {
  beforeAll(async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/sdk/filters' }));
    await client.send(
      new CreateLogStreamCommand({ logGroupName: '/sdk/filters', logStreamName: 's' }),
    );
  });

  it('manages metric filters and counts matches', async () => {
    await client.send(
      new PutMetricFilterCommand({
        logGroupName: '/sdk/filters',
        filterName: 'errors',
        filterPattern: '{ $.level = "ERROR" }',
        metricTransformations: [
          { metricName: 'Errors', metricNamespace: 'SDK', metricValue: '1', unit: 'Count' },
        ],
      }),
    );
    const { metricFilters } = await client.send(
      new DescribeMetricFiltersCommand({ logGroupName: '/sdk/filters' }),
    );
    expect(metricFilters).toEqual([
      expect.objectContaining({
        filterName: 'errors',
        metricTransformations: [
          { metricName: 'Errors', metricNamespace: 'SDK', metricValue: '1', unit: 'Count' },
        ],
      }),
    ]);
    const tested = await client.send(
      new TestMetricFilterCommand({
        filterPattern: 'ERROR',
        logEventMessages: ['an ERROR', 'fine'],
      }),
    );
    expect(tested.matches).toEqual([
      { eventNumber: 1, eventMessage: 'an ERROR', extractedValues: {} },
    ]);
    const extracted = await client.send(
      new TestMetricFilterCommand({
        filterPattern: '[ip, ..., status=5*, bytes]',
        logEventMessages: ['10.0.0.1 alice 503 1200', '10.0.0.2 bob 200 10'],
      }),
    );
    // A field the pattern names is keyed by that name, one it does not (under the ellipsis) by
    // its position, as in the API reference's examples.
    expect(extracted.matches).toEqual([
      {
        eventNumber: 1,
        eventMessage: '10.0.0.1 alice 503 1200',
        extractedValues: { $ip: '10.0.0.1', $2: 'alice', $status: '503', $bytes: '1200' },
      },
    ]);
    const json = await client.send(
      new TestMetricFilterCommand({
        filterPattern: '{ $.latency > 100 }',
        logEventMessages: ['{"latency": 250}', '{"latency": 5}'],
      }),
    );
    expect(json.matches).toEqual([
      { eventNumber: 1, eventMessage: '{"latency": 250}', extractedValues: { '$.latency': '250' } },
    ]);
    await client.send(
      new PutLogEventsCommand({
        logGroupName: '/sdk/filters',
        logStreamName: 's',
        logEvents: [
          { timestamp: now(), message: '{"level":"ERROR"}' },
          { timestamp: now(), message: '{"level":"INFO"}' },
        ],
      }),
    );
    expect(emulator.metrics({ metricNamespace: 'SDK' })).toMatchObject([
      { metricName: 'Errors', sum: 1, sampleCount: 1 },
    ]);
    await client.send(
      new DeleteMetricFilterCommand({ logGroupName: '/sdk/filters', filterName: 'errors' }),
    );
  });

  it('manages subscription filters and delivers awslogs payloads', async () => {
    await client.send(
      new PutSubscriptionFilterCommand({
        logGroupName: '/sdk/filters',
        filterName: 'sink',
        filterPattern: 'deliver',
        destinationArn: LAMBDA,
      }),
    );
    const { subscriptionFilters } = await client.send(
      new DescribeSubscriptionFiltersCommand({ logGroupName: '/sdk/filters' }),
    );
    expect(subscriptionFilters).toEqual([
      expect.objectContaining({
        filterName: 'sink',
        destinationArn: LAMBDA,
        distribution: 'ByLogStream',
      }),
    ]);
    await client.send(
      new PutLogEventsCommand({
        logGroupName: '/sdk/filters',
        logStreamName: 's',
        logEvents: [{ timestamp: now(), message: 'deliver me' }],
      }),
    );
    await emulator.subscriptions.flush();
    const payload = JSON.parse(
      gunzipSync(Buffer.from(delivered.at(-1)!.awslogs.data, 'base64')).toString('utf8'),
    );
    expect(payload).toMatchObject({
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/sdk/filters',
      logStream: 's',
      subscriptionFilters: ['sink'],
    });
    expect(payload.logEvents.map((e: { message: string }) => e.message)).toEqual(['deliver me']);
    await client.send(
      new DeleteSubscriptionFilterCommand({ logGroupName: '/sdk/filters', filterName: 'sink' }),
    );
  });
});

describe('Logs Insights through the SDK', () => {
  async function untilDone(queryId: string) {
    for (;;) {
      const out = await client.send(new GetQueryResultsCommand({ queryId }));
      if (out.status !== 'Scheduled' && out.status !== 'Running') return out;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('runs a query to Complete with rows the SDK parses; stats group by fields', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/sdk/insights' }));
    await client.send(
      new CreateLogStreamCommand({ logGroupName: '/sdk/insights', logStreamName: 'web' }),
    );
    const base = now() - 10_000;
    const lines = [
      { level: 'INFO', service: 'api', trace_id: 't-1', ms: 12 },
      { level: 'ERROR', service: 'api', trace_id: 't-2', ms: 40 },
      { level: 'ERROR', service: 'db', trace_id: 't-2', ms: 7 },
      { level: 'INFO', service: 'db', trace_id: 't-3', ms: 3 },
    ];
    await client.send(
      new PutLogEventsCommand({
        logGroupName: '/sdk/insights',
        logStreamName: 'web',
        logEvents: lines.map((line, i) => ({ timestamp: base + i, message: JSON.stringify(line) })),
      }),
    );
    const range = {
      startTime: Math.floor(base / 1000) - 60,
      endTime: Math.floor(now() / 1000) + 1,
    };
    const { queryId } = await client.send(
      new StartQueryCommand({
        logGroupName: '/sdk/insights',
        ...range,
        queryString:
          'fields @timestamp, service, ms | filter trace_id = "t-2" | sort @timestamp asc',
      }),
    );
    const done = await untilDone(queryId!);
    expect(done.status).toBe('Complete');
    expect(done.results!.map((row) => row.filter((f) => f.field !== '@ptr'))).toEqual([
      [
        {
          field: '@timestamp',
          value: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/),
        },
        { field: 'service', value: 'api' },
        { field: 'ms', value: '40' },
      ],
      [
        { field: '@timestamp', value: expect.any(String) },
        { field: 'service', value: 'db' },
        { field: 'ms', value: '7' },
      ],
    ]);
    expect(done.statistics).toMatchObject({ recordsMatched: 2, recordsScanned: 4 });

    const stats = await client.send(
      new StartQueryCommand({
        logGroupNames: ['/sdk/insights'],
        ...range,
        queryString: 'stats count(*) as n, sum(ms) as total by level | sort level asc',
      }),
    );
    expect((await untilDone(stats.queryId!)).results).toEqual([
      [
        { field: 'level', value: 'ERROR' },
        { field: 'n', value: '2' },
        { field: 'total', value: '47' },
      ],
      [
        { field: 'level', value: 'INFO' },
        { field: 'n', value: '2' },
        { field: 'total', value: '15' },
      ],
    ]);
    const { queries } = await client.send(
      new DescribeQueriesCommand({ logGroupName: '/sdk/insights', status: 'Complete' }),
    );
    expect(queries!.map((q) => q.queryId).sort()).toEqual([queryId, stats.queryId].sort());
  });

  it('a syntax error is a MalformedQueryException with its location; unknown ids are not found', async () => {
    const start = client.send(
      new StartQueryCommand({
        logGroupName: '/sdk/insights',
        startTime: Math.floor(now() / 1000) - 60,
        endTime: Math.floor(now() / 1000),
        queryString: 'fields @message | filter (',
      }),
    );
    await expect(start).rejects.toBeInstanceOf(MalformedQueryException);
    await expect(start).rejects.toMatchObject({
      queryCompileError: { message: expect.any(String), location: expect.any(Object) },
    });
    await expect(
      client.send(new GetQueryResultsCommand({ queryId: 'unknown' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client.send(new StopQueryCommand({ queryId: 'unknown' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});

describe('errors surface as the SDK typed exceptions', () => {
  it('ResourceAlreadyExists, InvalidParameter, LimitExceeded, TooManyTags', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/sdk/errors' }));
    await expect(
      client.send(new CreateLogGroupCommand({ logGroupName: '/sdk/errors' })),
    ).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
    await expect(
      client.send(new CreateLogGroupCommand({ logGroupName: 'bad:name' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      client.send(
        new PutRetentionPolicyCommand({ logGroupName: '/sdk/errors', retentionInDays: 2 }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    for (const name of ['a', 'b'])
      await client.send(
        new PutSubscriptionFilterCommand({
          logGroupName: '/sdk/errors',
          filterName: name,
          filterPattern: '',
          destinationArn: LAMBDA,
        }),
      );
    await expect(
      client.send(
        new PutSubscriptionFilterCommand({
          logGroupName: '/sdk/errors',
          filterName: 'c',
          filterPattern: '',
          destinationArn: LAMBDA,
        }),
      ),
    ).rejects.toBeInstanceOf(LimitExceededException);
    const arn = 'arn:aws:logs:eu-central-1:123456789012:log-group:/sdk/errors';
    await client.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])),
      }),
    );
    await expect(
      client.send(new TagResourceCommand({ resourceArn: arn, tags: { more: 'v' } })),
    ).rejects.toBeInstanceOf(TooManyTagsException);
  });

  it('ThrottlingException and ServiceUnavailableException from fault injection', async () => {
    emulator.faults.set({ rejectNext: 1 });
    await expect(client.send(new DescribeLogGroupsCommand({}))).rejects.toBeInstanceOf(
      ThrottlingException,
    );
    emulator.faults.set({ rejectNext: { count: 1, error: 'ServiceUnavailableException' } });
    const unavailable = client.send(new DescribeLogGroupsCommand({}));
    await expect(unavailable).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(unavailable).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
    emulator.faults.clear();
    // The SDK's own retries ride out server errors.
    const retrying = new CloudWatchLogsClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: emulator.credentials!,
      maxAttempts: 3,
    });
    emulator.faults.set({ rejectNext: { count: 2, error: 'InternalFailure' } });
    const ok = await retrying.send(new DescribeLogGroupsCommand({ limit: 1 }));
    expect(ok.$metadata.attempts).toBe(3);
    retrying.destroy();
    emulator.faults.clear();
  });

  it('UnrecognizedClientException for an unknown key', async () => {
    const stranger = new CloudWatchLogsClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'nope' },
      maxAttempts: 1,
    });
    await expect(stranger.send(new DescribeLogGroupsCommand({}))).rejects.toBeInstanceOf(
      UnrecognizedClientException,
    );
    const wrongSecret = new CloudWatchLogsClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: { accessKeyId: emulator.credentials!.accessKeyId, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    await expect(wrongSecret.send(new DescribeLogGroupsCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
    stranger.destroy();
    wrongSecret.destroy();
  });
});
