import { SCALAR_FUNCTIONS } from '../../src/insights/functions/index.js';
import type { FunctionContext, ScalarFunction, Value } from '../../src/insights/value.js';

export const NOW = Date.UTC(2024, 0, 15, 10, 30, 0, 250);

export const context: FunctionContext = {
  now: () => NOW,
  timestamp: () => Date.UTC(2024, 0, 15, 10, 27, 41, 999),
  queryStartTime: () => Date.UTC(2024, 0, 15, 9, 0),
  queryEndTime: () => Date.UTC(2024, 0, 15, 10, 0),
};

export function fn(name: string): ScalarFunction {
  const f = SCALAR_FUNCTIONS.get(name.toLowerCase());
  if (f === undefined) throw new Error(`no function ${name}`);
  return f;
}

/** Calls a function the way the evaluator does, by name as a query would spell it. */
export function call(name: string, ...args: Value[]): Value {
  return fn(name).call(args, context);
}
