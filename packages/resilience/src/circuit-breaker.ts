import { CircuitOpenError, ResilienceConfigurationError } from './errors.js';
import { checkFunction, checkNumber, invoke } from './internal.js';
import { type Clock, systemClock } from './time.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitStateChange {
  from: CircuitState;
  to: CircuitState;
}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5; `Infinity` turns the rule off. */
  failureThreshold?: number;
  /**
   * Failure rate in (0, 1] over the last `windowMs` that opens the circuit, once at least
   * `minimumRequests` outcomes are in the window. Default: the rate rule is off.
   */
  failureRateThreshold?: number;
  /** Outcomes needed in the window before the rate rule applies. Default 10. */
  minimumRequests?: number;
  /** Length of the sliding window of the rate rule. Default 60,000 ms. */
  windowMs?: number;
  /** How long the circuit stays open before letting probes through. Default 30,000 ms. */
  coolDownMs?: number;
  /**
   * Calls let through while half-open. All must succeed to close the circuit; any failure opens it
   * again for another cool-down. Default 1.
   */
  halfOpenMaxProbes?: number;
  /**
   * Which errors count against the circuit. Errors it rejects count as successes: the dependency
   * answered (e.g. a validation error). Default: every error counts.
   */
  isFailure?: (error: unknown) => boolean;
  /** Called after each state change. Must not throw: an exception reaches the caller in hand. */
  onStateChange?: (change: CircuitStateChange) => void;
  clock?: Clock;
}

export interface CircuitExecuteOptions {
  /**
   * The caller's signal. A call that fails while it is aborted is not counted either way (the
   * caller gave up; the dependency is not to blame), and frees its half-open probe slot.
   */
  signal?: AbortSignal;
}

export interface CircuitBreaker {
  /** The current state; reading it moves an open circuit whose cool-down is over to half-open. */
  readonly state: CircuitState;
  /** Runs `fn` if the circuit lets it through, else rejects at once with a `CircuitOpenError`. */
  execute<T>(fn: () => Promise<T>, options?: CircuitExecuteOptions): Promise<T>;
}

/** Creates a circuit breaker, closed. Its state changes lazily, on calls and reads, with no timers. */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  return new DefaultCircuitBreaker(options);
}

class DefaultCircuitBreaker implements CircuitBreaker {
  readonly #failureThreshold: number;
  readonly #failureRateThreshold: number | undefined;
  readonly #minimumRequests: number;
  readonly #windowMs: number;
  readonly #coolDownMs: number;
  readonly #halfOpenMaxProbes: number;
  readonly #isFailure: ((error: unknown) => boolean) | undefined;
  readonly #onStateChange: ((change: CircuitStateChange) => void) | undefined;
  readonly #clock: Clock;

  #state: CircuitState = 'closed';
  // Bumped on every transition; an outcome from a call admitted in an earlier era is ignored.
  #era = 0;
  #openedAt = 0;
  #consecutiveFailures = 0;
  #probesAdmitted = 0;
  #probesSucceeded = 0;
  #lastFailure: unknown;
  #hasLastFailure = false;
  // Sliding window of outcomes for the rate rule: times and failure flags from #head on.
  #times: number[] = [];
  #failed: boolean[] = [];
  #head = 0;
  #failures = 0;

