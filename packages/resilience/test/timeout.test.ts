import { describe, expect, it, vi } from 'vitest';
import {
  createVirtualTime,
  ResilienceConfigurationError,
  TimeoutError,
  withTimeout,
} from '../src/index.js';
import { flush, track } from './helpers.js';

describe('withTimeout', () => {
  it('resolves with the result when the operation finishes in time, and clears its timer', async () => {
    const time = createVirtualTime();
    const result = track(
      withTimeout(
        async (signal) => {
          await time.sleep(99);
          return signal.aborted ? 'aborted' : 'done';
        },
        100,
        { sleep: time.sleep },
      ),
    );
    await time.advance(99);
    expect(result).toMatchObject({ status: 'fulfilled', value: 'done' });
    expect(time.pending()).toBe(0);
  });

  it('passes the operation’s own rejection through', async () => {
    const error = new Error('operation failed');
    await expect(withTimeout(() => Promise.reject(error), 100)).rejects.toBe(error);
    await expect(
      withTimeout(() => {
        throw error;
      }, 100),
    ).rejects.toBe(error);
  });

  it('aborts the operation’s signal with a TimeoutError and rejects with it when time is up', async () => {
    const time = createVirtualTime();
    let seen: AbortSignal | undefined;
    const result = track(
      withTimeout(
        (signal) => {
          seen = signal;
          return time.sleep(1000, signal).then(() => 'late');
        },
        250,
        { sleep: time.sleep },
      ),
    );
    await time.advance(249);
    expect(result.status).toBe('pending');
    expect(seen!.aborted).toBe(false);
    await time.advance(1);
    expect(result.status).toBe('rejected');
    expect(result.error).toBeInstanceOf(TimeoutError);
    expect(result.error).toMatchObject({ name: 'TimeoutError', code: 'Timeout', timeoutMs: 250 });
    expect((result.error as Error).message).toMatch(/250 ms/);
    expect(seen!.aborted).toBe(true);
    expect(seen!.reason).toBe(result.error);
    expect(time.pending()).toBe(0);
  });

  it('times out an operation that ignores its signal and never settles', async () => {
    const time = createVirtualTime();
    const result = track(withTimeout(() => new Promise(() => {}), 10, { sleep: time.sleep }));
    await time.advance(10);
    expect(result.error).toBeInstanceOf(TimeoutError);
  });

  it('ignores an operation’s outcome that comes after the timeout', async () => {
    const time = createVirtualTime();
    let finish!: (v: string) => void;
    const result = track(
      withTimeout(() => new Promise<string>((r) => (finish = r)), 10, { sleep: time.sleep }),
    );
    await time.advance(10);
    finish('too late');
    await flush();
    expect(result.error).toBeInstanceOf(TimeoutError);
  });

  it('never times out with Infinity', async () => {
    const time = createVirtualTime();
    let finish!: (v: string) => void;
    const result = track(
      withTimeout(() => new Promise<string>((r) => (finish = r)), Number.POSITIVE_INFINITY, {
        sleep: time.sleep,
      }),
    );
    expect(time.pending()).toBe(0);
    await time.advance(1e12);
    finish('eventually');
    await flush();
    expect(result.value).toBe('eventually');
  });

  it('times out on a real timer by default', async () => {
    const error = await withTimeout(() => new Promise(() => {}), 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  describe('cancellation', () => {
    it('rejects at once with the caller’s reason and aborts the operation with it', async () => {
      const time = createVirtualTime();
      const controller = new AbortController();
      let seen: AbortSignal | undefined;
      const result = track(
        withTimeout(
          (signal) => {
            seen = signal;
            return new Promise(() => {});
          },
          1000,
          { signal: controller.signal, sleep: time.sleep },
        ),
      );
      const reason = new Error('user cancelled');
      controller.abort(reason);
      await flush();
      expect(result).toMatchObject({ status: 'rejected', error: reason });
      expect(seen!.reason).toBe(reason);
      expect(time.pending()).toBe(0);
    });

    it('rejects with the reason without starting the operation when already aborted', async () => {
      const fn = vi.fn(async () => 1);
      await expect(withTimeout(fn, 100, { signal: AbortSignal.abort('early') })).rejects.toBe(
        'early',
      );
      expect(fn).not.toHaveBeenCalled();
    });

    it('stops listening to the caller’s signal once settled', async () => {
      const controller = new AbortController();
      let seen: AbortSignal | undefined;
      await withTimeout(
        async (signal) => {
          seen = signal;
          return 1;
        },
        100,
        { signal: controller.signal },
      );
      controller.abort('after the fact');
      expect(seen!.aborted).toBe(false);
    });
  });

  it.each([0, -1, Number.NaN, '5'])('rejects a timeout of %s', async (ms) => {
    const fn = vi.fn(async () => 1);
    const error = await withTimeout(fn, ms as number).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResilienceConfigurationError);
    expect(error).toMatchObject({ option: 'timeout' });
    expect(fn).not.toHaveBeenCalled();
  });
});
