import {
  classifyAwsError,
  createAwsJsonRpcClient,
  createNodeHttpTransport,
  type HttpTransport,
  isAwsServiceFailure,
  resolveEndpoint,
} from '@integrations/aws-json-rpc';
import {
  createCircuitBreaker,
  createRateLimiter,
  type ErrorClassifier,
  ResilienceOrchestrator,
} from '@integrations/resilience';
import type { BufferConfig } from './buffer/options.js';
import { type CloudWatchLogsClient, createClientOnCaller } from './client.js';
import { systemClock } from './clock.js';
import { type CloudWatchLogsClientConfig, parseConfig, type ResolvedConfig } from './config.js';
import { lazyDefaultCredentials } from './default-credentials.js';
import { ConfigurationError } from './errors.js';
import type { RedactionOptions } from './redaction/redactor.js';
import { isRetentionDays, type RetentionDays } from './retention-days.js';

/** CloudWatch Logs' JSON protocol target prefix (API version 2014-03-28). */
const TARGET_PREFIX = 'Logs_20140328';

type Env = Record<string, string | undefined>;

// The protocol client passes a classifier that knows each call's idempotency to every
// execute(); this conservative one (retry only what provably was not applied) stands in
// where the orchestrator's options require one.
const conservative: ErrorClassifier = (error) => classifyAwsError(error);
const neverRetry: ErrorClassifier = () => ({ action: 'fail' });

function resolveEndpointOrThrow(config: ResolvedConfig, env: Env): URL {
  try {
    return resolveEndpoint({
      service: 'logs',
      envServiceId: 'CLOUDWATCH_LOGS',
      region: config.region,
      ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
      ...(config.useFipsEndpoint !== undefined ? { useFipsEndpoint: config.useFipsEndpoint } : {}),
      ...(config.useDualstackEndpoint !== undefined
        ? { useDualstackEndpoint: config.useDualstackEndpoint }
        : {}),
      ...(config.allowInsecureHttp !== undefined
        ? { allowInsecureHttp: config.allowInsecureHttp }
        : {}),
      env,
    });
  } catch (error) {
    const option = (error as { option?: unknown }).option;
    if (error instanceof Error && typeof option === 'string') {
      throw new ConfigurationError(option, error.message);
    }
    throw error;
  }
}

function buildResilience(config: ResolvedConfig): ResilienceOrchestrator | false | undefined {
  if (config.resilience !== undefined) return config.resilience;
  const { retry, circuitBreaker, rateLimit, attemptTimeoutMs } = config;
  if (
    retry === undefined &&
    circuitBreaker === undefined &&
    rateLimit === undefined &&
    attemptTimeoutMs === undefined
  ) {
    // The protocol client's default: the AWS SDKs' standard retry mode.
    return undefined;
  }
  const clock = config.clock ?? systemClock;
  return new ResilienceOrchestrator({
    clock,
    retry:
      retry === false
        ? { maxAttempts: 1, classifier: neverRetry }
        : { ...retry, classifier: conservative },
    ...(circuitBreaker
      ? {
          // Only the service or the network failing counts: a refusal (not found, already
          // exists, validation) proves the service healthy and must not open the circuit.
          circuitBreaker: createCircuitBreaker({
            ...circuitBreaker,
            clock,
            isFailure: isAwsServiceFailure,
          }),
        }
      : {}),
    ...(rateLimit
      ? {
          rateLimiter: createRateLimiter({
            ratePerSecond: rateLimit.requestsPerSecond,
            burst: rateLimit.burst ?? Math.max(1, Math.floor(rateLimit.requestsPerSecond)),
            clock,
          }),
        }
      : {}),
    ...(attemptTimeoutMs !== undefined ? { attemptTimeoutMs } : {}),
  });
}

function build(config: CloudWatchLogsClientConfig, env: Env): CloudWatchLogsClient {
  const resolved = parseConfig(config);
  const clock = resolved.clock ?? systemClock;
  const endpoint = resolveEndpointOrThrow(resolved, env);
  // A transport the user passes in stays theirs to close; the one created here is closed by close().
  const transport: HttpTransport =
    resolved.transport ?? createNodeHttpTransport({ ...resolved.http });
  const resilience = buildResilience(resolved);
  const rpc = createAwsJsonRpcClient({
    targetPrefix: TARGET_PREFIX,
    signingName: 'logs',
    endpoint,
    region: resolved.region,
    credentials: resolved.credentials ?? lazyDefaultCredentials({ env, clock: () => clock.now() }),
    transport,
    closeTransport: resolved.transport === undefined,
    ...(resolved.allowInsecureHttp !== undefined
      ? { allowInsecureHttp: resolved.allowInsecureHttp }
      : {}),
    ...(resilience !== undefined ? { resilience } : {}),
    ...(resolved.observability !== undefined ? { observability: resolved.observability } : {}),
    clock,
  });
  return createClientOnCaller(
    {
      call: (operation, input, options) => rpc.call(operation, input, options),
      close: () => rpc.close(),
    },
    {
      region: resolved.region,
      defaultLogGroup: resolved.defaultLogGroup,
      defaultRetentionDays: resolved.defaultRetentionDays,
    },
    clock,
    {
      ...(resolved.buffer !== undefined ? { buffer: resolved.buffer as BufferConfig } : {}),
      ...(resolved.redaction !== undefined
        ? { redaction: resolved.redaction as RedactionOptions | boolean }
        : {}),
      ...(resolved.observability !== undefined ? { metrics: resolved.observability.metrics } : {}),
    },
  );
}

