import { checkNumber } from './internal.js';

/** What to do about a failed attempt. */
export type RetryAction = 'retry' | 'throttle' | 'fail';

/**
 * A classifier's verdict. `throttle` retries on the slower throttling schedule. `retryAfterMs` is
 * the server's hint (e.g. from `Retry-After`): the delay is at least that long, up to `maxDelayMs`.
 */
export interface RetryDecision {
  action: RetryAction;
  retryAfterMs?: number;
}

export interface BackoffOptions {
  /** Base delay of the exponential schedule for `retry` decisions. Default 100 ms. */
  baseDelayMs?: number;
  /** Base delay for `throttle` decisions. Default 500 ms. */
  throttleBaseDelayMs?: number;
  /** No delay, server hints included, is ever longer than this. Default 20,000 ms. */
  maxDelayMs?: number;
  /** Uniform random numbers in [0, 1). Default `Math.random`. */
  random?: () => number;
}

export const DEFAULT_BASE_DELAY_MS = 100;
export const DEFAULT_THROTTLE_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 20_000;

/**
 * The delay before the retry that follows failed attempt number `attempt` (1 for the first):
 * capped exponential backoff with full jitter, `floor(random() * min(maxDelayMs, base * 2^(attempt-1)))`,
 * raised to the decision's `retryAfterMs` (itself capped at `maxDelayMs`) when there is one.
 * Always an integer in [0, maxDelayMs].
 */
export function backoffDelay(
  attempt: number,
  decision: RetryDecision,
  options: BackoffOptions = {},
): number {
  checkNumber('attempt', attempt, { min: 1, integer: true });
  const base = checkNumber(
    decision.action === 'throttle' ? 'throttleBaseDelayMs' : 'baseDelayMs',
    decision.action === 'throttle'
      ? (options.throttleBaseDelayMs ?? DEFAULT_THROTTLE_BASE_DELAY_MS)
      : (options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS),
    { min: 0 },
  );
  const maxDelay = checkNumber('maxDelayMs', options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, {
    min: 0,
  });
  return computeDelay(attempt, decision, base, maxDelay, options.random ?? Math.random);
}

/** `backoffDelay` without validation, for callers that validated once. */
export function computeDelay(
  attempt: number,
  decision: RetryDecision,
  base: number,
  maxDelay: number,
  random: () => number,
): number {
  // A zero base stays zero: 0 * 2^1024 would be NaN.
  const ceiling = base === 0 ? 0 : Math.min(maxDelay, base * 2 ** (attempt - 1));
  let r = random();
  // Clamp a misbehaving source (NaN, negatives, >= 1) so the delay stays within bounds.
  if (!(r >= 0)) r = 0;
  else if (r > 1) r = 1;
  let delay = Math.floor(r * ceiling);
  const hint = decision.retryAfterMs;
  if (typeof hint === 'number' && hint > 0) {
    const honoured = Math.min(Math.ceil(hint), Math.floor(maxDelay));
    if (honoured > delay) delay = honoured;
  }
  return delay;
}
