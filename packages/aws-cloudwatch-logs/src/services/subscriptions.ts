import { CloudWatchLogsLimits as L } from '../limits.js';
import { compact, describeGroup } from '../operation-caller.js';
import { paginate } from '../pagination.js';
import type {
  DescribeSubscriptionFiltersRequest,
  DescribeSubscriptionFiltersResponse,
  PutSubscriptionFilterRequest,
  RequestOptions,
  SubscriptionFilter,
} from '../types.js';
import {
  checkArn,
  checkBoolean,
  checkDistribution,
  checkFilterName,
  checkFilterPattern,
  checkLogGroupName,
  checkNextToken,
  checkOptionalInteger,
  checkString,
  checkStringList,
} from '../validation.js';
import type { ServiceContext } from './context.js';

/** Subscription filters: stream matching events to Kinesis, Firehose or Lambda. */
export interface SubscriptionsService {
  /** PutSubscriptionFilter: creates or replaces the filter of that name. */
  put(request: PutSubscriptionFilterRequest, options?: RequestOptions): Promise<void>;
  /** DescribeSubscriptionFilters: one page. */
  describe(
    request: DescribeSubscriptionFiltersRequest,
    options?: RequestOptions,
  ): Promise<DescribeSubscriptionFiltersResponse>;
  /** Every subscription filter of a log group, across pages. */
  listAll(
    request: Omit<DescribeSubscriptionFiltersRequest, 'nextToken'>,
    options?: RequestOptions,
  ): AsyncIterable<SubscriptionFilter>;
  /** DeleteSubscriptionFilter. */
  delete(logGroupName: string, filterName: string, options?: RequestOptions): Promise<void>;
}

function checkDescribe(request: DescribeSubscriptionFiltersRequest): void {
  checkLogGroupName(request.logGroupName);
  if (request.filterNamePrefix !== undefined) {
    checkString(request.filterNamePrefix, 'filterNamePrefix', 1, L.maxFilterNameLength);
  }
  checkNextToken(request.nextToken);
  checkOptionalInteger(request.limit, 'limit', 1, L.maxDescribeLimit);
}

export function createSubscriptionsService(context: ServiceContext): SubscriptionsService {
  const { invoker } = context;

  async function describe(
    request: DescribeSubscriptionFiltersRequest,
    options: RequestOptions = {},
  ): Promise<DescribeSubscriptionFiltersResponse> {
    checkDescribe(request);
    const response = await invoker.invoke<Partial<DescribeSubscriptionFiltersResponse> | undefined>(
      'DescribeSubscriptionFilters',
      compact({ ...request }),
      { signal: options.signal, idempotent: true },
      describeGroup(request.logGroupName),
    );
    return { ...response, subscriptionFilters: response?.subscriptionFilters ?? [] };
  }

  return {
    async put(request, options = {}) {
      checkLogGroupName(request.logGroupName);
      checkFilterName(request.filterName);
      checkFilterPattern(request.filterPattern);
      checkArn(request.destinationArn, 'destinationArn', true);
      checkArn(request.roleArn, 'roleArn', false);
      checkDistribution(request.distribution);
      checkBoolean(request.applyOnTransformedLogs, 'applyOnTransformedLogs');
      if (request.fieldSelectionCriteria !== undefined) {
        checkString(request.fieldSelectionCriteria, 'fieldSelectionCriteria', 0, 2000);
      }
      checkStringList(request.emitSystemFields, 'emitSystemFields', 0, 10, (v, f) =>
        checkString(v, f, 1, 256),
      );
      await invoker.invoke(
        'PutSubscriptionFilter',
        compact({ ...request }),
        { signal: options.signal, idempotent: true },
        describeGroup(request.logGroupName),
      );
    },

    describe,

    listAll(request, options = {}) {
      checkDescribe(request);
      return paginate(
        (nextToken) =>
          describe(nextToken === undefined ? request : { ...request, nextToken }, options),
        (page) => page.subscriptionFilters,
        (page) => page.nextToken,
        undefined,
        options.signal,
      );
    },

    async delete(logGroupName, filterName, options = {}) {
      checkLogGroupName(logGroupName);
      checkFilterName(filterName);
      await invoker.invoke(
        'DeleteSubscriptionFilter',
        { logGroupName, filterName },
        { signal: options.signal, idempotent: false },
        `subscription filter "${filterName}" of ${describeGroup(logGroupName)}`,
      );
    },
  };
}
