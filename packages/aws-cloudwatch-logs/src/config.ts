import type { CredentialsProvider } from '@integrations/aws-credentials';
import type { HttpTransport } from '@integrations/aws-json-rpc';
import type { Observability } from '@integrations/observability';
import type { ResilienceOrchestrator } from '@integrations/resilience';
import * as z from 'zod/mini';
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

const positiveInt = z.int().check(z.positive());
const intBetween = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
/** Node fires a timer longer than 2^31 - 1 ms (24.8 days) at once, so no duration may exceed it. */
const MAX_TIMER_MS = 2_147_483_647;
const positiveMs = intBetween(1, MAX_TIMER_MS);
const nonNegativeMs = intBetween(0, MAX_TIMER_MS);
const opt = z.optional;

function hasMethod(name: string) {
  return (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[name] === 'function';
}

const aFunction = <T>() =>
  z.custom<T>((value) => typeof value === 'function', { error: 'must be a function' });

/** `false` to turn a feature off, or an object of its settings. */
const offOr = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.union([z.literal(false), z.strictObject(shape)], {
    error: 'must be false or an object of settings',
  });

const isHttpUrl = (value: string | URL) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

const schema = z
  .strictObject({
    region: z
      .string({ error: 'is required: an AWS region such as "us-east-1"' })
      .check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an AWS region such as "us-east-1"')),
    credentials: opt(
      z.custom<CredentialsProvider>(hasMethod('getCredentials'), {
        error: 'must be a CredentialsProvider (an object with getCredentials())',
      }),
    ),
    endpoint: opt(
      z
        .union([z.string(), z.instanceof(URL)], { error: 'must be a URL or a URL string' })
        .check(z.refine(isHttpUrl, 'must be an absolute http:// or https:// URL')),
    ),
    useFipsEndpoint: opt(z.boolean()),
    useDualstackEndpoint: opt(z.boolean()),
    allowInsecureHttp: opt(z.boolean()),
    transport: opt(
      z.custom<HttpTransport>(hasMethod('send'), {
        error: 'must be an HttpTransport (an object with send())',
      }),
    ),
    http: opt(
      z.strictObject({
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
        requestsPerSecond: z.number().check(z.positive()),
        burst: opt(positiveInt),
      }),
    ),
    attemptTimeoutMs: opt(positiveMs),
    resilience: opt(
      z.union([
        z.literal(false),
        z.custom<ResilienceOrchestrator>(hasMethod('execute'), {
          error: 'must be a ResilienceOrchestrator or false',
        }),
      ]),
    ),
    observability: opt(
      z.custom<Observability>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          'logger' in value &&
          'metrics' in value &&
          'tracer' in value,
        { error: 'must be an Observability ({ logger, metrics, tracer })' },
      ),
    ),
    clock: opt(
      z.custom<Clock>(hasMethod('now'), { error: 'must be a Clock (an object with now())' }),
    ),
    buffer: opt(
      z.strictObject({
        maxBatchEvents: opt(intBetween(1, 10_000)),
        maxBatchBytes: opt(intBetween(1024, 1_048_576)),
        flushIntervalMs: opt(positiveMs),
        concurrency: opt(intBetween(1, 64)),
        maxBufferedBytes: opt(z.int().check(z.minimum(1_048_576))),
        overflow: opt(z.enum(['block', 'drop-oldest', 'drop-newest', 'error'])),
        oversized: opt(z.enum(['truncate', 'split', 'reject'])),
        autoCreate: opt(z.boolean()),
        closeTimeoutMs: opt(nonNegativeMs),
        onDropped: opt(aFunction<BufferConfig['onDropped']>()),
        onRejected: opt(aFunction<BufferConfig['onRejected']>()),
      }),
    ),
    redaction: opt(
      z.union(
        [
          z.boolean(),
          z.strictObject({
            patterns: opt(
              z.union([
                z.boolean(),
                z.array(
                  z.object({
                    name: z.string().check(z.minLength(1)),
                    regex: z
                      .instanceof(RegExp)
                      .check(z.refine((r) => r.global, 'must have the g flag')),
                    validate: opt(aFunction<(m: string) => boolean>()),
                  }),
                ),
              ]),
            ),
            fields: opt(z.array(z.string().check(z.minLength(1)))),
            replaceDefaults: opt(z.boolean()),
            replacement: opt(z.union([z.string(), aFunction<(kind: string) => string>()])),
          }),
        ],
        { error: 'must be true, false or redaction options' },
      ),
    ),
    defaultLogGroup: opt(z.string()),
    defaultRetentionDays: opt(
      z.number().check(
        z.refine((value) => (RETENTION_DAYS_VALUES as readonly number[]).includes(value), {
          error: `must be one of ${RETENTION_DAYS_VALUES.join(', ')} (see RetentionDays)`,
        }),
      ),
    ),
  })
  .check(
    z.superRefine((config, ctx) => {
      if (config.transport !== undefined && config.http !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['http'],
          message:
            'configures the default transport, so it cannot be given together with transport',
        });
      }
      if (config.resilience !== undefined) {
        for (const key of ['retry', 'circuitBreaker', 'rateLimit', 'attemptTimeoutMs'] as const) {
          if (config[key] !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message:
                'cannot be given together with resilience (configure the orchestrator instead)',
            });
          }
        }
      }
      if (
        config.rateLimit &&
        config.rateLimit.burst === undefined &&
        config.rateLimit.requestsPerSecond < 1
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['rateLimit', 'burst'],
          message: 'is required when requestsPerSecond is below 1',
        });
      }
      if (config.defaultLogGroup !== undefined) {
        try {
          checkLogGroupName(config.defaultLogGroup, 'defaultLogGroup');
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          ctx.addIssue({ code: 'custom', path: ['defaultLogGroup'], message: error.rule });
        }
      }
    }),
  );

/** The configuration once checked: what was given, unchanged. */
export type ResolvedConfig = CloudWatchLogsClientConfig;

/** Validates the configuration; the first problem becomes a `ConfigurationError` naming its field. */
export function parseConfig(config: unknown): ResolvedConfig {
  if (typeof config !== 'object' || config === null) {
    throw new ConfigurationError('config', 'must be an object with at least { region }');
  }
  const result = schema.safeParse(config, { error: describeIssue });
  if (result.success) return result.data as ResolvedConfig;
  const first = result.error.issues[0];
  if (first === undefined) throw new ConfigurationError('config', 'is invalid');
  const issue = innermost(first);
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    throw new ConfigurationError(
      [...path, key].join('.'),
      'is not a known option (check the spelling)',
    );
  }
  throw new ConfigurationError(path.length > 0 ? path.join('.') : 'config', issue.message);
}

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a finite number',
  boolean: 'true or false',
  string: 'a string',
  object: 'an object',
  array: 'an array',
};

/**
 * zod/mini carries no messages of its own ("Invalid input"), so every check without one
 * is worded here, in the voice of the ones above.
 */
function describeIssue(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      return issue.inclusive
        ? `must be at least ${issue.minimum}`
        : `must be greater than ${issue.minimum}`;
    case 'too_big':
      return issue.inclusive
        ? `must be at most ${issue.maximum}`
        : `must be less than ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return 'is invalid';
  }
}

/**
 * For `false | { ... }` options a bad object is reported as a failed union at the option;
 * the object branch's own issue names the field inside it.
 */
function innermost(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  for (const branch of issue.errors) {
    const nested = branch.find((candidate) => candidate.path.length > 0);
    if (nested !== undefined) {
      return innermost({ ...nested, path: [...issue.path, ...nested.path] } as Issue);
    }
  }
  return issue;
}
