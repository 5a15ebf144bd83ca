import { ConditionParser, compileExpr, type Expr, type ParseBudget } from './conditions.js';
import { invalidPattern, snippet } from './errors.js';
import { MISSING, readSelector, resolve, type Selector } from './json-selector.js';
import { compareNumbers, isNumberText, requiredText, type Value } from './values.js';

type Predicate = (root: unknown) => boolean;

export interface JsonPattern {
  /** Whether a parsed event satisfies the pattern. */
  readonly test: Predicate;
  /** Cheap check of a raw message: false only when the message cannot match. */
  readonly mightMatch: ((message: string) => boolean) | undefined;
  /** Every selector the pattern names, once each, in the order written. */
  readonly selectors: readonly Selector[];
}

const selectorReader = {
  read: readSelector,
  expected: "a selector such as $.field, $.list[0].name or $.['key.with.dots']",
  unaryTests: true,
};

/** Parses the inside of `{ … }` (from `start` to `end`, exclusive). */
export function parseJsonPattern(
  pattern: string,
  start: number,
  end: number,
  budget: ParseBudget,
): JsonPattern {
  const selectors = new Map<string, Selector>();
  const recordingReader = {
    ...selectorReader,
    read(src: string, pos: number) {
      const found = selectorReader.read(src, pos);
      if (found && !selectors.has(found.operand.text))
        selectors.set(found.operand.text, found.operand);
      return found;
    },
  };
  const parser = new ConditionParser<Selector>(pattern, start, end, recordingReader, '}', budget);
  parser.skipSpace();
  if (parser.pos >= end)
    throw invalidPattern(pattern, 'a JSON filter pattern { } must contain a condition', start);
  const expr = parser.parseExpression();
  parser.skipSpace();
  if (parser.pos < end) {
    const rest = snippet(pattern, parser.pos, end);
    throw invalidPattern(
      pattern,
      rest.startsWith(')')
        ? `unmatched ')'`
        : `expected && or || between conditions but found '${rest}'`,
      parser.pos,
    );
  }
  return {
    test: compileExpr<Selector, unknown>(expr, compileLeaf),
    mightMatch: prefilter(expr),
    selectors: [...selectors.values()],
  };
}

/** The comparison of a value node with the right-hand side: true, false, or undefined when the
 * selected node is not a value (missing, null, object or array), which fails both = and !=. */
function valueEquals(value: Value): (node: unknown) => boolean | undefined {
  switch (value.kind) {
    case 'number': {
      const { n, text } = value;
      return (node) => {
        if (typeof node === 'number') return node === n;
        if (typeof node === 'string')
          return node === text || (isNumberText(node) && Number(node) === n);
        if (typeof node === 'boolean') return false;
        return undefined;
      };
    }
    case 'string': {
      const { test } = value;
      return (node) => {
        if (typeof node === 'string') return test(node);
        if (typeof node === 'number' || typeof node === 'boolean') return test(String(node));
        return undefined;
      };
    }
    case 'regex': {
      const { re } = value;
      return (node) => {
        if (typeof node === 'string') return re.test(node);
        if (typeof node === 'number' || typeof node === 'boolean') return re.test(String(node));
        return undefined;
      };
    }
  }
}

function compileLeaf(e: Extract<Expr<Selector>, { kind: 'compare' | 'unary' }>): Predicate {
  const { steps } = e.operand;
  if (e.kind === 'unary') {
    switch (e.test) {
      case 'null':
        return (root) => resolve(root, steps) === null;
      case 'true':
        return (root) => resolve(root, steps) === true;
      case 'false':
        return (root) => resolve(root, steps) === false;
      case 'exists':
        return (root) => resolve(root, steps) !== MISSING;
      case 'not-exists':
        return (root) => resolve(root, steps) === MISSING;
    }
  }
  const { op, value } = e;
  if (op === '=' || op === '!=') {
    const eq = valueEquals(value);
    const want = op === '=';
    return (root) => eq(resolve(root, steps)) === want;
  }
  // Only numbers reach here: the parser refuses < > <= >= with anything else.
  const n = (value as { n: number }).n;
  return (root) => {
    const node = resolve(root, steps);
    return typeof node === 'number' && compareNumbers(op, node, n);
  };
}

/**
 * A raw-text pre-check: a message with no backslash holds every string of the event literally,
 * so `$.level = "ERROR"` cannot match a message that lacks `ERROR`.
 */
function prefilter(expr: Expr<Selector>): ((message: string) => boolean) | undefined {
  const build = (e: Expr<Selector>): ((m: string) => boolean) | undefined => {
    if (e.kind !== 'compare' && e.kind !== 'unary') {
      const l = build(e.left);
      const r = build(e.right);
      if (e.kind === 'and') {
        if (l && r) return (m) => l(m) && r(m);
        return l ?? r;
      }
      return l && r ? (m) => l(m) || r(m) : undefined;
    }
    if (e.kind !== 'compare' || e.op !== '=') return undefined;
    const needle = requiredText(e.value);
    return needle === undefined ? undefined : (m) => m.includes(needle);
  };
  const check = build(expr);
  if (!check) return undefined;
  return (m) => m.indexOf('\\') !== -1 || check(m);
}

/** Parses a message as a JSON log event: an object or array, else undefined. */
export function parseEvent(message: string): unknown {
  let i = 0;
  while (i < message.length) {
    const c = message.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  const first = message.charCodeAt(i);
  if (first !== 123 /* { */ && first !== 91 /* [ */) return undefined;
  try {
    return JSON.parse(message) as unknown;
  } catch {
    return undefined;
  }
}
