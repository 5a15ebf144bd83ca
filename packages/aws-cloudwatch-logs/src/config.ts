import type { CredentialsProvider } from '@integrations/aws-credentials';
import type { HttpTransport } from '@integrations/aws-json-rpc';
import type { Observability } from '@integrations/observability';
import type { ResilienceOrchestrator } from '@integrations/resilience';
import type { BufferConfig } from './buffer/options.js';
import type { Clock } from './clock.js';
import {
  aFunction,
  all,
  arrayOf,
  boolean,
  check,
  finiteNumber,
  hasMethod,
  integer,
  literalOrObject,
  nonEmptyString,
  object,
  oneOf,
  positiveInteger,
  problem,
  required,
  string,
} from './config-rules.js';
import { ConfigurationError, ValidationError } from './errors.js';
import type { RedactionOptions } from './redaction/redactor.js';
import { RETENTION_DAYS_VALUES, type RetentionDays } from './retention-days.js';
import { checkLogGroupName } from './validation.js';

export interface HttpConfig {
  /** Sockets kept per origin. */
  connections?: number;
  keepAliveTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Time allowed for the whole response of one attempt. */
  requestTimeoutMs?: number;
}

export interface RetryConfig {
  /** Attempts in all, the first included. Default 3, as the AWS SDKs. */
  maxAttempts?: number;
  /** Base of the exponential backoff for transient errors. */
  baseDelayMs?: number;
  /** Base of the backoff after throttling. */
  throttleBaseDelayMs?: number;
  /** No wait between attempts is longer. */
  maxDelayMs?: number;
  /** Budget for one call, retries included. */
  maxTotalTimeMs?: number;
}

export interface CircuitBreakerConfig {
  /** Consecutive failures that open the circuit. */
  failureThreshold?: number;
  /** How long an open circuit fails calls fast before letting a probe through. */
  coolDownMs?: number;
  halfOpenMaxProbes?: number;
}

export interface RateLimitConfig {
  /** Requests per second this client sends at most, on average. */
  requestsPerSecond: number;
  /** Requests that may go at once after a quiet period. Default: `requestsPerSecond`. */
  burst?: number;
}

export interface CloudWatchLogsClientConfig {
  /** AWS region, e.g. `us-east-1`. Required (`createCloudWatchLogsClientFromEnv` reads `AWS_REGION`). */
  region: string;
  /** Where credentials come from. Default: the AWS SDKs' default provider chain. */
  credentials?: CredentialsProvider;
  /** A custom endpoint (an emulator, a VPC endpoint). Default: resolved from the region. */
  endpoint?: string | URL;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  /** Allow `http://` to a non-loopback endpoint. Default `false`. */
  allowInsecureHttp?: boolean;
  /** How requests travel. Default: a node:http keep-alive pool configured by `http`. */
  transport?: HttpTransport;
  /** Settings of the default transport; not allowed together with `transport`. */
  http?: HttpConfig;
  /** Retry settings, or `false` for a single attempt. */
  retry?: RetryConfig | false;
  /** Circuit breaker settings, or `false` (the default) for none. */
  circuitBreaker?: CircuitBreakerConfig | false;
  /** Client-side rate limit, or `false` (the default) for none. */
  rateLimit?: RateLimitConfig | false;
  /** Time limit of one attempt; a slower attempt is aborted and may be retried. */
  attemptTimeoutMs?: number;
  /**
   * A ready orchestrator replacing `retry`, `circuitBreaker`, `rateLimit` and
   * `attemptTimeoutMs`, or `false` for none at all.
   */
  resilience?: ResilienceOrchestrator | false;
  /** Logger, metrics and tracer for every call. Default: no-op. */
  observability?: Observability;
  /** Time source for validation (the 14-day / 2-hour event window) and signing. */
  clock?: Clock;
  /** The batch buffer behind `events.putStructured`, `events.putBuffered` and `logger()`. */
  buffer?: BufferConfig;
  /** Redact PII from structured events before they are written: `true` for the defaults. Default off. */
  redaction?: RedactionOptions | boolean;
  /** The log group used when a later call (e.g. `client.logger()`) names none. */
  defaultLogGroup?: string;
  /** Retention applied to every log group this client creates. */
  defaultRetentionDays?: RetentionDays;
}

/** Node fires a timer longer than 2^31 - 1 ms (24.8 days) at once, so no duration may exceed it. */
const MAX_TIMER_MS = 2_147_483_647;
const positiveMs = integer(1, MAX_TIMER_MS);
const nonNegativeMs = integer(0, MAX_TIMER_MS);
const SETTINGS_OR_FALSE = 'must be false or an object of settings';