  constructor(options: CircuitBreakerOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ResilienceConfigurationError('options', options, 'an options object');
    }
    this.#failureThreshold = checkNumber('failureThreshold', options.failureThreshold ?? 5, {
      min: 1,
      integer: true,
      allowInfinity: true,
    });
    this.#failureRateThreshold =
      options.failureRateThreshold === undefined
        ? undefined
        : checkNumber('failureRateThreshold', options.failureRateThreshold, {
            minExclusive: 0,
            max: 1,
          });
    this.#minimumRequests = checkNumber('minimumRequests', options.minimumRequests ?? 10, {
      min: 1,
      integer: true,
    });
    this.#windowMs = checkNumber('windowMs', options.windowMs ?? 60_000, { minExclusive: 0 });
    this.#coolDownMs = checkNumber('coolDownMs', options.coolDownMs ?? 30_000, { min: 0 });
    this.#halfOpenMaxProbes = checkNumber('halfOpenMaxProbes', options.halfOpenMaxProbes ?? 1, {
      min: 1,
      integer: true,
    });
    this.#isFailure = checkFunction('isFailure', options.isFailure, false);
    this.#onStateChange = checkFunction('onStateChange', options.onStateChange, false);
    this.#clock = options.clock ?? systemClock;
  }

  get state(): CircuitState {
    this.#refresh();
    return this.#state;
  }

  async execute<T>(fn: () => Promise<T>, options: CircuitExecuteOptions = {}): Promise<T> {
    this.#refresh();
    if (this.#state === 'open') {
      const remaining = Math.max(0, this.#openedAt + this.#coolDownMs - this.#clock.now());
      throw this.#openError('open', Math.ceil(remaining));
    }
    const probe = this.#state === 'half-open';
    if (probe) {
      if (this.#probesAdmitted >= this.#halfOpenMaxProbes) throw this.#openError('half-open', 0);
      this.#probesAdmitted++;
    }
    const era = this.#era;
    let value: T;
    try {
      value = await invoke(fn, undefined);
    } catch (error) {
      if (era === this.#era) {
        if (options.signal?.aborted) {
          if (probe) this.#probesAdmitted--;
        } else if (this.#isFailure === undefined || this.#isFailure(error)) {
          this.#recordFailure(probe, error);
        } else {
          this.#recordSuccess(probe);
        }
      }
      throw error;
    }
    if (era === this.#era) this.#recordSuccess(probe);
    return value;
  }

  #openError(state: 'open' | 'half-open', retryAfterMs: number): CircuitOpenError {
    return new CircuitOpenError(
      state,
      retryAfterMs,
      this.#hasLastFailure ? { cause: this.#lastFailure } : undefined,
    );
  }

  #refresh(): void {
    if (this.#state === 'open' && this.#clock.now() - this.#openedAt >= this.#coolDownMs) {
      this.#transition('half-open');
    }
  }

  #recordSuccess(probe: boolean): void {
    if (probe) {
      this.#probesSucceeded++;
      if (this.#probesSucceeded >= this.#halfOpenMaxProbes) this.#transition('closed');
      return;
    }
    this.#consecutiveFailures = 0;
    if (this.#failureRateThreshold !== undefined) this.#record(false);
  }

  #recordFailure(probe: boolean, error: unknown): void {
    this.#lastFailure = error;
    this.#hasLastFailure = true;
    if (probe) {
      this.#transition('open');
      return;
    }
    this.#consecutiveFailures++;
    if (this.#consecutiveFailures >= this.#failureThreshold) {
      this.#transition('open');
      return;
    }
    if (this.#failureRateThreshold !== undefined) {
      this.#record(true);
      const count = this.#times.length - this.#head;
      if (count >= this.#minimumRequests && this.#failures / count >= this.#failureRateThreshold) {
        this.#transition('open');
      }
    }
  }

  #record(failed: boolean): void {
    const now = this.#clock.now();
    const times = this.#times;
    while (this.#head < times.length && now - times[this.#head]! >= this.#windowMs) {
      if (this.#failed[this.#head]) this.#failures--;
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > times.length) {
      times.splice(0, this.#head);
      this.#failed.splice(0, this.#head);
      this.#head = 0;
    }
    times.push(now);
    this.#failed.push(failed);
    if (failed) this.#failures++;
  }

  #transition(to: CircuitState): void {
    const from = this.#state;
    this.#state = to;
    this.#era++;
    this.#probesAdmitted = 0;
    this.#probesSucceeded = 0;
    if (to === 'open') {
      this.#openedAt = this.#clock.now();
    } else if (to === 'closed') {
      this.#consecutiveFailures = 0;
      this.#times = [];
      this.#failed = [];
      this.#head = 0;
      this.#failures = 0;
      this.#hasLastFailure = false;
      this.#lastFailure = undefined;
    }
    this.#onStateChange?.({ from, to });
  }
}
