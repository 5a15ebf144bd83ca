import { QuerySyntaxError } from '../query-engine.js';
import type { Expr } from './ast.js';
import { lineColumn } from './lexer.js';
import { type Row, SYSTEM_FIELDS } from './record.js';
import { compareValues, toNumber, truthy, valuesEqual } from './semantics.js';
import type { FunctionContext, ScalarFunction, Value, ValueType } from './value.js';

/** An expression ready to run on rows, with its static type (for rendering). */
export interface Compiled {
  evaluate(row: Row): Value;
  type: ValueType;
}

/** The aggregate functions of `stats`. */
export const AGGREGATES = new Set([
  'count',
  'count_distinct',
  'sum',
  'avg',
  'min',
  'max',
  'pct',
  'stddev',
  'earliest',
  'latest',
]);

/** What compiling an expression needs: functions, field types, and in `stats` the aggregates. */
export interface Scope {
  readonly text: string;
  readonly functions: ReadonlyMap<string, ScalarFunction>;
  readonly context: FunctionContext;
  /** The row being evaluated, for the context's `timestamp()`; calls set it before they run. */
  readonly current: { row: Row | undefined };
  /** Static types of the fields commands computed so far. */
  readonly types: ReadonlyMap<string, ValueType>;
  /** In a stats item: turns an aggregate call into a read of its result; absent elsewhere. */
  aggregate?(call: Extract<Expr, { kind: 'call' }>): Compiled;
}

export function compileError(scope: Scope, message: string, node: Expr): QuerySyntaxError {
  return new QuerySyntaxError(`${message} at ${lineColumn(scope.text, node.start)}`, {
    startCharOffset: node.start,
    endCharOffset: Math.max(node.start, node.end - 1),
  });
}

export function fieldType(scope: Scope, name: string): ValueType {
  return scope.types.get(name) ?? SYSTEM_FIELDS.get(name) ?? 'any';
}

const arithmetic: Record<string, (x: number, y: number) => number> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => x / y,
  '%': (x, y) => x % y,
  '^': (x, y) => x ** y,
};

const finite = (n: number): Value => (Number.isFinite(n) ? n : undefined);

export function compileExpr(expr: Expr, scope: Scope): Compiled {
  switch (expr.kind) {
    case 'literal': {
      const value = expr.value;
      const type: ValueType =
        typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
      return { evaluate: () => value, type };
    }
    case 'field': {
      const name = expr.name;
      return { evaluate: (row) => row.get(name), type: fieldType(scope, name) };
    }
    case 'star':
      throw compileError(scope, '"*" is only allowed in count(*)', expr);
    case 'unary': {
      const operand = compileExpr(expr.operand, scope);
      if (expr.op === 'not')
        return { evaluate: (row) => !truthy(operand.evaluate(row)), type: 'boolean' };
      return {
        evaluate: (row) => {
          const n = toNumber(operand.evaluate(row));
          return n === undefined ? undefined : -n;
        },
        type: 'number',
      };
    }
    case 'binary':
      return compileBinary(expr, scope);
    case 'like': {
      const operand = compileExpr(expr.operand, scope);
      const negated = expr.negated;
      const pattern = expr.pattern;
      const matches =
        pattern.kind === 'string'
          ? (text: string) => text.includes(pattern.value)
          : (text: string) => pattern.regex.regex.test(text);
      return {
        evaluate: (row) => {
          const value = operand.evaluate(row);
          const matched = value !== undefined && matches(String(value));
          return negated ? !matched : matched;
        },
        type: 'boolean',
      };
    }
    case 'in': {
      const operand = compileExpr(expr.operand, scope);
      const values = expr.values.map((v) => compileExpr(v, scope));
      const negated = expr.negated;
      return {
        evaluate: (row) => {
          const value = operand.evaluate(row);
          let found = false;
          for (const v of values)
            if (valuesEqual(value, v.evaluate(row))) {
              found = true;
              break;
            }
          return negated ? !found : found;
        },
        type: 'boolean',
      };
    }
    case 'call':
      return compileCall(expr, scope);
  }
}

