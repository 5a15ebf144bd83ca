import type { ScalarFunction, ValueType } from '../value.js';
import { commonType, define, isTruthy, toNumber, toText, VARIADIC } from './coerce.js';

/** The type of `case`'s values: its odd arguments, and a trailing default. */
function caseType(types: readonly ValueType[]): ValueType {
  const values: ValueType[] = [];
  for (let i = 1; i < types.length; i += 2) values.push(types[i]!);
  if (types.length % 2 === 1) values.push(types[types.length - 1]!);
  return commonType(values);
}

export const GENERAL_FUNCTIONS: readonly ScalarFunction[] = [
  define('ispresent', 1, 1, 'boolean', (args) => args[0] !== undefined),
  // "The first non-null value": an empty string is a value, an absent field is not.
  define('coalesce', 1, VARIADIC, commonType, (args) => {
    for (const a of args) if (a !== undefined) return a;
    return undefined;
  }),
  define(
    'if',
    3,
    3,
    (types) => commonType(types.slice(1)),
    (args) => (isTruthy(args[0]) ? args[1] : args[2]),
  ),
  // `case(cond1, val1, cond2, val2, ..., [default])`, at most 10 branches.
  define('case', 2, 21, caseType, (args) => {
    const pairs = args.length - (args.length % 2);
    for (let i = 0; i < pairs; i += 2) if (isTruthy(args[i])) return args[i + 1];
    return args.length % 2 === 1 ? args[args.length - 1] : undefined;
  }),
  define('isNumeric', 1, 1, 'boolean', (args) => {
    const v = args[0];
    return (typeof v === 'number' || typeof v === 'string') && toNumber(v) !== undefined;
  }),
  define('messageSize', 1, 1, 'number', (args) => {
    const s = toText(args[0]);
    return s === undefined ? undefined : Buffer.byteLength(s, 'utf8');
  }),
  define('queryStartTime', 0, 0, 'number', (_args, ctx) => ctx.queryStartTime?.()),
  define('queryEndTime', 0, 0, 'number', (_args, ctx) => ctx.queryEndTime?.()),
  define('queryTimeRange', 0, 0, 'number', (_args, ctx) => {
    const start = ctx.queryStartTime?.();
    const end = ctx.queryEndTime?.();
    return start === undefined || end === undefined ? undefined : end - start;
  }),
];
