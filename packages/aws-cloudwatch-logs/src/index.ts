export {
  type BatchBuffer,
  type BufferedEventInput,
  createBatchBuffer,
} from './buffer/batch-buffer.js';
export type { BufferedWrites } from './buffer/buffered-writes.js';
export { type BatchSinkClient, clientSink } from './buffer/client-sink.js';
export type {
  BatchBufferOptions,
  BufferConfig,
  BufferStats,
  DroppedEvents,
  DropReason,
  FlushReport,
  OverflowPolicy,
  OversizedPolicy,
  PutBatch,
  RejectedEvents,
} from './buffer/options.js';
export type { ProcessLike, ShutdownHookOptions } from './buffer/shutdown-hooks.js';
export type { ClientSettings, CloudWatchLogsClient } from './client.js';
export { type Clock, systemClock } from './clock.js';
export type {
  CircuitBreakerConfig,
  CloudWatchLogsClientConfig,
  HttpConfig,
  RateLimitConfig,
  RetryConfig,
} from './config.js';
export {
  type CorrelatedLogEvent,
  parseInsightsTimestamp,
  type QueryRecord,
  toCorrelatedEvent,
} from './correlation/correlated-event.js';
export {
  buildTimeline,
  groupBy,
  type ServiceSpan,
  type TraceTimeline,
} from './correlation/timeline.js';
export {
  type Correlation,
  getCorrelation,
  runWithCorrelation,
} from './correlation-context/correlation.js';
export {
  type CorrelationFromHeadersOptions,
  correlationFromHeaders,
  correlationFromRequest,
  formatTraceparent,
  generateSpanId,
  generateTraceId,
  type HeadersLike,
  parseTraceparent,
} from './correlation-context/http.js';
export {
  AuthenticationError,
  BufferFullError,
  ClientClosedError,
  CloudWatchLogsError,
  type CloudWatchLogsErrorOptions,
  ConfigurationError,
  InvalidParameterError,
  LimitExceededError,
  MalformedQueryError,
  NetworkError,
  QueryCancelledError,
  QueryFailedError,
  QueryTimedOutError,
  RequestTimeoutError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  ServiceUnavailableError,
  ThrottlingError,
  ValidationError,
} from './errors.js';
export {
  createCloudWatchLogsClient,
  createCloudWatchLogsClientFromEnv,
  type FromEnvOptions,
} from './factory.js';
export { quoteString, validateQueryString } from './insights/query-string.js';
export type { QueryOptions, QueryResult } from './insights/run-query.js';
export { CloudWatchLogsLimits } from './limits.js';
export { isLogLevel, LOG_LEVELS, LogLevel, logLevelSeverity } from './log-level.js';
export type { CloudWatchLogger, LoggerOptions } from './logger/logger.js';
export type { CallOptions, OperationCaller } from './operation-caller.js';
export {
  DEFAULT_FIELDS as DEFAULT_REDACTED_FIELDS,
  DEFAULT_PATTERNS as DEFAULT_REDACTION_PATTERNS,
  luhnValid,
  type RedactionPattern,
} from './redaction/patterns.js';
export {
  createRedactor,
  type RedactionOptions,
  type Redactor,
  redact,
} from './redaction/redactor.js';
export { isRetentionDays, RETENTION_DAYS_VALUES, RetentionDays } from './retention-days.js';
export type { EventsService } from './services/events.js';
export type { GroupsService } from './services/groups.js';
export type { CorrelationQueryOptions, InsightsService } from './services/insights.js';
export type { MetricFiltersService } from './services/metric-filters.js';
export type { RetentionService } from './services/retention.js';
export type { StreamsService } from './services/streams.js';
export type { SubscriptionsService } from './services/subscriptions.js';
export { safeStringify } from './structured/safe-json.js';
export { serializeStructured } from './structured/serialize.js';
export { RESERVED_KEYS, type StructuredLogEvent } from './structured/structured-log-event.js';
export { type TimeInput, TimeRange } from './time-range.js';
export type * from './types.js';
