import { type Sleep, systemSleep } from '@integrations/resilience';
import { toCorrelatedEvent } from '../correlation/correlated-event.js';
import { buildTimeline, type TraceTimeline } from '../correlation/timeline.js';
import { CloudWatchLogsError, ValidationError } from '../errors.js';
import { quoteString } from '../insights/query-string.js';
import {
  type QueryOptions,
  type QueryResult,
  type RawInsights,
  runQuery,
} from '../insights/run-query.js';
import { CloudWatchLogsLimits as L } from '../limits.js';
import { compact } from '../operation-caller.js';
import { TimeRange } from '../time-range.js';
import type {
  GetQueryResultsResponse,
  RequestOptions,
  StartQueryRequest,
  StartQueryResponse,
  StopQueryResponse,
} from '../types.js';
import {
  checkEpochSeconds,
  checkLogGroupIdentifier,
  checkLogGroupName,
  checkOptionalInteger,
  checkQueryLanguage,
  checkString,
  checkStringList,
  checkTimeOrder,
} from '../validation.js';
import type { ServiceContext } from './context.js';

/** Logs Insights: the raw operations and the conveniences built on them. */
export interface InsightsService {
  /**
   * Runs a query to the end: start, poll with backoff (500 ms doubling to 5 s), results as
   * records. The query is validated first; on timeout or abort it is stopped on the service.
   */
  query(request: StartQueryRequest, options?: QueryOptions): Promise<QueryResult>;
  /** Every event of one trace (`trace_id`, as this library writes it) across log groups, as a timeline. */
  queryByTraceId(
    logGroups: readonly string[],
    traceId: string,
    timeRange: TimeRange,
    options?: CorrelationQueryOptions,
  ): Promise<TraceTimeline>;
  /** As {@link queryByTraceId}, by `request_id`. */
  queryByRequestId(
    logGroups: readonly string[],
    requestId: string,
    timeRange: TimeRange,
    options?: CorrelationQueryOptions,
  ): Promise<TraceTimeline>;
  /** StartQuery. Times are epoch SECONDS (`TimeRange#toEpochSeconds()`). */
  startQuery(request: StartQueryRequest, options?: RequestOptions): Promise<StartQueryResponse>;
  /** GetQueryResults: the query's status and whatever rows it has so far. */
  getResults(queryId: string, options?: RequestOptions): Promise<GetQueryResultsResponse>;
  /** StopQuery: `success` is false when the query had already ended. */
  stopQuery(queryId: string, options?: RequestOptions): Promise<StopQueryResponse>;
}

function checkStartQuery(request: StartQueryRequest): void {
  checkQueryLanguage(request.queryLanguage);
  const sources = [request.logGroupName, request.logGroupNames, request.logGroupIdentifiers].filter(
    (source) => source !== undefined,
  ).length;
  if (sources > 1) {
    throw new ValidationError(
      'logGroupNames',
      request.logGroupNames ?? request.logGroupIdentifiers,
      'give exactly one of logGroupName, logGroupNames and logGroupIdentifiers',
    );
  }
  if (sources === 0 && request.queryLanguage !== 'SQL') {
    throw new ValidationError(
      'logGroupNames',
      undefined,
      'is required: give one of logGroupName, logGroupNames and logGroupIdentifiers (only SQL queries name them in the query)',
    );
  }
  if (request.logGroupName !== undefined) checkLogGroupName(request.logGroupName);
  checkStringList(request.logGroupNames, 'logGroupNames', 1, L.maxQueryLogGroups, (v, f) =>
    checkLogGroupName(v, f),
  );
  checkStringList(
    request.logGroupIdentifiers,
    'logGroupIdentifiers',
    1,
    L.maxQueryLogGroups,
    (v, f) => checkLogGroupIdentifier(v, f),
  );
  checkEpochSeconds(request.startTime, 'startTime');
  checkEpochSeconds(request.endTime, 'endTime');
  checkTimeOrder(request.startTime, request.endTime, 'seconds');
  checkString(request.queryString, 'queryString', 1, L.maxQueryStringLength);
  checkOptionalInteger(request.limit, 'limit', 1, L.maxQueryLimit);
}

function checkQueryId(queryId: unknown): void {
  checkString(queryId, 'queryId', 1, 256);
}

