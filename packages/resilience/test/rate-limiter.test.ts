import { describe, expect, it } from 'vitest';
import {
  createRateLimiter,
  createVirtualTime,
  RateLimitExceededError,
  ResilienceConfigurationError,
} from '../src/index.js';
import { flush, track } from './helpers.js';

function setup(options: { ratePerSecond: number; burst: number; mode?: 'wait' | 'fail' }) {
  const time = createVirtualTime();
  const limiter = createRateLimiter({ ...options, clock: time.clock, sleep: time.sleep });
  return { time, limiter };
}

describe('createRateLimiter', () => {
  it('starts full: burst acquisitions go through at once', async () => {
    const { time, limiter } = setup({ ratePerSecond: 10, burst: 3 });
    expect(limiter.available()).toBe(3);
    await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire();
    expect(limiter.available()).toBe(0);
    expect(time.pending()).toBe(0);
  });

  it('makes the next caller wait until a token has accumulated', async () => {
    const { time, limiter } = setup({ ratePerSecond: 10, burst: 1 });
    await limiter.acquire();
    const next = track(limiter.acquire());
    await time.advance(99);
    expect(next.status).toBe('pending');
    await time.advance(1);
    expect(next.status).toBe('fulfilled');
  });

  it('serves waiters first come first served at the configured rate', async () => {
    const { time, limiter } = setup({ ratePerSecond: 4, burst: 2 });
    const served: Array<[string, number]> = [];
    const take = (label: string, tokens = 1) =>
      limiter.acquire({ tokens }).then(() => served.push([label, time.now()]));
    void take('a');
    void take('b');
    void take('c');
    void take('d', 2);
    void take('e');
    await time.runAll();
    expect(served).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 250],
      ['d', 750],
      ['e', 1000],
    ]);
  });

  it('never lets more than the burst through after a long idle', async () => {
    const { time, limiter } = setup({ ratePerSecond: 100, burst: 5 });
    await time.advance(3_600_000);
    expect(limiter.available()).toBe(5);
    for (let i = 0; i < 5; i++) await limiter.acquire();
    const sixth = track(limiter.acquire());
    await flush();
    expect(sixth.status).toBe('pending');
    await time.advance(10);
    expect(sixth.status).toBe('fulfilled');
  });

  it('supports fractional rates and token counts', async () => {
    const { time, limiter } = setup({ ratePerSecond: 0.5, burst: 1.5 });
    await limiter.acquire({ tokens: 1.5 });
    const next = track(limiter.acquire({ tokens: 0.5 }));
    await time.advance(999);
    expect(next.status).toBe('pending');
    await time.advance(1);
    expect(next.status).toBe('fulfilled');
  });

  it('in fail mode rejects at once with RateLimitExceededError and takes nothing', async () => {
    const { time, limiter } = setup({ ratePerSecond: 2, burst: 2, mode: 'fail' });
    await limiter.acquire({ tokens: 2 });
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitExceededError);
    expect(error).toMatchObject({
      name: 'RateLimitExceededError',
      code: 'RateLimitExceeded',
      tokens: 1,
      retryAfterMs: 500,
    });
    expect((error as Error).message).toMatch(/500 ms/);
    expect(time.pending()).toBe(0);
    await time.advance(250);
    await expect(limiter.acquire({ tokens: 1 })).rejects.toMatchObject({ retryAfterMs: 250 });
    await time.advance(250);
    await expect(limiter.acquire()).resolves.toBeUndefined();
  });

  describe('cancellation', () => {
    it('rejects a waiting acquire at once with the reason; the next waiter moves up', async () => {
      const { time, limiter } = setup({ ratePerSecond: 1, burst: 1 });
      await limiter.acquire();
      const controller = new AbortController();
      const waiting = track(limiter.acquire({ signal: controller.signal }));
      const after = track(limiter.acquire());
      await time.advance(500);
      const reason = new Error('caller gone');
      controller.abort(reason);
      await flush();
      expect(waiting).toMatchObject({ status: 'rejected', error: reason });
      const fresh = track(limiter.acquire());
      await time.advance(499);
      expect(after.status).toBe('pending');
      await time.advance(1);
      expect(after.status).toBe('fulfilled');
      expect(fresh.status).toBe('pending');
      await time.advance(1000);
      expect(fresh.status).toBe('fulfilled');
      expect(time.pending()).toBe(0);
    });

    it('cancelling a waiter behind the head leaves the head’s timing alone', async () => {
      const { time, limiter } = setup({ ratePerSecond: 2, burst: 1 });
      await limiter.acquire();
      const head = track(limiter.acquire());
      const controller = new AbortController();
      const middle = track(limiter.acquire({ signal: controller.signal }));
      const tail = track(limiter.acquire());
      controller.abort('no');
      await time.advance(500);
      expect(head.status).toBe('fulfilled');
      expect(middle).toMatchObject({ status: 'rejected', error: 'no' });
      expect(tail.status).toBe('pending');
      await time.advance(500);
      expect(tail.status).toBe('fulfilled');
    });

    it('queues a new caller behind waiters even when tokens have accumulated', async () => {
      const { time, limiter } = setup({ ratePerSecond: 1, burst: 3 });
      await limiter.acquire({ tokens: 3 });
      const big = track(limiter.acquire({ tokens: 3 }));
      await time.advance(1000);
      const small = track(limiter.acquire());
      await flush();
      expect(small.status).toBe('pending');
      expect(limiter.available()).toBe(0);
      await time.advance(2000);
      expect(big.status).toBe('fulfilled');
      expect(small.status).toBe('pending');
      await time.advance(1000);
      expect(small.status).toBe('fulfilled');
    });

    it('rejects with the reason, taking nothing, when already aborted', async () => {
      const { limiter } = setup({ ratePerSecond: 1, burst: 1 });
      const reason = new Error('already');
      await expect(limiter.acquire({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(limiter.available()).toBe(1);
    });
  });

  describe('options', () => {
    it.each([
      ['ratePerSecond', { ratePerSecond: 0, burst: 1 }],
      ['ratePerSecond', { ratePerSecond: Number.POSITIVE_INFINITY, burst: 1 }],
      ['burst', { ratePerSecond: 1, burst: 0 }],
      ['burst', { ratePerSecond: 1, burst: Number.NaN }],
      ['mode', { ratePerSecond: 1, burst: 1, mode: 'drop' }],
    ])('rejects an invalid %s', (option, bad) => {
      expect(() => createRateLimiter(bad as never)).toThrow(expect.objectContaining({ option }));
      expect(() => createRateLimiter(bad as never)).toThrow(ResilienceConfigurationError);
    });

    it('rejects a non-object', () => {
      expect(() => createRateLimiter(undefined as never)).toThrow(ResilienceConfigurationError);
    });

    it.each([0, -1, 3, Number.NaN])(
      'rejects acquiring %s tokens from a burst of 2',
      async (tokens) => {
        const { limiter } = setup({ ratePerSecond: 1, burst: 2 });
        await expect(limiter.acquire({ tokens })).rejects.toMatchObject({
          name: 'ResilienceConfigurationError',
          option: 'tokens',
        });
        expect(limiter.available()).toBe(2);
      },
    );

    it('runs on the real clock and timers by default', async () => {
      const waiting = createRateLimiter({ ratePerSecond: 1000, burst: 1 });
      await waiting.acquire();
      await waiting.acquire();
      await waiting.acquire();
      const failing = createRateLimiter({ ratePerSecond: 0.001, burst: 1, mode: 'fail' });
      await failing.acquire();
      const error = (await failing.acquire().catch((e: unknown) => e)) as RateLimitExceededError;
      expect(error.retryAfterMs).toBeGreaterThan(990_000);
      expect(error.retryAfterMs).toBeLessThanOrEqual(1_000_000);
    });
  });
});
