import type { Value, ValueType } from './value.js';

const MS_PER_DAY = 86_400_000;
/** The range of instants a JavaScript Date can hold (±100,000,000 days around the epoch). */
const MAX_INSTANT = 8.64e15;

/**
 * A result value as GetQueryResults shows it, or undefined when the row has no such field (the
 * service leaves absent fields out of the row rather than sending an empty value).
 *
 * - `datetime` numbers: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, as `@timestamp` is shown.
 * - Numbers: integers without a fraction (`42`, not `42.0`), others in their shortest exact
 *   decimal form (`0.1`, `2.5`); NaN and infinities have no value and are left out.
 * - Booleans: `1` and `0`, the way the service shows JSON booleans and Boolean-valued functions.
 * - Strings as they are.
 */
export function renderValue(value: Value, type: ValueType): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (type === 'datetime') return formatTimestamp(value);
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
      return value ? '1' : '0';
    default:
      return undefined;
  }
}

/**
 * Epoch milliseconds as `yyyy-MM-dd HH:mm:ss.SSS` in UTC, without allocating a Date (it runs
 * for every `@timestamp` of every result row). Fractions of a millisecond are dropped, as a Date
 * would drop them; undefined outside the range a Date can hold.
 */
export function formatTimestamp(ms: number): string | undefined {
  if (!(Math.abs(ms) <= MAX_INSTANT)) return undefined;
  const t = Math.trunc(ms);
  const days = Math.floor(t / MS_PER_DAY);
  let rest = t - days * MS_PER_DAY;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;

  // Civil date from days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
  // days_from_civil inverse): eras of 400 years starting on March 1st.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

  return (
    formatYear(year) +
    (month < 10 ? '-0' : '-') +
    month +
    (day < 10 ? '-0' : '-') +
    day +
    (hour < 10 ? ' 0' : ' ') +
    hour +
    (minute < 10 ? ':0' : ':') +
    minute +
    (second < 10 ? ':0' : ':') +
    second +
    (milli < 10 ? '.00' : milli < 100 ? '.0' : '.') +
    milli
  );
}

function formatYear(year: number): string {
  if (year >= 1000 && year <= 9999) return String(year);
  const digits = String(Math.abs(year)).padStart(4, '0');
  return year < 0 ? `-${digits}` : digits;
}
