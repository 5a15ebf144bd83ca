import type { ScalarFunction } from '../value.js';
import { DATETIME_FUNCTIONS } from './datetime.js';
import { GENERAL_FUNCTIONS } from './general.js';
import { IP_FUNCTIONS } from './ip.js';
import { JSON_FUNCTIONS } from './json.js';
import { NUMERIC_FUNCTIONS } from './numeric.js';
import { STRING_FUNCTIONS } from './string.js';

export { toNumber, toText, toTimestamp } from './coerce.js';
export { ceilToPeriod, floorToPeriod } from './datetime.js';

/**
 * Every documented Logs Insights scalar function, keyed by its lower-cased name. Function names
 * are case-insensitive in the service: the documentation itself spells the same functions
 * `toupper`/`isempty` in one place and `toUpper`/`isEmpty` (and `isValidIpV4` beside
 * `isIpv4InSubnet`) in others, so look names up with `SCALAR_FUNCTIONS.get(name.toLowerCase())`.
 * Each entry's `name` keeps the documented spelling, for error messages.
 */
export const SCALAR_FUNCTIONS: ReadonlyMap<string, ScalarFunction> = new Map(
  [
    ...STRING_FUNCTIONS,
    ...NUMERIC_FUNCTIONS,
    ...DATETIME_FUNCTIONS,
    ...GENERAL_FUNCTIONS,
    ...JSON_FUNCTIONS,
    ...IP_FUNCTIONS,
  ].map((f) => [f.name.toLowerCase(), f] as const),
);
