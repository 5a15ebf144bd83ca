// Request and response shapes of the CloudWatch Logs API (version 2014-03-28), named and
// spelled as the API names them. Times are epoch milliseconds unless a field says seconds.

import type { RetentionDays } from './retention-days.js';

/** Every method takes this last. */
export interface RequestOptions {
  signal?: AbortSignal;
}

export type LogGroupClass = 'STANDARD' | 'INFREQUENT_ACCESS' | 'DELIVERY';
export type OrderBy = 'LogStreamName' | 'LastEventTime';
export type Distribution = 'Random' | 'ByLogStream';
export type QueryLanguage = 'CWLI' | 'SQL' | 'PPL';
export type QueryStatus =
  | 'Scheduled'
  | 'Running'
  | 'Complete'
  | 'Failed'
  | 'Cancelled'
  | 'Timeout'
  | 'Unknown';
export type DataProtectionStatus = 'ACTIVATED' | 'DELETED' | 'ARCHIVED' | 'DISABLED';
export type InheritedProperty = 'ACCOUNT_DATA_PROTECTION';
export type StandardUnit =
  | 'Seconds'
  | 'Microseconds'
  | 'Milliseconds'
  | 'Bytes'
  | 'Kilobytes'
  | 'Megabytes'
  | 'Gigabytes'
  | 'Terabytes'
  | 'Bits'
  | 'Kilobits'
  | 'Megabits'
  | 'Gigabits'
  | 'Terabits'
  | 'Percent'
  | 'Count'
  | 'Bytes/Second'
  | 'Kilobytes/Second'
  | 'Megabytes/Second'
  | 'Gigabytes/Second'
  | 'Terabytes/Second'
  | 'Bits/Second'
  | 'Kilobits/Second'
  | 'Megabits/Second'
  | 'Gigabits/Second'
  | 'Terabits/Second'
  | 'Count/Second'
  | 'None';

// ---- events ---------------------------------------------------------------------------

export interface InputLogEvent {
  /** When the event happened, epoch milliseconds. */
  timestamp: number;
  message: string;
}

/** The entity (service, resource) the events are associated with, for CloudWatch's explore view. */
export interface Entity {
  keyAttributes?: Record<string, string>;
  attributes?: Record<string, string>;
}

export interface PutLogEventsRequest {
  logGroupName: string;
  logStreamName: string;
  /** In chronological order, spanning at most 24 hours. */
  logEvents: InputLogEvent[];
  /** Ignored by the service since 2023; accepted for compatibility. */
  sequenceToken?: string;
  entity?: Entity;
}

