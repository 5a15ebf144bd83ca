import type { Metrics } from '@integrations/observability';
import type { Sleep } from '@integrations/resilience';
import { type BatchBuffer, createBatchBuffer } from './buffer/batch-buffer.js';
import { createBufferedWrites } from './buffer/buffered-writes.js';
import type { BufferConfig, FlushReport } from './buffer/options.js';
import { installShutdownHooks, type ShutdownHookOptions } from './buffer/shutdown-hooks.js';
import type { Clock } from './clock.js';
import { ClientClosedError } from './errors.js';
import { KnownResources } from './known-resources.js';
import { type CloudWatchLogger, createLogger, type LoggerOptions } from './logger/logger.js';
import { createServiceInvoker, describeStream, type OperationCaller } from './operation-caller.js';
import { createRedactor, type RedactionOptions } from './redaction/redactor.js';
import type { RetentionDays } from './retention-days.js';
import { createEventsService, type EventsService } from './services/events.js';
import { createGroupsService, type GroupsService } from './services/groups.js';
import { createInsightsService, type InsightsService } from './services/insights.js';
import {
  createMetricFiltersService,
  type MetricFiltersService,
} from './services/metric-filters.js';
import { createRetentionService, type RetentionService } from './services/retention.js';
import { createStreamsService, type StreamsService } from './services/streams.js';
import { createSubscriptionsService, type SubscriptionsService } from './services/subscriptions.js';
import type { StructuredLogEvent } from './structured/structured-log-event.js';
import type { PutLogEventsResponse } from './types.js';

/** The settings a client was created with that later calls consult. */
export interface ClientSettings {
  readonly region: string;
  readonly defaultLogGroup: string | undefined;
  readonly defaultRetentionDays: RetentionDays | undefined;
}

export interface CloudWatchLogsClient {
  readonly events: EventsService;
  readonly groups: GroupsService;
  readonly streams: StreamsService;
  readonly retention: RetentionService;
  readonly subscriptions: SubscriptionsService;
  readonly metricFilters: MetricFiltersService;
  readonly insights: InsightsService;
  readonly settings: ClientSettings;
  /**
   * A logger writing structured events to one stream through the batch buffer: synchronous,
   * never throws into the application; failures go to the buffer's `onDropped` and metrics.
   */
  logger(options: LoggerOptions): CloudWatchLogger;
  /** Resolves once every event buffered before the call is stored or reported as failed. */
  flush(): Promise<FlushReport>;
  /** Flushes on SIGTERM, SIGINT and `beforeExit`; returns a function that removes the hooks. */
  installShutdownHooks(options?: ShutdownHookOptions): () => void;
  /**
   * Flushes every buffered event, then releases the connection pool. Later calls fail with
   * `ClientClosedError`. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/** What the client needs beyond the caller for its buffered writes. */
export interface ClientExtras {
  buffer?: BufferConfig;
  metrics?: Metrics;
  /** Flush intervals and retry backoff of the buffer (tests pass virtual time). */
  sleep?: Sleep;
  /** PII redaction of structured events before they are serialized; off unless given. */
  redaction?: RedactionOptions | boolean;
}

/** Assembles the services on one operation caller (the seam tests and the factory share). */
export function createClientOnCaller(
  caller: OperationCaller,
  settings: ClientSettings,
  clock: Clock,
  extras: ClientExtras = {},
): CloudWatchLogsClient {
  let closing: Promise<void> | undefined;
  let closed = false;
  const invoker = createServiceInvoker(caller, () => closed);
  const context = {
    invoker,
    clock,
    known: new KnownResources(),
    defaultRetentionDays: settings.defaultRetentionDays,
  };
  const streams = createStreamsService(context);
  let buffer: BatchBuffer | undefined;
  const getBuffer = (operation: string): BatchBuffer => {
    if (closing) throw new ClientClosedError(operation);
    buffer ??= createBatchBuffer({
      ...extras.buffer,
      put: async (logGroupName, logStreamName, logEvents, signal) =>
        (await invoker.invoke<PutLogEventsResponse | undefined>(
          'PutLogEvents',
          { logGroupName, logStreamName, logEvents },
          { signal, idempotent: false },
          describeStream(logGroupName, logStreamName),
        )) ?? {},
      ensureStream: (group, stream) =>
        streams.ensureExists(group, stream, { createGroup: true, recheck: true }),
      ...(extras.metrics !== undefined ? { metrics: extras.metrics } : {}),
      ...(extras.sleep !== undefined ? { sleep: extras.sleep } : {}),
      clock,
    });
    return buffer;
  };
  const flush = (): Promise<FlushReport> =>
    buffer ? buffer.flush() : Promise.resolve({ sent: 0, rejected: 0, failed: 0, dropped: 0 });
  const redaction = extras.redaction;
  const redactor =
    redaction === undefined || redaction === false
      ? undefined
      : createRedactor(redaction === true ? {} : redaction);
  const transform = redactor
    ? (event: StructuredLogEvent): StructuredLogEvent => {
        const { fields, message } = redactor(event.fields, event.message);
        return fields === undefined ? { ...event, message } : { ...event, message, fields };
      }
    : undefined;
  const buffered = createBufferedWrites(getBuffer, clock, transform);
  const events = createEventsService(context, buffered);
  return Object.freeze({
    events,
    groups: createGroupsService(context),
    streams,
    retention: createRetentionService(context),
    subscriptions: createSubscriptionsService(context),
    metricFilters: createMetricFiltersService(context),
    insights: createInsightsService(context, extras.sleep),
    settings: Object.freeze({ ...settings }),
    logger(options: LoggerOptions) {
      return createLogger(options, {
        put: (event) => buffered.logStructured(options.logGroup, options.logStream, event),
        flush,
        onError: (error) =>
          extras.metrics?.counter('cloudwatch_logs.logger.errors', 1, {
            error: error instanceof Error ? error.name : 'unknown',
          }),
      });
    },
    flush,
    installShutdownHooks(options?: ShutdownHookOptions) {
      return installShutdownHooks(
        () => (buffer ? buffer.flush() : Promise.resolve()),
        () => (buffer?.stats().bufferedEvents ?? 0) > 0,
        options,
        () => (buffer ? buffer.close() : Promise.resolve()),
      );
    },
    close() {
      closing ??= (async () => {
        try {
          await buffer?.close();
        } finally {
          closed = true;
          await caller.close?.();
        }
      })();
      return closing;
    },
  });
}
