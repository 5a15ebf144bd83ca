// Every error class of the client's taxonomy that the real stack can produce, each from the
// emulator over HTTP with SigV4 (or, for the client-side ones, with no request at all).
import {
  AuthenticationError,
  ClientClosedError,
  type CloudWatchLogsClient,
  CloudWatchLogsError,
  InvalidParameterError,
  LimitExceededError,
  MalformedQueryError,
  NetworkError,
  RequestTimeoutError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  type RetentionDays,
  ServiceUnavailableError,
  ThrottlingError,
  ValidationError,
} from '@integrations/aws-cloudwatch-logs';
import type { Emulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  collect,
  credentialsOf,
  type RequestLog,
  rejectionOf,
  startLoggedEmulator,
} from './support/harness.js';

let emulator: Emulator;
let log: RequestLog;
let client: CloudWatchLogsClient;
const group = '/errors/app';

beforeAll(async () => {
  ({ emulator, log } = await startLoggedEmulator({ queryDelayMs: 0 }));
  // No retries: each failure below is the answer to exactly one request.
  client = clientFor(emulator, { retry: false });
  await client.groups.create({ logGroupName: group });
  await client.streams.create(group, 's');
});

afterEach(() => emulator.faults.clear());

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

/** Runs `call`, expects it to fail, and returns the error and the requests it made. */
async function failure(
  call: () => Promise<unknown>,
): Promise<{ error: unknown; requests: number }> {
  const before = log.seen.length;
  const error = await rejectionOf(call());
  return { error, requests: log.seen.length - before };
}

function expectServiceError(
  error: unknown,
  type: new (...args: never[]) => CloudWatchLogsError,
  fields: { code: string; statusCode: number; retryable: boolean; operation: string },
): void {
  expect(error).toBeInstanceOf(type);
  expect(error).toBeInstanceOf(CloudWatchLogsError);
  const e = error as CloudWatchLogsError;
  expect(e.name).toBe(type.name);
  expect(e).toMatchObject(fields);
  // The emulator's x-amzn-RequestId, also quoted in the message for AWS support.
  expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(e.message).toContain(e.requestId);
  expect(e.message).toContain(fields.operation);
}

describe('ValidationError: refused before any request is sent', () => {
  const cases: Array<[string, () => Promise<unknown>, string]> = [
    [
      'a group name with a colon',
      () => client.groups.create({ logGroupName: 'a:b' }),
      'logGroupName',
    ],
    ['a stream name with an asterisk', () => client.streams.create(group, 'web*'), 'logStreamName'],
    [
      'events out of chronological order',
      () =>
        client.events.put({
          logGroupName: group,
          logStreamName: 's',
          logEvents: [
            { timestamp: Date.now(), message: 'b' },
            { timestamp: Date.now() - 1000, message: 'a' },
          ],
        }),
      'logEvents[1].timestamp',
    ],
    [
      'an event more than 14 days old',
      () =>
        client.events.put({
          logGroupName: group,
          logStreamName: 's',
          logEvents: [{ timestamp: Date.now() - 15 * 86_400_000, message: 'old' }],
        }),
      'logEvents[0].timestamp',
    ],
    [
      'an empty message',
      () =>
        client.events.put({
          logGroupName: group,
          logStreamName: 's',
          logEvents: [{ timestamp: Date.now(), message: '' }],
        }),
      'logEvents[0].message',
    ],
    [
      'a retention that is not one of RetentionDays',
      () => client.retention.set(group, 2 as RetentionDays),
      'retentionInDays',
    ],
    ['a page size above 50', () => client.groups.describe({ limit: 51 }), 'limit'],
    [
      'a prefix together with a pattern',
      () => client.groups.describe({ logGroupNamePrefix: '/a', logGroupNamePattern: 'b' }),
      'logGroupNamePattern',
    ],
    [
      'query times in milliseconds',
      () =>
        client.insights.startQuery({
          logGroupName: group,
          startTime: Date.now() - 60_000,
          endTime: Date.now(),
          queryString: 'fields @message',
        }),
      'startTime',
    ],
  ];

  it.each(cases)('%s', async (_, call, field) => {
    const { error, requests } = await failure(call);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as ValidationError).rule).toBeTypeOf('string');
    expect((error as ValidationError).code).toBe('ValidationError');
    expect(requests).toBe(0);
  });

  it('refuses a listing when it is created, before it fetches anything', () => {
    const before = log.seen.length;
    expect(() => client.streams.listAll({ logGroupName: group, pageSize: 0 })).toThrow(
      ValidationError,
    );
    expect(() =>
      client.events.filterAll({
        logGroupName: group,
        logStreamNames: ['a'],
        logStreamNamePrefix: 'a',
      }),
    ).toThrow(ValidationError);
    expect(log.seen.length).toBe(before);
  });
});

