export { type ConsoleLoggerOptions, createConsoleLogger } from './console-logger.js';
export { ObservabilityConfigError, OpenTelemetryNotInstalledError } from './errors.js';
export {
  createInMemoryObservability,
  type InMemoryObservability,
  type InMemoryObservabilityOptions,
  type LogRecord,
  type MetricKind,
  type MetricRecord,
  type RecordedException,
  type RecordedSpan,
  type RecordedSpanEvent,
} from './in-memory.js';
export { isLogLevelName, LOG_LEVELS } from './levels.js';
export {
  noopLogger,
  noopMetrics,
  noopObservability,
  noopSpan,
  noopTracer,
  withObservabilityDefaults,
} from './noop.js';
export {
  createOpenTelemetryObservability,
  createOpenTelemetryObservabilitySync,
  type InstrumentDescription,
  type OpenTelemetryApi,
  type OpenTelemetryObservabilityOptions,
  type OtelInstrumentOptions,
  type OtelMeterLike,
  type OtelMeterProviderLike,
  type OtelSpanLike,
  type OtelTracerLike,
  type OtelTracerProviderLike,
} from './opentelemetry.js';
export {
  createRedactor,
  DEFAULT_REDACT_KEYS,
  REDACTED,
  type RedactOptions,
  type Redactor,
  redactFields,
} from './redact.js';
export type {
  Attributes,
  AttributeValue,
  Fields,
  Logger,
  LogLevelName,
  Metrics,
  Observability,
  Span,
  SpanContextInfo,
  SpanKind,
  SpanStatus,
  StartSpanOptions,
  Tags,
  Tracer,
} from './types.js';
export { type WithSpanOptions, withSpan } from './with-span.js';
