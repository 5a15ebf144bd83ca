import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  createVirtualTime,
  type ErrorClassifier,
  getRetryMetadata,
  ResilienceConfigurationError,
  type RetryEvent,
  retry,
} from '../src/index.js';
import { flush, seededRandom, TestError, track } from './helpers.js';

const always =
  (action: 'retry' | 'throttle' | 'fail'): ErrorClassifier =>
  () => ({ action });

const byKind: ErrorClassifier = (error) => {
  if (error instanceof TestError) {
    if (error.kind === 'transient') return { action: 'retry' };
    if (error.kind === 'throttled') return { action: 'throttle' };
  }
  return { action: 'fail' };
};

describe('retry', () => {
  it('returns the first success without consulting the classifier', async () => {
    const classifier = vi.fn(always('retry'));
    const fn = vi.fn(async ({ attempt }: { attempt: number }) => `ok on ${attempt}`);
    await expect(retry(fn, { classifier })).resolves.toBe('ok on 1');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(classifier).not.toHaveBeenCalled();
  });

  it('retries after exponentially growing, jittered delays in virtual time until success', async () => {
    const time = createVirtualTime();
    const events: RetryEvent[] = [];
    const starts: number[] = [];
    const result = track(
      retry(
        async ({ attempt }) => {
          starts.push(time.now());
          if (attempt < 4) throw new TestError(`boom ${attempt}`);
          return attempt;
        },
        {
          classifier: byKind,
          maxAttempts: 5,
          baseDelayMs: 100,
          random: () => 0.5,
          onRetry: (event) => events.push(event),
          clock: time.clock,
          sleep: time.sleep,
        },
      ),
    );
    await time.advance(49);
    expect(starts).toEqual([0]);
    await time.advance(1);
    expect(starts).toEqual([0, 50]);
    await time.runAll();
    expect(result).toMatchObject({ status: 'fulfilled', value: 4 });
    expect(starts).toEqual([0, 50, 150, 350]);
    expect(events.map((e) => [e.attempt, e.delayMs, (e.error as Error).message])).toEqual([
      [1, 50, 'boom 1'],
      [2, 100, 'boom 2'],
      [3, 200, 'boom 3'],
    ]);
    expect(events[0]!.decision).toEqual({ action: 'retry' });
  });

  it('tells the classifier each attempt number and error', async () => {
    const time = createVirtualTime();
    const errors = [new TestError('a'), new TestError('b')];
    const classifier = vi.fn(always('retry'));
    const result = track(
      retry(
        async ({ attempt }) => {
          if (attempt <= errors.length) throw errors[attempt - 1];
          return 'done';
        },
        { classifier, clock: time.clock, sleep: time.sleep },
      ),
    );
    await time.runAll();
    expect(result.value).toBe('done');
    expect(classifier.mock.calls).toEqual([
      [errors[0], { attempt: 1 }],
      [errors[1], { attempt: 2 }],
    ]);
  });

  it('rethrows the very error a fail decision was given, recording one attempt', async () => {
    const error = new TestError('bad request', 'permanent');
    const fn = vi.fn(async () => {
      throw error;
    });
    const caught = await retry(fn, { classifier: byKind }).catch((e: unknown) => e);
    expect(caught).toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(getRetryMetadata(caught)).toEqual({ attempts: 1, totalDelayMs: 0, reason: 'fail' });
  });

  it('gives up after maxAttempts (default 3) with the last error and its metadata', async () => {
    const time = createVirtualTime();
    let n = 0;
    const result = track(
      retry(
        async () => {
          n++;
          throw new TestError(`failure ${n}`);
        },
        { classifier: byKind, random: () => 0.5, clock: time.clock, sleep: time.sleep },
      ),
    );
    await time.runAll();
    expect(n).toBe(3);
    expect(result.status).toBe('rejected');
    expect((result.error as Error).message).toBe('failure 3');
    expect(getRetryMetadata(result.error)).toEqual({
      attempts: 3,
      totalDelayMs: 150,
      reason: 'max-attempts',
    });
    expect(time.now()).toBe(150);
  });

  it('uses the default schedule: 100 ms base, 500 ms throttle base, 20 s cap', async () => {
    const time = createVirtualTime();
    const delays: number[] = [];
    const kinds = ['transient', 'throttled', 'transient', 'throttled'] as const;
    const result = track(
      retry(
        async ({ attempt }) => {
          const kind = kinds[attempt - 1];
          if (kind === undefined) return 'ok';
          throw new TestError(kind, kind);
        },
        {
          classifier: byKind,
          maxAttempts: 10,
          random: () => 0.999999,
          onRetry: (e) => delays.push(e.delayMs),
          clock: time.clock,
          sleep: time.sleep,
        },
      ),
    );
    await time.runAll();
    expect(result.value).toBe('ok');
    expect(delays).toEqual([99, 999, 399, 3999]);

    const capped: number[] = [];
    const late = track(
      retry(
        async ({ attempt }) => (attempt < 10 ? Promise.reject(new TestError('x', 'throttled')) : 1),
        {
          classifier: byKind,
          maxAttempts: 10,
          random: () => 0.999999,
          onRetry: (e) => capped.push(e.delayMs),
          clock: time.clock,
          sleep: time.sleep,
        },
      ),
    );
    await time.runAll();
    expect(late.value).toBe(1);
    expect(Math.max(...capped)).toBe(19_999);
  });

  it('honours the retry-after hint of a decision, capped at maxDelayMs', async () => {
    const time = createVirtualTime();
    const delays: number[] = [];
    const hints = [2500, 90_000];
    const result = track(
      retry(
        async ({ attempt }) => {
          if (attempt <= hints.length) throw new TestError('slow down', 'throttled');
          return 'ok';
        },
        {
          classifier: (_e, { attempt }) => ({
            action: 'throttle',
            retryAfterMs: hints[attempt - 1],
          }),
          maxDelayMs: 30_000,
          random: () => 0,
          onRetry: (e) => delays.push(e.delayMs),
          clock: time.clock,
          sleep: time.sleep,
        },
      ),
    );
    await time.runAll();
    expect(result.value).toBe('ok');
    expect(delays).toEqual([2500, 30_000]);
    expect(time.now()).toBe(32_500);
  });

  it('stops before a retry whose delay would overrun maxTotalTimeMs, counting attempt time', async () => {
    const time = createVirtualTime();
    const delays: number[] = [];
    const result = track(
      retry(
        async () => {
          await time.sleep(100);
          throw new TestError('slow failure');
        },
        {
          classifier: byKind,
          maxAttempts: 10,
          baseDelayMs: 100,
          random: () => 0.5,
          maxTotalTimeMs: 600,
          onRetry: (e) => delays.push(e.delayMs),
          clock: time.clock,
          sleep: time.sleep,
        },
      ),
    );
    await time.runAll();
    // Attempt, 50 ms delay, attempt, 100 ms delay, attempt: 450 ms; a 200 ms delay would end at 650 > 600.
    expect(delays).toEqual([50, 100]);
    expect(result.status).toBe('rejected');
    expect(getRetryMetadata(result.error)).toEqual({
      attempts: 3,
      totalDelayMs: 150,
      reason: 'max-total-time',
    });
    expect(time.now()).toBe(450);
  });

  it('does not wait for a zero delay', async () => {
    const time = createVirtualTime();
    const fn = vi.fn(async ({ attempt }: { attempt: number }) => {
      if (attempt < 3) throw new TestError('again');
      return attempt;
    });
    await expect(
      retry(fn, { classifier: byKind, random: () => 0, clock: time.clock, sleep: time.sleep }),
    ).resolves.toBe(3);
    expect(time.now()).toBe(0);
  });

  it('retries forever with maxAttempts Infinity until success', async () => {
    const time = createVirtualTime();
    const result = track(
      retry(async ({ attempt }) => (attempt < 40 ? Promise.reject(new TestError('x')) : attempt), {
        classifier: byKind,
        maxAttempts: Number.POSITIVE_INFINITY,
        maxDelayMs: 1000,
        clock: time.clock,
        sleep: time.sleep,
      }),
    );
    await time.runAll();
    expect(result.value).toBe(40);
  });

  it('treats a synchronous throw as a failed attempt', async () => {
    const time = createVirtualTime();
    let calls = 0;
    const result = track(
      retry(
        ({ attempt }) => {
          calls++;
          if (attempt === 1) throw new TestError('sync');
          return Promise.resolve('ok');
        },
        { classifier: byKind, clock: time.clock, sleep: time.sleep },
      ),
    );
    await time.runAll();
    expect(result.value).toBe('ok');
    expect(calls).toBe(2);
  });

  it('rethrows primitives and frozen errors untouched, without metadata', async () => {
    const caught = await retry(() => Promise.reject('plain string'), {
      classifier: always('fail'),
    }).catch((e: unknown) => e);
    expect(caught).toBe('plain string');
    expect(getRetryMetadata(caught)).toBeUndefined();
    const frozen = Object.freeze(new TestError('frozen'));
    await expect(retry(() => Promise.reject(frozen), { classifier: always('fail') })).rejects.toBe(
      frozen,
    );
    expect(getRetryMetadata(frozen)).toBeUndefined();
    expect(getRetryMetadata(new Error('never retried'))).toBeUndefined();
    expect(getRetryMetadata(null)).toBeUndefined();
  });

  it('keeps the metadata out of enumeration, JSON and util.inspect', async () => {
    const error = new TestError('x', 'permanent');
    await retry(() => Promise.reject(error), { classifier: byKind }).catch(() => {});
    expect(getRetryMetadata(error)).toBeDefined();
    expect(Object.keys(error)).not.toContain(expect.stringContaining('retry'));
    expect(JSON.stringify({ ...error })).not.toContain('attempts');
    expect(inspect(error)).not.toContain('attempts');
  });

  it('uses real time by default', async () => {
    const result = await retry(
      async ({ attempt }) => {
        if (attempt === 1) throw new TestError('once');
        return attempt;
      },
      { classifier: byKind, baseDelayMs: 2 },
    );
    expect(result).toBe(2);
  });

  describe('cancellation', () => {
    it('rejects with the reason without calling fn when already aborted', async () => {
      const fn = vi.fn(async () => 1);
      const reason = new Error('cancelled');
      await expect(
        retry(fn, { classifier: byKind, signal: AbortSignal.abort(reason) }),
      ).rejects.toBe(reason);
      expect(fn).not.toHaveBeenCalled();
    });

    it('passes the caller signal to each attempt, or a live one when there is none', async () => {
      const controller = new AbortController();
      const seen: AbortSignal[] = [];
      await retry(
        async ({ signal }) => {
          seen.push(signal);
          return 1;
        },
        { classifier: byKind, signal: controller.signal },
      );
      await retry(
        async ({ signal }) => {
          seen.push(signal);
          return 1;
        },
        { classifier: byKind },
      );
      expect(seen[0]).toBe(controller.signal);
      expect(seen[1]).toBeInstanceOf(AbortSignal);
      expect(seen[1]!.aborted).toBe(false);
    });

    it('stops a delay at once and rejects with the reason', async () => {
      const time = createVirtualTime();
      const controller = new AbortController();
      const fn = vi.fn(async () => {
        throw new TestError('x');
      });
      const result = track(
        retry(fn, {
          classifier: byKind,
          random: () => 0.5,
          signal: controller.signal,
          clock: time.clock,
          sleep: time.sleep,
        }),
      );
      await time.advance(10);
      expect(time.pending()).toBe(1);
      const reason = new Error('user left');
      controller.abort(reason);
      await time.advance(0);
      expect(result).toMatchObject({ status: 'rejected', error: reason });
      expect(time.pending()).toBe(0);
      await time.runAll();
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('rejects at once when aborted mid-attempt, even if the attempt ignores its signal', async () => {
      const controller = new AbortController();
      const classifier = vi.fn(always('retry'));
      const result = track(
        retry(() => new Promise<never>(() => {}), { classifier, signal: controller.signal }),
      );
      controller.abort('gone');
      await flush();
      expect(result).toMatchObject({ status: 'rejected', error: 'gone' });
      expect(classifier).not.toHaveBeenCalled();
    });

    it('rejects with the reason, not the attempt error, when the attempt fails because of the abort', async () => {
      const controller = new AbortController();
      const classifier = vi.fn(always('retry'));
      const promise = retry(
        ({ signal }) =>
          new Promise<never>((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(new TestError('aborted fetch')));
          }),
        { classifier, signal: controller.signal },
      );
      const reason = new Error('reason');
      controller.abort(reason);
      await expect(promise).rejects.toBe(reason);
      expect(classifier).not.toHaveBeenCalled();
    });
  });

  describe('options', () => {
    it.each([
      ['maxAttempts', { maxAttempts: 0 }],
      ['maxAttempts', { maxAttempts: 2.5 }],
      ['baseDelayMs', { baseDelayMs: -1 }],
      ['throttleBaseDelayMs', { throttleBaseDelayMs: Number.NaN }],
      ['maxDelayMs', { maxDelayMs: Number.POSITIVE_INFINITY }],
      ['maxTotalTimeMs', { maxTotalTimeMs: -5 }],
      ['random', { random: 0.5 }],
      ['onRetry', { onRetry: 'log' }],
    ])('rejects an invalid %s with ResilienceConfigurationError', async (option, bad) => {
      const fn = vi.fn(async () => 1);
      const error = await retry(fn, { classifier: byKind, ...(bad as object) }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ResilienceConfigurationError);
      expect(error).toMatchObject({ option, code: 'InvalidResilienceConfiguration' });
      expect((error as Error).message).toMatch(new RegExp(`Invalid ${option}`));
      expect(fn).not.toHaveBeenCalled();
    });

    it('requires a classifier', async () => {
      await expect(
        retry(async () => 1, {} as unknown as Parameters<typeof retry>[1]),
      ).rejects.toMatchObject({ option: 'classifier' });
      await expect(
        retry(async () => 1, null as unknown as Parameters<typeof retry>[1]),
      ).rejects.toBeInstanceOf(ResilienceConfigurationError);
    });

    it('rejects a classifier verdict it cannot act on, keeping the attempt error as cause', async () => {
      const error = new TestError('x');
      const result = await retry(() => Promise.reject(error), {
        classifier: () => ({ action: 'maybe' }) as never,
      }).catch((e: unknown) => e);
      expect(result).toBeInstanceOf(ResilienceConfigurationError);
      expect(result).toMatchObject({ option: 'classifier result', value: { action: 'maybe' } });
      expect((result as Error).cause).toBe(error);
    });

    it('ends the call with the exception of a throwing onRetry', async () => {
      const bug = new Error('listener bug');
      await expect(
        retry(() => Promise.reject(new TestError('x')), {
          classifier: byKind,
          onRetry: () => {
            throw bug;
          },
        }),
      ).rejects.toBe(bug);
    });
  });
});

describe('retry properties', () => {
  it('waits exactly its reported delays, each within [0, min(maxDelayMs, base * 2^(n-1))]', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer(),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.array(
          fc.constantFrom('transient', 'throttled') as fc.Arbitrary<'transient' | 'throttled'>,
          {
            minLength: 12,
            maxLength: 12,
          },
        ),
        async (seed, maxAttempts, baseDelayMs, throttleBaseDelayMs, maxDelayMs, kinds) => {
          const time = createVirtualTime();
          const events: RetryEvent[] = [];
          const result = track(
            retry(
              async ({ attempt }) => {
                const kind = kinds[attempt - 1]!;
                throw new TestError(kind, kind);
              },
              {
                classifier: byKind,
                maxAttempts,
                baseDelayMs,
                throttleBaseDelayMs,
                maxDelayMs,
                random: seededRandom(seed),
                onRetry: (e) => events.push(e),
                clock: time.clock,
                sleep: time.sleep,
              },
            ),
          );
          await time.runAll();
          expect(result.status).toBe('rejected');
          expect(events).toHaveLength(maxAttempts - 1);
          let total = 0;
          for (const { attempt, delayMs, decision } of events) {
            const base = decision.action === 'throttle' ? throttleBaseDelayMs : baseDelayMs;
            const ceiling = base === 0 ? 0 : Math.min(maxDelayMs, base * 2 ** (attempt - 1));
            expect(Number.isInteger(delayMs)).toBe(true);
            expect(delayMs).toBeGreaterThanOrEqual(0);
            expect(delayMs).toBeLessThanOrEqual(ceiling);
            total += delayMs;
          }
          expect(time.now()).toBe(total);
          expect(getRetryMetadata(result.error)).toEqual({
            attempts: maxAttempts,
            totalDelayMs: total,
            reason: 'max-attempts',
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('spreads the delays of concurrent callers retrying the same failure (no lockstep)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 1, max: 6 }), async (seed, attempt) => {
        const time = createVirtualTime();
        const random = seededRandom(seed);
        const delays: number[] = [];
        const callers = 300;
        const calls = Array.from({ length: callers }, () =>
          track(
            retry(
              async ({ attempt: n }) => {
                if (n <= attempt) throw new TestError('shared outage');
                return n;
              },
              {
                classifier: byKind,
                maxAttempts: attempt + 1,
                baseDelayMs: 1000,
                maxDelayMs: 1_000_000,
                random,
                onRetry: (e) => {
                  if (e.attempt === attempt) delays.push(e.delayMs);
                },
                clock: time.clock,
                sleep: time.sleep,
              },
            ),
          ),
        );
        await time.runAll();
        expect(calls.every((c) => c.status === 'fulfilled')).toBe(true);
        const ceiling = 1000 * 2 ** (attempt - 1);
        // Each quarter of [0, ceiling) holds 75 callers on average (sd 7.5); allow 6 sd either way.
        const quarters = [0, 0, 0, 0];
        for (const d of delays) quarters[Math.min(3, Math.floor((d / ceiling) * 4))]!++;
        for (const q of quarters) {
          expect(q).toBeGreaterThan(30);
          expect(q).toBeLessThan(120);
        }
        expect(new Set(delays).size).toBeGreaterThan(callers * 0.6);
      }),
      { numRuns: 20 },
    );
  });
});
