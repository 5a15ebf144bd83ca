import type { ParseBudget } from './conditions.js';
import { FilterPatternError } from './errors.js';
import { parseEvent, parseJsonPattern } from './json-pattern.js';
import { MISSING, readSelector, resolve, type Selector, type Step } from './json-selector.js';
import { compileRegex } from './regex.js';
import { parseSpaceDelimited, type SpaceDelimitedPattern } from './space-delimited.js';
import { parseTerms, termsMatcher } from './terms.js';
import { isNumberText } from './values.js';

/** Which of the filter pattern languages a pattern is written in. */
export type FilterPatternKind = 'all' | 'terms' | 'regex' | 'json' | 'space-delimited';

export interface MetricObservation {
  readonly value: number;
  readonly dimensions: Record<string, string>;
}

export interface CompiledFilterPattern {
  readonly source: string;
  readonly kind: FilterPatternKind;
  /**
   * How many `%regex%` the pattern holds; the service allows at most 5 filters containing regex
   * per log group among its metric and subscription filters.
   */
  readonly regexCount: number;
  matches(message: string): boolean;
  /**
   * For metric filters: the value a matching event contributes, given the metric transformation's
   * `metricValue` (`"1"`, `"$.latency"` for JSON patterns, `"$size"` or `"$7"` for space-delimited
   * ones) and `dimensions` (`{ Server: "$.server" }`). Undefined when the event does not match,
   * or when the value or a dimension is absent or not usable (a non-numeric value), as the
   * service then publishes nothing for the event. Throws FilterPatternError when the
   * transformation does not fit the pattern (see `checkMetricTransformation`). The last
   * transformation is remembered by identity, so pass a new `dimensions` object to change it.
   */
  extract(
    message: string,
    metricValue: string,
    dimensions?: Record<string, string>,
  ): MetricObservation | undefined;
  /**
   * What TestMetricFilter reports for a matching event, keyed as a metric transformation would
   * reference the value. A space-delimited pattern gives one entry per field of the event: `$name`
   * where a named field of the pattern took it, `$1`, `$2`… (its position) where an ellipsis, an
   * unnamed field or `[]` did, as the API reference's examples show. A JSON pattern gives
   * `$.path` for each selector it tests that the event has. Term and regex patterns extract
   * nothing (`{}`). Undefined when the event does not match.
   */
  extractedValues(message: string): Record<string, string> | undefined;
  /** Throws FilterPatternError when `metricValue` or `dimensions` cannot be used with this pattern. */
  checkMetricTransformation(metricValue: string, dimensions?: Record<string, string>): void;
}

/** How to read a metric value or a dimension out of an event. */
type Reference =
  | { readonly kind: 'constant'; readonly n: number }
  | { readonly kind: 'json'; readonly steps: readonly Step[] }
  | { readonly kind: 'named'; readonly slot: number }
  | { readonly kind: 'position'; readonly index: number };

interface Plan {
  readonly value: Reference;
  readonly dimensions: ReadonlyArray<readonly [string, Reference]>;
}

/** What a matching event offers to metric extraction. */
type Context =
  | { readonly kind: 'json'; readonly root: unknown }
  | { readonly kind: 'fields'; readonly fields: string[]; readonly taken: Int32Array }
  | { readonly kind: 'text' };

const TEXT_CONTEXT: Context = { kind: 'text' };
const MAX_CACHED_PLANS = 32;

/**
 * Compiles a CloudWatch Logs filter pattern once, so that matching each event is cheap.
 * Throws FilterPatternError, whose message says what is wrong, for a pattern the service refuses.
 */