describe('errors the service answers', () => {
  it('ResourceNotFoundError for a missing group, stream or query', async () => {
    const deleted = await failure(() => client.groups.delete('/errors/missing'));
    expectServiceError(deleted.error, ResourceNotFoundError, {
      code: 'ResourceNotFoundException',
      statusCode: 400,
      retryable: false,
      operation: 'DeleteLogGroup',
    });
    expect((deleted.error as Error).message).toContain('log group "/errors/missing"');
    expect(deleted.requests).toBe(1);

    const stream = await failure(() =>
      client.events.get({ logGroupName: group, logStreamName: 'missing' }),
    );
    expectServiceError(stream.error, ResourceNotFoundError, {
      code: 'ResourceNotFoundException',
      statusCode: 400,
      retryable: false,
      operation: 'GetLogEvents',
    });

    const query = await failure(() =>
      client.insights.getResults('0f0e0d0c-0000-4000-8000-000000000000'),
    );
    expectServiceError(query.error, ResourceNotFoundError, {
      code: 'ResourceNotFoundException',
      statusCode: 400,
      retryable: false,
      operation: 'GetQueryResults',
    });

    const retention = await failure(() => client.retention.get('/errors/missing'));
    expect(retention.error).toBeInstanceOf(ResourceNotFoundError);
    expect(retention.requests).toBe(1);

    // Without createGroup, ensureExists says how to fix it.
    const ensure = await failure(() => client.streams.ensureExists('/errors/missing', 's'));
    expect(ensure.error).toBeInstanceOf(ResourceNotFoundError);
    expect((ensure.error as Error).message).toContain('createGroup');
  });

  it('ResourceAlreadyExistsError for a group or stream that exists', async () => {
    const g = await failure(() => client.groups.create({ logGroupName: group }));
    expectServiceError(g.error, ResourceAlreadyExistsError, {
      code: 'ResourceAlreadyExistsException',
      statusCode: 400,
      retryable: false,
      operation: 'CreateLogGroup',
    });
    const s = await failure(() => client.streams.create(group, 's'));
    expectServiceError(s.error, ResourceAlreadyExistsError, {
      code: 'ResourceAlreadyExistsException',
      statusCode: 400,
      retryable: false,
      operation: 'CreateLogStream',
    });
  });

  it('InvalidParameterError for what only the service can judge', async () => {
    const pattern = await failure(() =>
      client.events.filter({ logGroupName: group, filterPattern: '{ $.level = ' }),
    );
    expectServiceError(pattern.error, InvalidParameterError, {
      code: 'InvalidParameterException',
      statusCode: 400,
      retryable: false,
      operation: 'FilterLogEvents',
    });

    const token = await failure(() =>
      client.groups.describe({ nextToken: 'not-a-token-of-this-listing' }),
    );
    expectServiceError(token.error, InvalidParameterError, {
      code: 'InvalidParameterException',
      statusCode: 400,
      retryable: false,
      operation: 'DescribeLogGroups',
    });
    expect((token.error as Error).message).toContain('nextToken');
  });

  it('LimitExceededError beyond two subscription filters per group', async () => {
    const g = '/errors/limits';
    await client.groups.create({ logGroupName: g });
    const destinationArn = 'arn:aws:lambda:us-east-1:000000000000:function:sink';
    for (const filterName of ['one', 'two']) {
      await client.subscriptions.put({
        logGroupName: g,
        filterName,
        filterPattern: '',
        destinationArn,
      });
    }
    const third = await failure(() =>
      client.subscriptions.put({
        logGroupName: g,
        filterName: 'three',
        filterPattern: '',
        destinationArn,
      }),
    );
    expectServiceError(third.error, LimitExceededError, {
      code: 'LimitExceededException',
      statusCode: 400,
      retryable: false,
      operation: 'PutSubscriptionFilter',
    });
  });

  it('MalformedQueryError for a query that does not parse', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { error, requests } = await failure(() =>
      client.insights.startQuery({
        logGroupName: group,
        startTime: now - 3600,
        endTime: now,
        queryString: 'fields @message | sort @timestamp sideways',
      }),
    );
    expectServiceError(error, MalformedQueryError, {
      code: 'MalformedQueryException',
      statusCode: 400,
      retryable: false,
      operation: 'StartQuery',
    });
    expect(requests).toBe(1);
  });

  it('ThrottlingError when the service throttles', async () => {
    emulator.faults.set({ rejectNext: { count: 1, error: 'ThrottlingException' } });
    const { error, requests } = await failure(() => client.groups.describe());
    expectServiceError(error, ThrottlingError, {
      code: 'ThrottlingException',
      statusCode: 400,
      retryable: true,
      operation: 'DescribeLogGroups',
    });
    expect(requests).toBe(1);
  });

  it('ServiceUnavailableError for a 503 and for a 500', async () => {
    emulator.faults.set({ rejectNext: { count: 1, error: 'ServiceUnavailableException' } });
    const unavailable = await failure(() => client.groups.describe());
    expectServiceError(unavailable.error, ServiceUnavailableError, {
      code: 'ServiceUnavailableException',
      statusCode: 503,
      retryable: true,
      operation: 'DescribeLogGroups',
    });

    emulator.faults.set({ rejectNext: { count: 1, error: 'InternalFailure' } });
    const internal = await failure(() => client.groups.describe());
    expectServiceError(internal.error, ServiceUnavailableError, {
      code: 'InternalFailure',
      statusCode: 500,
      retryable: true,
      operation: 'DescribeLogGroups',
    });
  });

  it('AuthenticationError for a wrong secret or an unknown key, never retried', async () => {
    const wrongSecret = clientFor(emulator, {
      credentials: credentialsOf(emulator, { secretAccessKey: 'not-the-secret' }),
    });
    const unknownKey = clientFor(emulator, {
      credentials: credentialsOf(emulator, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00' }),
    });
    try {
      // The default retry policy is on for these two clients: authentication is not retried.
      const signature = await failure(() => wrongSecret.groups.describe());
      expectServiceError(signature.error, AuthenticationError, {
        code: 'InvalidSignatureException',
        statusCode: 400,
        retryable: false,
        operation: 'DescribeLogGroups',
      });
      expect(signature.requests).toBe(1);
      expect((signature.error as Error).message).not.toContain('not-the-secret');

      const key = await failure(() => unknownKey.groups.describe());
      expectServiceError(key.error, AuthenticationError, {
        code: 'UnrecognizedClientException',
        statusCode: 400,
        retryable: false,
        operation: 'DescribeLogGroups',
      });
      expect(key.requests).toBe(1);
    } finally {
      await Promise.all([wrongSecret.close(), unknownKey.close()]);
    }
  });
});

