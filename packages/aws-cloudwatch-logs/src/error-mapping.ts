import {
  AuthenticationError,
  CloudWatchLogsError,
  type CloudWatchLogsErrorOptions,
  InvalidParameterError,
  LimitExceededError,
  MalformedQueryError,
  NetworkError,
  RequestTimeoutError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  ServiceUnavailableError,
  ThrottlingError,
} from './errors.js';

/**
 * The shape of `AwsServiceError` from `@integrations/aws-json-rpc`, matched structurally by
 * `name` so that errors crossing an ESM/CJS boundary (two copies of the class) still map.
 */
interface AwsServiceErrorLike {
  name: 'AwsServiceError';
  message: string;
  code: string;
  statusCode?: number;
  requestId?: string;
  retryable?: boolean;
  throttling?: boolean;
  retryAfterMs?: number;
}

interface AwsTransportErrorLike {
  name: 'AwsNetworkError' | 'AwsRequestTimeoutError';
  message: string;
  requestId?: string;
}

function isAwsServiceError(error: unknown): error is AwsServiceErrorLike {
  return (
    error instanceof Error &&
    error.name === 'AwsServiceError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

function isAwsTransportError(error: unknown): error is AwsTransportErrorLike {
  return (
    error instanceof Error &&
    (error.name === 'AwsNetworkError' || error.name === 'AwsRequestTimeoutError')
  );
}

const AUTH_ADVICE: Record<string, string> = {
  UnrecognizedClientException:
    'AWS does not recognise the access key; check the credentials in use (environment, profile, role) and that they belong to the partition of the region',
  InvalidClientTokenId:
    'AWS does not recognise the access key; check the credentials in use (environment, profile, role) and that they belong to the partition of the region',
  InvalidSignatureException:
    "the request signature was rejected; check the secret access key and this machine's clock",
  SignatureDoesNotMatch:
    "the request signature was rejected; check the secret access key and this machine's clock",
  IncompleteSignature: 'the request signature is incomplete; check the credentials provider',
  MissingAuthenticationToken:
    'the request carried no credentials; configure a credentials provider',
  ExpiredTokenException:
    'the session credentials have expired; refresh them (aws sso login, assume the role again) or use a provider that refreshes',
  ExpiredToken:
    'the session credentials have expired; refresh them (aws sso login, assume the role again) or use a provider that refreshes',
  RequestExpired: "the request's timestamp is too old; check this machine's clock",
  AccessDeniedException: 'the credentials lack the IAM permission for this action; grant it',
  AccessDenied: 'the credentials lack the IAM permission for this action; grant it',
  NotAuthorized: 'the credentials lack the IAM permission for this action; grant it',
};

const NOT_FOUND = new Set(['ResourceNotFoundException']);
const ALREADY_EXISTS = new Set(['ResourceAlreadyExistsException']);
const INVALID_PARAMETER = new Set([
  'InvalidParameterException',
  'ValidationException',
  'InvalidOperationException',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'MissingParameter',
  'SerializationException',
]);
const LIMIT_EXCEEDED = new Set(['LimitExceededException', 'ServiceQuotaExceededException']);
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ThrottledException',
  'SlowDown',
]);
const SERVER = new Set([
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalServerError',
  'InternalError',
  'InternalStreamFailure',
]);

/** What the failing call was about, to make the message actionable. */
export interface ErrorContext {
  operation: string;
  /** e.g. `log group "/app/api"`; named in not-found and already-exists messages. */
  resource?: string;
}

function sentence(text: string): string {
  const trimmed = text.trim().replace(/[.\s]+$/, '');
  return trimmed.length === 0 ? '' : trimmed;
}

function compose(
  context: ErrorContext,
  serviceMessage: string,
  advice: string,
  requestId?: string,
) {
  const what = sentence(serviceMessage);
  const id = requestId ? ` (request id ${requestId})` : '';
  return `${context.operation} failed${what ? `: ${what}` : ''}. ${advice}.${id}`;
}

/**
 * Turns whatever the protocol layer threw into this package's taxonomy. An abort (the
 * caller's own signal) and errors that are already ours pass through unchanged.
 */
export function mapError(error: unknown, context: ErrorContext): unknown {
  if (error instanceof CloudWatchLogsError) return error;
  if (isAwsServiceError(error)) return mapServiceError(error, context);
  if (error instanceof Error && error.name === 'CredentialsProviderError') {
    const { code } = error as { code?: unknown };
    return new AuthenticationError(
      compose(
        context,
        error.message,
        'No usable AWS credentials; configure them (environment, AWS_PROFILE, SSO login, role) or pass a credentials provider',
      ),
      {
        code: typeof code === 'string' ? code : 'CredentialsError',
        operation: context.operation,
        cause: error,
      },
    );
  }
  const resilience = mapResilienceError(error, context);
  if (resilience !== undefined) return resilience;
  if (isAwsTransportError(error)) {
    const options: CloudWatchLogsErrorOptions = {
      code: error.name === 'AwsNetworkError' ? 'NetworkError' : 'RequestTimeout',
      retryable: true,
      operation: context.operation,
      cause: error,
      ...(error.requestId ? { requestId: error.requestId } : {}),
    };
    if (error.name === 'AwsNetworkError') {
      return new NetworkError(
        compose(
          context,
          error.message,
          'CloudWatch Logs could not be reached; check the endpoint, DNS, proxy and network, then retry',
        ),
        options,
      );
    }
    return new RequestTimeoutError(
      compose(
        context,
        error.message,
        'No response arrived in time; retry, or raise http.requestTimeoutMs if the operation is legitimately slow',
      ),
      options,
    );
  }
  return error;
}

