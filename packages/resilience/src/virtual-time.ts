import { ResilienceConfigurationError } from './errors.js';
import type { Clock, Sleep } from './time.js';

/**
 * Time that moves only when told to: a clock and a sleep for tests, so code that waits runs
 * without waiting. Not for concurrent use by several `advance`/`runAll` calls at once.
 */
export interface VirtualTime {
  readonly clock: Clock;
  readonly sleep: Sleep;
  /** The current virtual time; the same as `clock.now()`. */
  now(): number;
  /**
   * Moves time forward by `ms`, waking every sleep that falls due on the way in order, each at
   * its own due time, and letting the promise chains it resumes run (until they settle or block on
   * something other than this virtual time) before the next one fires.
   */
  advance(ms: number): Promise<void>;
  /** Fires sleeps in due order until none is pending (sleeps of `Infinity` never fire). */
  runAll(options?: { maxTimers?: number }): Promise<void>;
  /** How many sleeps are waiting, `Infinity` ones included. */
  pending(): number;
}

interface Timer {
  due: number;
  seq: number;
  fire: () => void;
}

const DEFAULT_MAX_TIMERS = 100_000;

// One macrotask turn: every microtask queued before it (and by those) has run when it resolves.
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Creates virtual time starting at `start` (ms since the epoch; default 0). */
export function createVirtualTime(start = 0): VirtualTime {
  if (!Number.isFinite(start)) {
    throw new ResilienceConfigurationError('start', start, 'a finite number of milliseconds');
  }
  let now = start;
  let seq = 0;
  const timers: Timer[] = [];
  let infinite = 0;

  const insert = (timer: Timer) => {
    let lo = 0;
    let hi = timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = timers[mid]!;
      if (other.due < timer.due || (other.due === timer.due && other.seq < timer.seq)) lo = mid + 1;
      else hi = mid;
    }
    timers.splice(lo, 0, timer);
  };

  const sleep: Sleep = (ms, signal) => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!(ms > 0)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      if (ms === Number.POSITIVE_INFINITY) {
        infinite++;
        signal?.addEventListener(
          'abort',
          () => {
            infinite--;
            reject(signal.reason);
          },
          { once: true },
        );
        return;
      }
      const onAbort = () => {
        const index = timers.indexOf(timer);
        if (index !== -1) timers.splice(index, 1);
        reject(signal?.reason);
      };
      const timer: Timer = {
        due: now + ms,
        seq: seq++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      insert(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  const fireNext = () => {
    const timer = timers.shift()!;
    if (timer.due > now) now = timer.due;
    timer.fire();
  };

  return {
    clock: { now: () => now },
    sleep,
    now: () => now,
    async advance(ms) {
      if (!(ms >= 0) || !Number.isFinite(ms)) {
        throw new ResilienceConfigurationError('ms', ms, 'a finite number of milliseconds >= 0');
      }
      const target = now + ms;
      await flush();
      while (timers.length > 0 && timers[0]!.due <= target) {
        fireNext();
        await flush();
      }
      if (target > now) now = target;
      await flush();
    },
    async runAll(options = {}) {
      const maxTimers = options.maxTimers ?? DEFAULT_MAX_TIMERS;
      let fired = 0;
      await flush();
      while (timers.length > 0) {
        if (fired >= maxTimers) {
          throw new Error(
            `runAll fired ${fired} sleeps and more keep being scheduled; something loops forever. ` +
              'Use advance(ms) to move time by a bounded amount, or raise maxTimers.',
          );
        }
        fireNext();
        fired++;
        await flush();
      }
    },
    pending: () => timers.length + infinite,
  };
}
