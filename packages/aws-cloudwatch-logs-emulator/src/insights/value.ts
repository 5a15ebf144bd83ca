/**
 * The contract between the Logs Insights parser/evaluator and the function library, field
 * discovery and rendering. Absent fields are `undefined`; datetimes are epoch milliseconds
 * (numbers) whose static type is `datetime`, so rendering can format them as the service does.
 */
export type Value = string | number | boolean | undefined;

export type ValueType = 'string' | 'number' | 'boolean' | 'datetime' | 'any';

/** Everything a scalar function may need besides its arguments. */
export interface FunctionContext {
  /** The query's clock, epoch milliseconds (used by functions such as `now()`-relative ones). */
  now(): number;
  /** The `@timestamp` of the record being evaluated, epoch milliseconds; `bin(period)` reads it. */
  timestamp?(): number | undefined;
  /** The query's time range, epoch milliseconds: `queryStartTime()`, `queryEndTime()`, `queryTimeRange()`. */
  queryStartTime?(): number;
  queryEndTime?(): number;
}

/** One documented Logs Insights scalar function (not an aggregate: those belong to `stats`). */
export interface ScalarFunction {
  readonly name: string;
  readonly minArgs: number;
  /** `Number.POSITIVE_INFINITY` for variadic functions such as `concat` or `coalesce`. */
  readonly maxArgs: number;
  /** The static type of the result, given the static types of the arguments. */
  returns(argTypes: readonly ValueType[]): ValueType;
  call(args: readonly Value[], ctx: FunctionContext): Value;
}