const isHttpUrl = (value: unknown) => {
  try {
    const url = new URL(value as string | URL);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

const redactionPattern = object(
  {
    name: nonEmptyString,
    regex: all(
      check((value) => value instanceof RegExp, 'must be a RegExp'),
      check((value) => (value as RegExp).global, 'must have the g flag'),
    ),
    validate: aFunction,
  },
  { allowUnknown: true },
);

const rules = object({
  region: required(
    all(
      check((value) => typeof value === 'string', 'must be an AWS region such as "us-east-1"'),
      check(
        (value) => /^[a-z0-9][a-z0-9-]{0,62}$/.test(value as string),
        'must be an AWS region such as "us-east-1"',
      ),
    ),
    'is required: an AWS region such as "us-east-1"',
  ),
  credentials: check(
    hasMethod('getCredentials'),
    'must be a CredentialsProvider (an object with getCredentials())',
  ),
  endpoint: all(
    check(
      (value) => typeof value === 'string' || value instanceof URL,
      'must be a URL or a URL string',
    ),
    check(isHttpUrl, 'must be an absolute http:// or https:// URL'),
  ),
  useFipsEndpoint: boolean,
  useDualstackEndpoint: boolean,
  allowInsecureHttp: boolean,
  transport: check(hasMethod('send'), 'must be an HttpTransport (an object with send())'),
  http: object({
    connections: positiveInteger,
    keepAliveTimeoutMs: positiveMs,
    connectTimeoutMs: positiveMs,
    requestTimeoutMs: positiveMs,
  }),
  retry: literalOrObject(
    [false],
    object({
      maxAttempts: integer(1, 100),
      baseDelayMs: nonNegativeMs,
      throttleBaseDelayMs: nonNegativeMs,
      maxDelayMs: nonNegativeMs,
      maxTotalTimeMs: positiveMs,
    }),
    SETTINGS_OR_FALSE,
  ),
  circuitBreaker: literalOrObject(
    [false],
    object({
      failureThreshold: positiveInteger,
      coolDownMs: positiveMs,
      halfOpenMaxProbes: positiveInteger,
    }),
    SETTINGS_OR_FALSE,
  ),
  rateLimit: literalOrObject(
    [false],
    object({ requestsPerSecond: required(finiteNumber(0)), burst: positiveInteger }),
    SETTINGS_OR_FALSE,
  ),
  attemptTimeoutMs: positiveMs,
  resilience: check(
    (value) => value === false || hasMethod('execute')(value),
    'must be a ResilienceOrchestrator or false',
  ),
  observability: check(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      'logger' in value &&
      'metrics' in value &&
      'tracer' in value,
    'must be an Observability ({ logger, metrics, tracer })',
  ),
  clock: check(hasMethod('now'), 'must be a Clock (an object with now())'),
  buffer: object({
    maxBatchEvents: integer(1, 10_000),
    maxBatchBytes: integer(1024, 1_048_576),
    flushIntervalMs: positiveMs,
    concurrency: integer(1, 64),
    maxBufferedBytes: integer(1_048_576),
    overflow: oneOf(['block', 'drop-oldest', 'drop-newest', 'error']),
    oversized: oneOf(['truncate', 'split', 'reject']),
    autoCreate: boolean,
    closeTimeoutMs: nonNegativeMs,
    onDropped: aFunction,
    onRejected: aFunction,
  }),
  redaction: literalOrObject(
    [true, false],
    object({
      patterns: (value) =>
        typeof value === 'boolean'
          ? undefined
          : Array.isArray(value)
            ? arrayOf(redactionPattern)(value)
            : problem('must be true, false or an array of patterns'),
      fields: arrayOf(nonEmptyString),
      replaceDefaults: boolean,
      replacement: check(
        (value) => typeof value === 'string' || typeof value === 'function',
        'must be a string or a function',
      ),
    }),
    'must be true, false or redaction options',
  ),
  defaultLogGroup: string,
  defaultRetentionDays: all(
    finiteNumber(),
    check(
      (value) => (RETENTION_DAYS_VALUES as readonly unknown[]).includes(value),
      `must be one of ${RETENTION_DAYS_VALUES.join(', ')} (see RetentionDays)`,
    ),
  ),
});

/** What the schema cannot see field by field: options that exclude or require one another. */
function crossFieldProblem(config: CloudWatchLogsClientConfig): ConfigurationError | undefined {
  if (config.transport !== undefined && config.http !== undefined) {
    return new ConfigurationError(
      'http',
      'configures the default transport, so it cannot be given together with transport',
    );
  }
  if (config.resilience !== undefined) {
    for (const key of ['retry', 'circuitBreaker', 'rateLimit', 'attemptTimeoutMs'] as const) {
      if (config[key] !== undefined) {
        return new ConfigurationError(
          key,
          'cannot be given together with resilience (configure the orchestrator instead)',
        );
      }
    }
  }
  if (
    config.rateLimit &&
    config.rateLimit.burst === undefined &&
    config.rateLimit.requestsPerSecond < 1
  ) {
    return new ConfigurationError(
      'rateLimit.burst',
      'is required when requestsPerSecond is below 1',
    );
  }
  if (config.defaultLogGroup !== undefined) {
    try {
      checkLogGroupName(config.defaultLogGroup, 'defaultLogGroup');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return new ConfigurationError('defaultLogGroup', error.rule);
    }
  }
  return undefined;
}

/** The configuration once checked: what was given, unchanged. */
export type ResolvedConfig = CloudWatchLogsClientConfig;

/** Validates the configuration; the first problem becomes a `ConfigurationError` naming its field. */
export function parseConfig(config: unknown): ResolvedConfig {
  if (typeof config !== 'object' || config === null) {
    throw new ConfigurationError('config', 'must be an object with at least { region }');
  }
  const found = rules(config);
  if (found) {
    const field = found.path.length > 0 ? found.path.join('.') : 'config';
    throw new ConfigurationError(field, found.message);
  }
  const problem = crossFieldProblem(config as CloudWatchLogsClientConfig);
  if (problem) throw problem;
  return config as ResolvedConfig;
}