describe('errors of the transport', () => {
  it('RequestTimeoutError when no response arrives within http.requestTimeoutMs', async () => {
    const impatient = clientFor(emulator, { retry: false, http: { requestTimeoutMs: 100 } });
    try {
      emulator.faults.set({ latencyMs: 20_000, operations: ['DescribeLogGroups'] });
      const { error, requests } = await failure(() => impatient.groups.describe());
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({
        name: 'RequestTimeoutError',
        code: 'RequestTimeout',
        retryable: true,
        operation: 'DescribeLogGroups',
      });
      expect(requests).toBe(1);
    } finally {
      await impatient.close();
    }
  });

  it('RequestTimeoutError when an attempt exceeds attemptTimeoutMs', async () => {
    const impatient = clientFor(emulator, { retry: false, attemptTimeoutMs: 100 });
    try {
      emulator.faults.set({ latencyMs: 20_000, operations: ['DescribeLogStreams'] });
      const { error } = await failure(() => impatient.streams.describe({ logGroupName: group }));
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({ code: 'RequestTimeout', operation: 'DescribeLogStreams' });
      expect((error as Error).message).toContain('attemptTimeoutMs');
    } finally {
      await impatient.close();
    }
  });

  it('NetworkError when the connection is reset', async () => {
    emulator.faults.set({ rejectNext: { count: 1, error: 'reset' } });
    const { error, requests } = await failure(() =>
      client.events.put({
        logGroupName: group,
        logStreamName: 's',
        logEvents: [{ timestamp: Date.now(), message: 'reset' }],
      }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({
      code: 'NetworkError',
      retryable: true,
      operation: 'PutLogEvents',
    });
    expect(requests).toBe(1);
  });

  it('NetworkError when the server is gone', async () => {
    const { emulator: doomed } = await startLoggedEmulator();
    const orphan = clientFor(doomed, { retry: false });
    try {
      await orphan.groups.create({ logGroupName: '/errors/gone' });
      await doomed.close();
      const error = await rejectionOf(orphan.groups.exists('/errors/gone'));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ name: 'NetworkError', operation: 'DescribeLogGroups' });
      expect((error as Error).message).toContain('could not be reached');
    } finally {
      await orphan.close();
    }
  });

  it('NetworkError when the server shuts down while the request is in flight', async () => {
    const { emulator: doomed, log: doomedLog } = await startLoggedEmulator();
    const orphan = clientFor(doomed, { retry: false });
    try {
      doomed.faults.set({ latencyMs: 60_000 });
      const outcome = rejectionOf(orphan.groups.describe());
      await doomedLog.waitFor((l) => l.count('DescribeLogGroups') === 1);
      await doomed.close();
      const error = await outcome;
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'NetworkError', operation: 'DescribeLogGroups' });
    } finally {
      await orphan.close();
    }
  });

  it('ConfigurationError at construction, before anything is sent', () => {
    const before = log.seen.length;
    const attempt = (config: Record<string, unknown>) => {
      try {
        clientFor(emulator, config);
      } catch (error) {
        return error;
      }
      throw new Error('expected a ConfigurationError');
    };
    // Plain http to a host that is not loopback needs an explicit opt-in.
    expect(attempt({ endpoint: 'http://logs.example.com' })).toMatchObject({
      name: 'ConfigurationError',
      code: 'ConfigurationError',
    });
    expect(attempt({ http: { connections: 0 } })).toMatchObject({
      name: 'ConfigurationError',
      field: 'http.connections',
    });
    expect(attempt({ retry: { maxAttemps: 3 } })).toMatchObject({
      name: 'ConfigurationError',
      field: 'retry.maxAttemps',
    });
    expect(log.seen.length).toBe(before);
  });

  it('ClientClosedError after close(), with no request sent', async () => {
    const closing = clientFor(emulator);
    await closing.groups.describe();
    await closing.close();
    const before = log.seen.length;
    const error = await rejectionOf(closing.groups.describe());
    expect(error).toBeInstanceOf(ClientClosedError);
    expect(error).toMatchObject({ code: 'ClientClosed', operation: 'DescribeLogGroups' });
    await expect(collect(closing.streams.listAll({ logGroupName: group }))).rejects.toBeInstanceOf(
      ClientClosedError,
    );
    await expect(closing.streams.ensureExists(group, 'after-close')).rejects.toBeInstanceOf(
      ClientClosedError,
    );
    expect(log.seen.length).toBe(before);
  });
});
