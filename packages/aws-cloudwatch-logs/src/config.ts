import type { CredentialsProvider } from '@integrations/aws-credentials';
import type { HttpTransport } from '@integrations/aws-json-rpc';
import type { Observability } from '@integrations/observability';
import type { ResilienceOrchestrator } from '@integrations/resilience';
import { z } from 'zod';
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
  /** How requests travel. Default: an undici connection pool configured by `http`. */
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

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

function hasMethod(name: string) {
  return (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[name] === 'function';
}

const schema = z
  .strictObject({
    region: z
      .string({ error: 'is required: an AWS region such as "us-east-1"' })
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an AWS region such as "us-east-1"'),
    credentials: z
      .custom<CredentialsProvider>(hasMethod('getCredentials'), {
        error: 'must be a CredentialsProvider (an object with getCredentials())',
      })
      .optional(),
    endpoint: z
      .union([z.string(), z.instanceof(URL)], { error: 'must be a URL or a URL string' })
      .refine((value) => {
        try {
          const url = new URL(value);
          return url.protocol === 'https:' || url.protocol === 'http:';
        } catch {
          return false;
        }
      }, 'must be an absolute http:// or https:// URL')
      .optional(),
    useFipsEndpoint: z.boolean().optional(),
    useDualstackEndpoint: z.boolean().optional(),
    allowInsecureHttp: z.boolean().optional(),
    transport: z
      .custom<HttpTransport>(hasMethod('send'), {
        error: 'must be an HttpTransport (an object with send())',
      })
      .optional(),
    http: z
      .strictObject({
        connections: positiveInt.optional(),
        keepAliveTimeoutMs: positiveInt.optional(),
        connectTimeoutMs: positiveInt.optional(),
        requestTimeoutMs: positiveInt.optional(),
      })
      .optional(),
    retry: z
      .union(
        [
          z.literal(false),
          z.strictObject({
            maxAttempts: z.number().int().min(1).max(100).optional(),
            baseDelayMs: nonNegativeInt.optional(),
            throttleBaseDelayMs: nonNegativeInt.optional(),
            maxDelayMs: nonNegativeInt.optional(),
            maxTotalTimeMs: positiveInt.optional(),
          }),
        ],
        { error: 'must be false or an object of settings' },
      )
      .optional(),
    circuitBreaker: z
      .union(
        [
          z.literal(false),
          z.strictObject({
            failureThreshold: positiveInt.optional(),
            coolDownMs: positiveInt.optional(),
            halfOpenMaxProbes: positiveInt.optional(),
          }),
        ],
        { error: 'must be false or an object of settings' },
      )
      .optional(),
    rateLimit: z
      .union(
        [
          z.literal(false),
          z.strictObject({
            requestsPerSecond: z.number().positive().finite(),
            burst: positiveInt.optional(),
          }),
        ],
        { error: 'must be false or an object of settings' },
      )
      .optional(),
    attemptTimeoutMs: positiveInt.optional(),
    resilience: z
      .union([
        z.literal(false),
        z.custom<ResilienceOrchestrator>(hasMethod('execute'), {
          error: 'must be a ResilienceOrchestrator or false',
        }),
      ])
      .optional(),
    observability: z
      .custom<Observability>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          'logger' in value &&
          'metrics' in value &&
          'tracer' in value,
        { error: 'must be an Observability ({ logger, metrics, tracer })' },
      )
      .optional(),
    clock: z
      .custom<Clock>(hasMethod('now'), { error: 'must be a Clock (an object with now())' })
      .optional(),
    buffer: z
      .strictObject({
        maxBatchEvents: z.number().int().min(1).max(10_000).optional(),
        maxBatchBytes: z.number().int().min(1024).max(1_048_576).optional(),
        flushIntervalMs: positiveInt.optional(),
        concurrency: z.number().int().min(1).max(64).optional(),
        maxBufferedBytes: z.number().int().min(1_048_576).optional(),
        overflow: z.enum(['block', 'drop-oldest', 'drop-newest', 'error']).optional(),
        oversized: z.enum(['truncate', 'split', 'reject']).optional(),
        autoCreate: z.boolean().optional(),
        closeTimeoutMs: nonNegativeInt.optional(),
        onDropped: z
          .custom<BufferConfig['onDropped']>((v) => typeof v === 'function', {
            error: 'must be a function',
          })
          .optional(),
        onRejected: z
          .custom<BufferConfig['onRejected']>((v) => typeof v === 'function', {
            error: 'must be a function',
          })
          .optional(),
      })
      .optional(),
    redaction: z
      .union(
        [
          z.boolean(),
          z.strictObject({
            patterns: z
              .union([
                z.boolean(),
                z.array(
                  z.object({
                    name: z.string().min(1),
                    regex: z.instanceof(RegExp).refine((r) => r.global, 'must have the g flag'),
                    validate: z
                      .custom<(m: string) => boolean>((v) => typeof v === 'function')
                      .optional(),
                  }),
                ),
              ])
              .optional(),
            fields: z.array(z.string().min(1)).optional(),
            replaceDefaults: z.boolean().optional(),
            replacement: z
              .union([
                z.string(),
                z.custom<(kind: string) => string>((v) => typeof v === 'function'),
              ])
              .optional(),
          }),
        ],
        { error: 'must be true, false or redaction options' },
      )
      .optional(),
    defaultLogGroup: z.string().optional(),
    defaultRetentionDays: z
      .number()
      .refine((value) => (RETENTION_DAYS_VALUES as readonly number[]).includes(value), {
        error: `must be one of ${RETENTION_DAYS_VALUES.join(', ')} (see RetentionDays)`,
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    if (config.transport !== undefined && config.http !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['http'],
        message: 'configures the default transport, so it cannot be given together with transport',
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
  });

export type ResolvedConfig = z.infer<typeof schema> & {
  defaultRetentionDays?: RetentionDays;
};

/** Validates the configuration; the first problem becomes a `ConfigurationError` naming its field. */
export function parseConfig(config: unknown): ResolvedConfig {
  if (typeof config !== 'object' || config === null) {
    throw new ConfigurationError('config', 'must be an object with at least { region }');
  }
  const result = schema.safeParse(config);
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
