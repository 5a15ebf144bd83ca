/** What to do about a failed attempt; structurally the `RetryDecision` of `@integrations/resilience`. */
export interface AwsRetryDecision {
  action: 'retry' | 'throttle' | 'fail';
  retryAfterMs?: number;
}

export interface ClassifyOptions {
  /**
   * The caller consents to retrying failures after which the request may have been applied (a
   * 500, a reset after the body was sent, a response timeout). Default `false`: only failures
   * that prove the request was not applied are retried.
   */
  idempotent?: boolean;
}

const FAIL: AwsRetryDecision = Object.freeze({ action: 'fail' });
const RETRY: AwsRetryDecision = Object.freeze({ action: 'retry' });
const THROTTLE: AwsRetryDecision = Object.freeze({ action: 'throttle' });

interface ServiceErrorShape {
  name: 'AwsServiceError';
  retryable?: boolean;
  throttling?: boolean;
  retryAfterMs?: number;
  rejectedBeforeProcessing?: boolean;
}

interface TransportErrorShape {
  name: 'AwsNetworkError' | 'AwsRequestTimeoutError';
  retryable?: boolean;
  mayHaveBeenProcessed?: boolean;
}

function named(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The AWS retry policy as a classifier for `@integrations/resilience`:
 * - throttling errors: `throttle`, with the server's retry-after hint;
 * - transient service errors (5xx, `InternalFailure`, `ServiceUnavailableException`, ...):
 *   `retry` when the error proves the request was not applied (503, `ServiceUnavailable*`),
 *   otherwise only when `idempotent`;
 * - network errors and timeouts: `retry` when nothing can have reached the server (refused,
 *   connect timeout, reset before the body was written), otherwise only when `idempotent`;
 *   permanent ones (unknown host) never;
 * - everything else (validation, authentication, not found, an open circuit, a caller's abort,
 *   programming errors): `fail`.
 *
 * Errors are recognised by `name`, so copies of the classes from the ESM and CJS builds both work.
 */
export function classifyAwsError(error: unknown, options: ClassifyOptions = {}): AwsRetryDecision {
  const idempotent = options.idempotent === true;
  switch (named(error)) {
    case 'AwsServiceError': {
      const e = error as ServiceErrorShape;
      if (e.throttling === true) {
        return e.retryAfterMs === undefined
          ? THROTTLE
          : { action: 'throttle', retryAfterMs: e.retryAfterMs };
      }
      if (e.retryable !== true) return FAIL;
      if (e.rejectedBeforeProcessing !== true && !idempotent) return FAIL;
      return e.retryAfterMs === undefined
        ? RETRY
        : { action: 'retry', retryAfterMs: e.retryAfterMs };
    }
    case 'AwsNetworkError':
    case 'AwsRequestTimeoutError': {
      const e = error as TransportErrorShape;
      if (e.retryable === false) return FAIL;
      if (e.mayHaveBeenProcessed !== false && !idempotent) return FAIL;
      return RETRY;
    }
    case 'TimeoutError': {
      // A per-attempt timeout of the resilience orchestrator: the request may be in flight.
      const code = (error as { code?: unknown }).code;
      return code === 'Timeout' && idempotent ? RETRY : FAIL;
    }
    default:
      return FAIL;
  }
}

/**
 * Whether an error says the service or the network is in trouble, as opposed to a request the
 * service answered and refused (validation, not found, access denied). Made for the
 * `isFailure` option of `createCircuitBreaker`, so that client errors do not open the circuit.
 */
export function isAwsServiceFailure(error: unknown): boolean {
  switch (named(error)) {
    case 'AwsServiceError': {
      const e = error as ServiceErrorShape & { statusCode?: number };
      return e.retryable === true || (e.statusCode ?? 0) >= 500;
    }
    case 'AwsNetworkError':
    case 'AwsRequestTimeoutError':
    case 'TimeoutError':
      return true;
    default:
      return false;
  }
}
