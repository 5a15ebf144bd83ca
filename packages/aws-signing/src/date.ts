import { describe, SigningError } from './errors.js';

let cachedSecond = Number.NaN;
let cachedAmzDate = '';

/** Milliseconds since the epoch of a `Date`, a number, or now when `undefined`. */
export function toEpochMs(value: Date | number | undefined, field: string): number {
  const ms =
    value === undefined
      ? Date.now()
      : typeof value === 'number'
        ? value
        : value instanceof Date
          ? value.getTime()
          : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new SigningError(
      'InvalidSigningDate',
      field,
      `Invalid ${field}: ${describe(value)}. Pass a valid Date or a number of milliseconds since the epoch.`,
    );
  }
  return ms;
}

/** `YYYYMMDDTHHMMSSZ` (ISO 8601 basic format, UTC), the form of `X-Amz-Date`. */
export function formatAmzDate(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === cachedSecond) return cachedAmzDate;
  const iso = new Date(second * 1000).toISOString();
  if (iso.length !== 24) {
    throw new SigningError(
      'InvalidSigningDate',
      'date',
      `Cannot sign at ${iso}: SigV4 dates have four-digit years (0000 to 9999).`,
    );
  }
  const amzDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  cachedSecond = second;
  cachedAmzDate = amzDate;
  return amzDate;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses `YYYYMMDDTHHMMSSZ` into milliseconds since the epoch; `NaN` when it is not one. */
export function parseAmzDate(value: string): number {
  const m = AMZ_DATE.exec(value);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  // Reject dates that Date.UTC silently rolls over, such as the 31st of February.
  return formatAmzDate(ms) === value ? ms : Number.NaN;
}