export interface RejectedLogEventsInfo {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

export interface RejectedEntityInfo {
  errorType: string;
}

export interface PutLogEventsResponse {
  nextSequenceToken?: string;
  rejectedLogEventsInfo?: RejectedLogEventsInfo;
  rejectedEntityInfo?: RejectedEntityInfo;
}

export interface GetLogEventsRequest {
  /** Either this or `logGroupIdentifier`. */
  logGroupName?: string;
  /** A log group name or ARN (for cross-account access). */
  logGroupIdentifier?: string;
  logStreamName: string;
  startTime?: number;
  endTime?: number;
  nextToken?: string;
  /** Page size, 1 to 10,000. */
  limit?: number;
  /** Start from the oldest events instead of the newest. `getAll` defaults it to `true`. */
  startFromHead?: boolean;
  unmask?: boolean;
}

export interface OutputLogEvent {
  timestamp?: number;
  message?: string;
  ingestionTime?: number;
}

export interface GetLogEventsResponse {
  events: OutputLogEvent[];
  nextForwardToken?: string;
  nextBackwardToken?: string;
}

export interface FilterLogEventsRequest {
  /** Either this or `logGroupIdentifier`. */
  logGroupName?: string;
  logGroupIdentifier?: string;
  /** Up to 100 streams; not together with `logStreamNamePrefix`. */
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  startTime?: number;
  endTime?: number;
  /** A filter pattern; see "Filter pattern syntax" in the CloudWatch Logs guide. */
  filterPattern?: string;
  nextToken?: string;
  /** Page size, 1 to 10,000. */
  limit?: number;
  unmask?: boolean;
}

export interface FilteredLogEvent {
  logStreamName?: string;
  timestamp?: number;
  message?: string;
  ingestionTime?: number;
  eventId?: string;
}

export interface SearchedLogStream {
  logStreamName?: string;
  searchedCompletely?: boolean;
}

export interface FilterLogEventsResponse {
  events: FilteredLogEvent[];
  /** Deprecated by the service; present only on old responses. */
  searchedLogStreams?: SearchedLogStream[];
  nextToken?: string;
}

// ---- log groups -----------------------------------------------------------------------

export interface CreateLogGroupRequest {
  logGroupName: string;
  /** ARN of a symmetric KMS key to encrypt the group's data with. */
  kmsKeyId?: string;
  tags?: Record<string, string>;
  /** Fixed at creation; `STANDARD` when omitted. */
  logGroupClass?: LogGroupClass;
}

export interface DeleteLogGroupRequest {
  logGroupName: string;
}

export interface DescribeLogGroupsRequest {
  accountIdentifiers?: string[];
  /** Not together with `logGroupNamePattern`. */
  logGroupNamePrefix?: string;
  /** A case-insensitive substring to match; not together with `logGroupNamePrefix`. */
  logGroupNamePattern?: string;
  nextToken?: string;
  /** Page size, 1 to 50. */
  limit?: number;
  includeLinkedAccounts?: boolean;
  logGroupClass?: LogGroupClass;
  logGroupIdentifiers?: string[];
}

export interface LogGroup {
  logGroupName?: string;
  creationTime?: number;
  retentionInDays?: number;
  metricFilterCount?: number;
  /** The group's ARN with a trailing `:*`. */
  arn?: string;
  storedBytes?: number;
  kmsKeyId?: string;
  dataProtectionStatus?: DataProtectionStatus;
  inheritedProperties?: InheritedProperty[];
  logGroupClass?: LogGroupClass;
  /** The group's ARN without the trailing `:*`. */
  logGroupArn?: string;
  deletionProtectionEnabled?: boolean;
}

export interface DescribeLogGroupsResponse {
  logGroups: LogGroup[];
  nextToken?: string;
}

/** Filters of `groups.listAll`: DescribeLogGroups without the paging fields. */
export type ListLogGroupsFilter = Omit<DescribeLogGroupsRequest, 'nextToken' | 'limit'> & {
  /** Page size of the underlying DescribeLogGroups calls, 1 to 50. */
  pageSize?: number;
};

// ---- log streams ----------------------------------------------------------------------

export interface CreateLogStreamRequest {
  logGroupName: string;
  logStreamName: string;
}

export interface DeleteLogStreamRequest {
  logGroupName: string;
  logStreamName: string;
}

export interface DescribeLogStreamsRequest {
  /** Either this or `logGroupIdentifier`. */
  logGroupName?: string;
  logGroupIdentifier?: string;
  /** Not allowed when `orderBy` is `LastEventTime`. */
  logStreamNamePrefix?: string;
  orderBy?: OrderBy;
  descending?: boolean;
  nextToken?: string;
  /** Page size, 1 to 50. */
  limit?: number;
}

export interface LogStream {
  logStreamName?: string;
  creationTime?: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  uploadSequenceToken?: string;
  arn?: string;
  storedBytes?: number;
}

export interface DescribeLogStreamsResponse {
  logStreams: LogStream[];
  nextToken?: string;
}

export type ListLogStreamsRequest = Omit<DescribeLogStreamsRequest, 'nextToken' | 'limit'> & {
  /** Page size of the underlying DescribeLogStreams calls, 1 to 50. */
  pageSize?: number;
};

export interface EnsureStreamOptions extends RequestOptions {
  /** Create the log group too when it does not exist. Default `false`. */
  createGroup?: boolean;
  /**
   * Ask the service even when this client already saw the stream exist: for when the service
   * has just said it is gone (deleted elsewhere). Default `false`.
   */
  recheck?: boolean;
}

// ---- retention ------------------------------------------------------------------------

export interface PutRetentionPolicyRequest {
  logGroupName: string;
  retentionInDays: RetentionDays;
}

export interface DeleteRetentionPolicyRequest {
  logGroupName: string;
}

// ---- subscription filters -------------------------------------------------------------

export interface PutSubscriptionFilterRequest {
  logGroupName: string;
  filterName: string;
  /** A filter pattern; `""` matches every event. */
  filterPattern: string;
  /** ARN of a Kinesis stream, Firehose stream, Lambda function or logical destination. */
  destinationArn: string;
  /** Role CloudWatch Logs assumes to deliver to Kinesis or Firehose. */
  roleArn?: string;
  distribution?: Distribution;
  applyOnTransformedLogs?: boolean;
  fieldSelectionCriteria?: string;
  emitSystemFields?: string[];
}

export interface DescribeSubscriptionFiltersRequest {
  logGroupName: string;
  filterNamePrefix?: string;
  nextToken?: string;
  /** Page size, 1 to 50. */
  limit?: number;
}

export interface SubscriptionFilter {
  filterName?: string;
  logGroupName?: string;
  filterPattern?: string;
  destinationArn?: string;
  roleArn?: string;
  distribution?: Distribution;
  applyOnTransformedLogs?: boolean;
  fieldSelectionCriteria?: string;
  emitSystemFields?: string[];
  creationTime?: number;
}

export interface DescribeSubscriptionFiltersResponse {
  subscriptionFilters: SubscriptionFilter[];
  nextToken?: string;
}

export interface DeleteSubscriptionFilterRequest {
  logGroupName: string;
  filterName: string;
}

// ---- metric filters -------------------------------------------------------------------

export interface MetricTransformation {
  metricName: string;
  metricNamespace: string;
  /** What to publish per match: a number, or a `$.field` / `$field` reference. */
  metricValue: string;
  defaultValue?: number;
  /** Up to three dimensions, each a `$.field` reference. */
  dimensions?: Record<string, string>;
  unit?: StandardUnit;
}

export interface PutMetricFilterRequest {
  logGroupName: string;
  filterName: string;
  filterPattern: string;
  /** Exactly one transformation. */
  metricTransformations: MetricTransformation[];
  applyOnTransformedLogs?: boolean;
  fieldSelectionCriteria?: string;
  emitSystemFieldDimensions?: string[];
}

export interface DescribeMetricFiltersRequest {
  logGroupName?: string;
  /** Requires `logGroupName`. */
  filterNamePrefix?: string;
  nextToken?: string;
  /** Page size, 1 to 50. */
  limit?: number;
  /** Together with `metricNamespace`. */
  metricName?: string;
  metricNamespace?: string;
}

export interface MetricFilter {
  filterName?: string;
  filterPattern?: string;
  metricTransformations?: MetricTransformation[];
  creationTime?: number;
  logGroupName?: string;
  applyOnTransformedLogs?: boolean;
  fieldSelectionCriteria?: string;
  emitSystemFieldDimensions?: string[];
}

export interface DescribeMetricFiltersResponse {
  metricFilters: MetricFilter[];
  nextToken?: string;
}

export interface DeleteMetricFilterRequest {
  logGroupName: string;
  filterName: string;
}

// ---- Logs Insights --------------------------------------------------------------------

export interface StartQueryRequest {
  queryLanguage?: QueryLanguage;
  /** Exactly one of `logGroupName`, `logGroupNames`, `logGroupIdentifiers` (SQL queries name them inside the query). */
  logGroupName?: string;
  logGroupNames?: string[];
  logGroupIdentifiers?: string[];
  /** Epoch SECONDS. `TimeRange#toEpochSeconds()` gives both ends. */
  startTime: number;
  /** Epoch SECONDS. */
  endTime: number;
  queryString: string;
  /** Maximum rows returned, 1 to 10,000. */
  limit?: number;
}

export interface StartQueryResponse {
  queryId: string;
}

export interface GetQueryResultsRequest {
  queryId: string;
}

export interface ResultField {
  field?: string;
  value?: string;
}

export interface QueryStatistics {
  recordsMatched?: number;
  recordsScanned?: number;
  estimatedRecordsSkipped?: number;
  bytesScanned?: number;
  estimatedBytesSkipped?: number;
  logGroupsScanned?: number;
}

export interface GetQueryResultsResponse {
  queryLanguage?: QueryLanguage;
  /** One row per matched record; each row a list of fields. */
  results: ResultField[][];
  statistics?: QueryStatistics;
  status?: QueryStatus;
  encryptionKey?: string;
}

export interface StopQueryRequest {
  queryId: string;
}

export interface StopQueryResponse {
  success: boolean;
}
