import { type Clock, systemClock } from './clock.js';
import { ValidationError } from './errors.js';

/** A point in time: a `Date`, epoch milliseconds, or an ISO 8601 string with `Z` or an offset. */
export type TimeInput = Date | number | string;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
// An ISO date-time must name its zone; without one, JavaScript would read it as local time.
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function toMillis(value: TimeInput, field: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new ValidationError(field, value, 'must be a valid Date');
    return ms;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new ValidationError(field, value, 'must be a non-negative epoch time in milliseconds');
    }
    return Math.floor(value);
  }
  if (typeof value === 'string' && ZONED_ISO.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new ValidationError(
    field,
    value,
    'must be a Date, epoch milliseconds, or an ISO 8601 date-time with "Z" or an offset (UTC only: a zone-less time is ambiguous)',
  );
}

function positive(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ValidationError(field, value, 'must be a positive number');
  }
  return value;
}

/**
 * A closed interval of time in UTC, kept as epoch milliseconds. CloudWatch Logs wants
 * milliseconds for events (`startTime`/`endTime` of GetLogEvents, FilterLogEvents) and
 * seconds for Logs Insights (StartQuery); `toEpochMillis()` and `toEpochSeconds()` give the
 * request fields directly.
 */
export class TimeRange {
  readonly startMs: number;
  readonly endMs: number;

  private constructor(startMs: number, endMs: number) {
    if (startMs > endMs) {
      throw new ValidationError(
        'timeRange',
        { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() },
        'the start must not be after the end',
      );
    }
    this.startMs = startMs;
    this.endMs = endMs;
    Object.freeze(this);
  }

  /** From `hours` ago until now. */
  static lastHours(hours: number, clock: Clock = systemClock): TimeRange {
    const end = clock.now();
    return new TimeRange(end - Math.round(positive(hours, 'hours') * HOUR_MS), end);
  }

  /** From `minutes` ago until now. */
  static lastMinutes(minutes: number, clock: Clock = systemClock): TimeRange {
    const end = clock.now();
    return new TimeRange(end - Math.round(positive(minutes, 'minutes') * MINUTE_MS), end);
  }

  static between(start: TimeInput, end: TimeInput): TimeRange {
    return new TimeRange(toMillis(start, 'start'), toMillis(end, 'end'));
  }

  static fromEpochMillis(startMs: number, endMs: number): TimeRange {
    return new TimeRange(toMillis(startMs, 'startMs'), toMillis(endMs, 'endMs'));
  }

  static fromEpochSeconds(startSeconds: number, endSeconds: number): TimeRange {
    for (const [field, value] of [
      ['startSeconds', startSeconds],
      ['endSeconds', endSeconds],
    ] as const) {
      if (!Number.isFinite(value) || value < 0) {
        throw new ValidationError(field, value, 'must be a non-negative epoch time in seconds');
      }
    }
    return new TimeRange(Math.floor(startSeconds * 1000), Math.floor(endSeconds * 1000));
  }

  /** Start in epoch seconds, rounded down so the range is not narrowed. */
  get startSeconds(): number {
    return Math.floor(this.startMs / 1000);
  }

  /** End in epoch seconds, rounded up so the range is not narrowed. */
  get endSeconds(): number {
    return Math.ceil(this.endMs / 1000);
  }

  get durationMs(): number {
    return this.endMs - this.startMs;
  }

  contains(time: TimeInput): boolean {
    const ms = toMillis(time, 'time');
    return ms >= this.startMs && ms <= this.endMs;
  }

  /** `{ startTime, endTime }` in epoch seconds, as StartQuery takes them. */
  toEpochSeconds(): { startTime: number; endTime: number } {
    return { startTime: this.startSeconds, endTime: this.endSeconds };
  }

  /** `{ startTime, endTime }` in epoch milliseconds, as GetLogEvents and FilterLogEvents take them. */
  toEpochMillis(): { startTime: number; endTime: number } {
    return { startTime: this.startMs, endTime: this.endMs };
  }

  /** An ISO 8601 interval in UTC: `2024-05-01T10:00:00.000Z/2024-05-01T11:00:00.000Z`. */
  toString(): string {
    return `${new Date(this.startMs).toISOString()}/${new Date(this.endMs).toISOString()}`;
  }

  toJSON(): { start: string; end: string } {
    return { start: new Date(this.startMs).toISOString(), end: new Date(this.endMs).toISOString() };
  }
}
