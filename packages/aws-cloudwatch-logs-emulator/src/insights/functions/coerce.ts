import type { FunctionContext, ScalarFunction, Value, ValueType } from '../value.js';

/**
 * A decimal number, as Logs Insights reads one out of a string field (`"42"`, `" -1.5e3 "`).
 * Hexadecimal, binary, `Infinity` and the empty string are not numbers here, unlike `Number()`.
 */
const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/**
 * The number a value stands for in arithmetic: numbers as they are, strings holding a decimal
 * number, booleans as 1/0 (the service stores JSON booleans as 1/0); anything else is absent.
 */
export function toNumber(value: Value): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string') return NUMERIC.test(value) ? Number(value) : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** The text a value stands for in string functions; absent stays absent. */
export function toText(value: Value): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return undefined;
}

/**
 * A timestamp in epoch milliseconds: a number as it is, a numeric string as its number, and an
 * ISO-8601 date-time string (`2022-01-14T13:18:31.000-08:00`) as the instant it names.
 */
export function toTimestamp(value: Value): number | undefined {
  const n = toNumber(value);
  if (n !== undefined) return Number.isFinite(n) ? n : undefined;
  if (typeof value !== 'string') return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * Whether a condition holds, as `filter` decides: `true`, a number other than 0 (Boolean-valued
 * functions such as `strcontains` and `isempty` answer 1 or 0) or a non-empty string.
 */
export function isTruthy(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  return false;
}

/** A finite result, or absent: NaN and infinities (`log(0)`, `sqrt(-1)`) are not shown. */
export function finite(n: number): number | undefined {
  return Number.isFinite(n) ? n : undefined;
}

/** 1 or 0, the way the documented string predicates answer. */
export function bit(condition: boolean): number {
  return condition ? 1 : 0;
}

/** The one static type every argument shares, or `any`. */
export function commonType(types: readonly ValueType[]): ValueType {
  const first = types[0];
  if (first === undefined) return 'any';
  for (let i = 1; i < types.length; i++) if (types[i] !== first) return 'any';
  return first;
}

/** Declares one function. */
export function define(
  name: string,
  minArgs: number,
  maxArgs: number,
  returns: ValueType | ((argTypes: readonly ValueType[]) => ValueType),
  call: (args: readonly Value[], ctx: FunctionContext) => Value,
): ScalarFunction {
  const returnsFn = typeof returns === 'function' ? returns : () => returns;
  return Object.freeze({ name, minArgs, maxArgs, returns: returnsFn, call });
}

export const VARIADIC = Number.POSITIVE_INFINITY;
