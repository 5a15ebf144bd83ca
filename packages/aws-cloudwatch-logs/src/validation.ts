// Checks every input against CloudWatch Logs' documented rules before a request is sent.
// Plain functions, no schema library: PutLogEvents runs them per event.

import { ValidationError } from './errors.js';
import { CloudWatchLogsLimits as L } from './limits.js';
import { isRetentionDays, RETENTION_DAYS_VALUES } from './retention-days.js';
import type { InputLogEvent, MetricTransformation, StandardUnit } from './types.js';

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]*$/;
const STREAM_NAME = /^[^:*]*$/;
const METRIC_NAME = /^[^:*$]*$/;
const GROUP_IDENTIFIER = /^[\w#+=/:,.@-]*$/;
const ACCOUNT_ID = /^\d{12}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
// Epoch seconds beyond this (year 5138) are almost surely milliseconds passed by mistake.
const SECONDS_CEILING = 100_000_000_000;

const LOG_GROUP_CLASSES = new Set(['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY']);
const ORDER_BY = new Set(['LogStreamName', 'LastEventTime']);
const DISTRIBUTIONS = new Set(['Random', 'ByLogStream']);
const QUERY_LANGUAGES = new Set(['CWLI', 'SQL', 'PPL']);
const STANDARD_UNITS: ReadonlySet<StandardUnit> = new Set<StandardUnit>([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);

function fail(field: string, value: unknown, rule: string): never {
  throw new ValidationError(field, value, rule);
}

export function checkString(
  value: unknown,
  field: string,
  min: number,
  max: number,
): asserts value is string {
  if (typeof value !== 'string') fail(field, value, 'must be a string');
  if (value.length < min || value.length > max) {
    fail(
      field,
      value,
      min === max
        ? `must be exactly ${min} characters long`
        : `must be ${min} to ${max} characters long (it is ${value.length})`,
    );
  }
}

function checkOptionalString(value: unknown, field: string, min: number, max: number): void {
  if (value !== undefined) checkString(value, field, min, max);
}

export function checkBoolean(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'boolean') fail(field, value, 'must be a boolean');
}

export function checkLogGroupName(value: unknown, field = 'logGroupName'): asserts value is string {
  checkString(value, field, 1, L.maxLogGroupNameLength);
  if (!GROUP_NAME.test(value)) {
    fail(
      field,
      value,
      "may contain only a-z, A-Z, 0-9, '_', '-', '/', '.' and '#' (pattern [\\.\\-_/#A-Za-z0-9]+)",
    );
  }
}

/** CreateLogGroup's extra rule: names starting with `aws/` are reserved for AWS. */
export function checkNewLogGroupName(value: unknown, field = 'logGroupName'): void {
  checkLogGroupName(value, field);
  if (value.startsWith('aws/')) fail(field, value, 'must not start with "aws/" (reserved for AWS)');
}

export function checkLogStreamName(
  value: unknown,
  field = 'logStreamName',
): asserts value is string {
  checkString(value, field, 1, L.maxLogStreamNameLength);
  if (!STREAM_NAME.test(value)) fail(field, value, "must not contain ':' or '*'");
}

export function checkLogGroupIdentifier(value: unknown, field = 'logGroupIdentifier'): void {
  checkString(value, field, 1, 2048);
  if (!GROUP_IDENTIFIER.test(value)) {
    fail(field, value, 'must be a log group name or ARN (pattern [\\w#+=/:,.@-]*)');
  }
}

/** Exactly one of `logGroupName` and `logGroupIdentifier`, as GetLogEvents & co. require. */
export function checkGroupNameOrIdentifier(request: {
  logGroupName?: unknown;
  logGroupIdentifier?: unknown;
}): void {
  const { logGroupName, logGroupIdentifier } = request;
  if (logGroupName === undefined && logGroupIdentifier === undefined) {
    fail('logGroupName', undefined, 'is required (or give logGroupIdentifier instead)');
  }
  if (logGroupName !== undefined && logGroupIdentifier !== undefined) {
    fail('logGroupIdentifier', logGroupIdentifier, 'must not be given together with logGroupName');
  }
  if (logGroupName !== undefined) checkLogGroupName(logGroupName);
  else checkLogGroupIdentifier(logGroupIdentifier);
}

export function checkFilterName(value: unknown, field = 'filterName'): asserts value is string {
  checkString(value, field, 1, L.maxFilterNameLength);
  if (!STREAM_NAME.test(value)) fail(field, value, "must not contain ':' or '*'");
}

export function checkFilterPattern(value: unknown, field = 'filterPattern'): void {
  checkString(value, field, 0, L.maxFilterPatternLength);
}

export function checkInteger(value: unknown, field: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(field, value, 'must be an integer');
  }
  if (value < min || value > max) fail(field, value, `must be between ${min} and ${max}`);
}

export function checkOptionalInteger(value: unknown, field: string, min: number, max: number) {
  if (value !== undefined) checkInteger(value, field, min, max);
}

