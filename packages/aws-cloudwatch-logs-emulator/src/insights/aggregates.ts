import type { Expr } from './ast.js';
import { type Compiled, compileError, compileExpr, type Scope } from './evaluator.js';
import type { Row } from './record.js';
import { compareValues, toNumber, valueKey } from './semantics.js';
import type { Value, ValueType } from './value.js';

/** The running state of one aggregate for one group. */
export interface Accumulator {
  add(row: Row): void;
  result(): Value;
}

export interface AggregateSpec {
  /** Builds a fresh accumulator for a new group. */
  create(): Accumulator;
  type: ValueType;
}

const timestampOf = (row: Row): number | undefined => {
  const t = row.get('@timestamp');
  return typeof t === 'number' ? t : undefined;
};

/** Compiles one aggregate call of a stats command; its arguments read the incoming rows. */
export function compileAggregate(
  call: Extract<Expr, { kind: 'call' }>,
  scope: Scope,
): AggregateSpec {
  const name = call.name.toLowerCase();
  const args = call.args;
  const inner: Scope = { ...scope, aggregate: undefined };
  const one = (): Compiled => {
    if (args.length !== 1 || args[0]!.kind === 'star')
      throw compileError(scope, `${call.name}() takes one field or expression`, call);
    return compileExpr(args[0]!, inner);
  };
  switch (name) {
    case 'count': {
      if (args.length === 0 || (args.length === 1 && args[0]!.kind === 'star'))
        return {
          type: 'number',
          create: () => {
            let n = 0;
            return {
              add: () => {
                n += 1;
              },
              result: () => n,
            };
          },
        };
      const arg = one().evaluate;
      return {
        type: 'number',
        create: () => {
          let n = 0;
          return {
            add: (row) => {
              if (arg(row) !== undefined) n += 1;
            },
            result: () => n,
          };
        },
      };
    }
    case 'count_distinct': {
      const arg = one().evaluate;
      return {
        type: 'number',
        create: () => {
          const seen = new Set<string>();
          return {
            add: (row) => {
              const v = arg(row);
              if (v !== undefined) seen.add(valueKey(v));
            },
            result: () => seen.size,
          };
        },
      };
    }
    case 'sum':
    case 'avg': {
      const arg = one().evaluate;
      const average = name === 'avg';
      return {
        type: 'number',
        create: () => {
          let sum = 0;
          let n = 0;
          return {
            add: (row) => {
              const x = toNumber(arg(row));
              if (x !== undefined) {
                sum += x;
                n += 1;
              }
            },
            result: () => (n === 0 ? undefined : average ? sum / n : sum),
          };
        },
      };
    }
    case 'min':
    case 'max': {
      const compiled = one();
      const arg = compiled.evaluate;
      const sign = name === 'min' ? -1 : 1;
      return {
        type: compiled.type === 'any' ? 'any' : compiled.type,
        create: () => {
          let best: Value;
          return {
            add: (row) => {
              const v = arg(row);
              if (v === undefined) return;
              if (best === undefined) best = v;
              else {
                const c = compareValues(v, best);
                if (c !== undefined && c * sign > 0) best = v;
              }
            },
            result: () => best,
          };
        },
      };
    }
    case 'stddev': {
      const arg = one().evaluate;
      return {
        type: 'number',
        create: () => {
          // Welford's running mean and sum of squared deviations.
          let n = 0;
          let mean = 0;
          let m2 = 0;
          return {
            add: (row) => {
              const x = toNumber(arg(row));
              if (x === undefined) return;
              n += 1;
              const delta = x - mean;
              mean += delta / n;
              m2 += delta * (x - mean);
            },
            result: () => (n === 0 ? undefined : n === 1 ? 0 : Math.sqrt(m2 / (n - 1))),
          };
        },
      };
    }
    case 'pct': {
      const p = args[1];
      if (args.length !== 2 || args[0]!.kind === 'star' || !p)
        throw compileError(
          scope,
          'pct() takes a field and a percentile, such as pct(latency, 95)',
          call,
        );
      if (p.kind !== 'literal' || typeof p.value !== 'number' || p.value < 0 || p.value > 100)
        throw compileError(scope, 'The percentile of pct() must be a number from 0 to 100', p);
      const percentile = p.value;
      const compiled = compileExpr(args[0]!, inner);
      const arg = compiled.evaluate;
      return {
        type: compiled.type === 'datetime' ? 'datetime' : 'number',
        create: () => {
          const values: number[] = [];
          return {
            add: (row) => {
              const x = toNumber(arg(row));
              if (x !== undefined) values.push(x);
            },
            result: () => {
              if (values.length === 0) return undefined;
              values.sort((a, b) => a - b);
              // Nearest rank: the smallest value with at least p% of the values at or below it.
              const rank = Math.max(1, Math.ceil((percentile / 100) * values.length));
              return values[rank - 1];
            },
          };
        },
      };
    }
    case 'earliest':
    case 'latest': {
      const compiled = one();
      const arg = compiled.evaluate;
      const latest = name === 'latest';
      return {
        type: compiled.type,
        create: () => {
          let when: number | undefined;
          let value: Value;
          let seen = false;
          return {
            add: (row) => {
              const v = arg(row);
              if (v === undefined) return;
              const t = timestampOf(row);
              if (
                !seen ||
                (t !== undefined && (when === undefined || (latest ? t > when : t < when)))
              ) {
                seen = true;
                when = t;
                value = v;
              }
            },
            result: () => value,
          };
        },
      };
    }
    default:
      throw compileError(scope, `Unknown aggregate function ${call.name}()`, call);
  }
}
