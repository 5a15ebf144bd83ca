/**
 * A resilience option (or a per-call argument) is invalid. Thrown where the value is given:
 * synchronously by constructors and factories, as a rejection by `retry` and `withTimeout`.
 */
export class ResilienceConfigurationError extends Error {
  override readonly name = 'ResilienceConfigurationError';
  readonly code = 'InvalidResilienceConfiguration';
  /** The option at fault, e.g. `retry.maxAttempts`. */
  readonly option: string;
  /** The value that was given. */
  readonly value: unknown;

  constructor(option: string, value: unknown, expectation: string, options?: { cause?: unknown }) {
    super(
      `Invalid ${option}: ${describe(value)}. Expected ${expectation}.`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.option = option;
    this.value = value;
  }
}

/** An attempt ran longer than its timeout; the attempt's `AbortSignal` was aborted with this error. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'Timeout';
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(
      `The operation did not finish within ${timeoutMs} ms and was aborted. ` +
        'Raise the timeout if the operation is legitimately slow.',
    );
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The circuit breaker refused the call without running it: the circuit is open (cooling down
 * after failures) or half-open with every probe slot taken. `cause` is the failure that last
 * counted against the circuit, when there is one.
 */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  readonly code = 'CircuitOpen';
  /** Milliseconds until the circuit lets a probe through; 0 when probes are already running. */
  readonly retryAfterMs: number;
  /** The state that refused the call. */
  readonly state: 'open' | 'half-open';

  constructor(state: 'open' | 'half-open', retryAfterMs: number, options?: { cause?: unknown }) {
    super(
      state === 'open'
        ? `The circuit is open after repeated failures; calls fail fast for another ${retryAfterMs} ms. ` +
            'Retry after that, or look at the cause for what failed.'
        : 'The circuit is half-open and every probe slot is taken; retry once the probes finish.',
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.state = state;
    this.retryAfterMs = retryAfterMs;
  }
}

/** A rate limiter in `fail` mode had too few tokens for the request. */
export class RateLimitExceededError extends Error {
  override readonly name = 'RateLimitExceededError';
  readonly code = 'RateLimitExceeded';
  /** Milliseconds until enough tokens will have accumulated for this request. */
  readonly retryAfterMs: number;
  /** The tokens that were asked for. */
  readonly tokens: number;

  constructor(tokens: number, retryAfterMs: number) {
    super(
      `Rate limit exceeded: ${tokens} token(s) asked for, enough will be available in ${retryAfterMs} ms. ` +
        "Slow down, or use mode 'wait' to queue instead of failing.",
    );
    this.tokens = tokens;
    this.retryAfterMs = retryAfterMs;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
