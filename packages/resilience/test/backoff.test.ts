import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, ResilienceConfigurationError, type RetryDecision } from '../src/index.js';
import { seededRandom } from './helpers.js';

const half = () => 0.5;

describe('backoffDelay', () => {
  it('doubles the jittered ceiling from the base with each attempt (defaults: 100 ms base)', () => {
    const retry: RetryDecision = { action: 'retry' };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, retry, { random: half }))).toEqual([
      50, 100, 200, 400,
    ]);
  });

  it('uses the throttle base (default 500 ms) for throttle decisions', () => {
    const throttle: RetryDecision = { action: 'throttle' };
    expect(backoffDelay(1, throttle, { random: half })).toBe(250);
    expect(backoffDelay(2, throttle, { random: half, throttleBaseDelayMs: 40 })).toBe(40);
  });

  it('caps the ceiling at maxDelayMs (default 20 s)', () => {
    const retry: RetryDecision = { action: 'retry' };
    expect(backoffDelay(30, retry, { random: half })).toBe(10_000);
    expect(backoffDelay(30, retry, { random: () => 0.999999 })).toBe(19_999);
    expect(backoffDelay(8, retry, { random: half, baseDelayMs: 10, maxDelayMs: 300 })).toBe(150);
    expect(backoffDelay(2000, retry, { random: half, maxDelayMs: 300 })).toBe(150);
  });

  it('draws uniformly from [0, ceiling): full jitter', () => {
    const retry: RetryDecision = { action: 'retry' };
    expect(backoffDelay(3, retry, { random: () => 0 })).toBe(0);
    expect(backoffDelay(3, retry, { random: () => 0.25 })).toBe(100);
    expect(backoffDelay(3, retry, { random: () => 0.9999 })).toBe(399);
  });

  it('waits at least a server retry-after hint, rounded up, but never past maxDelayMs', () => {
    expect(backoffDelay(1, { action: 'throttle', retryAfterMs: 1500.2 }, { random: half })).toBe(
      1501,
    );
    expect(backoffDelay(4, { action: 'retry', retryAfterMs: 10 }, { random: half })).toBe(400);
    expect(
      backoffDelay(
        1,
        { action: 'retry', retryAfterMs: 60_000 },
        { random: half, maxDelayMs: 5000 },
      ),
    ).toBe(5000);
    expect(backoffDelay(1, { action: 'retry', retryAfterMs: -3 }, { random: half })).toBe(50);
    expect(backoffDelay(1, { action: 'retry', retryAfterMs: Number.NaN }, { random: half })).toBe(
      50,
    );
  });

  it('clamps a misbehaving random source into [0, 1]', () => {
    const retry: RetryDecision = { action: 'retry' };
    expect(backoffDelay(1, retry, { random: () => -1 })).toBe(0);
    expect(backoffDelay(1, retry, { random: () => Number.NaN })).toBe(0);
    expect(backoffDelay(1, retry, { random: () => 7 })).toBe(100);
  });

  it('uses Math.random by default', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(backoffDelay(20, { action: 'retry' }));
    expect(seen.size).toBeGreaterThan(150);
  });

  it('rejects invalid arguments with ResilienceConfigurationError naming them', () => {
    const retry: RetryDecision = { action: 'retry' };
    expect(() => backoffDelay(0, retry)).toThrow(ResilienceConfigurationError);
    expect(() => backoffDelay(1.5, retry)).toThrow(/attempt/);
    expect(() => backoffDelay(1, retry, { baseDelayMs: -1 })).toThrow(/baseDelayMs/);
    expect(() =>
      backoffDelay(1, { action: 'throttle' }, { throttleBaseDelayMs: Number.NaN }),
    ).toThrow(/throttleBaseDelayMs/);
    expect(() => backoffDelay(1, retry, { maxDelayMs: Number.POSITIVE_INFINITY })).toThrow(
      /maxDelayMs/,
    );
  });
});

const decisionArb = fc.record(
  {
    action: fc.constantFrom<'retry' | 'throttle'>('retry', 'throttle'),
    retryAfterMs: fc.oneof(
      fc.integer({ min: 0, max: 200_000 }),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
    ),
  },
  { requiredKeys: ['action'] },
);

describe('backoffDelay properties', () => {
  it('is an integer within [hint floor, max(ceiling, hint)] and never above maxDelayMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        decisionArb,
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 300_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, decision, baseDelayMs, throttleBaseDelayMs, maxDelayMs, r) => {
          const delay = backoffDelay(attempt, decision, {
            baseDelayMs,
            throttleBaseDelayMs,
            maxDelayMs,
            random: () => r,
          });
          const base = decision.action === 'throttle' ? throttleBaseDelayMs : baseDelayMs;
          const ceiling = base === 0 ? 0 : Math.min(maxDelayMs, base * 2 ** (attempt - 1));
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(maxDelayMs);
          const hint = decision.retryAfterMs;
          if (hint !== undefined && hint > 0) {
            expect(delay).toBeGreaterThanOrEqual(Math.min(Math.ceil(hint), maxDelayMs));
            expect(delay).toBeLessThanOrEqual(Math.max(ceiling, Math.ceil(hint)));
          } else {
            expect(delay).toBeLessThanOrEqual(ceiling);
            expect(delay).toBe(Math.floor(r * ceiling));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('spreads delays uniformly over [0, ceiling): every tenth of the range gets its share', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 100, max: 5000 }),
        (seed, attempt, baseDelayMs) => {
          const random = seededRandom(seed);
          const maxDelayMs = 20_000;
          const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          const samples = 4000;
          const buckets = new Array<number>(10).fill(0);
          let sum = 0;
          for (let i = 0; i < samples; i++) {
            const delay = backoffDelay(
              attempt,
              { action: 'retry' },
              { baseDelayMs, maxDelayMs, random },
            );
            sum += delay;
            buckets[Math.min(9, Math.floor((delay / ceiling) * 10))]!++;
          }
          // Expected 400 per bucket with a standard deviation of 19; the bounds are 8 deviations.
          for (const count of buckets) {
            expect(count).toBeGreaterThan(samples * 0.06);
            expect(count).toBeLessThan(samples * 0.14);
          }
          expect(sum / samples / ceiling).toBeGreaterThan(0.45);
          expect(sum / samples / ceiling).toBeLessThan(0.55);
        },
      ),
      { numRuns: 40 },
    );
  });
});
