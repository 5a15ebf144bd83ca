import { ValidationError } from '../errors.js';
import { CloudWatchLogsLimits as L } from '../limits.js';
import { compact, describeGroup } from '../operation-caller.js';
import { paginate } from '../pagination.js';
import type {
  DescribeMetricFiltersRequest,
  DescribeMetricFiltersResponse,
  MetricFilter,
  PutMetricFilterRequest,
  RequestOptions,
} from '../types.js';
import {
  checkBoolean,
  checkFilterName,
  checkFilterPattern,
  checkLogGroupName,
  checkMetricTransformations,
  checkNextToken,
  checkOptionalInteger,
  checkString,
  checkStringList,
} from '../validation.js';
import type { ServiceContext } from './context.js';

/** Metric filters: turn matching events into CloudWatch metrics. */
export interface MetricFiltersService {
  /** PutMetricFilter: creates or replaces the filter of that name. */
  put(request: PutMetricFilterRequest, options?: RequestOptions): Promise<void>;
  /** DescribeMetricFilters: one page. */
  describe(
    request?: DescribeMetricFiltersRequest,
    options?: RequestOptions,
  ): Promise<DescribeMetricFiltersResponse>;
  /** Every matching metric filter, across pages. */
  listAll(
    request?: Omit<DescribeMetricFiltersRequest, 'nextToken'>,
    options?: RequestOptions,
  ): AsyncIterable<MetricFilter>;
  /** DeleteMetricFilter. */
  delete(logGroupName: string, filterName: string, options?: RequestOptions): Promise<void>;
}

function checkDescribe(request: DescribeMetricFiltersRequest): void {
  if (request.logGroupName !== undefined) checkLogGroupName(request.logGroupName);
  if (request.filterNamePrefix !== undefined) {
    checkString(request.filterNamePrefix, 'filterNamePrefix', 1, L.maxFilterNameLength);
    if (request.logGroupName === undefined) {
      throw new ValidationError(
        'filterNamePrefix',
        request.filterNamePrefix,
        'requires logGroupName',
      );
    }
  }
  if ((request.metricName === undefined) !== (request.metricNamespace === undefined)) {
    const field = request.metricName === undefined ? 'metricName' : 'metricNamespace';
    throw new ValidationError(
      field,
      undefined,
      'is required when the other of metricName and metricNamespace is given',
    );
  }
  if (request.metricName !== undefined) checkString(request.metricName, 'metricName', 1, 255);
  if (request.metricNamespace !== undefined) {
    checkString(request.metricNamespace, 'metricNamespace', 1, 255);
  }
  checkNextToken(request.nextToken);
  checkOptionalInteger(request.limit, 'limit', 1, L.maxDescribeLimit);
}

export function createMetricFiltersService(context: ServiceContext): MetricFiltersService {
  const { invoker } = context;

  async function describe(
    request: DescribeMetricFiltersRequest = {},
    options: RequestOptions = {},
  ): Promise<DescribeMetricFiltersResponse> {
    checkDescribe(request);
    const response = await invoker.invoke<Partial<DescribeMetricFiltersResponse> | undefined>(
      'DescribeMetricFilters',
      compact({ ...request }),
      { signal: options.signal, idempotent: true },
      request.logGroupName === undefined ? undefined : describeGroup(request.logGroupName),
    );
    return { ...response, metricFilters: response?.metricFilters ?? [] };
  }

  return {
    async put(request, options = {}) {
      checkLogGroupName(request.logGroupName);
      checkFilterName(request.filterName);
      checkFilterPattern(request.filterPattern);
      checkMetricTransformations(request.metricTransformations);
      checkBoolean(request.applyOnTransformedLogs, 'applyOnTransformedLogs');
      if (request.fieldSelectionCriteria !== undefined) {
        checkString(request.fieldSelectionCriteria, 'fieldSelectionCriteria', 0, 2000);
      }
      checkStringList(
        request.emitSystemFieldDimensions,
        'emitSystemFieldDimensions',
        0,
        10,
        (v, f) => checkString(v, f, 1, 256),
      );
      await invoker.invoke(
        'PutMetricFilter',
        compact({ ...request }),
        { signal: options.signal, idempotent: true },
        describeGroup(request.logGroupName),
      );
    },

    describe,

    listAll(request = {}, options = {}) {
      checkDescribe(request);
      return paginate(
        (nextToken) =>
          describe(nextToken === undefined ? request : { ...request, nextToken }, options),
        (page) => page.metricFilters,
        (page) => page.nextToken,
        undefined,
        options.signal,
      );
    },

    async delete(logGroupName, filterName, options = {}) {
      checkLogGroupName(logGroupName);
      checkFilterName(filterName);
      await invoker.invoke(
        'DeleteMetricFilter',
        { logGroupName, filterName },
        { signal: options.signal, idempotent: false },
        `metric filter "${filterName}" of ${describeGroup(logGroupName)}`,
      );
    },
  };
}
