import { describe, expect, it } from 'vitest';
import { createVirtualTime, ResilienceConfigurationError } from '../src/index.js';
import { track } from './helpers.js';

describe('createVirtualTime', () => {
  it('starts at the given time (0 by default) and stands still until advanced', async () => {
    expect(createVirtualTime().now()).toBe(0);
    const time = createVirtualTime(1_700_000_000_000);
    expect(time.clock.now()).toBe(1_700_000_000_000);
    expect(time.now()).toBe(1_700_000_000_000);
    await time.advance(250);
    expect(time.clock.now()).toBe(1_700_000_000_250);
  });

  it('wakes a sleep only once time reaches its due time', async () => {
    const time = createVirtualTime();
    const slept = track(time.sleep(100));
    expect(time.pending()).toBe(1);
    await time.advance(99);
    expect(slept.status).toBe('pending');
    await time.advance(1);
    expect(slept.status).toBe('fulfilled');
    expect(time.pending()).toBe(0);
  });

  it('fires sleeps in due order, each seeing its own due time, ties first come first served', async () => {
    const time = createVirtualTime();
    const seen: string[] = [];
    const at = (label: string, ms: number) =>
      time.sleep(ms).then(() => seen.push(`${label}@${time.now()}`));
    void at('c', 30);
    void at('a', 10);
    void at('b1', 20);
    void at('b2', 20);
    await time.advance(100);
    expect(seen).toEqual(['a@10', 'b1@20', 'b2@20', 'c@30']);
    expect(time.now()).toBe(100);
  });

  it('fires sleeps scheduled by woken code within the same advance', async () => {
    const time = createVirtualTime();
    const seen: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await time.sleep(10);
        seen.push(time.now());
      }
    })();
    await time.advance(25);
    expect(seen).toEqual([10, 20]);
    await time.advance(5);
    expect(seen).toEqual([10, 20, 30]);
  });

  it('lets code started just before advance schedule its sleeps first', async () => {
    const time = createVirtualTime();
    const done = track(
      (async () => {
        await Promise.resolve();
        await Promise.resolve();
        await time.sleep(50);
      })(),
    );
    await time.advance(50);
    expect(done.status).toBe('fulfilled');
  });

  it('resolves zero, negative and NaN sleeps without waiting', async () => {
    const time = createVirtualTime();
    await time.sleep(0);
    await time.sleep(-5);
    await time.sleep(Number.NaN);
    expect(time.pending()).toBe(0);
    expect(time.now()).toBe(0);
  });

  it('rejects an aborted sleep at once with the reason and forgets it', async () => {
    const time = createVirtualTime();
    const controller = new AbortController();
    const slept = track(time.sleep(100, controller.signal));
    const reason = new Error('stop');
    controller.abort(reason);
    await Promise.resolve();
    expect(slept.status).toBe('rejected');
    expect(slept.error).toBe(reason);
    expect(time.pending()).toBe(0);
  });

  it('rejects a sleep on an already aborted signal', async () => {
    const time = createVirtualTime();
    const reason = new Error('already');
    await expect(time.sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(time.pending()).toBe(0);
  });

  it('keeps an Infinity sleep pending forever, until aborted', async () => {
    const time = createVirtualTime();
    const controller = new AbortController();
    const slept = track(time.sleep(Number.POSITIVE_INFINITY, controller.signal));
    expect(time.pending()).toBe(1);
    await time.runAll();
    await time.advance(1e12);
    expect(slept.status).toBe('pending');
    controller.abort('bye');
    await Promise.resolve();
    expect(slept).toMatchObject({ status: 'rejected', error: 'bye' });
    expect(time.pending()).toBe(0);
  });

  it('runAll fires every pending sleep and leaves time at the last one', async () => {
    const time = createVirtualTime(1000);
    const order: number[] = [];
    void time.sleep(300).then(() => order.push(time.now()));
    void time.sleep(100).then(async () => {
      order.push(time.now());
      await time.sleep(1000);
      order.push(time.now());
    });
    await time.runAll();
    expect(order).toEqual([1100, 1300, 2100]);
    expect(time.now()).toBe(2100);
    expect(time.pending()).toBe(0);
  });

  it('runAll refuses to loop forever', async () => {
    const time = createVirtualTime();
    const controller = new AbortController();
    void (async () => {
      while (!controller.signal.aborted) await time.sleep(1, controller.signal).catch(() => {});
    })();
    await expect(time.runAll({ maxTimers: 50 })).rejects.toThrow(/fired 50 sleeps/);
    controller.abort();
  });

  it('rejects invalid arguments with ResilienceConfigurationError', async () => {
    expect(() => createVirtualTime(Number.NaN)).toThrow(ResilienceConfigurationError);
    const time = createVirtualTime();
    await expect(time.advance(-1)).rejects.toMatchObject({
      name: 'ResilienceConfigurationError',
      code: 'InvalidResilienceConfiguration',
      option: 'ms',
      value: -1,
    });
    await expect(time.advance(Number.POSITIVE_INFINITY)).rejects.toBeInstanceOf(
      ResilienceConfigurationError,
    );
  });
});
