import type { CredentialsProvider } from '@integrations/aws-credentials';
import type { Observability, Span, Tags } from '@integrations/observability';
import { type Clock, ResilienceOrchestrator, systemClock } from '@integrations/resilience';
import { version as PACKAGE_VERSION } from '../package.json';
import { classifyAwsError } from './classify.js';
import { ClockSkewCorrector } from './clock-skew.js';
import {
  createErrorCodeTable,
  decodeErrorResponse,
  type ErrorCodeOptions,
  requestIdOf,
} from './decode-error.js';
import { checkUrl } from './endpoint.js';
import { AwsClientClosedError, AwsJsonRpcConfigurationError, AwsServiceError } from './errors.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport.js';
import { loadObservability, loadSigning } from './lazy-import.js';
import { createNodeHttpTransport } from './node-http-transport.js';

export interface AwsJsonRpcClientOptions extends ErrorCodeOptions {
  /** The service's target prefix, e.g. `Logs_20140328`. */
  targetPrefix: string;
  /** The SigV4 signing name, e.g. `logs`. */
  signingName: string;
  /** Where to send requests, usually from `resolveEndpoint`. */
  endpoint: URL | string;
  region: string;
  credentials: CredentialsProvider;
  /** Default: a new `createNodeHttpTransport()`, closed by `close()`. */
  transport?: HttpTransport;
  /**
   * Whether `close()` closes the transport. Default: only when the client created it (a transport
   * you pass in is yours to close).
   */
  closeTransport?: boolean;
  /**
   * Retries and more. Default: up to 3 attempts with the AWS classifier (see `classifyAwsError`);
   * `false`: one attempt. The per-call classifier always replaces the orchestrator's, so that
   * `idempotent` is honoured.
   */
  resilience?: ResilienceOrchestrator | false;
  /** Default: no-op. */
  observability?: Partial<Observability>;
  /** Signing time and latency. Default: the system clock. */
  clock?: Clock;
  /** Appended to the `User-Agent` header. */
  userAgent?: string;
  /** The AWS JSON protocol version of the service. Default `1.1`. */
  jsonVersion?: '1.0' | '1.1';
  /** The service name in spans and metrics (`rpc.service`). Default: `signingName`. */
  serviceName?: string;
  /** Accept a non-loopback `http://` endpoint. Default `false`. */
  allowInsecureHttp?: boolean;
  /**
   * Learn the clock offset from clock-skew refusals and sign with corrected time. Default `true`.
   */
  correctClockSkew?: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * The caller consents to retrying failures after which the request may have been applied
   * (a 500, a reset after the body was sent, a response timeout): the operation is idempotent or
   * a duplicate is harmless. Default `false`.
   */
  idempotent?: boolean;
}

/** What a call's response was, beyond its output. */
export interface ResponseMetadata {
  /** `x-amzn-RequestId` of the response. */
  requestId?: string;
  httpStatusCode: number;
  /** HTTP requests made, retries included. */
  attempts: number;
}

/** An operation's output with its response metadata as a non-enumerable `$metadata`. */
export type CallOutput<TOutput> = TOutput & { readonly $metadata: ResponseMetadata };

export interface AwsJsonRpcClient {
  /**
   * Calls `operation` with `input` (serialized as the JSON body) and resolves with the parsed
   * output; `$metadata` (non-enumerable, so it stays out of JSON and spreads) carries the request
   * id. Rejects with `AwsServiceError`, `AwsNetworkError`, `AwsRequestTimeoutError`, the
   * credentials provider's error, the resilience package's `CircuitOpenError` or
   * `RateLimitExceededError`, or the signal's reason when aborted.
   */
  call<TOutput = Record<string, unknown>>(
    operation: string,
    input?: unknown,
    options?: CallOptions,
  ): Promise<CallOutput<TOutput>>;
  /** The learnt offset of AWS's clock from this machine's, in milliseconds. */
  readonly clockOffsetMs: number;
  /** Fails later calls and closes the transport if the client owns it. Idempotent. */
  close(): Promise<void>;
}

const OPERATION = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
const TARGET_PREFIX = /^[A-Za-z0-9_.-]{1,128}$/;

function required(name: string, value: unknown, pattern?: RegExp, hint?: string): string {
  if (
    typeof value !== 'string' ||
    value === '' ||
    (pattern !== undefined && !pattern.test(value))
  ) {
    throw new AwsJsonRpcConfigurationError(name, value, hint ?? 'a non-empty string is required');
  }
  return value;
}

/**
 * Creates a client for one AWS JSON service: each `call` serializes the input, signs it with
 * SigV4 using fresh credentials, sends it through the transport with retries by the resilience
 * orchestrator, corrects clock skew, decodes errors, and records a span and metrics.
 */
