import type { Sleep } from '@integrations/resilience';
import {
  QueryCancelledError,
  QueryFailedError,
  QueryTimedOutError,
  ValidationError,
} from '../errors.js';
import type {
  GetQueryResultsResponse,
  QueryStatistics,
  QueryStatus,
  RequestOptions,
  StartQueryRequest,
  StartQueryResponse,
  StopQueryResponse,
} from '../types.js';
import { validateQueryString } from './query-string.js';

export interface QueryOptions {
  /** Give up (and stop the query on the service) after this long. Default 15 minutes. */
  timeoutMs?: number;
  /** First wait between polls. Default 500 ms; doubled after each poll up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  /** Default 5,000 ms. */
  maxPollIntervalMs?: number;
  signal?: AbortSignal;
}

export interface QueryResult {
  queryId: string;
  status: QueryStatus;
  /** One record per result row, field name to value (`@ptr` kept). */
  records: Array<Record<string, string>>;
  statistics: QueryStatistics;
}

/** The raw operations `query` is made of. */
export interface RawInsights {
  startQuery(request: StartQueryRequest, options?: RequestOptions): Promise<StartQueryResponse>;
  getResults(queryId: string, options?: RequestOptions): Promise<GetQueryResultsResponse>;
  stopQuery(queryId: string, options?: RequestOptions): Promise<StopQueryResponse>;
}

function checkMs(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new ValidationError(name, value, 'must be a positive number of milliseconds');
  return value;
}

/**
 * StartQuery, then GetQueryResults with backoff until the query ends. On timeout or abort the
 * query is stopped on the service (best effort) and the timeout or the abort reason is thrown;
 * Failed, Cancelled and Timeout statuses become their typed errors.
 */
export async function runQuery(
  raw: RawInsights,
  sleep: Sleep,
  now: () => number,
  request: StartQueryRequest,
  options: QueryOptions = {},
): Promise<QueryResult> {
  const timeoutMs = checkMs(options.timeoutMs, 'timeoutMs', 15 * 60_000);
  let interval = checkMs(options.pollIntervalMs, 'pollIntervalMs', 500);
  const maxInterval = Math.max(
    interval,
    checkMs(options.maxPollIntervalMs, 'maxPollIntervalMs', 5_000),
  );
  if (request.queryLanguage === undefined || request.queryLanguage === 'CWLI')
    validateQueryString(request.queryString);
  const signal = options.signal;
  signal?.throwIfAborted();
  // StartQuery is not abandoned mid-flight: the query would run on with nobody to stop it.
  const { queryId } = await raw.startQuery(request);
  const deadline = now() + timeoutMs;
  const stop = () => raw.stopQuery(queryId).catch(() => undefined);
  try {
    signal?.throwIfAborted();
    for (;;) {
      const wait = Math.min(interval, Math.max(0, deadline - now()));
      await sleep(wait, signal);
      const page = await raw.getResults(queryId, signal ? { signal } : {});
      const status = page.status ?? 'Running';
      if (status === 'Complete') {
        return {
          queryId,
          status,
          records: page.results.map((row) => {
            const record: Record<string, string> = {};
            for (const f of row) if (f.field !== undefined) record[f.field] = f.value ?? '';
            return record;
          }),
          statistics: page.statistics ?? {},
        };
      }
      if (status === 'Failed') throw new QueryFailedError(queryId);
      if (status === 'Cancelled') throw new QueryCancelledError(queryId);
      if (status === 'Timeout') throw new QueryTimedOutError(queryId);
      if (now() >= deadline) {
        await stop();
        throw new QueryTimedOutError(
          queryId,
          `Logs Insights query ${queryId} did not complete within ${timeoutMs} ms; it was stopped. Raise timeoutMs, or narrow the time range or the log groups.`,
        );
      }
      interval = Math.min(maxInterval, interval * 2);
    }
  } catch (error) {
    if (signal?.aborted) await stop();
    throw error;
  }
}
