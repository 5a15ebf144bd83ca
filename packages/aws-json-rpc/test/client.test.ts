import { fromStatic } from '@integrations/aws-credentials';
import { verifySignature } from '@integrations/aws-signing';
import { createInMemoryObservability } from '@integrations/observability';
import { createVirtualTime, ResilienceOrchestrator } from '@integrations/resilience';
import { describe, expect, it } from 'vitest';
import {
  AwsClientClosedError,
  type AwsJsonRpcClientOptions,
  AwsJsonRpcConfigurationError,
  AwsNetworkError,
  AwsServiceError,
  classifyAwsError,
  createAwsJsonRpcClient,
  type HttpRequest,
} from '../src/index.js';
import { bodyText, fakeTransport, header, jsonResponse } from './support/fake-transport.js';

const ACCESS_KEY = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'session-token-very-secret';
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function base(overrides: Partial<AwsJsonRpcClientOptions> = {}): AwsJsonRpcClientOptions {
  return {
    targetPrefix: 'Logs_20140328',
    signingName: 'logs',
    endpoint: 'https://logs.us-east-1.amazonaws.com',
    region: 'us-east-1',
    credentials: fromStatic({ accessKeyId: ACCESS_KEY, secretAccessKey: SECRET }),
    clock: { now: () => T0 },
    resilience: false,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Retries through an orchestrator on virtual time; returns the time to drive it. */
function virtualResilience(maxAttempts = 3) {
  const time = createVirtualTime(T0);
  const resilience = new ResilienceOrchestrator({
    retry: { maxAttempts, classifier: (error) => classifyAwsError(error), random: () => 0.5 },
    clock: time.clock,
    sleep: time.sleep,
  });
  return { time, resilience };
}

async function drive<T>(time: ReturnType<typeof createVirtualTime>, promise: Promise<T>) {
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await time.runAll();
  const result = await settled;
  if ('error' in result) throw result.error;
  return result.value;
}

describe('the wire request', () => {
  it('POSTs the JSON body to / with the target, content type, host and a SigV4 signature', async () => {
    const transport = fakeTransport(() => jsonResponse(200, { logGroups: [] }));
    const client = createAwsJsonRpcClient(base({ transport }));
    await client.call('DescribeLogGroups', { logGroupNamePrefix: '/app', limit: 5 });

    expect(transport.requests).toHaveLength(1);
    const request = transport.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.protocol).toBe('https:');
    expect(request.hostname).toBe('logs.us-east-1.amazonaws.com');
    expect(request.port).toBeUndefined();
    expect(request.path).toBe('/');
    expect(header(request, 'content-type')).toBe('application/x-amz-json-1.1');
    expect(header(request, 'x-amz-target')).toBe('Logs_20140328.DescribeLogGroups');
    expect(header(request, 'host')).toBe('logs.us-east-1.amazonaws.com');
    expect(header(request, 'x-amz-date')).toBe('20250101T120000Z');
    expect(header(request, 'user-agent')).toMatch(
      /^integrations-aws-json-rpc\/\d+\.\d+\.\d+ node\//,
    );
    expect(header(request, 'x-amz-security-token')).toBeUndefined();
    expect(bodyText(request)).toBe('{"logGroupNamePrefix":"/app","limit":5}');
    const authorization = header(request, 'authorization')!;
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20250101\/us-east-1\/logs\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    const signed = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
    expect(signed).toEqual(
      expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-target']),
    );

    const verified = await verifySignature(request, {
      lookupSecret: (id) => (id === ACCESS_KEY ? SECRET : undefined),
      now: T0,
      region: 'us-east-1',
      service: 'logs',
    });
    expect(verified.ok).toBe(true);
  });

  it('adds the session token, signs it, and fetches credentials for every call', async () => {
    let fetched = 0;
    const transport = fakeTransport(() => jsonResponse(200, {}));
    const client = createAwsJsonRpcClient(
      base({
        transport,
        credentials: {
          async getCredentials() {
            fetched++;
            return { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: TOKEN };
          },
        },
      }),
    );
    await client.call('ListTagsForResource', { resourceArn: 'arn' });
    await client.call('ListTagsForResource', { resourceArn: 'arn' });
    expect(fetched).toBe(2);
    expect(header(transport.requests[0]!, 'x-amz-security-token')).toBe(TOKEN);
    expect(header(transport.requests[0]!, 'authorization')).toContain('x-amz-security-token');
  });

  it('sends to a local endpoint with its port and path, and JSON 1.0 when asked', async () => {
    const transport = fakeTransport(() => jsonResponse(200, {}));
    const client = createAwsJsonRpcClient(
      base({
        transport,
        endpoint: 'http://127.0.0.1:4566/base',
        jsonVersion: '1.0',
        userAgent: 'app/2',
      }),
    );
    await client.call('X', undefined);
    const request = transport.requests[0]!;
    expect(request).toMatchObject({
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4566,
      path: '/base',
    });
    expect(header(request, 'host')).toBe('127.0.0.1:4566');
    expect(header(request, 'content-type')).toBe('application/x-amz-json-1.0');
    expect(header(request, 'user-agent')).toMatch(/ app\/2$/);
    expect(bodyText(request)).toBe('{}');
  });

  it('refuses operation names that could inject into the target header', async () => {
    const transport = fakeTransport(() => jsonResponse(200, {}));
    const client = createAwsJsonRpcClient(base({ transport }));
    expect(await rejection(client.call('Describe\r\nX-Evil: 1', {}))).toBeInstanceOf(
      AwsJsonRpcConfigurationError,
    );
    expect(transport.requests).toHaveLength(0);
  });
});

describe('responses', () => {
  it('returns the parsed output with a non-enumerable $metadata carrying the request id', async () => {
    const transport = fakeTransport(() =>
      jsonResponse(200, { logGroups: [{ logGroupName: '/a' }] }, { 'x-amzn-requestid': 'rid-1' }),
    );
    const client = createAwsJsonRpcClient(base({ transport }));
    const output = await client.call<{ logGroups: Array<{ logGroupName: string }> }>(
      'DescribeLogGroups',
      {},
    );
    expect(output.logGroups[0]!.logGroupName).toBe('/a');
    expect(output.$metadata).toEqual({ requestId: 'rid-1', httpStatusCode: 200, attempts: 1 });
    expect(Object.keys(output)).toEqual(['logGroups']);
    expect(JSON.stringify(output)).toBe('{"logGroups":[{"logGroupName":"/a"}]}');
  });

  it('treats an empty body as an empty output', async () => {
    const transport = fakeTransport(() => ({
      statusCode: 200,
      headers: {},
      body: new Uint8Array(),
    }));
    const output = await createAwsJsonRpcClient(base({ transport })).call('DeleteLogGroup', {});
    expect({ ...output }).toEqual({});
  });

  it('fails a 200 whose body is not a JSON object', async () => {
    const transport = fakeTransport(() => jsonResponse(200, '<html>proxy</html>'));
    const error = await rejection(createAwsJsonRpcClient(base({ transport })).call('X', {}));
    expect(error).toMatchObject({
      name: 'AwsServiceError',
      code: 'MalformedResponse',
      retryable: true,
    });
  });

  it('decodes error responses into AwsServiceError with the request id', async () => {
    const transport = fakeTransport(() =>
      jsonResponse(
        400,
        {
          __type: 'com.amazonaws.logs#ResourceNotFoundException',
          message: 'The specified log group does not exist.',
        },
        { 'x-amzn-requestid': 'rid-404' },
      ),
    );
    const error = await rejection(
      createAwsJsonRpcClient(base({ transport })).call('DeleteLogGroup', { logGroupName: '/x' }),
    );
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      code: 'ResourceNotFoundException',
      statusCode: 400,
      requestId: 'rid-404',
      message: 'The specified log group does not exist.',
      retryable: false,
      throttling: false,
    });
  });

  it('uses the configured extra throttling codes', async () => {
    const transport = fakeTransport(() => jsonResponse(400, { __type: 'LimitExceededException' }));
    const kinesisLike = createAwsJsonRpcClient(
      base({ transport, throttlingCodes: ['LimitExceededException'] }),
    );
    expect(await rejection(kinesisLike.call('X', {}))).toMatchObject({ throttling: true });
    const logs = createAwsJsonRpcClient(base({ transport }));
    expect(await rejection(logs.call('X', {}))).toMatchObject({ throttling: false });
  });
});

