// Every method through the real protocol client (@integrations/aws-json-rpc) to a fake
// HttpTransport: the exact request on the wire and the parsing of the response.
import { fromStatic } from '@integrations/aws-credentials';
import { AwsNetworkError } from '@integrations/aws-json-rpc';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  type CloudWatchLogsClient,
  createCloudWatchLogsClient,
  NetworkError,
  ResourceNotFoundError,
  ServiceUnavailableError,
  ThrottlingError,
} from '../src/index.js';
import { errorResponse, fakeTransport, json } from './helpers/fake-transport.js';
import { collect } from './helpers/harness.js';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const credentials = fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI' });

function setup(extra: Record<string, unknown> = {}) {
  const transport = fakeTransport();
  const client = createCloudWatchLogsClient({
    region: 'eu-west-1',
    endpoint: 'https://logs.example.test',
    credentials,
    transport,
    clock: { now: () => NOW },
    resilience: false,
    ...extra,
  });
  return { transport, client };
}

interface Case {
  name: string;
  run: (client: CloudWatchLogsClient) => Promise<unknown>;
  operation: string;
  body: Record<string, unknown>;
  response?: Record<string, unknown>;
  expected: unknown;
}

const group = { logGroupName: '/app/api', retentionInDays: 7, storedBytes: 3 };
const stream = { logStreamName: 'web-1', lastEventTimestamp: NOW };

