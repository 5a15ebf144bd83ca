import {
  type BackoffOptions,
  computeDelay,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_THROTTLE_BASE_DELAY_MS,
  type RetryDecision,
} from './backoff.js';
import { ResilienceConfigurationError } from './errors.js';
import { checkFunction, checkNumber, invoke, neverAborted, raceAbort } from './internal.js';
import { type Clock, type Sleep, systemClock, systemSleep } from './time.js';

/** Decides, for each failed attempt, whether to retry, retry as throttled, or fail. */
export type ErrorClassifier = (error: unknown, context: { attempt: number }) => RetryDecision;

/** What `onRetry` hears before each retry's delay. */
export interface RetryEvent {
  /** The attempt that failed (1 for the first). */
  attempt: number;
  /** How long the retry waits before attempt `attempt + 1`. */
  delayMs: number;
  error: unknown;
  decision: RetryDecision;
}

export interface RetryOptions extends BackoffOptions {
  /** Attempts in all, the first included. Default 3 (the AWS SDKs' standard mode). */
  maxAttempts?: number;
  /**
   * Budget for the whole call, measured on the clock from the start. A retry whose delay would
   * end past the budget is not made; the last error is thrown at once. In-flight attempts are not
   * cut short (use an attempt timeout for that). Default: no budget.
   */
  maxTotalTimeMs?: number;
  classifier: ErrorClassifier;
  /** Called before each retry's delay. Must not throw: an exception ends the call with it. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryRuntime {
  /** Aborting stops at once (mid-attempt or mid-delay) and rejects with `signal.reason`. */
  signal?: AbortSignal;
  clock?: Clock;
  sleep?: Sleep;
}

/**
 * Why `retry` gave up; attached to the error it rethrows. `circuit-open` comes from
 * `ResilienceOrchestrator`: its circuit breaker refused the next attempt.
 */
export type RetryStopReason = 'fail' | 'max-attempts' | 'max-total-time' | 'circuit-open';

export interface RetryMetadata {
  /** Attempts made, the last one included. */
  attempts: number;
  /** Sum of the delays waited between them. */
  totalDelayMs: number;
  reason: RetryStopReason;
}

export interface ResolvedRetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  throttleBaseDelayMs: number;
  maxDelayMs: number;
  maxTotalTimeMs: number | undefined;
  classifier: ErrorClassifier;
  random: () => number;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

const METADATA = Symbol.for('@integrations/resilience/retry-metadata');
const ACTIONS = new Set(['retry', 'throttle', 'fail']);

/**
 * How a `retry` call that gave up ended: its attempts, total delay and reason. `undefined` when
 * `error` did not come out of `retry` giving up (or is not an extensible object, e.g. a string).
 */
export function getRetryMetadata(error: unknown): RetryMetadata | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as { [METADATA]?: RetryMetadata })[METADATA];
}

export function annotate(error: unknown, metadata: RetryMetadata): void {
  if (typeof error !== 'object' || error === null || !Object.isExtensible(error)) return;
  try {
    Object.defineProperty(error, METADATA, {
      value: metadata,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  } catch {
    // A proxy or exotic object refused the property; the metadata is only a convenience.
  }
}

export function resolveRetryOptions(options: RetryOptions, prefix = ''): ResolvedRetryOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ResilienceConfigurationError(prefix || 'options', options, 'an options object');
  }
  const at = (name: string) => `${prefix}${name}`;
  const classifier = checkFunction<ErrorClassifier>(at('classifier'), options.classifier, true)!;
  const maxTotalTimeMs =
    options.maxTotalTimeMs === undefined
      ? undefined
      : checkNumber(at('maxTotalTimeMs'), options.maxTotalTimeMs, { min: 0, allowInfinity: true });
  return {
    maxAttempts: checkNumber(at('maxAttempts'), options.maxAttempts ?? 3, {
      min: 1,
      integer: true,
      allowInfinity: true,
    }),
    baseDelayMs: checkNumber(at('baseDelayMs'), options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS, {
      min: 0,
    }),
    throttleBaseDelayMs: checkNumber(
      at('throttleBaseDelayMs'),
      options.throttleBaseDelayMs ?? DEFAULT_THROTTLE_BASE_DELAY_MS,
      { min: 0 },
    ),
    maxDelayMs: checkNumber(at('maxDelayMs'), options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, {
      min: 0,
    }),
    maxTotalTimeMs,
    classifier,
    random: checkFunction<() => number>(at('random'), options.random, false) ?? Math.random,
    onRetry: checkFunction<(event: RetryEvent) => void>(at('onRetry'), options.onRetry, false),
  };
}

/**
 * Runs `fn` until it succeeds, the classifier says `fail`, attempts or the time budget run out, or
 * the caller aborts. Giving up rethrows the last attempt's error itself (not a wrapper), with
 * {@link getRetryMetadata} telling how many attempts were made and why it stopped. An abort rejects
 * with `signal.reason` at once, even while an attempt that ignores its signal is still running.
 */
export async function retry<T>(
  fn: (context: { attempt: number; signal: AbortSignal }) => Promise<T>,
  options: RetryOptions & RetryRuntime,
): Promise<T> {
  return runRetry(fn, resolveRetryOptions(options), options);
}

export async function runRetry<T>(
  fn: (context: { attempt: number; signal: AbortSignal }) => Promise<T>,
  config: ResolvedRetryOptions,
  runtime: RetryRuntime,
): Promise<T> {
  const { signal } = runtime;
  const clock = runtime.clock ?? systemClock;
  const sleep = runtime.sleep ?? systemSleep;
  signal?.throwIfAborted();
  const attemptSignal = signal ?? neverAborted();
  const start = clock.now();
  let totalDelayMs = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await raceAbort(invoke(fn, { attempt, signal: attemptSignal }), signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const decision = config.classifier(error, { attempt });
      if (
        typeof decision !== 'object' ||
        decision === null ||
        !ACTIONS.has(decision.action as string)
      ) {
        throw new ResilienceConfigurationError(
          'classifier result',
          decision,
          "{ action: 'retry' | 'throttle' | 'fail', retryAfterMs?: number }",
          { cause: error },
        );
      }
      let stop: RetryStopReason | undefined;
      let delayMs = 0;
      if (decision.action === 'fail') stop = 'fail';
      else if (attempt >= config.maxAttempts) stop = 'max-attempts';
      else {
        delayMs = computeDelay(
          attempt,
          decision,
          decision.action === 'throttle' ? config.throttleBaseDelayMs : config.baseDelayMs,
          config.maxDelayMs,
          config.random,
        );
        if (
          config.maxTotalTimeMs !== undefined &&
          clock.now() - start + delayMs > config.maxTotalTimeMs
        ) {
          stop = 'max-total-time';
        }
      }
      if (stop !== undefined) {
        annotate(error, { attempts: attempt, totalDelayMs, reason: stop });
        throw error;
      }
      config.onRetry?.({ attempt, delayMs, error, decision });
      if (delayMs > 0) await sleep(delayMs, signal);
      else signal?.throwIfAborted();
      totalDelayMs += delayMs;
    }
  }
}