describe('retries', () => {
  it('retries throttling and then succeeds, signing each attempt afresh', async () => {
    const { time, resilience } = virtualResilience();
    const transport = fakeTransport((_r, n) =>
      n < 3
        ? jsonResponse(400, { __type: 'ThrottlingException', message: 'Rate exceeded' })
        : jsonResponse(200, { ok: true }, { 'x-amzn-requestid': 'rid-ok' }),
    );
    const client = createAwsJsonRpcClient(base({ transport, resilience, clock: time.clock }));
    const output = await drive(time, client.call<{ ok: boolean }>('PutLogEvents', {}));
    expect(output.ok).toBe(true);
    expect(output.$metadata.attempts).toBe(3);
    expect(transport.requests).toHaveLength(3);
    // The backoff passed in virtual time.
    expect(time.now()).toBeGreaterThan(T0);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { time, resilience } = virtualResilience(3);
    const transport = fakeTransport(() => jsonResponse(503, ''));
    const client = createAwsJsonRpcClient(base({ transport, resilience, clock: time.clock }));
    const error = await rejection(drive(time, client.call('PutLogEvents', {})));
    expect(error).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503 });
    expect(transport.requests).toHaveLength(3);
  });

  it('does not retry a 500 without consent, and does with idempotent: true', async () => {
    const { time, resilience } = virtualResilience();
    const transport = fakeTransport((_r, n) =>
      n <= 2 ? jsonResponse(500, { __type: 'InternalFailure' }) : jsonResponse(200, {}),
    );
    const client = createAwsJsonRpcClient(base({ transport, resilience, clock: time.clock }));
    expect(await rejection(drive(time, client.call('CreateLogGroup', {})))).toMatchObject({
      code: 'InternalFailure',
    });
    expect(transport.requests).toHaveLength(1);
    const output = await drive(time, client.call('DescribeLogGroups', {}, { idempotent: true }));
    expect(output.$metadata.attempts).toBe(2);
  });

  it('retries a reset before the body was sent, but not one after, without consent', async () => {
    const { time, resilience } = virtualResilience();
    let processed = false;
    const transport = fakeTransport((_r, n) => {
      if (n === 1) {
        throw new AwsNetworkError({
          code: 'ECONNRESET',
          message: 'reset',
          phase: 'send',
          mayHaveBeenProcessed: processed,
          retryable: true,
        });
      }
      return jsonResponse(200, {});
    });
    const client = createAwsJsonRpcClient(base({ transport, resilience, clock: time.clock }));
    expect((await drive(time, client.call('PutLogEvents', {}))).$metadata.attempts).toBe(2);

    processed = true;
    transport.requests.length = 0;
    const again = fakeTransport((_r, n) => {
      if (n === 1) {
        throw new AwsNetworkError({
          code: 'ECONNRESET',
          message: 'reset',
          phase: 'send',
          mayHaveBeenProcessed: true,
          retryable: true,
        });
      }
      return jsonResponse(200, {});
    });
    const strict = createAwsJsonRpcClient(
      base({ transport: again, resilience, clock: time.clock }),
    );
    expect(await rejection(drive(time, strict.call('PutLogEvents', {})))).toBeInstanceOf(
      AwsNetworkError,
    );
    expect(again.requests).toHaveLength(1);
  });

  it('does not retry client errors', async () => {
    const { time, resilience } = virtualResilience();
    const transport = fakeTransport(() =>
      jsonResponse(400, { __type: 'InvalidParameterException' }),
    );
    const client = createAwsJsonRpcClient(base({ transport, resilience, clock: time.clock }));
    await rejection(drive(time, client.call('X', {}, { idempotent: true })));
    expect(transport.requests).toHaveLength(1);
  });

  it('does not retry a failing credentials provider', async () => {
    const { time, resilience } = virtualResilience();
    const transport = fakeTransport(() => jsonResponse(200, {}));
    const failure = new Error('no credentials configured');
    const client = createAwsJsonRpcClient(
      base({
        transport,
        resilience,
        clock: time.clock,
        credentials: { getCredentials: () => Promise.reject(failure) },
      }),
    );
    expect(await rejection(drive(time, client.call('X', {})))).toBe(failure);
    expect(transport.requests).toHaveLength(0);
  });

  it('retries by default (no resilience option) on an unprocessed failure', async () => {
    const transport = fakeTransport((_r, n) =>
      n === 1 ? jsonResponse(503, '') : jsonResponse(200, {}),
    );
    const { resilience: _unused, ...rest } = base({ transport });
    const client = createAwsJsonRpcClient(rest);
    expect((await client.call('X', {})).$metadata.attempts).toBe(2);
  });
});

