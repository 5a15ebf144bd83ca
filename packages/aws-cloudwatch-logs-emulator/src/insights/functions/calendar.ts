/**
 * Calendar arithmetic for `formatDate` and `parseDate`: wall-clock fields of an instant in a time
 * zone, and the instant of wall-clock fields in a time zone (IANA names or fixed offsets, via Intl).
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday. */
  weekday: number;
  /** Offset from UTC in milliseconds. */
  offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();
const FORMATTER_CACHE_LIMIT = 64;

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      f = null;
    }
    if (formatters.size >= FORMATTER_CACHE_LIMIT) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f ?? undefined;
}

const FIXED_OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** The zone's offset from UTC at an instant, in milliseconds; undefined for an unknown zone. */
export function zoneOffset(t: number, timeZone: string | undefined): number | undefined {
  if (timeZone === undefined || timeZone === 'UTC' || timeZone === 'Z' || timeZone === 'GMT') {
    return 0;
  }
  const fixed = FIXED_OFFSET.exec(timeZone);
  if (fixed !== null) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3] ?? 0);
    return (fixed[1] === '-' ? -minutes : minutes) * 60_000;
  }
  const f = formatterFor(timeZone);
  if (f === undefined) return undefined;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of f.formatToParts(t)) {
    const n = Number(part.value);
    if (part.type === 'year') year = n;
    else if (part.type === 'month') month = n;
    else if (part.type === 'day') day = n;
    else if (part.type === 'hour') hour = n;
    else if (part.type === 'minute') minute = n;
    else if (part.type === 'second') second = n;
    else if (part.type === 'era') bc = part.value === 'BC' || part.value === 'B';
  }
  const wall = utc(bc ? 1 - year : year, month, day, hour, minute, second, 0);
  const whole = t - (((t % 1000) + 1000) % 1000);
  return wall - whole;
}

/** Date.UTC without its two-digit-year quirk. */
export function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millisecond);
  return d.getTime();
}

/** The wall clock at instant `t` in a zone; undefined for an unknown zone. */
export function wallClock(t: number, timeZone: string | undefined): WallClock | undefined {
  const offset = zoneOffset(t, timeZone);
  if (offset === undefined) return undefined;
  const d = new Date(t + offset);
  if (Number.isNaN(d.getTime())) return undefined;
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
    offset,
  };
}

/** The instant a wall-clock time names in a zone (the earlier one when clocks go back). */
export function instantOf(wall: number, timeZone: string | undefined): number | undefined {
  const first = zoneOffset(wall, timeZone);
  if (first === undefined) return undefined;
  const guess = wall - first;
  const second = zoneOffset(guess, timeZone);
  return second === undefined || second === first ? guess : wall - second;
}

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
