/** A source of the current time in milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/**
 * Waits `ms` milliseconds. Rejects with `signal.reason` as soon as `signal` aborts (at once if it
 * already has). A zero, negative or NaN `ms` resolves without waiting; `Infinity` waits until
 * aborted.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real clock: `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() };

export interface SystemSleepOptions {
  /**
   * `true` lets the process exit while the sleep is pending (the timer is `unref()`ed): right for
   * timeouts and background waits. `false` (the default) keeps the process alive until the sleep
   * ends, as an awaited wait such as a retry delay should.
   */
  unref?: boolean;
}

// setTimeout fires at once for delays above 2^31 - 1 ms; longer sleeps are chained.
const MAX_TIMER_MS = 2_147_483_647;

/** Creates a real sleep on `setTimeout`. */
export function createSystemSleep(options: SystemSleepOptions = {}): Sleep {
  const unref = options.unref === true;
  return (ms, signal) => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!(ms > 0)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let handle: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        if (handle !== undefined) clearTimeout(handle);
        reject(signal?.reason);
      };
      const arm = (remaining: number) => {
        const step = Math.min(remaining, MAX_TIMER_MS);
        handle = setTimeout(() => {
          if (remaining > step) {
            arm(remaining - step);
            return;
          }
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, step);
        if (unref) handle.unref();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (ms !== Number.POSITIVE_INFINITY) arm(ms);
    });
  };
}

/** The real sleep, keeping the process alive while it waits (see {@link createSystemSleep}). */
export const systemSleep: Sleep = createSystemSleep();

/** The real sleep with an `unref()`ed timer: the process may exit while it waits. */
export const unrefSleep: Sleep = createSystemSleep({ unref: true });