describe('clock skew', () => {
  const serverNow = T0 + 20 * 60_000;

  /** A server 20 minutes ahead that verifies signatures as AWS does. */
  function skewedServer(secret = SECRET) {
    return fakeTransport(async (request: HttpRequest) => {
      const result = await verifySignature(request, {
        lookupSecret: () => secret,
        now: serverNow,
        maxSkewMs: 5 * 60_000,
        mismatchCode: 'InvalidSignatureException',
      });
      const date = new Date(serverNow).toUTCString();
      if (!result.ok) {
        return jsonResponse(400, { __type: result.code, message: result.message }, { date });
      }
      return jsonResponse(200, {}, { date });
    });
  }

  it('learns the offset from the refusal and re-signs the immediate retry with server time', async () => {
    const transport = skewedServer();
    const obs = createInMemoryObservability();
    const client = createAwsJsonRpcClient(base({ transport, observability: obs }));
    const output = await client.call('DescribeLogGroups', {});
    expect(output.$metadata.attempts).toBe(2);
    expect(client.clockOffsetMs).toBe(20 * 60_000);
    expect(header(transport.requests[0]!, 'x-amz-date')).toBe('20250101T120000Z');
    expect(header(transport.requests[1]!, 'x-amz-date')).toBe('20250101T122000Z');
    expect(obs.logsAt('warn')[0]!.msg).toMatch(/Corrected the clock offset/);
    expect(obs.counterTotal('aws.client.clock_skew_corrections')).toBe(1);

    await client.call('DescribeLogGroups', {});
    expect(transport.requests).toHaveLength(3);
    expect(header(transport.requests[2]!, 'x-amz-date')).toBe('20250101T122000Z');
  });

  it('does not retry a signature refusal when the clocks agree', async () => {
    const transport = fakeTransport(() =>
      jsonResponse(
        400,
        {
          __type: 'InvalidSignatureException',
          message: 'The request signature we calculated does not match',
        },
        { date: new Date(T0).toUTCString() },
      ),
    );
    const client = createAwsJsonRpcClient(base({ transport }));
    expect(await rejection(client.call('X', {}))).toMatchObject({
      code: 'InvalidSignatureException',
    });
    expect(transport.requests).toHaveLength(1);
    expect(client.clockOffsetMs).toBe(0);
  });

  it('retries a skew refusal only once per attempt', async () => {
    const transport = fakeTransport(() =>
      jsonResponse(
        400,
        { __type: 'RequestTimeTooSkewed', message: 'skewed' },
        {
          date: new Date(T0 + 3_600_000).toUTCString(),
        },
      ),
    );
    const client = createAwsJsonRpcClient(base({ transport }));
    await rejection(client.call('X', {}));
    expect(transport.requests).toHaveLength(2);
  });

  it('can be turned off', async () => {
    const transport = skewedServer();
    const client = createAwsJsonRpcClient(base({ transport, correctClockSkew: false }));
    expect(await rejection(client.call('X', {}))).toMatchObject({ code: 'RequestTimeTooSkewed' });
    expect(transport.requests).toHaveLength(1);
  });
});

