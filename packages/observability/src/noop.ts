import type { Logger, Metrics, Observability, Span, Tracer } from './types.js';

const nothing = (): void => {};

/** A logger that writes nothing. */
export const noopLogger: Logger = Object.freeze({
  debug: nothing,
  info: nothing,
  warn: nothing,
  error: nothing,
  child: (): Logger => noopLogger,
  isLevelEnabled: (): boolean => false,
});

/** Metrics that record nothing. */
export const noopMetrics: Metrics = Object.freeze({
  counter: nothing,
  histogram: nothing,
  gauge: nothing,
});

/** A span that records nothing; every method returns the same span. */
export const noopSpan: Span = Object.freeze({
  setAttribute: (): Span => noopSpan,
  setAttributes: (): Span => noopSpan,
  addEvent: (): Span => noopSpan,
  recordException: (): Span => noopSpan,
  setStatus: (): Span => noopSpan,
  end: nothing,
  spanContext: (): undefined => undefined,
});

/** A tracer whose spans record nothing. */
export const noopTracer: Tracer = Object.freeze({
  startSpan: (): Span => noopSpan,
  withActiveSpan: <T>(_span: Span, fn: () => T): T => fn(),
});

/** The default everywhere: logs, metrics and spans all go nowhere, at next to no cost. */
export const noopObservability: Observability = Object.freeze({
  logger: noopLogger,
  metrics: noopMetrics,
  tracer: noopTracer,
});

/**
 * A complete `Observability` from the parts a caller passed: what is missing or `undefined` is
 * the no-op. Packages call this on their `observability` option.
 */
export function withObservabilityDefaults(partial?: Partial<Observability>): Observability {
  if (!partial) return noopObservability;
  return {
    logger: partial.logger ?? noopLogger,
    metrics: partial.metrics ?? noopMetrics,
    tracer: partial.tracer ?? noopTracer,
  };
}