function mapServiceError(error: AwsServiceErrorLike, context: ErrorContext): CloudWatchLogsError {
  const { code } = error;
  const options: CloudWatchLogsErrorOptions = {
    code,
    retryable: error.retryable ?? false,
    operation: context.operation,
    cause: error,
    ...(error.requestId ? { requestId: error.requestId } : {}),
    ...(error.statusCode !== undefined ? { statusCode: error.statusCode } : {}),
  };
  const what = context.resource ?? 'the resource';

  const authAdvice = AUTH_ADVICE[code];
  if (authAdvice !== undefined) {
    return new AuthenticationError(
      compose(context, error.message, capitalize(authAdvice), error.requestId),
      options,
    );
  }
  if (NOT_FOUND.has(code)) {
    return new ResourceNotFoundError(
      compose(
        context,
        error.message,
        `Check that ${what} exists in this account and region, or create it first`,
        error.requestId,
      ),
      options,
    );
  }
  if (ALREADY_EXISTS.has(code)) {
    return new ResourceAlreadyExistsError(
      compose(
        context,
        error.message,
        `${capitalize(what)} exists already; use another name or treat this as success`,
        error.requestId,
      ),
      options,
    );
  }
  if (INVALID_PARAMETER.has(code)) {
    return new InvalidParameterError(
      compose(
        context,
        error.message,
        'CloudWatch Logs rejected a parameter; correct the request as the message says',
        error.requestId,
      ),
      options,
    );
  }
  if (LIMIT_EXCEEDED.has(code)) {
    return new LimitExceededError(
      compose(
        context,
        error.message,
        'A CloudWatch Logs quota is reached; delete unused resources or request a quota increase in Service Quotas',
        error.requestId,
      ),
      options,
    );
  }
  if (code === 'MalformedQueryException') {
    return new MalformedQueryError(
      compose(
        context,
        error.message,
        'The Logs Insights query does not parse; fix its syntax',
        error.requestId,
      ),
      options,
    );
  }
  if (THROTTLING.has(code) || error.throttling === true) {
    const hint =
      error.retryAfterMs !== undefined ? ` (the service suggests ${error.retryAfterMs} ms)` : '';
    return new ThrottlingError(
      compose(
        context,
        error.message,
        `The request rate is above the CloudWatch Logs quota; slow down and retry later${hint}`,
        error.requestId,
      ),
      {
        ...options,
        retryable: true,
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      },
    );
  }
  if (SERVER.has(code) || (error.statusCode !== undefined && error.statusCode >= 500)) {
    return new ServiceUnavailableError(
      compose(
        context,
        error.message,
        'CloudWatch Logs failed on its side; retry with backoff',
        error.requestId,
      ),
      { ...options, retryable: true },
    );
  }
  return new CloudWatchLogsError(
    compose(
      context,
      error.message,
      `CloudWatch Logs answered ${code}; see the AWS documentation of ${context.operation}`,
      error.requestId,
    ),
    options,
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The client-side refusals of `@integrations/resilience`, recognised by name and shape. */
function mapResilienceError(
  error: unknown,
  context: ErrorContext,
): CloudWatchLogsError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { retryAfterMs, code, timeoutMs } = error as {
    retryAfterMs?: unknown;
    code?: unknown;
    timeoutMs?: unknown;
  };
  const base = { operation: context.operation, cause: error };
  if (error.name === 'CircuitOpenError' && code === 'CircuitOpen') {
    const wait = typeof retryAfterMs === 'number' ? ` for another ${retryAfterMs} ms` : '';
    return new ServiceUnavailableError(
      `${context.operation} was not sent: the circuit breaker is open after repeated failures and fails calls fast${wait}. Retry later; the cause holds the last failure.`,
      { ...base, code: 'CircuitOpen', retryable: true },
    );
  }
  if (error.name === 'RateLimitExceededError' && code === 'RateLimitExceeded') {
    return new ThrottlingError(
      `${context.operation} was not sent: the client-side rate limit (rateLimit) is exhausted. Slow down or raise the limit.`,
      {
        ...base,
        code: 'RateLimitExceeded',
        ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
      },
    );
  }
  if (error.name === 'TimeoutError' && code === 'Timeout' && typeof timeoutMs === 'number') {
    return new RequestTimeoutError(
      `${context.operation} attempt took longer than attemptTimeoutMs (${timeoutMs} ms) and was abandoned. Retry, or raise attemptTimeoutMs.`,
      { ...base, code: 'RequestTimeout', retryable: true },
    );
  }
  return undefined;
}