function compileBinary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): Compiled {
  const left = compileExpr(expr.left, scope);
  const right = compileExpr(expr.right, scope);
  const l = left.evaluate;
  const r = right.evaluate;
  switch (expr.op) {
    case 'and':
      return { evaluate: (row) => truthy(l(row)) && truthy(r(row)), type: 'boolean' };
    case 'or':
      return { evaluate: (row) => truthy(l(row)) || truthy(r(row)), type: 'boolean' };
    case '=':
      return { evaluate: (row) => valuesEqual(l(row), r(row)), type: 'boolean' };
    case '!=':
      return {
        evaluate: (row) => {
          const a = l(row);
          const b = r(row);
          return a !== undefined && b !== undefined && !valuesEqual(a, b);
        },
        type: 'boolean',
      };
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const test =
        expr.op === '<'
          ? (c: number) => c < 0
          : expr.op === '<='
            ? (c: number) => c <= 0
            : expr.op === '>'
              ? (c: number) => c > 0
              : (c: number) => c >= 0;
      return {
        evaluate: (row) => {
          const c = compareValues(l(row), r(row));
          return c !== undefined && test(c);
        },
        type: 'boolean',
      };
    }
    default: {
      const op = arithmetic[expr.op]!;
      // A datetime moved by a duration stays a datetime; the distance of two is a number.
      const type: ValueType =
        (expr.op === '+' || expr.op === '-') &&
        left.type === 'datetime' &&
        right.type !== 'datetime'
          ? 'datetime'
          : 'number';
      return {
        evaluate: (row) => {
          const x = toNumber(l(row));
          if (x === undefined) return undefined;
          const y = toNumber(r(row));
          return y === undefined ? undefined : finite(op(x, y));
        },
        type,
      };
    }
  }
}

function compileCall(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Compiled {
  const lower = expr.name.toLowerCase();
  if (AGGREGATES.has(lower)) {
    if (!scope.aggregate)
      throw compileError(
        scope,
        `${expr.name}() is an aggregate function: use it in a stats command`,
        expr,
      );
    return scope.aggregate(expr);
  }
  if (lower === 'bin') return compileBin(expr, scope);
  const fn = scope.functions.get(lower);
  if (!fn) throw compileError(scope, `Unknown function ${expr.name}()`, expr);
  const count = expr.args.length;
  if (count < fn.minArgs || count > fn.maxArgs) {
    const wanted =
      fn.minArgs === fn.maxArgs
        ? `${fn.minArgs}`
        : fn.maxArgs === Number.POSITIVE_INFINITY
          ? `at least ${fn.minArgs}`
          : `${fn.minArgs} to ${fn.maxArgs}`;
    throw compileError(
      scope,
      `${expr.name}() takes ${wanted} argument${wanted === '1' ? '' : 's'}, not ${count}`,
      expr,
    );
  }
  const args = expr.args.map((a) => compileExpr(a, scope));
  const type = fn.returns(args.map((a) => a.type));
  const context = scope.context;
  const current = scope.current;
  const evaluators = args.map((a) => a.evaluate);
  if (evaluators.length === 1) {
    const only = evaluators[0]!;
    return {
      evaluate: (row) => {
        const value = only(row);
        current.row = row;
        return fn.call([value], context);
      },
      type,
    };
  }
  return {
    evaluate: (row) => {
      const values: Value[] = new Array(evaluators.length);
      for (let i = 0; i < evaluators.length; i += 1) values[i] = evaluators[i]!(row);
      current.row = row;
      return fn.call(values, context);
    },
    type,
  };
}

/** `bin(period)`: `@timestamp` rounded down to a multiple of the period. */
function compileBin(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Compiled {
  const arg = expr.args[0];
  if (expr.args.length !== 1 || !arg || arg.kind !== 'literal' || typeof arg.value !== 'number')
    throw compileError(scope, 'bin() takes one time period such as 5m or 1h', expr);
  const period = arg.value;
  if (!(period > 0)) throw compileError(scope, 'The period of bin() must be positive', arg);
  return {
    evaluate: (row) => {
      const t = row.get('@timestamp');
      return typeof t === 'number' ? Math.floor(t / period) * period : undefined;
    },
    type: 'datetime',
  };
}
