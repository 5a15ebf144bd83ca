import type { Clock } from './clock.js';
import { KnownResources } from './known-resources.js';
import { createServiceInvoker, type OperationCaller } from './operation-caller.js';
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
   * Releases the connection pool. Later calls fail with `ClientClosedError`. Calling it again
   * returns the same promise.
   */
  close(): Promise<void>;
}

/** Assembles the services on one operation caller (the seam tests and the factory share). */
export function createClientOnCaller(
  caller: OperationCaller,
  settings: ClientSettings,
  clock: Clock,
): CloudWatchLogsClient {
  let closing: Promise<void> | undefined;
  const invoker = createServiceInvoker(caller, () => closing !== undefined);
  const context = {
    invoker,
    clock,
    known: new KnownResources(),
    defaultRetentionDays: settings.defaultRetentionDays,
  };
  return Object.freeze({
    events: createEventsService(context),
    groups: createGroupsService(context),
    streams: createStreamsService(context),
    retention: createRetentionService(context),
    subscriptions: createSubscriptionsService(context),
    metricFilters: createMetricFiltersService(context),
    insights: createInsightsService(context),
    settings: Object.freeze({ ...settings }),
    close() {
      closing ??= Promise.resolve().then(() => caller.close?.());
      return closing;
    },
  });
}
