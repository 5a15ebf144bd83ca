import { describe, expect, it, vi } from 'vitest';
import {
  type AttemptContext,
  type CircuitBreaker,
  CircuitOpenError,
  createCircuitBreaker,
  createRateLimiter,
  createVirtualTime,
  type ErrorClassifier,
  getRetryMetadata,
  type RateLimiter,
  ResilienceConfigurationError,
  ResilienceOrchestrator,
  TimeoutError,
} from '../src/index.js';
import { flush, TestError, track } from './helpers.js';

const retryTransient: ErrorClassifier = (error) =>
  error instanceof TestError && error.kind !== 'permanent'
    ? { action: error.kind === 'throttled' ? 'throttle' : 'retry' }
    : { action: 'fail' };

const retryTimeouts: ErrorClassifier = (error) =>
  error instanceof TimeoutError ? { action: 'retry' } : retryTransient(error, { attempt: 0 });

describe('ResilienceOrchestrator', () => {
  it('with nothing configured, runs fn once as attempt 1 and passes its outcome through', async () => {
    const orchestrator = new ResilienceOrchestrator();
    const contexts: AttemptContext[] = [];
    await expect(
      orchestrator.execute(async (context) => {
        contexts.push(context);
        return 'value';
      }),
    ).resolves.toBe('value');
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.attempt).toBe(1);
    expect(contexts[0]!.signal.aborted).toBe(false);
    const error = new TestError('transient but no retry configured');
    const fn = vi.fn(() => Promise.reject(error));
    await expect(orchestrator.execute(fn)).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('retries with the configured policy in virtual time', async () => {
    const time = createVirtualTime();
    const onRetry = vi.fn();
    const orchestrator = new ResilienceOrchestrator({
      retry: { classifier: retryTransient, random: () => 0.5, maxAttempts: 4, onRetry },
      clock: time.clock,
      sleep: time.sleep,
    });
    const starts: number[] = [];
    const result = track(
      orchestrator.execute(async ({ attempt }) => {
        starts.push(time.now());
        if (attempt < 3) throw new TestError('flaky', attempt === 1 ? 'throttled' : 'transient');
        return attempt;
      }),
    );
    await time.runAll();
    expect(result.value).toBe(3);
    // Throttled: 500 ms base, jitter 0.5 → 250; then transient second retry: 100 * 2 * 0.5 → 100.
    expect(starts).toEqual([0, 250, 350]);
    expect(onRetry).toHaveBeenCalledTimes(2);
  });

  it('measures the retry time budget on its clock', async () => {
    const time = createVirtualTime();
    const orchestrator = new ResilienceOrchestrator({
      retry: { classifier: retryTransient, maxAttempts: 10, random: () => 1, maxTotalTimeMs: 1000 },
      clock: time.clock,
      sleep: time.sleep,
    });
    const fn = vi.fn(async () => {
      await time.sleep(200);
      throw new TestError('slow');
    });
    const result = track(orchestrator.execute(fn));
    await time.runAll();
    // Attempts of 200 ms with delays of 100 and 200 ms end at 900; a 400 ms delay would overrun.
    expect(fn).toHaveBeenCalledTimes(3);
    expect(getRetryMetadata(result.error)).toMatchObject({ reason: 'max-total-time', attempts: 3 });
    expect(time.now()).toBe(900);
  });

  it('lets a per-call classifier replace the configured one', async () => {
    const time = createVirtualTime();
    const configured = vi.fn(retryTransient);
    const orchestrator = new ResilienceOrchestrator({
      retry: { classifier: configured, maxAttempts: 5 },
      clock: time.clock,
      sleep: time.sleep,
    });
    const perCall = vi.fn((): { action: 'fail' } => ({ action: 'fail' }));
    const fn = vi.fn(() => Promise.reject(new TestError('x')));
    await expect(orchestrator.execute(fn, { classifier: perCall })).rejects.toThrow('x');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(perCall).toHaveBeenCalledTimes(1);
    expect(configured).not.toHaveBeenCalled();
  });

  it('enables retries with the defaults when given a classifier but no retry policy', async () => {
    const time = createVirtualTime();
    const orchestrator = new ResilienceOrchestrator({ clock: time.clock, sleep: time.sleep });
    const fn = vi.fn(() => Promise.reject(new TestError('x')));
    const result = track(orchestrator.execute(fn, { classifier: retryTransient }));
    await time.runAll();
    expect(fn).toHaveBeenCalledTimes(3);
    expect(getRetryMetadata(result.error)).toMatchObject({ attempts: 3, reason: 'max-attempts' });
    await expect(
      orchestrator.execute(fn, { classifier: 'nope' as unknown as ErrorClassifier }),
    ).rejects.toMatchObject({ name: 'ResilienceConfigurationError', option: 'classifier' });
  });

  describe('attempt timeout', () => {
    it('gives each attempt its own signal, aborted by a TimeoutError the classifier sees', async () => {
      const time = createVirtualTime();
      const classifier = vi.fn(retryTimeouts);
      const orchestrator = new ResilienceOrchestrator({
        retry: { classifier, random: () => 0 },
        attemptTimeoutMs: 1000,
        clock: time.clock,
        sleep: time.sleep,
      });
      const signals: AbortSignal[] = [];
      const result = track(
        orchestrator.execute(({ attempt, signal }) => {
          signals.push(signal);
          return attempt < 3 ? new Promise<never>(() => {}) : Promise.resolve(`attempt ${attempt}`);
        }),
      );
      await time.advance(999);
      expect(signals).toHaveLength(1);
      await time.advance(1);
      await time.advance(1000);
      expect(result.value).toBe('attempt 3');
      expect(signals).toHaveLength(3);
      expect(new Set(signals).size).toBe(3);
      expect(signals[0]!.reason).toBeInstanceOf(TimeoutError);
      expect(signals[1]!.reason).toBeInstanceOf(TimeoutError);
      expect(signals[2]!.aborted).toBe(false);
      expect(classifier.mock.calls.map(([e]) => (e as Error).name)).toEqual([
        'TimeoutError',
        'TimeoutError',
      ]);
      expect(time.pending()).toBe(0);
    });

    it('times out a single attempt without retry', async () => {
      const time = createVirtualTime();
      const orchestrator = new ResilienceOrchestrator({ attemptTimeoutMs: 50, sleep: time.sleep });
      const result = track(orchestrator.execute(() => new Promise<never>(() => {})));
      await time.advance(50);
      expect(result.error).toMatchObject({ code: 'Timeout', timeoutMs: 50 });
    });

    it('runs on a real timer when no sleep is given', async () => {
      const orchestrator = new ResilienceOrchestrator({ attemptTimeoutMs: 5 });
      await expect(orchestrator.execute(() => new Promise<never>(() => {}))).rejects.toBeInstanceOf(
        TimeoutError,
      );
    });
  });

  describe('rate limiter', () => {
    it('takes one token per call, whatever its retries, before anything else', async () => {
      const time = createVirtualTime();
      const limiter = createRateLimiter({
        ratePerSecond: 1,
        burst: 1,
        clock: time.clock,
        sleep: time.sleep,
      });
      const orchestrator = new ResilienceOrchestrator({
        rateLimiter: limiter,
        retry: { classifier: retryTransient, random: () => 0 },
        clock: time.clock,
        sleep: time.sleep,
      });
      const starts: Array<[string, number, number]> = [];
      const call = (label: string) =>
        track(
          orchestrator.execute(async ({ attempt }) => {
            starts.push([label, attempt, time.now()]);
            if (attempt < 3) throw new TestError('flaky');
            return label;
          }),
        );
      const first = call('first');
      const second = call('second');
      await time.runAll();
      expect(first.value).toBe('first');
      expect(second.value).toBe('second');
      expect(starts).toEqual([
        ['first', 1, 0],
        ['first', 2, 0],
        ['first', 3, 0],
        ['second', 1, 1000],
        ['second', 2, 1000],
        ['second', 3, 1000],
      ]);
    });

    it('rejects a call waiting for tokens at once with the abort reason, fn never called', async () => {
      const time = createVirtualTime();
      const limiter = createRateLimiter({
        ratePerSecond: 1,
        burst: 1,
        clock: time.clock,
        sleep: time.sleep,
      });
      const orchestrator = new ResilienceOrchestrator({ rateLimiter: limiter });
      await orchestrator.execute(async () => 'first');
      const controller = new AbortController();
      const fn = vi.fn(async () => 'second');
      const result = track(orchestrator.execute(fn, { signal: controller.signal }));
      await time.advance(300);
      controller.abort('shutting down');
      await flush();
      expect(result).toMatchObject({ status: 'rejected', error: 'shutting down' });
      await time.runAll();
      expect(fn).not.toHaveBeenCalled();
    });

    it('passes a fail-mode RateLimitExceededError straight to the caller', async () => {
      const time = createVirtualTime();
      const limiter = createRateLimiter({
        ratePerSecond: 1,
        burst: 1,
        mode: 'fail',
        clock: time.clock,
      });
      const classifier = vi.fn(retryTransient);
      const orchestrator = new ResilienceOrchestrator({
        rateLimiter: limiter,
        retry: { classifier },
      });
      await orchestrator.execute(async () => 1);
      await expect(orchestrator.execute(async () => 2)).rejects.toMatchObject({
        code: 'RateLimitExceeded',
      });
      expect(classifier).not.toHaveBeenCalled();
    });
  });

  describe('circuit breaker', () => {
    function setup(failureThreshold = 3) {
      const time = createVirtualTime();
      const breaker = createCircuitBreaker({
        failureThreshold,
        coolDownMs: 10_000,
        clock: time.clock,
      });
      const classifier = vi.fn(retryTransient);
      const orchestrator = new ResilienceOrchestrator({
        circuitBreaker: breaker,
        retry: { classifier, maxAttempts: 5, random: () => 0 },
        clock: time.clock,
        sleep: time.sleep,
      });
      return { time, breaker, classifier, orchestrator };
    }

    it('counts every attempt, so one call’s failing retries can open the circuit', async () => {
      const { breaker, classifier, orchestrator } = setup(3);
      let attempts = 0;
      const error = await orchestrator
        .execute(async () => {
          attempts++;
          throw new TestError(`failure ${attempts}`);
        })
        .catch((e: unknown) => e);
      // Attempts 1-3 fail and open the circuit; attempt 4 is refused, ending the call.
      expect(attempts).toBe(3);
      expect(classifier).toHaveBeenCalledTimes(3);
      expect(breaker.state).toBe('open');
      expect(error).toBeInstanceOf(CircuitOpenError);
      expect(((error as Error).cause as Error).message).toBe('failure 3');
      expect(getRetryMetadata(error)).toMatchObject({ attempts: 3, reason: 'circuit-open' });
    });

    it('fails a call fast before its first attempt while open', async () => {
      const { breaker, classifier, orchestrator } = setup(1);
      await orchestrator
        .execute(() => Promise.reject(new TestError('x', 'permanent')))
        .catch(() => {});
      expect(breaker.state).toBe('open');
      classifier.mockClear();
      const fn = vi.fn(async () => 1);
      await expect(orchestrator.execute(fn)).rejects.toMatchObject({
        code: 'CircuitOpen',
        retryAfterMs: 10_000,
      });
      expect(fn).not.toHaveBeenCalled();
      expect(classifier).not.toHaveBeenCalled();
      const refused = await orchestrator.execute(fn).catch((e: unknown) => e);
      expect(getRetryMetadata(refused)).toEqual({
        attempts: 0,
        totalDelayMs: 0,
        reason: 'circuit-open',
      });
    });

    it('sends a half-open probe as a single attempt and closes on success', async () => {
      const { time, breaker, orchestrator } = setup(1);
      await orchestrator
        .execute(() => Promise.reject(new TestError('x', 'permanent')))
        .catch(() => {});
      await time.advance(10_000);
      expect(breaker.state).toBe('half-open');
      await expect(orchestrator.execute(async ({ attempt }) => attempt)).resolves.toBe(1);
      expect(breaker.state).toBe('closed');
    });

    it('hands a CircuitOpenError thrown by fn itself to the classifier', async () => {
      const { classifier, orchestrator } = setup(10);
      const inner = new CircuitOpenError('open', 5);
      await expect(orchestrator.execute(() => Promise.reject(inner))).rejects.toBe(inner);
      expect(classifier).toHaveBeenCalledWith(inner, { attempt: 1 });
    });

    it('does not count attempts cut short by the caller’s abort', async () => {
      const { breaker, orchestrator } = setup(1);
      for (let i = 0; i < 3; i++) {
        const controller = new AbortController();
        const result = track(
          orchestrator.execute(
            ({ signal }) =>
              new Promise<never>((_r, reject) =>
                signal.addEventListener('abort', () => reject(new TestError('aborted'))),
              ),
            { signal: controller.signal },
          ),
        );
        controller.abort('cancel');
        await flush();
        expect(result.error).toBe('cancel');
      }
      expect(breaker.state).toBe('closed');
    });

    it('counts attempt timeouts as failures', async () => {
      const time = createVirtualTime();
      const breaker = createCircuitBreaker({ failureThreshold: 2, clock: time.clock });
      const orchestrator = new ResilienceOrchestrator({
        circuitBreaker: breaker,
        attemptTimeoutMs: 100,
        retry: { classifier: retryTimeouts, random: () => 0 },
        clock: time.clock,
        sleep: time.sleep,
      });
      const result = track(orchestrator.execute(() => new Promise<never>(() => {})));
      await time.runAll();
      expect(breaker.state).toBe('open');
      expect(result.error).toBeInstanceOf(CircuitOpenError);
      expect((result.error as Error).cause).toBeInstanceOf(TimeoutError);
    });

    it('works on a single attempt without retry', async () => {
      const breaker = createCircuitBreaker({ failureThreshold: 1 });
      const orchestrator = new ResilienceOrchestrator({ circuitBreaker: breaker });
      await orchestrator.execute(() => Promise.reject(new TestError('x'))).catch(() => {});
      await expect(orchestrator.execute(async () => 1)).rejects.toBeInstanceOf(CircuitOpenError);
    });
  });

  it('composes in the order rate limit → circuit breaker → retry → timeout → fn', async () => {
    const time = createVirtualTime();
    const log: string[] = [];
    const rateLimiter: RateLimiter = {
      acquire: async () => {
        log.push('rate limit');
      },
    };
    const circuitBreaker: CircuitBreaker = {
      state: 'closed',
      execute: async (fn) => {
        log.push('breaker');
        return fn();
      },
    };
    const orchestrator = new ResilienceOrchestrator({
      rateLimiter,
      circuitBreaker,
      retry: {
        classifier: retryTransient,
        random: () => 0,
        onRetry: ({ attempt }) => log.push(`retry after ${attempt}`),
      },
      attemptTimeoutMs: 1000,
      clock: time.clock,
      sleep: time.sleep,
    });
    const result = track(
      orchestrator.execute(async ({ attempt }) => {
        log.push(`fn ${attempt} (timer pending: ${time.pending() === 1})`);
        if (attempt === 1) throw new TestError('once');
        return 'ok';
      }),
    );
    await time.runAll();
    expect(result.value).toBe('ok');
    expect(log).toEqual([
      'rate limit',
      'breaker',
      'fn 1 (timer pending: true)',
      'retry after 1',
      'breaker',
      'fn 2 (timer pending: true)',
    ]);
  });

  describe('cancellation', () => {
    function full() {
      const time = createVirtualTime();
      const orchestrator = new ResilienceOrchestrator({
        rateLimiter: createRateLimiter({
          ratePerSecond: 10,
          burst: 10,
          clock: time.clock,
          sleep: time.sleep,
        }),
        circuitBreaker: createCircuitBreaker({ clock: time.clock }),
        retry: { classifier: retryTransient, random: () => 0.5 },
        attemptTimeoutMs: 5000,
        clock: time.clock,
        sleep: time.sleep,
      });
      return { time, orchestrator };
    }

    it('rejects with the reason before doing anything when already aborted', async () => {
      const { orchestrator } = full();
      const fn = vi.fn(async () => 1);
      await expect(orchestrator.execute(fn, { signal: AbortSignal.abort('early') })).rejects.toBe(
        'early',
      );
      expect(fn).not.toHaveBeenCalled();
    });

    it('stops a retry delay at once', async () => {
      const { time, orchestrator } = full();
      const controller = new AbortController();
      const fn = vi.fn(async () => {
        throw new TestError('x');
      });
      const result = track(orchestrator.execute(fn, { signal: controller.signal }));
      await time.advance(10);
      expect(fn).toHaveBeenCalledTimes(1);
      controller.abort('stop');
      await flush();
      expect(result).toMatchObject({ status: 'rejected', error: 'stop' });
      expect(time.pending()).toBe(0);
      await time.runAll();
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('stops an attempt at once with the reason (not a TimeoutError), aborting its signal', async () => {
      const { time, orchestrator } = full();
      const controller = new AbortController();
      let seen: AbortSignal | undefined;
      const result = track(
        orchestrator.execute(
          ({ signal }) => {
            seen = signal;
            return new Promise<never>(() => {});
          },
          { signal: controller.signal },
        ),
      );
      await time.advance(100);
      const reason = new Error('request cancelled');
      controller.abort(reason);
      await flush();
      expect(result).toMatchObject({ status: 'rejected', error: reason });
      expect(seen!.reason).toBe(reason);
      expect(time.pending()).toBe(0);
    });

    it('stops a single unretried attempt that ignores its signal', async () => {
      const orchestrator = new ResilienceOrchestrator();
      const controller = new AbortController();
      const result = track(
        orchestrator.execute(() => new Promise<never>(() => {}), { signal: controller.signal }),
      );
      controller.abort('bye');
      await flush();
      expect(result).toMatchObject({ status: 'rejected', error: 'bye' });
    });
  });

  describe('options', () => {
    it.each([
      ['attemptTimeoutMs', { attemptTimeoutMs: 0 }],
      ['rateLimiter', { rateLimiter: {} }],
      ['circuitBreaker', { circuitBreaker: { state: 'closed' } }],
      ['retry.maxAttempts', { retry: { classifier: retryTransient, maxAttempts: 0 } }],
      ['retry.classifier', { retry: {} }],
    ])('rejects an invalid %s at construction', (option, bad) => {
      expect(() => new ResilienceOrchestrator(bad as never)).toThrow(ResilienceConfigurationError);
      expect(() => new ResilienceOrchestrator(bad as never)).toThrow(
        expect.objectContaining({ option }),
      );
    });

    it('rejects a non-object', () => {
      expect(() => new ResilienceOrchestrator(null as never)).toThrow(ResilienceConfigurationError);
    });

    it('accepts attemptTimeoutMs Infinity as no timeout', async () => {
      const time = createVirtualTime();
      const orchestrator = new ResilienceOrchestrator({
        attemptTimeoutMs: Number.POSITIVE_INFINITY,
        sleep: time.sleep,
      });
      await expect(orchestrator.execute(async () => 'x')).resolves.toBe('x');
      expect(time.pending()).toBe(0);
    });
  });
});