export interface CorrelationQueryOptions extends QueryOptions {
  /** Most events returned. Default 10,000. */
  limit?: number;
  /** When the window finds nothing, look once more with the window widened by this much on each side. */
  widenIfEmpty?: { durationMs: number };
}

export function createInsightsService(
  context: ServiceContext,
  sleep: Sleep = systemSleep,
): InsightsService {
  const { invoker } = context;
  const now = () => context.clock.now();

  async function correlated(
    key: 'trace_id' | 'request_id',
    logGroups: readonly string[],
    id: string,
    timeRange: TimeRange,
    options: CorrelationQueryOptions = {},
  ): Promise<TraceTimeline> {
    checkString(id, key === 'trace_id' ? 'traceId' : 'requestId', 1, 1024);
    if (!Array.isArray(logGroups) || logGroups.length === 0)
      throw new ValidationError(
        'logGroups',
        logGroups,
        'name at least one log group (name or ARN)',
      );
    const groups = logGroups.some((g) => g.startsWith('arn:'))
      ? { logGroupIdentifiers: [...logGroups] }
      : { logGroupNames: [...logGroups] };
    checkOptionalInteger(options.limit, 'limit', 1, L.maxQueryLimit);
    const widen = options.widenIfEmpty;
    if (
      widen !== undefined &&
      !(
        typeof widen.durationMs === 'number' &&
        Number.isFinite(widen.durationMs) &&
        widen.durationMs > 0
      )
    )
      throw new ValidationError(
        'widenIfEmpty.durationMs',
        widen.durationMs,
        'must be a positive number of milliseconds',
      );
    const limit = options.limit ?? L.maxQueryLimit;
    const queryString = `fields @timestamp, @message, @logStream, @log | filter ${key} = ${quoteString(id)} | sort @timestamp asc | limit ${limit}`;
    const run = async (range: TimeRange) => {
      const result = await runQuery(
        raw,
        sleep,
        now,
        { ...groups, ...range.toEpochSeconds(), queryString },
        options,
      );
      const timeline = buildTimeline(result.records.map(toCorrelatedEvent));
      return { ...timeline, statistics: result.statistics };
    };
    let timeline = await run(timeRange);
    if (timeline.events.length === 0 && widen !== undefined) {
      const { startTime, endTime } = timeRange.toEpochMillis();
      timeline = await run(
        TimeRange.fromEpochMillis(startTime - widen.durationMs, endTime + widen.durationMs),
      );
    }
    return key === 'trace_id' ? { ...timeline, traceId: id } : { ...timeline, requestId: id };
  }

  const raw: RawInsights = {
    async startQuery(request, options = {}) {
      checkStartQuery(request);
      const response = await invoker.invoke<Partial<StartQueryResponse> | undefined>(
        'StartQuery',
        compact({ ...request }),
        // Not idempotent: a retry could start a second query.
        { signal: options.signal, idempotent: false },
      );
      if (typeof response?.queryId !== 'string') {
        throw new CloudWatchLogsError(
          'StartQuery answered without a queryId; the endpoint is not behaving like CloudWatch Logs.',
          { code: 'InvalidResponse', operation: 'StartQuery' },
        );
      }
      return { ...response, queryId: response.queryId };
    },

    async getResults(queryId, options = {}) {
      checkQueryId(queryId);
      const response = await invoker.invoke<Partial<GetQueryResultsResponse> | undefined>(
        'GetQueryResults',
        { queryId },
        { signal: options.signal, idempotent: true },
        `query "${queryId}"`,
      );
      return { ...response, results: response?.results ?? [] };
    },

    async stopQuery(queryId, options = {}) {
      checkQueryId(queryId);
      const response = await invoker.invoke<Partial<StopQueryResponse> | undefined>(
        'StopQuery',
        { queryId },
        { signal: options.signal, idempotent: true },
        `query "${queryId}"`,
      );
      return { ...response, success: response?.success === true };
    },
  };

  return {
    ...raw,
    query: (request, options) => runQuery(raw, sleep, now, request, options),
    queryByTraceId: (groups, id, range, options) =>
      correlated('trace_id', groups, id, range, options),
    queryByRequestId: (groups, id, range, options) =>
      correlated('request_id', groups, id, range, options),
  };
}
