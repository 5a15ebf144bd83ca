const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * CloudWatch Logs' documented limits that the client checks before sending. The batch
 * buffer splits batches by the same numbers.
 */
export const CloudWatchLogsLimits = Object.freeze({
  /** Sum of the UTF-8 sizes of the messages plus `eventOverheadBytes` per event. */
  maxBatchBytes: 1_048_576,
  /** Bytes PutLogEvents counts per event on top of its message. */
  eventOverheadBytes: 26,
  /** One event (UTF-8 message plus overhead) may be at most 1 MB. */
  maxEventBytes: 1_048_576,
  maxEventsPerBatch: 10_000,
  /** Events of one PutLogEvents call may span at most 24 hours. */
  maxBatchSpanMs: DAY_MS,
  /** Events older than this are rejected. */
  maxEventAgeMs: 14 * DAY_MS,
  /** Events further ahead than this are rejected. */
  maxEventFutureMs: 2 * HOUR_MS,
  maxLogGroupNameLength: 512,
  maxLogStreamNameLength: 512,
  maxFilterNameLength: 512,
  maxFilterPatternLength: 1024,
  /** Page size of the Describe* operations. */
  maxDescribeLimit: 50,
  /** Page size of GetLogEvents and FilterLogEvents. */
  maxEventsLimit: 10_000,
  maxFilterLogStreamNames: 100,
  maxQueryStringLength: 10_000,
  maxQueryLogGroups: 50,
  maxQueryLimit: 10_000,
  maxTagsPerResource: 50,
});
