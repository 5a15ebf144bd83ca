import type { QueryStatistics } from '../types.js';
import type { CorrelatedLogEvent } from './correlated-event.js';

/** One service's part of a trace: the bar of a waterfall. */
export interface ServiceSpan {
  service: string;
  logGroups: string[];
  firstTimestamp: number;
  lastTimestamp: number;
  durationMs: number;
  eventCount: number;
  errorCount: number;
  /** Events per level. */
  levels: Record<string, number>;
}

/** One trace (or request) across services, in time order. */
export interface TraceTimeline {
  traceId?: string;
  requestId?: string;
  /** Ordered by timestamp; events of the same millisecond keep their order. */
  events: CorrelatedLogEvent[];
  /** In order of each service's first event. */
  services: ServiceSpan[];
  startTime: number;
  endTime: number;
  durationMs: number;
  statistics?: QueryStatistics;
}

const ERROR_LEVELS = new Set(['ERROR', 'FATAL']);

/** Groups events by trace ID, request ID or service; events without the key are left out. */
export function groupBy(
  events: readonly CorrelatedLogEvent[],
  key: 'trace' | 'request' | 'service',
): Map<string, CorrelatedLogEvent[]> {
  const groups = new Map<string, CorrelatedLogEvent[]>();
  for (const event of events) {
    const id =
      key === 'trace' ? event.traceId : key === 'request' ? event.requestId : event.service;
    if (id === undefined) continue;
    const list = groups.get(id);
    if (list) list.push(event);
    else groups.set(id, [event]);
  }
  return groups;
}

/**
 * Orders events in time and sums each service's span, first event to last. Events without a
 * timestamp (`NaN`) cannot be placed and are left out.
 */
export function buildTimeline(events: readonly CorrelatedLogEvent[]): TraceTimeline {
  const ordered = events
    .filter((e) => Number.isFinite(e.timestamp))
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.timestamp - b.event.timestamp || a.index - b.index)
    .map(({ event }) => event);
  const spans = new Map<string, ServiceSpan>();
  for (const e of ordered) {
    let span = spans.get(e.service);
    if (!span) {
      span = {
        service: e.service,
        logGroups: [],
        firstTimestamp: e.timestamp,
        lastTimestamp: e.timestamp,
        durationMs: 0,
        eventCount: 0,
        errorCount: 0,
        levels: {},
      };
      spans.set(e.service, span);
    }
    if (!span.logGroups.includes(e.logGroup)) span.logGroups.push(e.logGroup);
    span.lastTimestamp = e.timestamp;
    span.durationMs = span.lastTimestamp - span.firstTimestamp;
    span.eventCount += 1;
    if (ERROR_LEVELS.has(e.level)) span.errorCount += 1;
    span.levels[e.level] = (span.levels[e.level] ?? 0) + 1;
  }
  const startTime = ordered[0]?.timestamp ?? 0;
  const endTime = ordered.at(-1)?.timestamp ?? 0;
  const traceIds = new Set(ordered.map((e) => e.traceId).filter((id) => id !== undefined));
  const requestIds = new Set(ordered.map((e) => e.requestId).filter((id) => id !== undefined));
  return {
    ...(traceIds.size === 1 ? { traceId: [...traceIds][0]! } : {}),
    ...(requestIds.size === 1 ? { requestId: [...requestIds][0]! } : {}),
    events: ordered,
    services: [...spans.values()],
    startTime,
    endTime,
    durationMs: endTime - startTime,
  };
}