export function compileFilterPattern(pattern: string): CompiledFilterPattern {
  if (typeof pattern !== 'string') {
    throw new FilterPatternError(
      'Invalid filter pattern: the filter pattern must be a string',
      String(pattern),
    );
  }
  const trimmed = pattern.trim();
  const offset = pattern.indexOf(trimmed.charAt(0));
  const last = offset + trimmed.length - 1;
  const budget: ParseBudget = { regexCount: 0 };

  if (trimmed.length === 0) {
    return new Compiled(
      pattern,
      'all',
      0,
      () => true,
      () => TEXT_CONTEXT,
    );
  }
  if (trimmed[0] === '{') {
    if (trimmed.at(-1) !== '}' || trimmed.length < 2) {
      throw new FilterPatternError(
        "If a filter pattern starts with '{' it must end with '}'",
        pattern,
        last,
      );
    }
    const json = parseJsonPattern(pattern, offset + 1, last, budget);
    const { test, mightMatch } = json;
    const matches = mightMatch
      ? (m: string) => {
          if (!mightMatch(m)) return false;
          const root = parseEvent(m);
          return root !== undefined && test(root);
        }
      : (m: string) => {
          const root = parseEvent(m);
          return root !== undefined && test(root);
        };
    const evaluate = (m: string): Context | undefined => {
      if (mightMatch && !mightMatch(m)) return undefined;
      const root = parseEvent(m);
      return root !== undefined && test(root) ? { kind: 'json', root } : undefined;
    };
    return new Compiled(
      pattern,
      'json',
      budget.regexCount,
      matches,
      evaluate,
      undefined,
      json.selectors,
    );
  }
  if (trimmed[0] === '[') {
    if (trimmed.at(-1) !== ']' || trimmed.length < 2) {
      throw new FilterPatternError(
        "If a filter pattern starts with '[' it must end with ']'",
        pattern,
        last,
      );
    }
    const delimited = parseSpaceDelimited(pattern, offset + 1, last, budget);
    const evaluate = (m: string): Context | undefined => {
      const hit = delimited.match(m);
      return hit ? { kind: 'fields', fields: hit.fields, taken: hit.taken } : undefined;
    };
    return new Compiled(
      pattern,
      'space-delimited',
      budget.regexCount,
      (m) => delimited.match(m) !== undefined,
      evaluate,
      delimited,
    );
  }
  if (trimmed[0] === '%' && trimmed.length >= 2 && trimmed.at(-1) === '%') {
    const re = compileRegex(trimmed.slice(1, -1), pattern, offset + 1);
    const matches = (m: string) => re.test(m);
    return new Compiled(pattern, 'regex', 1, matches, (m) =>
      re.test(m) ? TEXT_CONTEXT : undefined,
    );
  }
  const terms = parseTerms(pattern);
  const matches = termsMatcher(terms);
  return new Compiled(pattern, 'terms', 0, matches, (m) => (matches(m) ? TEXT_CONTEXT : undefined));
}

class Compiled implements CompiledFilterPattern {
  private readonly plans = new Map<string, Plan>();
  // Metric filters call extract with the same transformation for every event.
  private lastValue: string | undefined;
  private lastDimensions: Record<string, string> | undefined;
  private lastPlan: Plan | undefined;

  constructor(
    readonly source: string,
    readonly kind: FilterPatternKind,
    readonly regexCount: number,
    readonly matches: (message: string) => boolean,
    private readonly evaluate: (message: string) => Context | undefined,
    private readonly delimited?: SpaceDelimitedPattern,
    private readonly selectors: readonly Selector[] = [],
  ) {}

  extractedValues(message: string): Record<string, string> | undefined {
    const context = this.evaluate(message);
    if (!context) return undefined;
    const out: Record<string, string> = {};
    if (context.kind === 'json') {
      for (const selector of this.selectors) {
        const value = read({ kind: 'json', steps: selector.steps }, context);
        if (value !== undefined) out[selector.text] = String(value);
      }
    } else if (context.kind === 'fields') {
      const { fields, taken } = context;
      const names: (string | undefined)[] = new Array(fields.length);
      this.delimited?.slots.forEach((slot, i) => {
        if (slot.kind === 'field' && slot.name !== '') names[taken[i]!] = slot.name;
      });
      fields.forEach((value, i) => {
        out[`$${names[i] ?? i + 1}`] = value;
      });
    }
    return out;
  }

  checkMetricTransformation(metricValue: string, dimensions?: Record<string, string>): void {
    this.plan(metricValue, dimensions);
  }

  extract(
    message: string,
    metricValue: string,
    dimensions?: Record<string, string>,
  ): MetricObservation | undefined {
    const plan = this.plan(metricValue, dimensions);
    const context = this.evaluate(message);
    if (!context) return undefined;
    const value = read(plan.value, context);
    if (value === undefined) return undefined;
    const n = typeof value === 'number' ? value : isNumberText(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) return undefined;
    const dims: Record<string, string> = {};
    for (const [name, ref] of plan.dimensions) {
      const d = read(ref, context);
      if (d === undefined || d === '') return undefined;
      dims[name] = String(d);
    }
    return { value: n, dimensions: dims };
  }

