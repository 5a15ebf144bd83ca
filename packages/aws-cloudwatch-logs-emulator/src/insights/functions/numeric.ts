import type { ScalarFunction, Value, ValueType } from '../value.js';
import { define, finite, toNumber, VARIADIC } from './coerce.js';

/** One number in, one number out; absent or non-numeric in, absent out. */
function unary(name: string, op: (n: number) => number): ScalarFunction {
  return define(name, 1, 1, 'number', (args) => {
    const n = toNumber(args[0]);
    return n === undefined ? undefined : finite(op(n));
  });
}

/** `greatest`/`least` keep the type of their arguments when they agree (datetimes stay datetimes). */
function extremeType(types: readonly ValueType[]): ValueType {
  return types.length > 0 && types.every((t) => t === 'datetime') ? 'datetime' : 'number';
}

/** The largest or smallest of the numeric arguments; absent and non-numeric ones are skipped. */
function extreme(name: string, pick: (a: number, b: number) => number): ScalarFunction {
  return define(name, 1, VARIADIC, extremeType, (args) => {
    let best: number | undefined;
    for (const a of args) {
      const n = toNumber(a);
      if (n !== undefined) best = best === undefined ? n : pick(best, n);
    }
    return best;
  });
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const EARTH_RADIUS_KM = 6371;
const RADIANS = Math.PI / 180;

function integer(value: Value, min: number, max: number): number | undefined {
  const n = toNumber(value);
  if (n === undefined || !Number.isFinite(n)) return undefined;
  const t = Math.trunc(n);
  return t < min || t > max ? undefined : t === 0 ? 0 : t;
}

export const NUMERIC_FUNCTIONS: readonly ScalarFunction[] = [
  unary('abs', Math.abs),
  unary('ceil', Math.ceil),
  unary('floor', Math.floor),
  extreme('greatest', Math.max),
  extreme('least', Math.min),
  unary('log', Math.log),
  unary('sqrt', Math.sqrt),
  // Halves round up (towards positive infinity), as Java's Math.round does.
  define('round', 1, 2, 'number', (args) => {
    const n = toNumber(args[0]);
    if (n === undefined) return undefined;
    if (args.length < 2) return finite(Math.round(n));
    const digits = toNumber(args[1]);
    if (digits === undefined) return undefined;
    const scale = 10 ** Math.trunc(digits);
    return finite(Math.round(n * scale) / scale);
  }),
  define('haversine', 4, 4, 'number', (args) => {
    const lat1 = toNumber(args[0]);
    const lon1 = toNumber(args[1]);
    const lat2 = toNumber(args[2]);
    const lon2 = toNumber(args[3]);
    if (lat1 === undefined || lon1 === undefined || lat2 === undefined || lon2 === undefined) {
      return undefined;
    }
    const dLat = (lat2 - lat1) * RADIANS;
    const dLon = (lon2 - lon1) * RADIANS;
    const h =
      Math.sin(dLat / 2) ** 2 +
      Math.cos(lat1 * RADIANS) * Math.cos(lat2 * RADIANS) * Math.sin(dLon / 2) ** 2;
    return finite(2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h))));
  }),
  define('toNumber', 1, 1, 'number', (args) => toNumber(args[0])),
  define('toDouble', 1, 1, 'number', (args) => toNumber(args[0])),
  define('toInt', 1, 1, 'number', (args) => integer(args[0], INT32_MIN, INT32_MAX)),
  define('toLong', 1, 1, 'number', (args) =>
    integer(args[0], Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  ),
];
