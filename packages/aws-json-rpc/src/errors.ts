/** Where a request was when the network failed it. */
export type NetworkErrorPhase = 'connect' | 'send' | 'receive';

interface AwsErrorCommon {
  /** Stable machine-readable code. */
  readonly code: string;
  /** The request id AWS assigned, when a response carried one. */
  readonly requestId?: string;
}

export interface AwsServiceErrorInit {
  code: string;
  message: string;
  statusCode: number;
  requestId?: string;
  retryable?: boolean;
  throttling?: boolean;
  retryAfterMs?: number;
  /** Response body fields other than the type and message (e.g. `expectedSequenceToken`). */
  details?: Record<string, unknown>;
  /** The server's `Date` header in milliseconds since the epoch, when it sent one. */
  serverTime?: number;
  /** Whether the server rejected the request without applying it (throttling, 503, auth). */
  rejectedBeforeProcessing?: boolean;
}

/**
 * An error response from an AWS service: `code` is the error type with its namespace stripped
 * (`ResourceNotFoundException`, never `com.amazonaws.logs#ResourceNotFoundException`).
 */
export class AwsServiceError extends Error implements AwsErrorCommon {
  override readonly name = 'AwsServiceError';
  readonly code: string;
  readonly statusCode: number;
  readonly requestId?: string;
  /** A later attempt may succeed (throttling, transient server faults). */
  readonly retryable: boolean;
  /** The service asked the client to slow down. */
  readonly throttling: boolean;
  /** The server's hint of how long to wait before retrying. */
  readonly retryAfterMs?: number;
  readonly details: Record<string, unknown>;
  readonly serverTime?: number;
  /**
   * `true` when the error proves the request was not applied (throttled, unavailable, refused
   * authentication), so retrying cannot apply it twice.
   */
  readonly rejectedBeforeProcessing: boolean;

  constructor(init: AwsServiceErrorInit) {
    super(init.message);
    this.code = init.code;
    this.statusCode = init.statusCode;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    this.retryable = init.retryable ?? false;
    this.throttling = init.throttling ?? false;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.details = init.details ?? {};
    if (init.serverTime !== undefined) this.serverTime = init.serverTime;
    this.rejectedBeforeProcessing = init.rejectedBeforeProcessing ?? false;
  }
}

export interface AwsNetworkErrorInit {
  code: string;
  message: string;
  phase: NetworkErrorPhase;
  mayHaveBeenProcessed: boolean;
  retryable: boolean;
  cause?: unknown;
}

/**
 * The request failed on the network: refused, reset, DNS, TLS or a malformed response.
 * `mayHaveBeenProcessed` tells whether the server could have received the whole request (and so
 * applied it); a retry of such a request is only safe when the operation is idempotent.
 */
export class AwsNetworkError extends Error implements AwsErrorCommon {
  override readonly name = 'AwsNetworkError';
  /** The system or undici code (`ECONNRESET`, `UND_ERR_SOCKET`, ...) or `NetworkError`. */
  readonly code: string;
  readonly phase: NetworkErrorPhase;
  readonly mayHaveBeenProcessed: boolean;
  /** The failure is of a kind that may pass (reset, refused), not a permanent one (bad host). */
  readonly retryable: boolean;
  readonly requestId?: string;

  constructor(init: AwsNetworkErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.phase = init.phase;
    this.mayHaveBeenProcessed = init.mayHaveBeenProcessed;
    this.retryable = init.retryable;
  }
}

/** Where a request timed out: before a connection was made, or waiting for or reading the response. */
export type TimeoutPhase = 'connect' | 'response';

/** The transport gave up waiting: for a connection, or for the response. */
export class AwsRequestTimeoutError extends Error implements AwsErrorCommon {
  override readonly name = 'AwsRequestTimeoutError';
  readonly code: 'ConnectTimeout' | 'RequestTimeout';
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;
  /** `false` only for connect timeouts: nothing reached the server. */
  readonly mayHaveBeenProcessed: boolean;
  readonly retryable = true;
  readonly requestId?: string;

  constructor(phase: TimeoutPhase, timeoutMs: number, target: string, cause?: unknown) {
    super(
      phase === 'connect'
        ? `Could not connect to ${target} within ${timeoutMs} ms. Check the endpoint and the network, or raise connectTimeoutMs.`
        : `No complete response from ${target} within ${timeoutMs} ms. Raise requestTimeoutMs if the operation is legitimately slow.`,
      cause === undefined ? undefined : { cause },
    );
    this.phase = phase;
    this.code = phase === 'connect' ? 'ConnectTimeout' : 'RequestTimeout';
    this.timeoutMs = timeoutMs;
    this.mayHaveBeenProcessed = phase !== 'connect';
  }
}

/** An option of this package is invalid; thrown where the option is given. */
export class AwsJsonRpcConfigurationError extends Error {
  override readonly name = 'AwsJsonRpcConfigurationError';
  readonly code = 'InvalidConfiguration';
  /** The option at fault, e.g. `endpoint`. */
  readonly option: string;
  readonly value: unknown;

  constructor(option: string, value: unknown, problem: string, cause?: unknown) {
    super(
      `Invalid ${option} ${describeValue(value)}: ${problem}`,
      cause === undefined ? undefined : { cause },
    );
    this.option = option;
    this.value = value;
  }
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
    return JSON.stringify(shown);
  }
  if (value instanceof URL) return JSON.stringify(value.href);
  if (value === undefined || value === null || typeof value !== 'object') return String(value);
  return Object.prototype.toString.call(value);
}

/** `call` after `close()`. */
export class AwsClientClosedError extends Error {
  override readonly name = 'AwsClientClosedError';
  readonly code = 'ClientClosed';
  readonly operation: string;

  constructor(operation: string) {
    super(
      `Cannot call ${operation}: the client was closed. Create a new client to make more calls.`,
    );
    this.operation = operation;
  }
}