  private plan(metricValue: string, dimensions: Record<string, string> | undefined): Plan {
    if (this.lastPlan && metricValue === this.lastValue && dimensions === this.lastDimensions) {
      return this.lastPlan;
    }
    const plan = this.planFor(metricValue, dimensions);
    this.lastValue = metricValue;
    this.lastDimensions = dimensions;
    this.lastPlan = plan;
    return plan;
  }

  private planFor(metricValue: string, dimensions: Record<string, string> | undefined): Plan {
    const key = dimensions ? `${metricValue}\u0000${JSON.stringify(dimensions)}` : metricValue;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const dims = Object.entries(dimensions ?? {});
    if (dims.length > 0 && this.kind !== 'json' && this.kind !== 'space-delimited') {
      throw new FilterPatternError(
        'The specified filter pattern does not support dimensions',
        this.source,
      );
    }
    const plan: Plan = {
      value: this.reference(metricValue, 'metric value'),
      dimensions: dims.map(([name, ref]) => {
        if (typeof ref !== 'string' || !ref.startsWith('$')) {
          throw new FilterPatternError(
            `Invalid dimension '${name}': its value must name a field of the filter pattern, such as $.field or $field, not '${String(ref)}'`,
            this.source,
          );
        }
        return [name, this.reference(ref, `dimension '${name}'`)] as const;
      }),
    };
    if (this.plans.size >= MAX_CACHED_PLANS) this.plans.clear();
    this.plans.set(key, plan);
    return plan;
  }

  private reference(text: string, what: string): Reference {
    if (typeof text !== 'string') {
      throw new FilterPatternError(`Invalid ${what}: it must be a string`, this.source);
    }
    const t = text.trim();
    if (isNumberText(t)) return { kind: 'constant', n: Number(t) };
    if (t.startsWith('$.') || t.startsWith('$[')) {
      const sel = readSelector(t, 0);
      if (!sel || sel.end !== t.length) {
        throw new FilterPatternError(
          `Invalid ${what} '${text}': not a JSON selector such as $.latency`,
          this.source,
        );
      }
      if (this.kind !== 'json') {
        throw new FilterPatternError(
          `Invalid ${what} '${text}': a JSON selector can only be used with a JSON filter pattern ({ … })`,
          this.source,
        );
      }
      return { kind: 'json', steps: sel.operand.steps };
    }
    if (t.startsWith('$') && t.length > 1) {
      const name = t.slice(1);
      if (this.kind !== 'space-delimited' || !this.delimited) {
        throw new FilterPatternError(
          `Invalid ${what} '${text}': a field reference such as $size can only be used with a space-delimited filter pattern ([ … ])`,
          this.source,
        );
      }
      if (/^[1-9]\d*$/.test(name)) return { kind: 'position', index: Number(name) - 1 };
      const slot = this.delimited.slots.findIndex((s) => s.kind === 'field' && s.name === name);
      if (slot < 0) {
        throw new FilterPatternError(
          `Invalid ${what} '${text}': the filter pattern has no field named '${name}'`,
          this.source,
        );
      }
      return { kind: 'named', slot };
    }
    throw new FilterPatternError(
      `Invalid ${what} '${text}': use a number, a JSON selector such as $.latency, or a space-delimited field such as $size`,
      this.source,
    );
  }
}

function read(ref: Reference, context: Context): string | number | undefined {
  switch (ref.kind) {
    case 'constant':
      return ref.n;
    case 'json': {
      if (context.kind !== 'json') return undefined;
      const node = resolve(context.root, ref.steps);
      if (node === MISSING) return undefined;
      if (typeof node === 'number' || typeof node === 'string') return node;
      if (typeof node === 'boolean') return String(node);
      return undefined;
    }
    case 'named':
      return context.kind === 'fields' ? context.fields[context.taken[ref.slot]!] : undefined;
    case 'position':
      return context.kind === 'fields' ? context.fields[ref.index] : undefined;
  }
}
