import type { CredentialsProvider } from '@integrations/aws-credentials';
import type { HttpTransport } from '@integrations/aws-json-rpc';
import type { Observability } from '@integrations/observability';
import type { ResilienceOrchestrator } from '@integrations/resilience';
import * as v from 'valibot';
import type { BufferConfig } from './buffer/options.js';
import type { Clock } from './clock.js';
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

// The schema is valibot's, not zod's as ARCHITECTURE first said: building zod/mini's schema and
// its first parse cost about 11 ms of a fresh process (a third of the whole import), valibot's
// about 2.5 ms, and the client's import time is one of its benchmarked promises.
const int = (message?: string) => v.pipe(v.number(), v.integer(message));
const positiveInt = v.pipe(v.number(), v.integer(), v.gtValue(0));
const intBetween = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
/** Node fires a timer longer than 2^31 - 1 ms (24.8 days) at once, so no duration may exceed it. */
const MAX_TIMER_MS = 2_147_483_647;
const positiveMs = intBetween(1, MAX_TIMER_MS);
const nonNegativeMs = intBetween(0, MAX_TIMER_MS);
const opt = v.optional;

function hasMethod(name: string) {
  return (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[name] === 'function';
}

const aFunction = <T>() =>
  v.custom<T>((value) => typeof value === 'function', 'must be a function');

const oneOf = <const T extends readonly string[]>(values: T) =>
  v.picklist(values, `must be one of ${values.map((value) => JSON.stringify(value)).join(', ')}`);

/** `false` to turn a feature off, or an object of its settings. */
const offOr = <T extends v.ObjectEntries>(entries: T) =>
  v.union([v.literal(false), v.strictObject(entries)], 'must be false or an object of settings');

const isHttpUrl = (value: string | URL) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

const schema = v.strictObject({
  region: v.pipe(
    v.string('must be an AWS region such as "us-east-1"'),
    v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an AWS region such as "us-east-1"'),
  ),
  credentials: opt(
    v.custom<CredentialsProvider>(
      hasMethod('getCredentials'),
      'must be a CredentialsProvider (an object with getCredentials())',
    ),
  ),
  endpoint: opt(
    v.pipe(
      v.union([v.string(), v.instance(URL)], 'must be a URL or a URL string'),
      v.check(isHttpUrl, 'must be an absolute http:// or https:// URL'),
    ),
  ),
  useFipsEndpoint: opt(v.boolean()),
  useDualstackEndpoint: opt(v.boolean()),
  allowInsecureHttp: opt(v.boolean()),
  transport: opt(
    v.custom<HttpTransport>(hasMethod('send'), 'must be an HttpTransport (an object with send())'),
  ),
  http: opt(
    v.strictObject({
      connections: opt(positiveInt),
      keepAliveTimeoutMs: opt(positiveMs),
      connectTimeoutMs: opt(positiveMs),
      requestTimeoutMs: opt(positiveMs),
    }),
  ),
  retry: opt(
    offOr({
      maxAttempts: opt(intBetween(1, 100)),
      baseDelayMs: opt(nonNegativeMs),
      throttleBaseDelayMs: opt(nonNegativeMs),
      maxDelayMs: opt(nonNegativeMs),
      maxTotalTimeMs: opt(positiveMs),
    }),
  ),
  circuitBreaker: opt(
    offOr({
      failureThreshold: opt(positiveInt),
      coolDownMs: opt(positiveMs),
      halfOpenMaxProbes: opt(positiveInt),
    }),
  ),
  rateLimit: opt(
    offOr({
      requestsPerSecond: v.pipe(v.number(), v.finite(), v.gtValue(0)),
      burst: opt(positiveInt),
    }),
  ),
  attemptTimeoutMs: opt(positiveMs),
  resilience: opt(
    v.union(
      [v.literal(false), v.custom<ResilienceOrchestrator>(hasMethod('execute'))],
      'must be a ResilienceOrchestrator or false',
    ),
  ),
  observability: opt(
    v.custom<Observability>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        'logger' in value &&
        'metrics' in value &&
        'tracer' in value,
      'must be an Observability ({ logger, metrics, tracer })',
    ),
  ),
  clock: opt(v.custom<Clock>(hasMethod('now'), 'must be a Clock (an object with now())')),
  buffer: opt(
    v.strictObject({
      maxBatchEvents: opt(intBetween(1, 10_000)),
      maxBatchBytes: opt(intBetween(1024, 1_048_576)),
      flushIntervalMs: opt(positiveMs),
      concurrency: opt(intBetween(1, 64)),
      maxBufferedBytes: opt(v.pipe(int(), v.minValue(1_048_576))),
      overflow: opt(oneOf(['block', 'drop-oldest', 'drop-newest', 'error'])),
      oversized: opt(oneOf(['truncate', 'split', 'reject'])),
      autoCreate: opt(v.boolean()),
      closeTimeoutMs: opt(nonNegativeMs),
      onDropped: opt(aFunction<BufferConfig['onDropped']>()),
      onRejected: opt(aFunction<BufferConfig['onRejected']>()),
    }),
  ),
  redaction: opt(
    v.union(
      [
        v.boolean(),
        v.strictObject({
          patterns: opt(
            v.union([
              v.boolean(),
              v.array(
                v.object({
                  name: v.pipe(v.string(), v.minLength(1)),
                  regex: v.pipe(
                    v.instance(RegExp),
                    v.check((r) => r.global, 'must have the g flag'),
                  ),
                  validate: opt(aFunction<(m: string) => boolean>()),
                }),
              ),
            ]),
          ),
          fields: opt(v.array(v.pipe(v.string(), v.minLength(1)))),
          replaceDefaults: opt(v.boolean()),
          replacement: opt(v.union([v.string(), aFunction<(kind: string) => string>()])),
        }),
      ],
      'must be true, false or redaction options',
    ),
  ),
  defaultLogGroup: opt(v.string()),
  defaultRetentionDays: opt(
    v.pipe(
      v.number(),
      v.check(
        (value) => (RETENTION_DAYS_VALUES as readonly number[]).includes(value),
        `must be one of ${RETENTION_DAYS_VALUES.join(', ')} (see RetentionDays)`,
      ),
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
  const result = v.safeParse(schema, config, { abortEarly: true, message: describeIssue });
  if (!result.success) {
    const issue = innermost(result.issues[0]);
    const path = (issue.path ?? []).map((item) => String(item.key));
    throw new ConfigurationError(path.length > 0 ? path.join('.') : 'config', issue.message);
  }
  const problem = crossFieldProblem(config as CloudWatchLogsClientConfig);
  if (problem) throw problem;
  return config as ResolvedConfig;
}

type Issue = v.BaseIssue<unknown>;

const REQUIRED: Record<string, string> = {
  region: 'is required: an AWS region such as "us-east-1"',
};

const TYPE_NAMES: Record<string, string> = {
  number: 'a finite number',
  boolean: 'true or false',
  string: 'a string',
  object: 'an object',
  strict_object: 'an object',
  array: 'an array',
};

/** Every check the schema gives no message of its own is worded here, in the voice of the others. */
function describeIssue(issue: Issue): string {
  switch (issue.type) {
    case 'strict_object':
      if (issue.expected === 'never') return 'is not a known option (check the spelling)';
      if (issue.input === undefined && issue.path !== undefined) {
        return REQUIRED[String(issue.path.at(-1)?.key)] ?? 'is required';
      }
      return 'must be an object';
    case 'integer':
      return 'must be an integer';
    case 'finite':
      return 'must be a finite number';
    case 'min_length':
      return 'must not be empty';
    case 'min_value':
      return `must be at least ${issue.requirement}`;
    case 'max_value':
      return `must be at most ${issue.requirement}`;
    case 'gt_value':
      return `must be greater than ${issue.requirement}`;
    default:
      return TYPE_NAMES[issue.type] ? `must be ${TYPE_NAMES[issue.type]}` : 'is invalid';
  }
}

/**
 * For `false | { ... }` options a bad object is reported as a failed union at the option;
 * the object branch's own issue names the field inside it.
 */
function innermost(issue: Issue): Issue {
  if (issue.type !== 'union' || issue.issues === undefined) return issue;
  // A branch's issues carry paths from the union's value, not from the configuration's root.
  const nested = issue.issues.find((candidate) => (candidate.path?.length ?? 0) > 0);
  if (nested === undefined) return issue;
  return innermost({ ...nested, path: [...(issue.path ?? []), ...(nested.path ?? [])] } as Issue);
}
