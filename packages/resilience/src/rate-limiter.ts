import { RateLimitExceededError, ResilienceConfigurationError } from './errors.js';
import { checkNumber } from './internal.js';
import { type Clock, type Sleep, systemClock, systemSleep } from './time.js';

export interface RateLimiterOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Bucket capacity: the most tokens that can be taken at once. The bucket starts full. */
  burst: number;
  /**
   * `wait` (default): callers without enough tokens queue, first come first served, until their
   * tokens have accumulated. `fail`: they are rejected at once with `RateLimitExceededError`.
   */
  mode?: 'wait' | 'fail';
  clock?: Clock;
  sleep?: Sleep;
}

export interface AcquireOptions {
  /** Aborting a waiting `acquire` rejects it at once with `signal.reason` and returns its tokens. */
  signal?: AbortSignal;
  /** Tokens to take; at most `burst`. Default 1. */
  tokens?: number;
}

/** What the orchestrator needs of a rate limiter; implement it to bring your own. */
export interface RateLimiter {
  /** Resolves once the tokens are taken (at once when the bucket has them). */
  acquire(options?: AcquireOptions): Promise<void>;
}

export interface TokenBucketRateLimiter extends RateLimiter {
  /** Tokens that could be taken now without waiting (0 while callers wait). */
  available(): number;
}

/** Creates a token bucket rate limiter. */
export function createRateLimiter(options: RateLimiterOptions): TokenBucketRateLimiter {
  return new TokenBucket(options);
}

// Rounding in the refill arithmetic must not leave a woken waiter a hair short of its tokens.
const TOLERANCE = 1e-9;

interface Waiter {
  tokens: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

class TokenBucket implements TokenBucketRateLimiter {
  readonly #ratePerMs: number;
  readonly #burst: number;
  readonly #fail: boolean;
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  #tokens: number;
  #updatedAt: number;
  // Callers waiting for tokens, served strictly in order; one timer waits for the head's tokens.
  #queue: Waiter[] = [];
  #timer: AbortController | undefined;

  constructor(options: RateLimiterOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ResilienceConfigurationError('options', options, 'an options object');
    }
    const rate = checkNumber('ratePerSecond', options.ratePerSecond, { minExclusive: 0 });
    this.#burst = checkNumber('burst', options.burst, { minExclusive: 0 });
    const mode = options.mode ?? 'wait';
    if (mode !== 'wait' && mode !== 'fail') {
      throw new ResilienceConfigurationError('mode', mode, "'wait' or 'fail'");
    }
    this.#ratePerMs = rate / 1000;
    this.#fail = mode === 'fail';
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? systemSleep;
    this.#tokens = this.#burst;
    this.#updatedAt = this.#clock.now();
  }

  available(): number {
    this.#refill();
    return this.#queue.length > 0 ? 0 : this.#tokens;
  }

  acquire(options: AcquireOptions = {}): Promise<void> {
    const tokens = options.tokens ?? 1;
    if (!(typeof tokens === 'number' && tokens > 0 && tokens <= this.#burst)) {
      return Promise.reject(
        new ResilienceConfigurationError(
          'tokens',
          tokens,
          `a number > 0 and <= burst (${this.#burst})`,
        ),
      );
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#refill();
    if (this.#queue.length === 0 && this.#tokens >= tokens) {
      this.#tokens -= tokens;
      return Promise.resolve();
    }
    if (this.#fail) {
      const missing = tokens - this.#tokens;
      return Promise.reject(
        new RateLimitExceededError(tokens, Math.ceil(missing / this.#ratePerMs)),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { tokens, resolve, reject, signal, onAbort: undefined };
      if (signal !== undefined) {
        waiter.onAbort = () => this.#cancel(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      if (this.#queue.length === 1) this.#pump();
    });
  }

  #cancel(waiter: Waiter): void {
    const index = this.#queue.indexOf(waiter);
    if (index === -1) return;
    this.#queue.splice(index, 1);
    waiter.reject(waiter.signal?.reason);
    // The head left: the next waiter may need less time (or none).
    if (index === 0) this.#pump();
  }

  // Serves every waiter whose tokens are there, then sleeps until the head's tokens will be.
  #pump(): void {
    this.#timer?.abort();
    this.#timer = undefined;
    this.#refill();
    let head = this.#queue[0];
    while (head !== undefined && this.#tokens + TOLERANCE >= head.tokens) {
      this.#tokens -= head.tokens;
      this.#queue.shift();
      if (head.onAbort !== undefined) head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve();
      head = this.#queue[0];
    }
    if (head === undefined) return;
    const timer = new AbortController();
    this.#timer = timer;
    const waitMs = (head.tokens - this.#tokens) / this.#ratePerMs;
    this.#sleep(waitMs, timer.signal).then(() => {
      if (this.#timer === timer) this.#pump();
    }, noop);
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = now - this.#updatedAt;
    if (elapsed > 0) {
      this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs);
      this.#updatedAt = now;
    }
  }
}

function noop() {}
