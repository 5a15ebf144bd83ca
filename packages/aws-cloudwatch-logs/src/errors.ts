/** What every error of this package carries besides its message. */
export interface CloudWatchLogsErrorOptions {
  /** The AWS error code for service errors (`ResourceNotFoundException`), or this package's own code. */
  code: string;
  retryable?: boolean;
  /** `x-amzn-RequestId` of the failed request, for AWS support. */
  requestId?: string;
  statusCode?: number;
  /** The API operation that failed, when a request was involved (`PutLogEvents`). */
  operation?: string;
  cause?: unknown;
}

/**
 * The base of every error this package throws. `name` says the category (stable across
 * releases), `code` the precise reason (AWS's code for service errors).
 */
export class CloudWatchLogsError extends Error {
  override name = 'CloudWatchLogsError';
  readonly code: string;
  readonly retryable: boolean;
  readonly requestId: string | undefined;
  readonly statusCode: number | undefined;
  readonly operation: string | undefined;

  constructor(message: string, options: CloudWatchLogsErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    this.requestId = options.requestId;
    this.statusCode = options.statusCode;
    this.operation = options.operation;
  }
}

/** The client's configuration is wrong; `field` names the offending setting. */
export class ConfigurationError extends CloudWatchLogsError {
  override name = 'ConfigurationError';
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`Invalid configuration "${field}": ${problem}`, { code: 'ConfigurationError' });
    this.field = field;
  }
}

const MAX_SHOWN_VALUE = 80;

/** A readable, bounded rendering of an offending value for error messages. */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'function') text = '[function]';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  if (text.length <= MAX_SHOWN_VALUE) return text;
  return `${text.slice(0, MAX_SHOWN_VALUE)}… (${text.length} characters)`;
}

/**
 * A request was refused before it was sent because an input breaks one of CloudWatch Logs'
 * rules. `field` is the path of the input (`logEvents[3].timestamp`), `value` the offending
 * value rendered and truncated, `rule` the rule it breaks.
 */
export class ValidationError extends CloudWatchLogsError {
  override name = 'ValidationError';
  readonly field: string;
  readonly value: string;
  readonly rule: string;

  constructor(field: string, value: unknown, rule: string) {
    const shown = describeValue(value);
    super(`Invalid ${field} ${shown}: ${rule}`, { code: 'ValidationError' });
    this.field = field;
    this.value = shown;
    this.rule = rule;
  }
}

/**
 * AWS refused the caller's identity or permissions: unknown access key
 * (`UnrecognizedClientException`), bad signature (`InvalidSignatureException`), expired
 * session (`ExpiredTokenException`) or a missing IAM permission (`AccessDeniedException`).
 */
export class AuthenticationError extends CloudWatchLogsError {
  override name = 'AuthenticationError';
}

/** The log group, log stream, filter or query named in the request does not exist. */
export class ResourceNotFoundError extends CloudWatchLogsError {
  override name = 'ResourceNotFoundError';
}

/** The resource the request creates exists already. */
export class ResourceAlreadyExistsError extends CloudWatchLogsError {
  override name = 'ResourceAlreadyExistsError';
}

/** CloudWatch Logs rejected a parameter that passed the client's own checks. */
export class InvalidParameterError extends CloudWatchLogsError {
  override name = 'InvalidParameterError';
}

/** An account or resource quota is reached (log groups per account, filters per group, ...). */
export class LimitExceededError extends CloudWatchLogsError {
  override name = 'LimitExceededError';
}

/** The batch buffer holds `maxBufferedBytes` already and its overflow policy is `error`. */
export class BufferFullError extends CloudWatchLogsError {
  override name = 'BufferFullError';
  readonly maxBufferedBytes: number;

  constructor(maxBufferedBytes: number) {
    super(
      `The log buffer is full (${maxBufferedBytes} bytes waiting to be sent): the service is slower than the events arrive. Raise buffer.maxBufferedBytes, or choose the overflow policy 'block', 'drop-oldest' or 'drop-newest'.`,
      { code: 'BufferFull', retryable: true },
    );
    this.maxBufferedBytes = maxBufferedBytes;
  }
}

/** The request rate is above CloudWatch Logs' quota. `retryAfterMs` is the server's hint. */
export class ThrottlingError extends CloudWatchLogsError {
  override name = 'ThrottlingError';
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: CloudWatchLogsErrorOptions & { retryAfterMs?: number }) {
    super(message, { ...options, retryable: options.retryable ?? true });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** CloudWatch Logs failed on its side (`ServiceUnavailableException`, HTTP 5xx). */
export class ServiceUnavailableError extends CloudWatchLogsError {
  override name = 'ServiceUnavailableError';
}

/** A Logs Insights query string does not parse. */
export class MalformedQueryError extends CloudWatchLogsError {
  override name = 'MalformedQueryError';
}

/** A Logs Insights query ended in status `Failed`. */
export class QueryFailedError extends CloudWatchLogsError {
  override name = 'QueryFailedError';
  readonly queryId: string;

  constructor(queryId: string, message?: string) {
    super(
      message ??
        `Logs Insights query ${queryId} failed. Check the query with a narrower time range or fewer log groups, then run it again.`,
      { code: 'QueryFailed' },
    );
    this.queryId = queryId;
  }
}

/** A Logs Insights query ended in status `Cancelled` (stopped by StopQuery or by someone else). */
export class QueryCancelledError extends CloudWatchLogsError {
  override name = 'QueryCancelledError';
  readonly queryId: string;

  constructor(queryId: string, message?: string) {
    super(
      message ?? `Logs Insights query ${queryId} was cancelled before it completed; run it again.`,
      { code: 'QueryCancelled' },
    );
    this.queryId = queryId;
  }
}

/** A Logs Insights query ended in status `Timeout` (the service's 60-minute limit) or ran out of the caller's time. */
export class QueryTimedOutError extends CloudWatchLogsError {
  override name = 'QueryTimedOutError';
  readonly queryId: string;

  constructor(queryId: string, message?: string) {
    super(
      message ??
        `Logs Insights query ${queryId} timed out. Narrow the time range or the log groups, or add a more selective filter.`,
      { code: 'QueryTimedOut', retryable: true },
    );
    this.queryId = queryId;
  }
}

/** The request did not reach CloudWatch Logs or the connection broke (DNS, refused, reset). */
export class NetworkError extends CloudWatchLogsError {
  override name = 'NetworkError';
}

/** No response arrived within the configured request timeout. */
export class RequestTimeoutError extends CloudWatchLogsError {
  override name = 'RequestTimeoutError';
}

/** A method was called after `client.close()`. */
export class ClientClosedError extends CloudWatchLogsError {
  override name = 'ClientClosedError';

  constructor(operation: string) {
    super(
      `Cannot call ${operation}: the CloudWatch Logs client is closed. Create a new client with createCloudWatchLogsClient().`,
      { code: 'ClientClosed', operation },
    );
  }
}