/**
 * Creates a CloudWatch Logs client. The configuration is validated at once: a bad value
 * throws `ConfigurationError` naming the field. Endpoint overrides from the environment
 * (`AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`, `AWS_ENDPOINT_URL`) apply as in the AWS SDKs unless an
 * `endpoint` is given.
 */
export function createCloudWatchLogsClient(
  config: CloudWatchLogsClientConfig,
): CloudWatchLogsClient {
  return build(config, process.env);
}

export interface FromEnvOptions extends Partial<CloudWatchLogsClientConfig> {
  /** Where to read the variables. Default `process.env`. */
  env?: Env;
}

function envBoolean(env: Env, name: string): boolean | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new ConfigurationError(name, `must be "true" or "false", not ${JSON.stringify(raw)}`);
}

function envInteger(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) {
    throw new ConfigurationError(name, `must be a whole number, not ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/**
 * Creates a client configured the way the AWS SDKs read the environment:
 *
 * - `AWS_REGION`, else `AWS_DEFAULT_REGION`: the region (required);
 * - credentials from the default provider chain (`AWS_ACCESS_KEY_ID`…, `AWS_PROFILE`, SSO,
 *   web identity, container and instance metadata);
 * - `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`, `AWS_ENDPOINT_URL`: endpoint overrides;
 * - `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`: endpoint variants;
 * - `AWS_MAX_ATTEMPTS`: attempts per call, the first included;
 * - `CLOUDWATCH_LOGS_DEFAULT_LOG_GROUP`, `CLOUDWATCH_LOGS_DEFAULT_RETENTION_DAYS`: defaults.
 *
 * Options given here win over the environment.
 */
export function createCloudWatchLogsClientFromEnv(
  options: FromEnvOptions = {},
): CloudWatchLogsClient {
  const { env = process.env, ...overrides } = options;
  const region = env['AWS_REGION']?.trim() || env['AWS_DEFAULT_REGION']?.trim() || undefined;
  if (overrides.region === undefined && region === undefined) {
    throw new ConfigurationError(
      'region',
      'is not set: set AWS_REGION (or AWS_DEFAULT_REGION), or pass { region }',
    );
  }
  const maxAttempts = envInteger(env, 'AWS_MAX_ATTEMPTS');
  const retentionDays = envInteger(env, 'CLOUDWATCH_LOGS_DEFAULT_RETENTION_DAYS');
  if (retentionDays !== undefined && !isRetentionDays(retentionDays)) {
    throw new ConfigurationError(
      'CLOUDWATCH_LOGS_DEFAULT_RETENTION_DAYS',
      `must be one of the values of RetentionDays, not ${retentionDays}`,
    );
  }
  const fromEnv: Partial<CloudWatchLogsClientConfig> = {};
  if (region !== undefined) fromEnv.region = region;
  const fips = envBoolean(env, 'AWS_USE_FIPS_ENDPOINT');
  if (fips !== undefined) fromEnv.useFipsEndpoint = fips;
  const dualstack = envBoolean(env, 'AWS_USE_DUALSTACK_ENDPOINT');
  if (dualstack !== undefined) fromEnv.useDualstackEndpoint = dualstack;
  if (maxAttempts !== undefined && overrides.resilience === undefined) {
    fromEnv.retry = { maxAttempts };
  }
  const group = env['CLOUDWATCH_LOGS_DEFAULT_LOG_GROUP']?.trim();
  if (group) fromEnv.defaultLogGroup = group;
  if (retentionDays !== undefined) fromEnv.defaultRetentionDays = retentionDays as RetentionDays;

  const config = { ...fromEnv, ...overrides } as CloudWatchLogsClientConfig;
  if (overrides.retry !== undefined) config.retry = overrides.retry;
  else if (overrides.resilience !== undefined) delete config.retry;
  return build(config, env);
}
