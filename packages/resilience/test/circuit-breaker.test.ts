import { describe, expect, it, vi } from 'vitest';
import {
  CircuitOpenError,
  type CircuitStateChange,
  createCircuitBreaker,
  createVirtualTime,
  ResilienceConfigurationError,
} from '../src/index.js';
import { flush, TestError, track } from './helpers.js';

const ok = () => Promise.resolve('ok');
const fail = (message = 'down') => Promise.reject(new TestError(message));

function setup(options: Parameters<typeof createCircuitBreaker>[0] = {}) {
  const time = createVirtualTime(10_000);
  const changes: CircuitStateChange[] = [];
  const breaker = createCircuitBreaker({
    clock: time.clock,
    onStateChange: (change) => changes.push(change),
    ...options,
  });
  const failTimes = async (n: number) => {
    for (let i = 0; i < n; i++) await breaker.execute(() => fail(`down ${i + 1}`)).catch(() => {});
  };
  return { time, breaker, changes, failTimes };
}

describe('createCircuitBreaker', () => {
  it('starts closed and passes results and errors through', async () => {
    const { breaker, changes } = setup();
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    const error = new TestError('x');
    await expect(breaker.execute(() => Promise.reject(error))).rejects.toBe(error);
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([]);
  });

  it('opens after failureThreshold consecutive failures (default 5)', async () => {
    const { breaker, changes, failTimes } = setup();
    await failTimes(4);
    expect(breaker.state).toBe('closed');
    await failTimes(1);
    expect(breaker.state).toBe('open');
    expect(changes).toEqual([{ from: 'closed', to: 'open' }]);
  });

  it('resets the consecutive count on success', async () => {
    const { breaker, failTimes } = setup({ failureThreshold: 3 });
    await failTimes(2);
    await breaker.execute(ok);
    await failTimes(2);
    expect(breaker.state).toBe('closed');
    await failTimes(1);
    expect(breaker.state).toBe('open');
  });

  it('fails fast while open with a CircuitOpenError carrying the wait and the last failure', async () => {
    const { time, breaker, failTimes } = setup({ failureThreshold: 2, coolDownMs: 5000 });
    await failTimes(2);
    await time.advance(1200);
    const fn = vi.fn(ok);
    const error = await breaker.execute(fn).catch((e: unknown) => e);
    expect(fn).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({
      name: 'CircuitOpenError',
      code: 'CircuitOpen',
      state: 'open',
      retryAfterMs: 3800,
    });
    expect((error as Error).message).toMatch(/3800 ms/);
    expect(((error as Error).cause as Error).message).toBe('down 2');
  });

  it('goes half-open once the cool-down (default 30 s) is over, seen on read', async () => {
    const { time, breaker, changes, failTimes } = setup();
    await failTimes(5);
    await time.advance(29_999);
    expect(breaker.state).toBe('open');
    await time.advance(1);
    expect(breaker.state).toBe('half-open');
    expect(changes).toEqual([
      { from: 'closed', to: 'open' },
      { from: 'open', to: 'half-open' },
    ]);
  });

  it('goes half-open on execute too, letting that call through as the probe', async () => {
    const { time, breaker, changes, failTimes } = setup({ failureThreshold: 1, coolDownMs: 100 });
    await failTimes(1);
    await time.advance(100);
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(changes.map((c) => c.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens for a fresh cool-down when a probe fails', async () => {
    const { time, breaker, changes, failTimes } = setup({ failureThreshold: 1, coolDownMs: 100 });
    await failTimes(1);
    await time.advance(100);
    await expect(breaker.execute(() => fail('still down'))).rejects.toThrow('still down');
    expect(breaker.state).toBe('open');
    const error = await breaker.execute(ok).catch((e: unknown) => e);
    expect(error).toMatchObject({ state: 'open', retryAfterMs: 100 });
    expect(((error as Error).cause as Error).message).toBe('still down');
    await time.advance(100);
    expect(breaker.state).toBe('half-open');
    expect(changes.map((c) => c.to)).toEqual(['open', 'half-open', 'open', 'half-open']);
  });

  it('lets halfOpenMaxProbes probes through and closes only when all succeed', async () => {
    const { time, breaker, failTimes } = setup({
      failureThreshold: 1,
      coolDownMs: 100,
      halfOpenMaxProbes: 2,
    });
    await failTimes(1);
    await time.advance(100);
    const gates: Array<(v: string) => void> = [];
    const probe = () => new Promise<string>((resolve) => gates.push(resolve));
    const first = track(breaker.execute(probe));
    const second = track(breaker.execute(probe));
    const refused = await breaker.execute(ok).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(refused).toMatchObject({ state: 'half-open', retryAfterMs: 0 });
    expect((refused as Error).message).toMatch(/half-open/);
    expect(gates).toHaveLength(2);
    gates[0]!('a');
    await flush();
    expect(first.value).toBe('a');
    expect(breaker.state).toBe('half-open');
    gates[1]!('b');
    await flush();
    expect(second.value).toBe('b');
    expect(breaker.state).toBe('closed');
  });

  it('counts probes in total, not only concurrently, in half-open', async () => {
    const { time, breaker, failTimes } = setup({
      failureThreshold: 1,
      coolDownMs: 100,
      halfOpenMaxProbes: 3,
    });
    await failTimes(1);
    await time.advance(100);
    await breaker.execute(ok);
    await breaker.execute(ok);
    expect(breaker.state).toBe('half-open');
    await breaker.execute(ok);
    expect(breaker.state).toBe('closed');
  });

  it('reopens when one of several probes fails and ignores the others’ late outcomes', async () => {
    const { time, breaker, changes, failTimes } = setup({
      failureThreshold: 1,
      coolDownMs: 100,
      halfOpenMaxProbes: 2,
    });
    await failTimes(1);
    await time.advance(100);
    let release!: (v: string) => void;
    const slow = track(breaker.execute(() => new Promise<string>((r) => (release = r))));
    await expect(breaker.execute(() => fail('probe failed'))).rejects.toThrow('probe failed');
    expect(breaker.state).toBe('open');
    release('late');
    await flush();
    expect(slow.value).toBe('late');
    expect(breaker.state).toBe('open');
    expect(changes.map((c) => c.to)).toEqual(['open', 'half-open', 'open']);
  });

  it('ignores outcomes of calls admitted before the circuit changed state', async () => {
    const { breaker, failTimes } = setup({ failureThreshold: 2 });
    let rejectOld!: (e: Error) => void;
    const old = track(breaker.execute(() => new Promise<string>((_r, j) => (rejectOld = j))));
    await failTimes(2);
    expect(breaker.state).toBe('open');
    rejectOld(new TestError('old'));
    await flush();
    expect(old.status).toBe('rejected');
    const error = await breaker.execute(ok).catch((e: unknown) => e);
    expect(((error as Error).cause as Error).message).toBe('down 2');
  });

  it('counts errors isFailure rejects as successes: the dependency answered', async () => {
    const isFailure = vi.fn((e: unknown) => !(e instanceof TestError && e.kind === 'permanent'));
    const { time, breaker, failTimes } = setup({ failureThreshold: 2, coolDownMs: 10, isFailure });
    await failTimes(1);
    const validation = new TestError('bad input', 'permanent');
    await expect(breaker.execute(() => Promise.reject(validation))).rejects.toBe(validation);
    expect(isFailure).toHaveBeenLastCalledWith(validation);
    await failTimes(1);
    expect(breaker.state).toBe('closed');
    await failTimes(1);
    expect(breaker.state).toBe('open');
    await time.advance(10);
    await breaker.execute(() => Promise.reject(validation)).catch(() => {});
    expect(breaker.state).toBe('closed');
  });

  it('does not count a call that failed after its caller aborted, and frees its probe slot', async () => {
    const { time, breaker, failTimes } = setup({ failureThreshold: 2, coolDownMs: 10 });
    const controller = new AbortController();
    controller.abort();
    for (let i = 0; i < 5; i++) {
      await breaker.execute(() => fail('aborted'), { signal: controller.signal }).catch(() => {});
    }
    expect(breaker.state).toBe('closed');
    await failTimes(2);
    await time.advance(10);
    await breaker
      .execute(() => fail('aborted probe'), { signal: controller.signal })
      .catch(() => {});
    expect(breaker.state).toBe('half-open');
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('counts a call whose signal is live as usual', async () => {
    const { breaker } = setup({ failureThreshold: 1 });
    await breaker.execute(() => fail(), { signal: new AbortController().signal }).catch(() => {});
    expect(breaker.state).toBe('open');
  });

  it('treats a synchronous throw as a failure', async () => {
    const { breaker } = setup({ failureThreshold: 1 });
    await expect(
      breaker.execute(() => {
        throw new TestError('sync');
      }),
    ).rejects.toThrow('sync');
    expect(breaker.state).toBe('open');
  });

  it('turns the consecutive rule off with failureThreshold Infinity', async () => {
    const { breaker, failTimes } = setup({ failureThreshold: Number.POSITIVE_INFINITY });
    await failTimes(1000);
    expect(breaker.state).toBe('closed');
  });

  it('goes half-open on the next read with coolDownMs 0', async () => {
    const { breaker, failTimes } = setup({ failureThreshold: 1, coolDownMs: 0 });
    await failTimes(1);
    expect(breaker.state).toBe('half-open');
  });

  describe('failure rate rule', () => {
    const rateOptions = {
      failureThreshold: Number.POSITIVE_INFINITY,
      failureRateThreshold: 0.5,
      minimumRequests: 4,
      windowMs: 1000,
    };

    it('opens once the failure rate over the window reaches the threshold', async () => {
      const { breaker, failTimes } = setup(rateOptions);
      await breaker.execute(ok);
      await breaker.execute(ok);
      await failTimes(1);
      expect(breaker.state).toBe('closed');
      await failTimes(1);
      expect(breaker.state).toBe('open');
    });

    it('waits for minimumRequests outcomes (default 10) before judging', async () => {
      const { breaker, failTimes } = setup({ ...rateOptions, minimumRequests: undefined });
      await failTimes(9);
      expect(breaker.state).toBe('closed');
      await failTimes(1);
      expect(breaker.state).toBe('open');
    });

    it('forgets outcomes older than windowMs', async () => {
      const { time, breaker, failTimes } = setup(rateOptions);
      await failTimes(3);
      await time.advance(1000);
      await breaker.execute(ok);
      await breaker.execute(ok);
      await breaker.execute(ok);
      await failTimes(1);
      expect(breaker.state).toBe('closed');
      await failTimes(2);
      expect(breaker.state).toBe('open');
    });

    it('uses a 60 s window by default', async () => {
      const { time, breaker, failTimes } = setup({ ...rateOptions, windowMs: undefined });
      await failTimes(3);
      await time.advance(59_999);
      await breaker.execute(ok);
      await failTimes(0);
      expect(breaker.state).toBe('closed');
      await breaker.execute(ok);
      await breaker.execute(ok);
      await time.advance(1);
      // The three failures have left the window: 1 failure in 4 is below the rate.
      await failTimes(1);
      expect(breaker.state).toBe('closed');
    });

    it('starts a clean window after closing again', async () => {
      const { time, breaker, failTimes } = setup({ ...rateOptions, coolDownMs: 10 });
      await breaker.execute(ok);
      await failTimes(3);
      expect(breaker.state).toBe('open');
      await time.advance(10);
      await breaker.execute(ok);
      expect(breaker.state).toBe('closed');
      await failTimes(3);
      expect(breaker.state).toBe('closed');
      await failTimes(1);
      expect(breaker.state).toBe('open');
    });

    it('stays exact over long runs of traffic', async () => {
      const { time, breaker, failTimes } = setup({
        ...rateOptions,
        failureRateThreshold: 0.2,
        minimumRequests: 100,
        windowMs: 10_000,
      });
      // 5,000 outcomes at a 10% failure rate over 50 s, then a burst that tips the last 10 s over 20%.
      for (let i = 0; i < 5000; i++) {
        if (i % 10 === 0) await failTimes(1);
        else await breaker.execute(ok);
        await time.advance(10);
      }
      expect(breaker.state).toBe('closed');
      // The window now holds the last 999 outcomes, 99 of them failures: the 126th failure more
      // makes 225 of 1,125, exactly the threshold.
      await failTimes(125);
      expect(breaker.state).toBe('closed');
      await failTimes(1);
      expect(breaker.state).toBe('open');
    });
  });

  describe('options', () => {
    it.each([
      ['failureThreshold', { failureThreshold: 0 }],
      ['failureThreshold', { failureThreshold: 1.5 }],
      ['failureRateThreshold', { failureRateThreshold: 0 }],
      ['failureRateThreshold', { failureRateThreshold: 1.1 }],
      ['minimumRequests', { minimumRequests: 0 }],
      ['windowMs', { windowMs: 0 }],
      ['coolDownMs', { coolDownMs: -1 }],
      ['halfOpenMaxProbes', { halfOpenMaxProbes: 0 }],
      ['isFailure', { isFailure: true }],
      ['onStateChange', { onStateChange: 'log' }],
    ])('rejects an invalid %s', (option, bad) => {
      expect(() => createCircuitBreaker(bad as never)).toThrow(ResilienceConfigurationError);
      expect(() => createCircuitBreaker(bad as never)).toThrow(expect.objectContaining({ option }));
    });

    it('rejects a non-object', () => {
      expect(() => createCircuitBreaker(null as never)).toThrow(ResilienceConfigurationError);
    });

    it('uses the system clock by default', async () => {
      const breaker = createCircuitBreaker({ failureThreshold: 1, coolDownMs: 60_000 });
      await breaker.execute(() => fail()).catch(() => {});
      const error = (await breaker.execute(ok).catch((e: unknown) => e)) as CircuitOpenError;
      expect(error.retryAfterMs).toBeGreaterThan(0);
      expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    });
  });
});
