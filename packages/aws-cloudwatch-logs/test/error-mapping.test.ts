import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ClientClosedError,
  CloudWatchLogsError,
  ConfigurationError,
  InvalidParameterError,
  LimitExceededError,
  MalformedQueryError,
  NetworkError,
  QueryCancelledError,
  QueryFailedError,
  QueryTimedOutError,
  RequestTimeoutError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  ServiceUnavailableError,
  ThrottlingError,
  ValidationError,
} from '../src/index.js';
import { awsError, harness } from './helpers/harness.js';

async function failWith(error: unknown): Promise<CloudWatchLogsError> {
  const h = harness();
  h.reply('DescribeLogGroups', error);
  return h.client.groups.describe().then(
    () => {
      throw new Error('expected a failure');
    },
    (e: CloudWatchLogsError) => e,
  );
}

describe('service errors map into the taxonomy', () => {
  it.each([
    ['UnrecognizedClientException', AuthenticationError, 'access key'],
    ['InvalidSignatureException', AuthenticationError, 'clock'],
    ['ExpiredTokenException', AuthenticationError, 'expired'],
    ['AccessDeniedException', AuthenticationError, 'IAM permission'],
    ['ResourceNotFoundException', ResourceNotFoundError, 'exists'],
    ['ResourceAlreadyExistsException', ResourceAlreadyExistsError, 'exists already'],
    ['InvalidParameterException', InvalidParameterError, 'rejected a parameter'],
    ['ValidationException', InvalidParameterError, 'rejected a parameter'],
    ['LimitExceededException', LimitExceededError, 'quota'],
    ['ServiceQuotaExceededException', LimitExceededError, 'quota'],
    ['ThrottlingException', ThrottlingError, 'slow down'],
    ['ServiceUnavailableException', ServiceUnavailableError, 'retry'],
    ['InternalFailure', ServiceUnavailableError, 'retry'],
    ['MalformedQueryException', MalformedQueryError, 'syntax'],
  ] as const)('%s becomes %s', async (code, Class, advice) => {
    const error = await failWith(
      awsError(code, `service says ${code}`, { requestId: 'rid-9', statusCode: 400 }),
    );
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(CloudWatchLogsError);
    expect(error.name).toBe(Class.name);
    expect(error.code).toBe(code);
    expect(error.requestId).toBe('rid-9');
    expect(error.operation).toBe('DescribeLogGroups');
    expect(error.message).toContain(`service says ${code}`);
    expect(error.message).toContain(advice);
    expect(error.message).toContain('rid-9');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('keeps the retry hint and marks throttling retryable', async () => {
    const error = await failWith(
      awsError('ThrottlingException', 'Rate exceeded', { retryAfterMs: 1500, throttling: true }),
    );
    expect(error).toBeInstanceOf(ThrottlingError);
    expect((error as ThrottlingError).retryAfterMs).toBe(1500);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('1500 ms');
  });

  it('treats any error the protocol flags as throttling as a ThrottlingError', async () => {
    const error = await failWith(awsError('SomethingNew', 'slow', { throttling: true }));
    expect(error).toBeInstanceOf(ThrottlingError);
  });

  it('treats an unknown 5xx as ServiceUnavailableError, retryable', async () => {
    const error = await failWith(awsError('WeirdFault', 'boom', { statusCode: 502 }));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.statusCode).toBe(502);
    expect(error.retryable).toBe(true);
  });

  it('keeps an unknown 4xx as a plain CloudWatchLogsError with its code', async () => {
    const error = await failWith(awsError('OperationAbortedException', 'conflict'));
    expect(error.constructor).toBe(CloudWatchLogsError);
    expect(error.code).toBe('OperationAbortedException');
    expect(error.retryable).toBe(false);
  });

  it('maps network failures and timeouts', async () => {
    const network = await failWith(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'AwsNetworkError' }),
    );
    expect(network).toBeInstanceOf(NetworkError);
    expect(network.retryable).toBe(true);
    expect(network.message).toContain('ECONNREFUSED');
    const timeout = await failWith(
      Object.assign(new Error('No complete response within 50 ms'), {
        name: 'AwsRequestTimeoutError',
      }),
    );
    expect(timeout).toBeInstanceOf(RequestTimeoutError);
    expect(timeout.message).toContain('requestTimeoutMs');
  });

  it("maps the resilience layer's refusals", async () => {
    const open = await failWith(
      Object.assign(new Error('circuit open'), {
        name: 'CircuitOpenError',
        code: 'CircuitOpen',
        retryAfterMs: 2000,
      }),
    );
    expect(open).toBeInstanceOf(ServiceUnavailableError);
    expect(open.code).toBe('CircuitOpen');
    expect(open.message).toContain('2000 ms');
    const limited = await failWith(
      Object.assign(new Error('limited'), {
        name: 'RateLimitExceededError',
        code: 'RateLimitExceeded',
        retryAfterMs: 40,
      }),
    );
    expect(limited).toBeInstanceOf(ThrottlingError);
    expect((limited as ThrottlingError).retryAfterMs).toBe(40);
    const slow = await failWith(
      Object.assign(new Error('slow'), { name: 'TimeoutError', code: 'Timeout', timeoutMs: 250 }),
    );
    expect(slow).toBeInstanceOf(RequestTimeoutError);
    expect(slow.message).toContain('250 ms');
  });

  it('lets an abort reason and unknown errors through unchanged', async () => {
    const reason = new Error('caller aborted');
    expect(await failWith(reason)).toBe(reason);
    const abort = new DOMException('aborted', 'AbortError');
    expect(await failWith(abort)).toBe(abort);
    // The caller's AbortSignal.timeout() reason is the caller's own, not a request timeout.
    const callerTimeout = new DOMException('timed out', 'TimeoutError');
    expect(await failWith(callerTimeout)).toBe(callerTimeout);
  });
});