const cases: Case[] = [
  {
    name: 'events.put',
    run: (c) =>
      c.events.put({
        logGroupName: '/app/api',
        logStreamName: 'web-1',
        logEvents: [{ timestamp: NOW, message: 'hello ✓' }],
      }),
    operation: 'PutLogEvents',
    body: {
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      logEvents: [{ timestamp: NOW, message: 'hello ✓' }],
    },
    response: { rejectedLogEventsInfo: { tooNewLogEventStartIndex: 0 } },
    expected: { rejectedLogEventsInfo: { tooNewLogEventStartIndex: 0 } },
  },
  {
    name: 'events.putStructured',
    run: async (c) => {
      c.events.putStructured('/app/api', 'web-1', {
        level: 'INFO',
        message: 'hello ✓',
        timestamp: NOW,
        traceId: 't-1',
        service: 'api',
        fields: { userId: 'u1' },
      });
      return c.flush();
    },
    operation: 'PutLogEvents',
    body: {
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      logEvents: [
        {
          timestamp: NOW,
          message: `{"level":"INFO","message":"hello ✓","timestamp":"${new Date(NOW).toISOString()}","trace_id":"t-1","service":"api","userId":"u1"}`,
        },
      ],
    },
    response: {},
    expected: { sent: 1, rejected: 0, failed: 0, dropped: 0 },
  },
  {
    name: 'events.putBuffered',
    run: async (c) => {
      c.events.putBuffered('/app/api', 'web-1', { timestamp: NOW, message: 'raw line' });
      return c.flush();
    },
    operation: 'PutLogEvents',
    body: {
      logGroupName: '/app/api',
      logStreamName: 'web-1',
      logEvents: [{ timestamp: NOW, message: 'raw line' }],
    },
    response: {},
    expected: { sent: 1, rejected: 0, failed: 0, dropped: 0 },
  },
  {
    name: 'events.get',
    run: (c) => c.events.get({ logGroupName: '/app/api', logStreamName: 'web-1', limit: 2 }),
    operation: 'GetLogEvents',
    body: { logGroupName: '/app/api', logStreamName: 'web-1', limit: 2 },
    response: { events: [{ timestamp: 1, message: 'm', ingestionTime: 2 }], nextForwardToken: 'f' },
    expected: { events: [{ timestamp: 1, message: 'm', ingestionTime: 2 }], nextForwardToken: 'f' },
  },
  {
    name: 'events.filter',
    run: (c) => c.events.filter({ logGroupName: '/app/api', filterPattern: 'ERROR' }),
    operation: 'FilterLogEvents',
    body: { logGroupName: '/app/api', filterPattern: 'ERROR' },
    response: { events: [{ eventId: 'e', logStreamName: 'web-1', message: 'ERROR x' }] },
    expected: { events: [{ eventId: 'e', logStreamName: 'web-1', message: 'ERROR x' }] },
  },
  {
    name: 'groups.create',
    run: (c) => c.groups.create({ logGroupName: '/app/api', tags: { team: 'core' } }),
    operation: 'CreateLogGroup',
    body: { logGroupName: '/app/api', tags: { team: 'core' } },
    expected: undefined,
  },
  {
    name: 'groups.delete',
    run: (c) => c.groups.delete('/app/api'),
    operation: 'DeleteLogGroup',
    body: { logGroupName: '/app/api' },
    expected: undefined,
  },
  {
    name: 'groups.describe',
    run: (c) => c.groups.describe({ logGroupNamePrefix: '/app' }),
    operation: 'DescribeLogGroups',
    body: { logGroupNamePrefix: '/app' },
    response: { logGroups: [group], nextToken: 'n' },
    expected: { logGroups: [group], nextToken: 'n' },
  },
  {
    name: 'groups.exists',
    run: (c) => c.groups.exists('/app/api'),
    operation: 'DescribeLogGroups',
    body: { logGroupNamePrefix: '/app/api', limit: 50 },
    response: { logGroups: [group] },
    expected: true,
  },
  {
    name: 'streams.create',
    run: (c) => c.streams.create('/app/api', 'web-1'),
    operation: 'CreateLogStream',
    body: { logGroupName: '/app/api', logStreamName: 'web-1' },
    expected: undefined,
  },
  {
    name: 'streams.delete',
    run: (c) => c.streams.delete('/app/api', 'web-1'),
    operation: 'DeleteLogStream',
    body: { logGroupName: '/app/api', logStreamName: 'web-1' },
    expected: undefined,
  },
  {
    name: 'streams.describe',
    run: (c) => c.streams.describe({ logGroupName: '/app/api', orderBy: 'LastEventTime' }),
    operation: 'DescribeLogStreams',
    body: { logGroupName: '/app/api', orderBy: 'LastEventTime' },
    response: { logStreams: [stream] },
    expected: { logStreams: [stream] },
  },
  {
    name: 'streams.ensureExists',
    run: (c) => c.streams.ensureExists('/app/api', 'web-1'),
    operation: 'CreateLogStream',
    body: { logGroupName: '/app/api', logStreamName: 'web-1' },
    expected: undefined,
  },
  {
    name: 'retention.set',
    run: (c) => c.retention.set('/app/api', 14),
    operation: 'PutRetentionPolicy',
    body: { logGroupName: '/app/api', retentionInDays: 14 },
    expected: undefined,
  },
  {
    name: 'retention.remove',
    run: (c) => c.retention.remove('/app/api'),
    operation: 'DeleteRetentionPolicy',
    body: { logGroupName: '/app/api' },
    expected: undefined,
  },
  {
    name: 'retention.get',
    run: (c) => c.retention.get('/app/api'),
    operation: 'DescribeLogGroups',
    body: { logGroupNamePrefix: '/app/api', limit: 50 },
    response: { logGroups: [group] },
    expected: 7,
  },
  {
    name: 'subscriptions.put',
    run: (c) =>
      c.subscriptions.put({
        logGroupName: '/app/api',
        filterName: 'ship',
        filterPattern: '',
        destinationArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ship',
      }),
    operation: 'PutSubscriptionFilter',
    body: {
      logGroupName: '/app/api',
      filterName: 'ship',
      filterPattern: '',
      destinationArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ship',
    },
    expected: undefined,
  },
  {
    name: 'subscriptions.describe',
    run: (c) => c.subscriptions.describe({ logGroupName: '/app/api' }),
    operation: 'DescribeSubscriptionFilters',
    body: { logGroupName: '/app/api' },
    response: { subscriptionFilters: [{ filterName: 'ship' }] },
    expected: { subscriptionFilters: [{ filterName: 'ship' }] },
  },
  {
    name: 'subscriptions.delete',
    run: (c) => c.subscriptions.delete('/app/api', 'ship'),
    operation: 'DeleteSubscriptionFilter',
    body: { logGroupName: '/app/api', filterName: 'ship' },
    expected: undefined,
  },
  {
    name: 'metricFilters.put',
    run: (c) =>
      c.metricFilters.put({
        logGroupName: '/app/api',
        filterName: 'errors',
        filterPattern: 'ERROR',
        metricTransformations: [{ metricName: 'Errors', metricNamespace: 'App', metricValue: '1' }],
      }),
    operation: 'PutMetricFilter',
    body: {
      logGroupName: '/app/api',
      filterName: 'errors',
      filterPattern: 'ERROR',
      metricTransformations: [{ metricName: 'Errors', metricNamespace: 'App', metricValue: '1' }],
    },
    expected: undefined,
  },
  {
    name: 'metricFilters.describe',
    run: (c) => c.metricFilters.describe({ logGroupName: '/app/api' }),
    operation: 'DescribeMetricFilters',
    body: { logGroupName: '/app/api' },
    response: { metricFilters: [{ filterName: 'errors' }] },
    expected: { metricFilters: [{ filterName: 'errors' }] },
  },
  {
    name: 'metricFilters.delete',
    run: (c) => c.metricFilters.delete('/app/api', 'errors'),
    operation: 'DeleteMetricFilter',
    body: { logGroupName: '/app/api', filterName: 'errors' },
    expected: undefined,
  },
  {
    name: 'insights.startQuery',
    run: (c) =>
      c.insights.startQuery({
        logGroupNames: ['/app/api'],
        startTime: 1_714_550_000,
        endTime: 1_714_560_000,
        queryString: 'fields @message',
      }),
    operation: 'StartQuery',
    body: {
      logGroupNames: ['/app/api'],
      startTime: 1_714_550_000,
      endTime: 1_714_560_000,
      queryString: 'fields @message',
    },
    response: { queryId: 'q-1' },
    expected: { queryId: 'q-1' },
  },
  {
    name: 'insights.getResults',
    run: (c) => c.insights.getResults('q-1'),
    operation: 'GetQueryResults',
    body: { queryId: 'q-1' },
    response: { status: 'Complete', results: [[{ field: '@message', value: 'hi' }]] },
    expected: { status: 'Complete', results: [[{ field: '@message', value: 'hi' }]] },
  },
  {
    name: 'insights.stopQuery',
    run: (c) => c.insights.stopQuery('q-1'),
    operation: 'StopQuery',
    body: { queryId: 'q-1' },
    response: { success: true },
    expected: { success: true },
  },
];

