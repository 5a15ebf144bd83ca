import type { ScalarFunction, Value } from '../value.js';
import { define, toNumber, toText, toTimestamp } from './coerce.js';
import { parseJavaDate, strftime } from './dateformat.js';

/**
 * The start of the period `t` falls in, periods counted from the Unix epoch (so a day starts at
 * midnight UTC and an hour on the hour): `floorToPeriod(t, p) <= t < floorToPeriod(t, p) + p`.
 */
export function floorToPeriod(t: number, period: number): number {
  const r = t % period;
  return r < 0 ? t - r - period : t - r;
}

/** The first period boundary at or after `t`; a timestamp already on a boundary stays put. */
export function ceilToPeriod(t: number, period: number): number {
  const floor = floorToPeriod(t, period);
  return floor === t ? t : floor + period;
}

/** A period argument: milliseconds, a positive finite number (the parser converts `5m`). */
function toPeriod(value: Value): number | undefined {
  const n = toNumber(value);
  return n !== undefined && n > 0 && Number.isFinite(n) ? n : undefined;
}

function rounding(name: string, round: (t: number, period: number) => number): ScalarFunction {
  return define(name, 2, 2, 'datetime', (args) => {
    const t = toTimestamp(args[0]);
    const period = toPeriod(args[1]);
    return t === undefined || period === undefined ? undefined : round(t, period);
  });
}

export const DATETIME_FUNCTIONS: readonly ScalarFunction[] = [
  // `bin(period)` floors the record's `@timestamp`, which the evaluator supplies through the context.
  define('bin', 1, 1, 'datetime', (args, ctx) => {
    const period = toPeriod(args[0]);
    const t = ctx.timestamp?.();
    return period === undefined || t === undefined ? undefined : floorToPeriod(t, period);
  }),
  rounding('datefloor', floorToPeriod),
  rounding('dateceil', ceilToPeriod),
  define('fromMillis', 1, 1, 'datetime', (args) => {
    const n = toNumber(args[0]);
    return n === undefined || !Number.isFinite(n) ? undefined : n;
  }),
  define('toMillis', 1, 1, 'number', (args) => toTimestamp(args[0])),
  // Documented as the query's start in epoch *seconds* (`now() * 1000` is compared with toMillis).
  define('now', 0, 0, 'number', (_args, ctx) => Math.floor(ctx.now() / 1000)),
  // Documented result type: number (epoch milliseconds), not a timestamp.
  define('parseDate', 2, 3, 'number', (args) => {
    const text = toText(args[0]);
    const pattern = toText(args[1]);
    if (text === undefined || pattern === undefined) return undefined;
    const zone = args.length > 2 ? toText(args[2]) : undefined;
    if (args.length > 2 && zone === undefined) return undefined;
    return parseJavaDate(text, pattern, zone);
  }),
  define('formatDate', 2, 3, 'string', formatDate),
  define('strftime', 2, 3, 'string', formatDate),
];

function formatDate(args: readonly Value[]): Value {
  const t = toTimestamp(args[0]);
  const format = toText(args[1]);
  if (t === undefined || format === undefined) return undefined;
  const zone = args.length > 2 ? toText(args[2]) : undefined;
  if (args.length > 2 && zone === undefined) return undefined;
  return strftime(t, format, zone);
}
