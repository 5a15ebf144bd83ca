import type { ServiceContext } from './context.js';
import { filterLogEvents, getLogEvents, putLogEvents } from './operations/events.js';
import {
  createLogGroup,
  deleteLogGroup,
  deleteRetentionPolicy,
  describeLogGroups,
  listTagsForResource,
  listTagsLogGroup,
  putRetentionPolicy,
  tagLogGroup,
  tagResource,
  untagLogGroup,
  untagResource,
} from './operations/groups.js';
import {
  deleteMetricFilter,
  describeMetricFilters,
  putMetricFilter,
  testMetricFilter,
} from './operations/metric-filters.js';
import { describeQueries, getQueryResults, startQuery, stopQuery } from './operations/queries.js';
import { createLogStream, deleteLogStream, describeLogStreams } from './operations/streams.js';
import {
  deleteSubscriptionFilter,
  describeSubscriptionFilters,
  putSubscriptionFilter,
} from './operations/subscription-filters.js';
import type { QueryEngine } from './query-engine.js';

type Body = Record<string, unknown>;
type Operation = (ctx: ServiceContext, body: Body) => Body;

/** The CloudWatch Logs operations the emulator serves, by their X-Amz-Target name. */
export const OPERATION_NAMES = [
  'CreateLogGroup',
  'DeleteLogGroup',
  'DescribeLogGroups',
  'CreateLogStream',
  'DeleteLogStream',
  'DescribeLogStreams',
  'PutLogEvents',
  'GetLogEvents',
  'FilterLogEvents',
  'PutRetentionPolicy',
  'DeleteRetentionPolicy',
  'PutSubscriptionFilter',
  'DescribeSubscriptionFilters',
  'DeleteSubscriptionFilter',
  'PutMetricFilter',
  'DescribeMetricFilters',
  'DeleteMetricFilter',
  'TestMetricFilter',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
  'TagLogGroup',
  'UntagLogGroup',
  'ListTagsLogGroup',
  'StartQuery',
  'GetQueryResults',
  'StopQuery',
  'DescribeQueries',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];

/** Operations that change data; the rest only read. */
export const MUTATING_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateLogGroup',
  'DeleteLogGroup',
  'CreateLogStream',
  'DeleteLogStream',
  'PutLogEvents',
  'PutRetentionPolicy',
  'DeleteRetentionPolicy',
  'PutSubscriptionFilter',
  'DeleteSubscriptionFilter',
  'PutMetricFilter',
  'DeleteMetricFilter',
  'TagResource',
  'UntagResource',
  'TagLogGroup',
  'UntagLogGroup',
]);

/** Dispatches a decoded request body to its operation. */
export class LogsService {
  private readonly operations: Record<OperationName, Operation>;

  constructor(
    private readonly ctx: ServiceContext,
    engine: QueryEngine,
  ) {
    this.operations = {
      CreateLogGroup: createLogGroup,
      DeleteLogGroup: deleteLogGroup,
      DescribeLogGroups: describeLogGroups,
      CreateLogStream: createLogStream,
      DeleteLogStream: deleteLogStream,
      DescribeLogStreams: describeLogStreams,
      PutLogEvents: putLogEvents,
      GetLogEvents: getLogEvents,
      FilterLogEvents: filterLogEvents,
      PutRetentionPolicy: putRetentionPolicy,
      DeleteRetentionPolicy: deleteRetentionPolicy,
      PutSubscriptionFilter: putSubscriptionFilter,
      DescribeSubscriptionFilters: describeSubscriptionFilters,
      DeleteSubscriptionFilter: deleteSubscriptionFilter,
      PutMetricFilter: putMetricFilter,
      DescribeMetricFilters: describeMetricFilters,
      DeleteMetricFilter: deleteMetricFilter,
      TestMetricFilter: testMetricFilter,
      TagResource: tagResource,
      UntagResource: untagResource,
      ListTagsForResource: listTagsForResource,
      TagLogGroup: tagLogGroup,
      UntagLogGroup: untagLogGroup,
      ListTagsLogGroup: listTagsLogGroup,
      StartQuery: (ctx, body) => startQuery(ctx, engine, body),
      GetQueryResults: getQueryResults,
      StopQuery: stopQuery,
      DescribeQueries: describeQueries,
    };
  }

  has(name: string): name is OperationName {
    return Object.hasOwn(this.operations, name);
  }

  invoke(name: OperationName, body: Body): Body {
    return this.operations[name](this.ctx, body);
  }
}