describe('cancellation', () => {
  it('rejects with the reason, passes the signal to the transport, and does not retry', async () => {
    const { time, resilience } = virtualResilience();
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const transport = fakeTransport(
      (_request, _n, options) =>
        new Promise((_resolve, reject) => {
          options.signal?.addEventListener('abort', () => reject(options.signal!.reason));
          queueMicrotask(() => controller.abort(reason));
        }),
    );
    const obs = createInMemoryObservability();
    const client = createAwsJsonRpcClient(
      base({ transport, resilience, clock: time.clock, observability: obs }),
    );
    const error = await rejection(
      drive(time, client.call('X', {}, { signal: controller.signal, idempotent: true })),
    );
    expect(error).toBe(reason);
    expect(transport.requests).toHaveLength(1);
    expect(transport.signals[0]).toBeDefined();
    expect(obs.counterTotal('aws.client.errors', { code: 'Aborted' })).toBe(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const transport = fakeTransport(() => jsonResponse(200, {}));
    const client = createAwsJsonRpcClient(base({ transport }));
    const reason = new Error('before');
    expect(await rejection(client.call('X', {}, { signal: AbortSignal.abort(reason) }))).toBe(
      reason,
    );
    expect(transport.requests).toHaveLength(0);
  });

  it('passes the signal to the credentials provider', async () => {
    let seen: AbortSignal | undefined;
    const transport = fakeTransport(() => jsonResponse(200, {}));
    const controller = new AbortController();
    const client = createAwsJsonRpcClient(
      base({
        transport,
        credentials: {
          async getCredentials(options) {
            seen = options?.signal;
            return { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET };
          },
        },
      }),
    );
    await client.call('X', {}, { signal: controller.signal });
    controller.abort();
    expect(seen?.aborted).toBe(true);
  });
});

describe('observability', () => {
  it('records a client span with the RPC attributes, and call metrics', async () => {
    const { time, resilience } = virtualResilience();
    const obs = createInMemoryObservability({ clock: () => time.now() });
    const transport = fakeTransport((_r, n) =>
      n === 1
        ? jsonResponse(400, { __type: 'ThrottlingException' })
        : jsonResponse(200, {}, { 'x-amzn-requestid': 'rid-7' }),
    );
    const client = createAwsJsonRpcClient(
      base({
        transport,
        resilience,
        clock: time.clock,
        observability: obs,
        serviceName: 'CloudWatchLogs',
      }),
    );
    await drive(time, client.call('DescribeLogGroups', {}));
    const [span] = obs.spansNamed('aws.logs.DescribeLogGroups');
    expect(span).toBeDefined();
    expect(span!.kind).toBe('client');
    expect(span!.ended).toBe(true);
    expect(span!.attributes).toMatchObject({
      'rpc.system': 'aws-api',
      'rpc.service': 'CloudWatchLogs',
      'rpc.method': 'DescribeLogGroups',
      'aws.region': 'us-east-1',
      'aws.request_id': 'rid-7',
      'http.status_code': 200,
      'aws.attempts': 2,
    });
    const tags = { service: 'CloudWatchLogs', operation: 'DescribeLogGroups' };
    expect(obs.counterTotal('aws.client.calls', { ...tags, outcome: 'success' })).toBe(1);
    expect(obs.counterTotal('aws.client.retries', tags)).toBe(1);
    expect(obs.histogramValues('aws.client.latency', tags)).toHaveLength(1);
    expect(obs.histogramValues('aws.client.latency', tags)[0]).toBeGreaterThan(0);
  });

  it('marks the span as an error and counts the error by code', async () => {
    const obs = createInMemoryObservability();
    const transport = fakeTransport(() =>
      jsonResponse(
        400,
        { __type: 'ResourceNotFoundException', message: 'nope' },
        { 'x-amzn-requestid': 'r' },
      ),
    );
    const client = createAwsJsonRpcClient(base({ transport, observability: obs }));
    await rejection(client.call('DeleteLogGroup', {}));
    const [span] = obs.spansNamed('aws.logs.DeleteLogGroup');
    expect(span!.status.code).toBe('error');
    expect(span!.exceptions).toHaveLength(1);
    expect(span!.attributes['http.status_code']).toBe(400);
    expect(span!.attributes['aws.request_id']).toBe('r');
    expect(
      obs.counterTotal('aws.client.errors', {
        service: 'logs',
        operation: 'DeleteLogGroup',
        code: 'ResourceNotFoundException',
      }),
    ).toBe(1);
  });

  it('never lets a secret into logs, metrics, spans or errors', async () => {
    const obs = createInMemoryObservability({ redact: false });
    const transport = fakeTransport((_r, n) =>
      n === 1
        ? jsonResponse(
            400,
            { __type: 'RequestTimeTooSkewed', message: 'skewed' },
            {
              date: new Date(T0 + 3_600_000).toUTCString(),
            },
          )
        : jsonResponse(400, { __type: 'AccessDeniedException', message: 'denied' }),
    );
    const client = createAwsJsonRpcClient(
      base({
        transport,
        observability: obs,
        credentials: fromStatic({
          accessKeyId: ACCESS_KEY,
          secretAccessKey: SECRET,
          sessionToken: TOKEN,
        }),
      }),
    );
    const error = await rejection(client.call('X', { a: 1 }));
    const everything = JSON.stringify({
      logs: obs.logs,
      metrics: obs.metricRecords,
      spans: obs.spans,
      error: {
        ...(error as object),
        message: (error as Error).message,
        stack: (error as Error).stack,
      },
    });
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toMatch(/Signature=[0-9a-f]{64}/);
  });
});

describe('lifecycle and configuration', () => {
  it('fails calls after close, and closes only a transport it owns', async () => {
    const transport = fakeTransport(() => jsonResponse(200, {}));
    const client = createAwsJsonRpcClient(base({ transport }));
    await client.close();
    await client.close();
    expect(transport.closed).toBe(0);
    expect(await rejection(client.call('X', {}))).toBeInstanceOf(AwsClientClosedError);

    const owned = fakeTransport(() => jsonResponse(200, {}));
    await createAwsJsonRpcClient(base({ transport: owned, closeTransport: true })).close();
    expect(owned.closed).toBe(1);
  });

  it.each([
    ['targetPrefix', { targetPrefix: '' }],
    ['signingName', { signingName: 'Logs Service' }],
    ['region', { region: '' }],
    ['endpoint', { endpoint: 'http://10.1.2.3:80' }],
    ['endpoint', { endpoint: 'not a url' }],
    ['credentials', { credentials: {} as never }],
    ['jsonVersion', { jsonVersion: '2.0' as never }],
    ['userAgent', { userAgent: 'bad\nagent' }],
    ['resilience', { resilience: {} as never }],
    ['transport', { transport: {} as never }],
  ])('names %s when it is invalid', (option, overrides) => {
    expect(() =>
      createAwsJsonRpcClient(base(overrides as Partial<AwsJsonRpcClientOptions>)),
    ).toThrow(expect.objectContaining({ name: 'AwsJsonRpcConfigurationError', option }));
  });

  it('accepts a non-loopback http endpoint only with allowInsecureHttp', () => {
    expect(() =>
      createAwsJsonRpcClient(base({ endpoint: 'http://10.1.2.3:80', allowInsecureHttp: true })),
    ).not.toThrow();
  });
});