describe('error classes', () => {
  it('ValidationError names the field, the truncated value and the rule', () => {
    const error = new ValidationError('logGroupName', 'x'.repeat(500), 'must be short');
    expect(error.code).toBe('ValidationError');
    expect(error.retryable).toBe(false);
    expect(error.field).toBe('logGroupName');
    expect(error.rule).toBe('must be short');
    expect(error.value).toMatch(/^"x+… \(502 characters\)$/);
    expect(error.message).toContain('Invalid logGroupName');
    expect(error.message).toContain('must be short');
  });

  it('ConfigurationError names the field', () => {
    const error = new ConfigurationError('http.connections', 'must be positive');
    expect(error.name).toBe('ConfigurationError');
    expect(error.field).toBe('http.connections');
    expect(error.message).toBe('Invalid configuration "http.connections": must be positive');
  });

  it('query outcome errors carry the query id and say what to do', () => {
    for (const [Class, code] of [
      [QueryFailedError, 'QueryFailed'],
      [QueryCancelledError, 'QueryCancelled'],
      [QueryTimedOutError, 'QueryTimedOut'],
    ] as const) {
      const error = new Class('q-7');
      expect(error.queryId).toBe('q-7');
      expect(error.code).toBe(code);
      expect(error.name).toBe(Class.name);
      expect(error.message).toContain('q-7');
    }
    expect(new QueryTimedOutError('q').retryable).toBe(true);
  });

  it('ClientClosedError names the operation', () => {
    const error = new ClientClosedError('PutLogEvents');
    expect(error.operation).toBe('PutLogEvents');
    expect(error.message).toContain('closed');
  });
});

describe('close', () => {
  it('releases the caller once and fails later calls with ClientClosedError', async () => {
    const h = harness();
    const first = h.client.close();
    expect(h.client.close()).toBe(first);
    await first;
    expect(h.closed).toBe(true);
    await expect(h.client.groups.describe()).rejects.toBeInstanceOf(ClientClosedError);
    expect(h.requests).toHaveLength(0);
  });
});