export function createAwsJsonRpcClient(options: AwsJsonRpcClientOptions): AwsJsonRpcClient {
  if (typeof options !== 'object' || options === null) {
    throw new AwsJsonRpcConfigurationError('options', options, 'an options object is required');
  }
  const targetPrefix = required(
    'targetPrefix',
    options.targetPrefix,
    TARGET_PREFIX,
    'expected the service target prefix, e.g. "Logs_20140328"',
  );
  const signingName = required(
    'signingName',
    options.signingName,
    /^[a-z0-9-]{1,64}$/,
    'expected the SigV4 signing name, e.g. "logs"',
  );
  const region = required(
    'region',
    options.region,
    /^[a-z0-9-]{1,64}$/,
    'expected a region such as "us-east-1"',
  );
  if (
    typeof options.credentials !== 'object' ||
    options.credentials === null ||
    typeof options.credentials.getCredentials !== 'function'
  ) {
    throw new AwsJsonRpcConfigurationError(
      'credentials',
      options.credentials,
      'expected a CredentialsProvider (e.g. defaultCredentialsProvider() or fromStatic(...))',
    );
  }
  if (options.endpoint === undefined) {
    throw new AwsJsonRpcConfigurationError(
      'endpoint',
      undefined,
      'an endpoint is required; get one from resolveEndpoint({ service, region })',
    );
  }
  const endpoint = checkUrl('endpoint', options.endpoint, options.allowInsecureHttp === true);
  const jsonVersion = options.jsonVersion ?? '1.1';
  if (jsonVersion !== '1.0' && jsonVersion !== '1.1') {
    throw new AwsJsonRpcConfigurationError('jsonVersion', jsonVersion, 'expected "1.0" or "1.1"');
  }
  if (options.userAgent !== undefined && !/^[\x20-\x7e]{0,256}$/.test(options.userAgent)) {
    throw new AwsJsonRpcConfigurationError(
      'userAgent',
      options.userAgent,
      'expected printable ASCII of at most 256 characters',
    );
  }
  const resilience =
    options.resilience === undefined
      ? new ResilienceOrchestrator({
          retry: { maxAttempts: 3, classifier: (error) => classifyAwsError(error) },
        })
      : options.resilience;
  if (resilience !== false && typeof resilience?.execute !== 'function') {
    throw new AwsJsonRpcConfigurationError(
      'resilience',
      resilience,
      'expected a ResilienceOrchestrator or false',
    );
  }
  const transport = options.transport ?? createNodeHttpTransport();
  if (typeof transport?.send !== 'function') {
    throw new AwsJsonRpcConfigurationError(
      'transport',
      transport,
      'expected an HttpTransport with send(request, { signal })',
    );
  }
  const closeTransport = options.closeTransport ?? options.transport === undefined;
  const credentials = options.credentials;
  let observability: Observability | undefined;
  const observe = async (): Promise<Observability> => {
    observability ??= (await loadObservability()).withObservabilityDefaults(options.observability);
    return observability;
  };
  const clock = options.clock ?? systemClock;
  const skew = new ClockSkewCorrector(() => clock.now());
  const correctSkew = options.correctClockSkew !== false;
  const codes = createErrorCodeTable(options);
  const serviceName = options.serviceName ?? signingName;

  const protocol = endpoint.protocol as 'https:' | 'http:';
  const hostname = endpoint.hostname.replace(/^\[|\]$/g, '');
  const port = endpoint.port === '' ? undefined : Number(endpoint.port);
  const path = endpoint.pathname === '' ? '/' : endpoint.pathname;
  const contentType = `application/x-amz-json-${jsonVersion}`;
  const userAgent =
    `integrations-aws-json-rpc/${PACKAGE_VERSION} node/${process.versions.node}` +
    (options.userAgent ? ` ${options.userAgent}` : '');
  let closed = false;
  let closing: Promise<void> | undefined;

  async function call<TOutput>(
    operation: string,
    input: unknown,
    callOptions: CallOptions = {},
  ): Promise<CallOutput<TOutput>> {
    if (closed) throw new AwsClientClosedError(String(operation));
    if (typeof operation !== 'string' || !OPERATION.test(operation)) {
      throw new AwsJsonRpcConfigurationError(
        'operation',
        operation,
        'expected an operation name such as "DescribeLogGroups"',
      );
    }
    const { signal } = callOptions;
    signal?.throwIfAborted();
    const { logger, metrics, tracer } = await observe();
    const idempotent = callOptions.idempotent === true;
    const body = Buffer.from(JSON.stringify(input ?? {}), 'utf8');
    const tags: Tags = { service: serviceName, operation };
    const span = tracer.startSpan(
      `aws.${signingName}.${operation}`,
      {
        'rpc.system': 'aws-api',
        'rpc.service': serviceName,
        'rpc.method': operation,
        'aws.region': region,
        'server.address': hostname,
      },
      { kind: 'client' },
    );
    const started = clock.now();
    let attempts = 0;
    let lastStatus: number | undefined;
    let lastRequestId: string | undefined;

    const attempt = async (context: { attempt: number; signal?: AbortSignal | undefined }) => {
      const attemptSignal = context.signal;
      const creds = await credentials.getCredentials(
        attemptSignal === undefined ? undefined : { signal: attemptSignal },
      );
      const { signRequest } = await loadSigning();
      let skewRetried = false;
      for (;;) {
        if (attempts > 0) {
          metrics.counter('aws.client.retries', 1, tags);
          if (logger.isLevelEnabled?.('debug') !== false) {
            logger.debug('Retrying AWS call', {
              service: serviceName,
              operation,
              attempt: attempts + 1,
            });
          }
        }
        attempts++;
        const signedAt = skew.now();
        const request: HttpRequest = signRequest(
          {
            method: 'POST',
            protocol,
            hostname,
            ...(port !== undefined && { port }),
            path,
            headers: {
              'Content-Type': contentType,
              'X-Amz-Target': `${targetPrefix}.${operation}`,
              'User-Agent': userAgent,
            },
            body,
          },
          { service: signingName, region, credentials: creds, date: signedAt },
        );
        const response = await transport.send(
          request,
          attemptSignal === undefined ? undefined : { signal: attemptSignal },
        );
        lastStatus = response.statusCode;
        lastRequestId = requestIdOf(response.headers);
        if (response.statusCode >= 200 && response.statusCode < 300) {
          return parseOutput<TOutput>(response, lastRequestId);
        }
        const error = decodeErrorResponse(response, { now: clock.now(), codes });
        if (correctSkew && !skewRetried && skew.correct(error, signedAt)) {
          skewRetried = true;
          metrics.counter('aws.client.clock_skew_corrections', 1, tags);
          logger.warn('Corrected the clock offset after AWS refused the signing time', {
            service: serviceName,
            operation,
            code: error.code,
            clockOffsetMs: skew.offsetMs,
            requestId: error.requestId,
          });
          continue;
        }
        throw error;
      }
    };

    const run = (): Promise<TOutput> =>
      resilience === false
        ? attempt({ attempt: 1, signal })
        : resilience.execute(attempt, {
            ...(signal !== undefined && { signal }),
            classifier: (error) => classifyAwsError(error, { idempotent }),
          });

    try {
      const output = await (tracer.withActiveSpan ? tracer.withActiveSpan(span, run) : run());
      const metadata: ResponseMetadata = {
        ...(lastRequestId !== undefined && { requestId: lastRequestId }),
        httpStatusCode: lastStatus ?? 200,
        attempts,
      };
      Object.defineProperty(output, '$metadata', {
        value: metadata,
        enumerable: false,
        configurable: true,
      });
      endSpan(span, attempts, lastStatus, lastRequestId);
      metrics.counter('aws.client.calls', 1, { ...tags, outcome: 'success' });
      metrics.histogram('aws.client.latency', clock.now() - started, {
        ...tags,
        outcome: 'success',
      });
      return output as CallOutput<TOutput>;
    } catch (error) {
      const code = errorCodeOf(error, signal);
      endSpan(span, attempts, lastStatus, lastRequestId);
      span.recordException(error);
      span.setStatus('error', error instanceof Error ? error.message : String(error));
      metrics.counter('aws.client.calls', 1, { ...tags, outcome: 'error' });
      metrics.counter('aws.client.errors', 1, { ...tags, code });
      metrics.histogram('aws.client.latency', clock.now() - started, {
        ...tags,
        outcome: 'error',
      });
      throw error;
    } finally {
      span.end();
    }
  }

  return {
    call: call as AwsJsonRpcClient['call'],
    get clockOffsetMs() {
      return skew.offsetMs;
    },
    close(): Promise<void> {
      closed = true;
      closing ??= closeTransport && transport.close ? transport.close() : Promise.resolve();
      return closing;
    },
  };
}

function endSpan(
  span: Span,
  attempts: number,
  status: number | undefined,
  requestId: string | undefined,
): void {
  span.setAttribute('aws.attempts', attempts);
  if (status !== undefined) span.setAttribute('http.status_code', status);
  if (requestId !== undefined) span.setAttribute('aws.request_id', requestId);
}

function errorCodeOf(error: unknown, signal: AbortSignal | undefined): string {
  if (signal?.aborted && error === signal.reason) return 'Aborted';
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '') return name;
  }
  return 'Unknown';
}

function parseOutput<TOutput>(response: HttpResponse, requestId: string | undefined): TOutput {
  if (response.body.byteLength === 0) return {} as TOutput;
  const text = Buffer.from(
    response.body.buffer,
    response.body.byteOffset,
    response.body.byteLength,
  ).toString('utf8');
  if (text.trim() === '') return {} as TOutput;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsServiceError({
      code: 'MalformedResponse',
      message: `AWS answered HTTP ${response.statusCode} with a body that is not a JSON object (${text.length} characters); the call may or may not have taken effect.`,
      statusCode: response.statusCode,
      ...(requestId !== undefined && { requestId }),
      retryable: true,
      rejectedBeforeProcessing: false,
    });
  }
  return parsed as TOutput;
}
