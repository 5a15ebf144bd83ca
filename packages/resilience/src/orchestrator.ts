import type { RetryDecision } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { ResilienceConfigurationError } from './errors.js';
import { checkFunction, checkNumber, invoke, neverAborted, raceAbort } from './internal.js';
import type { RateLimiter } from './rate-limiter.js';
import {
  annotate,
  type ErrorClassifier,
  getRetryMetadata,
  type ResolvedRetryOptions,
  type RetryOptions,
  resolveRetryOptions,
  runRetry,
} from './retry.js';
import { type Clock, type Sleep, systemClock } from './time.js';
import { withTimeout } from './timeout.js';

export interface AttemptContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the caller aborts or the attempt times out. */
  signal: AbortSignal;
}

export interface ResilienceOrchestratorOptions {
  /** Taken once per `execute` call, before anything else. */
  rateLimiter?: RateLimiter;
  /** Consulted, and told the outcome, on every attempt. */
  circuitBreaker?: CircuitBreaker;
  /** Without it a call makes one attempt (unless `execute` is given a classifier). */
  retry?: RetryOptions;
  /** Per-attempt timeout; the attempt's signal aborts with a `TimeoutError`. */
  attemptTimeoutMs?: number;
  /** For the retry's time budget. Default: the system clock. */
  clock?: Clock;
  /**
   * For retry delays and attempt timeouts. Default: real timers (retry delays keep the process
   * alive, timeout timers do not). Pass virtual time's sleep to run everything in virtual time.
   */
  sleep?: Sleep;
}

export interface ExecuteOptions {
  /** Aborting stops whatever is under way at once and rejects with `signal.reason`. */
  signal?: AbortSignal;
  /**
   * Replaces the configured retry classifier for this call. Given when no `retry` is configured,
   * it enables retries with the default settings.
   */
  classifier?: ErrorClassifier;
}

const FAIL: RetryDecision = Object.freeze({ action: 'fail' });

/**
 * Composes rate limiter → circuit breaker → retry → attempt timeout → fn, each optional. The rate
 * limiter admits the call once; the circuit breaker admits and counts each attempt, so an open
 * circuit fails a call before its first attempt and stops its retries as soon as it opens.
 */
export class ResilienceOrchestrator {
  readonly #rateLimiter: RateLimiter | undefined;
  readonly #circuitBreaker: CircuitBreaker | undefined;
  readonly #retry: ResolvedRetryOptions | undefined;
  readonly #attemptTimeoutMs: number | undefined;
  readonly #clock: Clock;
  readonly #sleep: Sleep | undefined;

  constructor(options: ResilienceOrchestratorOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new ResilienceConfigurationError('options', options, 'an options object');
    }
    const { rateLimiter, circuitBreaker } = options;
    if (rateLimiter !== undefined && typeof rateLimiter?.acquire !== 'function') {
      throw new ResilienceConfigurationError(
        'rateLimiter',
        rateLimiter,
        'a RateLimiter (from createRateLimiter)',
      );
    }
    if (circuitBreaker !== undefined && typeof circuitBreaker?.execute !== 'function') {
      throw new ResilienceConfigurationError(
        'circuitBreaker',
        circuitBreaker,
        'a CircuitBreaker (from createCircuitBreaker)',
      );
    }
    this.#rateLimiter = rateLimiter;
    this.#circuitBreaker = circuitBreaker;
    this.#retry =
      options.retry === undefined ? undefined : resolveRetryOptions(options.retry, 'retry.');
    this.#attemptTimeoutMs =
      options.attemptTimeoutMs === undefined
        ? undefined
        : checkNumber('attemptTimeoutMs', options.attemptTimeoutMs, {
            minExclusive: 0,
            allowInfinity: true,
          });
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep;
  }

  async execute<T>(
    fn: (context: AttemptContext) => Promise<T>,
    options: ExecuteOptions = {},
  ): Promise<T> {
    const { signal } = options;
    signal?.throwIfAborted();
    if (this.#rateLimiter !== undefined) await this.#rateLimiter.acquire({ signal });

    const breaker = this.#circuitBreaker;
    const timeoutMs = this.#attemptTimeoutMs;
    const sleep = this.#sleep;
    const run = (context: AttemptContext): Promise<T> =>
      timeoutMs === undefined
        ? invoke(fn, context)
        : withTimeout(
            (attemptSignal) => fn({ attempt: context.attempt, signal: attemptSignal }),
            timeoutMs,
            {
              signal: context.signal,
              ...(sleep === undefined ? {} : { sleep }),
            },
          );

    // Set when the breaker refused the last attempt without running it: that ends the call.
    let refused = false;
    const attempt =
      breaker === undefined
        ? run
        : (context: AttemptContext): Promise<T> => {
            let admitted = false;
            refused = false;
            return breaker
              .execute(
                () => {
                  admitted = true;
                  return run(context);
                },
                signal === undefined ? undefined : { signal },
              )
              .catch((error: unknown) => {
                if (!admitted) refused = true;
                throw error;
              });
          };

    let config = this.#retry;
    if (options.classifier !== undefined) {
      const classifier = checkFunction<ErrorClassifier>('classifier', options.classifier, true)!;
      config =
        config === undefined ? resolveRetryOptions({ classifier }) : { ...config, classifier };
    }
    if (config === undefined) {
      return raceAbort(attempt({ attempt: 1, signal: signal ?? neverAborted() }), signal);
    }
    const classifier = config.classifier;
    return runRetry(
      attempt,
      { ...config, classifier: (error, context) => (refused ? FAIL : classifier(error, context)) },
      { signal, clock: this.#clock, ...(sleep === undefined ? {} : { sleep }) },
    ).catch((error: unknown) => {
      if (refused) {
        const metadata = getRetryMetadata(error);
        // The refused attempt never ran: report the attempts that did.
        if (metadata !== undefined) {
          annotate(error, { ...metadata, attempts: metadata.attempts - 1, reason: 'circuit-open' });
        }
      }
      throw error;
    });
  }
}