export function checkNextToken(value: unknown, field = 'nextToken'): void {
  checkOptionalString(value, field, 1, Number.MAX_SAFE_INTEGER);
}

/** An optional epoch-milliseconds time. */
export function checkEpochMillis(value: unknown, field: string): void {
  if (value === undefined) return;
  checkInteger(value, field, 0, Number.MAX_SAFE_INTEGER);
}

export function checkTimeOrder(
  startTime: number | undefined,
  endTime: number | undefined,
  unit: 'milliseconds' | 'seconds',
): void {
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    fail('endTime', endTime, `must not be before startTime (${startTime}, epoch ${unit})`);
  }
}

/** A required epoch-seconds time, catching milliseconds passed by mistake. */
export function checkEpochSeconds(value: unknown, field: string): void {
  checkInteger(value, field, 0, Number.MAX_SAFE_INTEGER);
  if ((value as number) >= SECONDS_CEILING) {
    fail(
      field,
      value,
      'must be in epoch SECONDS; this looks like milliseconds (divide by 1000, or use TimeRange#toEpochSeconds())',
    );
  }
}

export function checkRetentionDays(value: unknown, field = 'retentionInDays'): void {
  if (!isRetentionDays(value)) {
    fail(field, value, `must be one of ${RETENTION_DAYS_VALUES.join(', ')} (see RetentionDays)`);
  }
}

export function checkLogGroupClass(value: unknown, field = 'logGroupClass'): void {
  if (value !== undefined && !LOG_GROUP_CLASSES.has(value as string)) {
    fail(field, value, 'must be STANDARD, INFREQUENT_ACCESS or DELIVERY');
  }
}

export function checkOrderBy(value: unknown): void {
  if (value !== undefined && !ORDER_BY.has(value as string)) {
    fail('orderBy', value, 'must be LogStreamName or LastEventTime');
  }
}

export function checkDistribution(value: unknown): void {
  if (value !== undefined && !DISTRIBUTIONS.has(value as string)) {
    fail('distribution', value, 'must be Random or ByLogStream');
  }
}

export function checkQueryLanguage(value: unknown): void {
  if (value !== undefined && !QUERY_LANGUAGES.has(value as string)) {
    fail('queryLanguage', value, 'must be CWLI, SQL or PPL');
  }
}

export function checkKmsKeyId(value: unknown): void {
  checkOptionalString(value, 'kmsKeyId', 1, 256);
}

export function checkArn(value: unknown, field: string, required: boolean): void {
  if (value === undefined && !required) return;
  checkString(value, field, 1, 2048);
  if (!value.startsWith('arn:')) fail(field, value, 'must be an ARN (arn:partition:service:…)');
}

export function checkTags(tags: unknown, field = 'tags'): void {
  if (tags === undefined) return;
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
    fail(field, tags, 'must be an object of tag keys to tag values');
  }
  const entries = Object.entries(tags);
  if (entries.length < 1 || entries.length > L.maxTagsPerResource) {
    fail(field, `${entries.length} tags`, `must hold 1 to ${L.maxTagsPerResource} tags`);
  }
  for (const [key, value] of entries) {
    checkString(key, `${field} key`, 1, 128);
    if (!TAG_KEY.test(key)) {
      fail(`${field} key`, key, 'may contain only letters, digits, spaces and _ . : / = + - @');
    }
    if (key.toLowerCase().startsWith('aws:')) {
      fail(`${field} key`, key, 'must not start with "aws:" (reserved for AWS)');
    }
    checkString(value, `${field}[${JSON.stringify(key)}]`, 0, 256);
    if (!TAG_VALUE.test(value)) {
      fail(
        `${field}[${JSON.stringify(key)}]`,
        value,
        'may contain only letters, digits, spaces and _ . : / = + - @',
      );
    }
  }
}

export function checkStringList(
  value: unknown,
  field: string,
  min: number,
  max: number,
  checkItem: (item: unknown, field: string) => void,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(field, value, 'must be an array');
  if (value.length < min || value.length > max) {
    fail(field, `${value.length} items`, `must hold ${min} to ${max} items`);
  }
  for (let i = 0; i < value.length; i++) checkItem(value[i], `${field}[${i}]`);
}

export function checkAccountId(value: unknown, field: string): void {
  if (typeof value !== 'string' || !ACCOUNT_ID.test(value)) {
    fail(field, value, 'must be a 12-digit AWS account id');
  }
}

export function checkLogGroupNamePrefix(value: unknown, field = 'logGroupNamePrefix'): void {
  if (value === undefined) return;
  checkLogGroupName(value, field);
}

export function checkLogGroupNamePattern(value: unknown): void {
  if (value === undefined) return;
  checkString(value, 'logGroupNamePattern', 0, L.maxLogGroupNameLength);
  if (!GROUP_PATTERN.test(value)) {
    fail(
      'logGroupNamePattern',
      value,
      "may contain only a-z, A-Z, 0-9, '_', '-', '/', '.' and '#'",
    );
  }
}