describe('on the wire', () => {
  it.each(cases)('$name sends $operation', async ({ run, operation, body, response, expected }) => {
    const { transport, client } = setup();
    if (response !== undefined) transport.reply(operation, json(200, response));
    const result = await run(client);
    expect(transport.sent).toHaveLength(1);
    const sent = transport.sent[0]!;
    expect(sent.request.method).toBe('POST');
    expect(sent.request.hostname).toBe('logs.example.test');
    expect(sent.request.path).toBe('/');
    expect(sent.target).toBe(`Logs_20140328.${operation}`);
    expect(sent.header('content-type')).toBe('application/x-amz-json-1.1');
    expect(sent.header('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20240501\/eu-west-1\/logs\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/,
    );
    expect(sent.header('x-amz-date')).toBe('20240501T120000Z');
    expect(sent.body).toEqual(body);
    expect(result).toEqual(expected);
  });

  it('covers every public method', () => {
    const { client } = setup();
    const methods = Object.entries(client)
      .filter(
        ([, service]) =>
          typeof service === 'object' && service !== null && service !== client.settings,
      )
      .flatMap(([name, service]) =>
        Object.keys(service as object)
          // Compositions of several requests, tested in their own files and end to end.
          .filter(
            (method) =>
              !/^(getAll|filterAll|listAll|query|queryByTraceId|queryByRequestId)$/.test(method),
          )
          .map((method) => `${name}.${method}`),
      );
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(methods));
  });

  it('pages through a listing across more than three responses', async () => {
    const { transport, client } = setup();
    transport.reply(
      'DescribeLogGroups',
      json(200, { logGroups: [{ logGroupName: 'a' }], nextToken: '1' }),
      json(200, { logGroups: [{ logGroupName: 'b' }], nextToken: '2' }),
      json(200, { logGroups: [{ logGroupName: 'c' }], nextToken: '3' }),
      json(200, { logGroups: [{ logGroupName: 'd' }] }),
    );
    const names = (await collect(client.groups.listAll({ pageSize: 1 }))).map(
      (g) => g.logGroupName,
    );
    expect(names).toEqual(['a', 'b', 'c', 'd']);
    expect(transport.sent.map((s) => s.body['nextToken'])).toEqual([undefined, '1', '2', '3']);
  });

  it('decodes error responses into the taxonomy with the request id', async () => {
    const { transport, client } = setup();
    transport.reply(
      'CreateLogStream',
      errorResponse(400, 'ResourceNotFoundException', 'The specified log group does not exist.', {
        'x-amzn-requestid': 'rid-404',
      }),
    );
    const error = await client.streams.create('/app/api', 'web-1').catch((e) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.code).toBe('ResourceNotFoundException');
    expect(error.requestId).toBe('rid-404');
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain('The specified log group does not exist');
    expect(error.message).toContain('log stream "web-1" of log group "/app/api"');
  });

  it.each([
    [400, 'UnrecognizedClientException', AuthenticationError],
    [400, 'ThrottlingException', ThrottlingError],
    [503, 'ServiceUnavailableException', ServiceUnavailableError],
  ])('maps HTTP %s %s', async (status, type, Class) => {
    const { transport, client } = setup();
    transport.reply('DescribeLogGroups', errorResponse(status, type, 'nope'));
    await expect(client.groups.describe()).rejects.toBeInstanceOf(Class);
  });

  it('maps a transport failure to NetworkError', async () => {
    const { transport, client } = setup();
    transport.reply(
      'DescribeLogGroups',
      new AwsNetworkError({
        code: 'ECONNREFUSED',
        message: 'connect ECONNREFUSED 127.0.0.1:9',
        phase: 'connect',
        mayHaveBeenProcessed: false,
        retryable: true,
      }),
    );
    const error = await client.groups.describe().catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('passes the caller signal down to the transport', async () => {
    const { transport, client } = setup();
    const controller = new AbortController();
    transport.reply(
      'DescribeLogGroups',
      new Promise(() => {
        // never answers; only the abort ends the call
      }) as never,
    );
    const call = client.groups.describe({}, { signal: controller.signal });
    await new Promise((r) => setImmediate(r));
    controller.abort(new Error('user cancelled'));
    await expect(call).rejects.toThrow('user cancelled');
    expect(transport.sent[0]?.signal?.aborted).toBe(true);
  });
});

describe('retries through the resilience settings', () => {
  const fast = { retry: { maxAttempts: 3, baseDelayMs: 0, throttleBaseDelayMs: 0, maxDelayMs: 0 } };

  it('retries a read after 503s until it succeeds', async () => {
    const { transport, client } = setup({ resilience: undefined, ...fast });
    transport.reply(
      'DescribeLogGroups',
      errorResponse(503, 'ServiceUnavailableException', 'busy'),
      errorResponse(503, 'ServiceUnavailableException', 'busy'),
      json(200, { logGroups: [group] }),
    );
    expect((await client.groups.describe()).logGroups).toEqual([group]);
    expect(transport.sent).toHaveLength(3);
  });

  it('does not retry PutLogEvents after a 500 that may have stored the events', async () => {
    const { transport, client } = setup({ resilience: undefined, ...fast });
    transport.reply('PutLogEvents', errorResponse(500, 'InternalFailure', 'oops'));
    const error = await client.events
      .put({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: NOW, message: 'm' }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(transport.sent).toHaveLength(1);
  });

  it('retry: false makes a single attempt', async () => {
    const { transport, client } = setup({ resilience: undefined, retry: false });
    transport.reply('DescribeLogGroups', errorResponse(503, 'ServiceUnavailableException', 'busy'));
    await expect(client.groups.describe()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(transport.sent).toHaveLength(1);
  });

  it('an open circuit fails fast without sending', async () => {
    const { transport, client } = setup({
      resilience: undefined,
      retry: false,
      circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 },
    });
    transport.reply(
      'DescribeLogGroups',
      errorResponse(503, 'ServiceUnavailableException', 'busy'),
      errorResponse(503, 'ServiceUnavailableException', 'busy'),
    );
    await expect(client.groups.describe()).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(client.groups.describe()).rejects.toBeInstanceOf(ServiceUnavailableError);
    const error = await client.groups.describe().catch((e) => e);
    expect(error).toMatchObject({ name: 'ServiceUnavailableError', code: 'CircuitOpen' });
    expect(transport.sent).toHaveLength(2);
  });
});

describe('close', () => {
  it('leaves a transport the user passed in open, and refuses later calls', async () => {
    const { transport, client } = setup();
    await client.close();
    expect(transport.closed).toBe(0);
    await expect(client.groups.describe()).rejects.toMatchObject({ name: 'ClientClosedError' });
    expect(transport.sent).toHaveLength(0);
  });
});
