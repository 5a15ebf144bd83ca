import { describe, expect, it } from 'vitest';
import {
  createInMemoryObservability,
  isLogLevelName,
  LOG_LEVELS,
  noopLogger,
  noopMetrics,
  noopObservability,
  noopSpan,
  noopTracer,
  withObservabilityDefaults,
} from '../src/index.js';

describe('no-op implementations', () => {
  it('accept every call, record nothing and never throw', () => {
    noopLogger.debug('d', { a: 1 });
    noopLogger.info('i');
    noopLogger.warn('w');
    noopLogger.error('e', { error: new Error('x') });
    expect(noopLogger.child({ a: 1 })).toBe(noopLogger);
    for (const level of LOG_LEVELS) expect(noopLogger.isLevelEnabled?.(level)).toBe(false);
    noopMetrics.counter('c');
    noopMetrics.histogram('h', 1, { a: 'b' });
    noopMetrics.gauge('g', 1);
    const span = noopTracer.startSpan('s', { a: 1 }, { kind: 'client' });
    expect(span).toBe(noopSpan);
    expect(
      span
        .setAttribute('a', 1)
        .setAttributes?.({ b: 2 })
        ?.addEvent?.('e')
        ?.recordException(new Error('x'))
        .setStatus('error', 'm'),
    ).toBe(noopSpan);
    span.end();
    expect(span.spanContext?.()).toBeUndefined();
    expect(noopTracer.withActiveSpan!(span, () => 42)).toBe(42);
  });

  it('are frozen so no caller can change the shared defaults', () => {
    for (const value of [noopLogger, noopMetrics, noopSpan, noopTracer, noopObservability]) {
      expect(Object.isFrozen(value)).toBe(true);
    }
    expect(noopObservability).toEqual({
      logger: noopLogger,
      metrics: noopMetrics,
      tracer: noopTracer,
    });
  });
});

describe('withObservabilityDefaults', () => {
  it('is the no-op bundle when nothing is passed', () => {
    expect(withObservabilityDefaults()).toBe(noopObservability);
    expect(withObservabilityDefaults(undefined)).toBe(noopObservability);
    expect(withObservabilityDefaults({})).toEqual(noopObservability);
  });

  it('keeps what was passed and fills the rest with no-ops', () => {
    const memory = createInMemoryObservability();
    expect(withObservabilityDefaults({ logger: memory.logger })).toEqual({
      logger: memory.logger,
      metrics: noopMetrics,
      tracer: noopTracer,
    });
    expect(withObservabilityDefaults({ metrics: memory.metrics, tracer: undefined })).toEqual({
      logger: noopLogger,
      metrics: memory.metrics,
      tracer: noopTracer,
    });
    const full = withObservabilityDefaults(memory);
    expect(full.logger).toBe(memory.logger);
    expect(full.metrics).toBe(memory.metrics);
    expect(full.tracer).toBe(memory.tracer);
  });
});

describe('log levels', () => {
  it('lists the levels least severe first and recognizes only them', () => {
    expect(LOG_LEVELS).toEqual(['debug', 'info', 'warn', 'error']);
    expect(Object.isFrozen(LOG_LEVELS)).toBe(true);
    for (const level of LOG_LEVELS) expect(isLogLevelName(level)).toBe(true);
    for (const value of ['silent', 'INFO', 'trace', 'toString', '', 1, undefined]) {
      expect(isLogLevelName(value)).toBe(false);
    }
  });
});