export function checkMetricTransformations(value: unknown): void {
  if (!Array.isArray(value) || value.length !== 1) {
    fail(
      'metricTransformations',
      value,
      'must be an array of exactly one MetricTransformation (the API allows one per filter)',
    );
  }
  const t = value[0] as MetricTransformation;
  const at = 'metricTransformations[0]';
  if (t === null || typeof t !== 'object') fail(at, t, 'must be an object');
  checkString(t.metricName, `${at}.metricName`, 1, 255);
  if (!METRIC_NAME.test(t.metricName)) {
    fail(`${at}.metricName`, t.metricName, "must not contain ':', '*' or '$'");
  }
  checkString(t.metricNamespace, `${at}.metricNamespace`, 1, 255);
  if (!METRIC_NAME.test(t.metricNamespace)) {
    fail(`${at}.metricNamespace`, t.metricNamespace, "must not contain ':', '*' or '$'");
  }
  checkString(t.metricValue, `${at}.metricValue`, 1, 100);
  if (t.defaultValue !== undefined && !Number.isFinite(t.defaultValue)) {
    fail(`${at}.defaultValue`, t.defaultValue, 'must be a finite number');
  }
  if (t.unit !== undefined && !STANDARD_UNITS.has(t.unit)) {
    fail(`${at}.unit`, t.unit, 'must be a CloudWatch standard unit (Count, Seconds, Bytes, …)');
  }
  if (t.dimensions !== undefined) {
    if (t.dimensions === null || typeof t.dimensions !== 'object') {
      fail(`${at}.dimensions`, t.dimensions, 'must be an object of dimension names to fields');
    }
    const entries = Object.entries(t.dimensions);
    if (entries.length > 3) {
      fail(`${at}.dimensions`, t.dimensions, 'must hold at most 3 dimensions');
    }
    for (const [key, field] of entries) {
      checkString(key, `${at}.dimensions key`, 1, 255);
      checkString(field, `${at}.dimensions[${JSON.stringify(key)}]`, 1, 255);
    }
  }
}

/** Size of one event as PutLogEvents counts it: UTF-8 bytes of the message plus 26. */
export function eventSize(message: string): number {
  return Buffer.byteLength(message, 'utf8') + L.eventOverheadBytes;
}

/**
 * Every PutLogEvents rule on a batch: count, per-event and total size in UTF-8 bytes,
 * timestamps within 14 days past and 2 hours future of `now`, chronological order, and a
 * span of at most 24 hours.
 */
export function checkLogEvents(events: unknown, now: number): void {
  if (!Array.isArray(events)) fail('logEvents', events, 'must be an array of InputLogEvent');
  if (events.length < 1 || events.length > L.maxEventsPerBatch) {
    fail(
      'logEvents',
      `${events.length} events`,
      `must hold 1 to ${L.maxEventsPerBatch} events per PutLogEvents call`,
    );
  }
  const oldest = now - L.maxEventAgeMs;
  const newest = now + L.maxEventFutureMs;
  let total = 0;
  let previous = Number.NEGATIVE_INFINITY;
  let first = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as InputLogEvent;
    if (event === null || typeof event !== 'object') {
      fail(`logEvents[${i}]`, event, 'must be an object { timestamp, message }');
    }
    const { timestamp, message } = event;
    if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp < 0) {
      fail(`logEvents[${i}].timestamp`, timestamp, 'must be epoch milliseconds (an integer ≥ 0)');
    }
    if (timestamp < oldest) {
      fail(
        `logEvents[${i}].timestamp`,
        timestamp,
        `must not be more than 14 days in the past (before ${new Date(oldest).toISOString()})`,
      );
    }
    if (timestamp > newest) {
      fail(
        `logEvents[${i}].timestamp`,
        timestamp,
        `must not be more than 2 hours in the future (after ${new Date(newest).toISOString()})`,
      );
    }
    if (timestamp < previous) {
      fail(
        `logEvents[${i}].timestamp`,
        timestamp,
        `must not be before the previous event's (${previous}): events must be in chronological order`,
      );
    }
    if (i === 0) first = timestamp;
    else if (timestamp - first > L.maxBatchSpanMs) {
      fail(
        `logEvents[${i}].timestamp`,
        timestamp,
        'must be within 24 hours of the first event of the batch (split the batch)',
      );
    }
    previous = timestamp;
    if (typeof message !== 'string' || message.length === 0) {
      fail(`logEvents[${i}].message`, message, 'must be a non-empty string');
    }
    const size = eventSize(message);
    if (size > L.maxEventBytes) {
      fail(
        `logEvents[${i}].message`,
        message,
        `must be at most ${L.maxEventBytes - L.eventOverheadBytes} UTF-8 bytes (it is ${size - L.eventOverheadBytes})`,
      );
    }
    total += size;
  }
  if (total > L.maxBatchBytes) {
    fail(
      'logEvents',
      `${events.length} events, ${total} bytes`,
      `must total at most ${L.maxBatchBytes} bytes (UTF-8 messages plus 26 bytes per event); split the batch`,
    );
  }
}
