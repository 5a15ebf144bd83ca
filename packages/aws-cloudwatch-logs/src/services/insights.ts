import { CloudWatchLogsError, ValidationError } from '../errors.js';
import { CloudWatchLogsLimits as L } from '../limits.js';
import { compact } from '../operation-caller.js';
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

/** Logs Insights, the raw operations. */
export interface InsightsService {
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

export function createInsightsService(context: ServiceContext): InsightsService {
  const { invoker } = context;
  return {
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
}
