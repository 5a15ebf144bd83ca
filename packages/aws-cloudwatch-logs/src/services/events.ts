import type { BufferedWrites } from '../buffer/buffered-writes.js';
import { ValidationError } from '../errors.js';
import { CloudWatchLogsLimits as L } from '../limits.js';
import { compact, describeGroup, describeStream } from '../operation-caller.js';
import { paginate } from '../pagination.js';
import type {
  FilteredLogEvent,
  FilterLogEventsRequest,
  FilterLogEventsResponse,
  GetLogEventsRequest,
  GetLogEventsResponse,
  OutputLogEvent,
  PutLogEventsRequest,
  PutLogEventsResponse,
  RequestOptions,
} from '../types.js';
import {
  checkBoolean,
  checkEpochMillis,
  checkFilterPattern,
  checkGroupNameOrIdentifier,
  checkLogEvents,
  checkLogGroupName,
  checkLogStreamName,
  checkNextToken,
  checkOptionalInteger,
  checkString,
  checkStringList,
  checkTimeOrder,
} from '../validation.js';
import type { ServiceContext } from './context.js';

/** Writing and reading log events. */
export interface EventsService extends BufferedWrites {
  /** PutLogEvents: one batch, checked against every PutLogEvents rule before it is sent. */
  put(request: PutLogEventsRequest, options?: RequestOptions): Promise<PutLogEventsResponse>;
  /** GetLogEvents: one page of one stream. */
  get(request: GetLogEventsRequest, options?: RequestOptions): Promise<GetLogEventsResponse>;
  /**
   * Every event of one stream, page after page, following `nextForwardToken` until it repeats
   * (the end of the stream). `startFromHead` defaults to `true`: from the oldest event.
   */
  getAll(
    request: Omit<GetLogEventsRequest, 'nextToken'> & { nextToken?: string },
    options?: RequestOptions,
  ): AsyncIterable<OutputLogEvent>;
  /** FilterLogEvents: one page of matching events across streams. */
  filter(
    request: FilterLogEventsRequest,
    options?: RequestOptions,
  ): Promise<FilterLogEventsResponse>;
  /** Every matching event, following `nextToken`. */
  filterAll(
    request: FilterLogEventsRequest,
    options?: RequestOptions,
  ): AsyncIterable<FilteredLogEvent>;
}

function checkGetLogEvents(request: GetLogEventsRequest): void {
  checkGroupNameOrIdentifier(request);
  checkLogStreamName(request.logStreamName);
  checkEpochMillis(request.startTime, 'startTime');
  checkEpochMillis(request.endTime, 'endTime');
  checkTimeOrder(request.startTime, request.endTime, 'milliseconds');
  checkNextToken(request.nextToken);
  checkOptionalInteger(request.limit, 'limit', 1, L.maxEventsLimit);
  checkBoolean(request.startFromHead, 'startFromHead');
  checkBoolean(request.unmask, 'unmask');
}

function checkFilterLogEvents(request: FilterLogEventsRequest): void {
  checkGroupNameOrIdentifier(request);
  checkStringList(request.logStreamNames, 'logStreamNames', 1, L.maxFilterLogStreamNames, (v, f) =>
    checkLogStreamName(v, f),
  );
  if (request.logStreamNamePrefix !== undefined) {
    checkString(request.logStreamNamePrefix, 'logStreamNamePrefix', 1, L.maxLogStreamNameLength);
    if (request.logStreamNames !== undefined) {
      throw new ValidationError(
        'logStreamNamePrefix',
        request.logStreamNamePrefix,
        'must not be given together with logStreamNames',
      );
    }
  }
  checkEpochMillis(request.startTime, 'startTime');
  checkEpochMillis(request.endTime, 'endTime');
  checkTimeOrder(request.startTime, request.endTime, 'milliseconds');
  if (request.filterPattern !== undefined) checkFilterPattern(request.filterPattern);
  checkNextToken(request.nextToken);
  checkOptionalInteger(request.limit, 'limit', 1, L.maxEventsLimit);
  checkBoolean(request.unmask, 'unmask');
}

function groupOf(request: { logGroupName?: string; logGroupIdentifier?: string }): string {
  return describeGroup(request.logGroupName ?? request.logGroupIdentifier);
}

export function createEventsService(
  context: ServiceContext,
  buffered: BufferedWrites,
): EventsService {
  const { invoker, clock } = context;

  async function get(
    request: GetLogEventsRequest,
    options: RequestOptions = {},
  ): Promise<GetLogEventsResponse> {
    checkGetLogEvents(request);
    const response = await invoker.invoke<Partial<GetLogEventsResponse> | undefined>(
      'GetLogEvents',
      compact({ ...request }),
      { signal: options.signal, idempotent: true },
      describeStream(request.logGroupName ?? request.logGroupIdentifier, request.logStreamName),
    );
    return { ...response, events: response?.events ?? [] };
  }

  async function filter(
    request: FilterLogEventsRequest,
    options: RequestOptions = {},
  ): Promise<FilterLogEventsResponse> {
    checkFilterLogEvents(request);
    const response = await invoker.invoke<Partial<FilterLogEventsResponse> | undefined>(
      'FilterLogEvents',
      compact({ ...request }),
      { signal: options.signal, idempotent: true },
      groupOf(request),
    );
    return { ...response, events: response?.events ?? [] };
  }

  return {
    putStructured: buffered.putStructured,
    putBuffered: buffered.putBuffered,

    async put(request, options = {}) {
      checkLogGroupName(request.logGroupName);
      checkLogStreamName(request.logStreamName);
      checkLogEvents(request.logEvents, clock.now());
      if (request.sequenceToken !== undefined) {
        checkString(request.sequenceToken, 'sequenceToken', 1, Number.MAX_SAFE_INTEGER);
      }
      const response = await invoker.invoke<PutLogEventsResponse | undefined>(
        'PutLogEvents',
        compact({ ...request }),
        // Not idempotent: a retry after an ambiguous failure could store the events twice.
        { signal: options.signal, idempotent: false },
        describeStream(request.logGroupName, request.logStreamName),
      );
      return response ?? {};
    },

    get,

    getAll(request, options = {}) {
      const base: GetLogEventsRequest = { startFromHead: true, ...request };
      checkGetLogEvents(base);
      return paginate(
        (nextToken) => get(nextToken === undefined ? base : { ...base, nextToken }, options),
        (page) => page.events,
        (page) => page.nextForwardToken,
        base.nextToken,
        options.signal,
      );
    },

    filter,

    filterAll(request, options = {}) {
      checkFilterLogEvents(request);
      return paginate(
        (nextToken) =>
          filter(nextToken === undefined ? request : { ...request, nextToken }, options),
        (page) => page.events,
        (page) => page.nextToken,
        request.nextToken,
        options.signal,
      );
    },
  };
}
