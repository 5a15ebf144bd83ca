import { ResilienceConfigurationError, TimeoutError } from './errors.js';
import { invoke } from './internal.js';
import { type Sleep, unrefSleep } from './time.js';

export interface TimeoutOptions {
  /** The caller's signal: aborting it aborts the operation's signal and rejects with its reason. */
  signal?: AbortSignal;
  /**
   * Runs the timer. Default: a real timer that does not keep the process alive. Pass virtual
   * time's `sleep` to time out in virtual time.
   */
  sleep?: Sleep;
}

/**
 * Runs `fn` with a signal that aborts after `ms` milliseconds, with a `TimeoutError` as its reason.
 * Rejects with that `TimeoutError` when the time is up, even if `fn` ignores its signal and never
 * settles (its later outcome is then ignored). `ms` may be `Infinity` for no timeout.
 */
export function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  ms: number,
  options: TimeoutOptions = {},
): Promise<T> {
  if (!(typeof ms === 'number' && ms > 0)) {
    return Promise.reject(
      new ResilienceConfigurationError('timeout', ms, 'a number of milliseconds > 0 (or Infinity)'),
    );
  }
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const sleep = options.sleep ?? unrefSleep;
  const controller = new AbortController();
  const timer = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = () => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      timer.abort();
    };
    const onAbort = () => {
      if (settled) return;
      settle();
      controller.abort(signal?.reason);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (ms !== Number.POSITIVE_INFINITY) {
      invoke((s: AbortSignal) => sleep(ms, s), timer.signal).then(() => {
        if (settled) return;
        const error = new TimeoutError(ms);
        settle();
        controller.abort(error);
        reject(error);
      }, noop);
    }
    invoke(fn, controller.signal).then(
      (value) => {
        if (settled) return;
        settle();
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settle();
        reject(error);
      },
    );
  });
}

function noop() {}
