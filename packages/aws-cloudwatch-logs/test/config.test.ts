import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { ConfigurationError } from '../src/index.js';

function fieldOf(config: unknown): string | undefined {
  try {
    parseConfig(config);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).field;
  }
}

const transport = { send: async () => ({ statusCode: 200, headers: {}, body: new Uint8Array() }) };

describe('configuration validation', () => {
  it('accepts a minimal and a full configuration', () => {
    expect(parseConfig({ region: 'us-east-1' }).region).toBe('us-east-1');
    const full = parseConfig({
      region: 'eu-west-1',
      credentials: { getCredentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) },
      endpoint: new URL('http://127.0.0.1:4566'),
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
      allowInsecureHttp: false,
      http: {
        connections: 10,
        keepAliveTimeoutMs: 4000,
        connectTimeoutMs: 1000,
        requestTimeoutMs: 5000,
      },
      retry: {
        maxAttempts: 5,
        baseDelayMs: 50,
        throttleBaseDelayMs: 200,
        maxDelayMs: 5000,
        maxTotalTimeMs: 30000,
      },
      circuitBreaker: { failureThreshold: 5, coolDownMs: 10000, halfOpenMaxProbes: 1 },
      rateLimit: { requestsPerSecond: 50, burst: 100 },
      attemptTimeoutMs: 3000,
      observability: { logger: {}, metrics: {}, tracer: {} },
      clock: { now: () => 0 },
      defaultLogGroup: '/app/api',
      defaultRetentionDays: 30,
    });
    expect(full.defaultRetentionDays).toBe(30);
  });

  it.each([
    [undefined, 'config'],
    [{}, 'region'],
    [{ region: '' }, 'region'],
    [{ region: 'US East' }, 'region'],
    [{ region: 'us-east-1', regoin: 'x' }, 'regoin'],
    [{ region: 'us-east-1', credentials: { accessKeyId: 'AKIA' } }, 'credentials'],
    [{ region: 'us-east-1', endpoint: 'localhost:4566' }, 'endpoint'],
    [{ region: 'us-east-1', endpoint: 'ftp://example.com' }, 'endpoint'],
    [{ region: 'us-east-1', endpoint: 42 }, 'endpoint'],
    [{ region: 'us-east-1', useFipsEndpoint: 'yes' }, 'useFipsEndpoint'],
    [{ region: 'us-east-1', transport: {} }, 'transport'],
    [{ region: 'us-east-1', transport, http: { connections: 2 } }, 'http'],
    [{ region: 'us-east-1', http: { connections: 0 } }, 'http.connections'],
    [{ region: 'us-east-1', http: { requestTimeoutMs: 1.5 } }, 'http.requestTimeoutMs'],
    [{ region: 'us-east-1', http: { timeout: 5 } }, 'http.timeout'],
    [{ region: 'us-east-1', retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ region: 'us-east-1', retry: true }, 'retry'],
    [
      { region: 'us-east-1', circuitBreaker: { failureThreshold: -1 } },
      'circuitBreaker.failureThreshold',
    ],
    [{ region: 'us-east-1', rateLimit: { burst: 5 } }, 'rateLimit.requestsPerSecond'],
    [{ region: 'us-east-1', rateLimit: { requestsPerSecond: 0.5 } }, 'rateLimit.burst'],
    [{ region: 'us-east-1', attemptTimeoutMs: 0 }, 'attemptTimeoutMs'],
    [{ region: 'us-east-1', resilience: {} }, 'resilience'],
    [{ region: 'us-east-1', resilience: false, retry: { maxAttempts: 2 } }, 'retry'],
    [{ region: 'us-east-1', observability: { logger: {} } }, 'observability'],
    [{ region: 'us-east-1', clock: Date.now }, 'clock'],
    [{ region: 'us-east-1', defaultLogGroup: 'bad name' }, 'defaultLogGroup'],
    [{ region: 'us-east-1', defaultRetentionDays: 31 }, 'defaultRetentionDays'],
  ])('names the field of %j', (config, field) => {
    expect(fieldOf(config)).toBe(field);
  });

  it('accepts the longest timer Node has, 2^31 - 1 ms', () => {
    const longest = 2 ** 31 - 1;
    expect(() =>
      parseConfig({
        region: 'us-east-1',
        http: { requestTimeoutMs: longest, connectTimeoutMs: longest },
        attemptTimeoutMs: longest,
      }),
    ).not.toThrow();
  });

  it('says what a missing region should look like', () => {
    expect(() => parseConfig({})).toThrow(
      '"region": is required: an AWS region such as "us-east-1"',
    );
    expect(() => parseConfig({ region: 42 })).toThrow('"region": must be an AWS region');
  });

  it('says what is wrong and how to fix it', () => {
    expect(() => parseConfig({ region: 'us-east-1', defaultRetentionDays: 31 })).toThrow(
      /defaultRetentionDays.*must be one of 1, 3, 5/,
    );
    expect(() => parseConfig({ region: 'us-east-1', regoin: 'x' })).toThrow(/not a known option/);
  });

  it.each([
    [{ http: { connections: 0 } }, '"http.connections": must be greater than 0'],
    [{ http: { requestTimeoutMs: 1.5 } }, '"http.requestTimeoutMs": must be an integer'],
    [{ retry: { maxAttempts: 0 } }, '"retry.maxAttempts": must be at least 1'],
    [{ retry: { maxAttempts: 101 } }, '"retry.maxAttempts": must be at most 100'],
    // Node fires a timer beyond 2^31 - 1 ms at once: such a timeout would expire immediately.
    [
      { http: { requestTimeoutMs: 2 ** 31 } },
      '"http.requestTimeoutMs": must be at most 2147483647',
    ],
    [{ attemptTimeoutMs: 2 ** 31 }, '"attemptTimeoutMs": must be at most 2147483647'],
    [{ retry: { maxDelayMs: 2 ** 31 } }, '"retry.maxDelayMs": must be at most 2147483647'],
    [{ useFipsEndpoint: 'yes' }, '"useFipsEndpoint": must be true or false'],
    [
      { rateLimit: { requestsPerSecond: '5' } },
      '"rateLimit.requestsPerSecond": must be a finite number',
    ],
    [
      { rateLimit: { requestsPerSecond: Number.POSITIVE_INFINITY } },
      '"rateLimit.requestsPerSecond": must be a finite number',
    ],
    [
      { buffer: { overflow: 'wait' } },
      '"buffer.overflow": must be one of "block", "drop-oldest", "drop-newest", "error"',
    ],
    [{ retry: true }, '"retry": must be false or an object of settings'],
    [{ redaction: { fields: [''] } }, '"redaction.fields.0": must not be empty'],
    [{ retry: { retries: 3 } }, '"retry.retries": is not a known option (check the spelling)'],
    [{ http: { connections: '2' } }, '"http.connections": must be an integer'],
    [{ buffer: { maxBufferedBytes: 10 } }, '"buffer.maxBufferedBytes": must be at least 1048576'],
    [{ resilience: {} }, '"resilience": must be a ResilienceOrchestrator or false'],
    [{ redaction: 'on' }, '"redaction": must be true, false or redaction options'],
    [{ redaction: { patterns: 'all' } }, '"redaction.patterns": must be true, false or an array'],
    [
      { redaction: { patterns: [{ name: 'order', regex: 'ORD-' }] } },
      '"redaction.patterns.0.regex": must be a RegExp',
    ],
    [{ redaction: { replacement: 0 } }, '"redaction.replacement": must be a string or a function'],
    [{ defaultRetentionDays: '30' }, '"defaultRetentionDays": must be a finite number'],
    [{ rateLimit: { burst: 5 } }, '"rateLimit.requestsPerSecond": is required'],
    [{ http: 'fast' }, '"http": must be an object'],
    [
      { redaction: { patterns: [{ name: 'order', regex: /ORD-\d+/ }] } },
      '"redaction.patterns.0.regex": must have the g flag',
    ],
  ])('words the problem with %j so it can be fixed', (extra, message) => {
    expect(() => parseConfig({ region: 'us-east-1', ...extra })).toThrow(message);
  });
});
