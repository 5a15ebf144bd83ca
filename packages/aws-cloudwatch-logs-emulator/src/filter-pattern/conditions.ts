import { invalidPattern, snippet } from './errors.js';
import { compileRegex, MAX_REGEX_PER_PATTERN } from './regex.js';
import { isNumberText, type Value, wildcardTest } from './values.js';

export type ComparisonOp = '=' | '!=' | '<' | '>' | '<=' | '>=';
export type UnaryTest = 'null' | 'true' | 'false' | 'exists' | 'not-exists';

/** A boolean expression over operands (JSON selectors, or space-delimited field names). */
export type Expr<S> =
  | { readonly kind: 'and' | 'or'; readonly left: Expr<S>; readonly right: Expr<S> }
  | {
      readonly kind: 'compare';
      readonly operand: S;
      readonly op: ComparisonOp;
      readonly value: Value;
      readonly at: number;
    }
  | { readonly kind: 'unary'; readonly operand: S; readonly test: UnaryTest; readonly at: number };

export interface OperandReader<S> {
  /** Reads an operand at `pos`, returning it and the position after it, or undefined if none. */
  read(src: string, pos: number): { operand: S; end: number } | undefined;
  /** What an operand looks like, for error messages. */
  readonly expected: string;
  /** Whether `IS NULL`, `EXISTS`, `IS TRUE`… are allowed. */
  readonly unaryTests: boolean;
}

/** Shared state of one pattern's parse: the regex budget. */
export interface ParseBudget {
  regexCount: number;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Recursive-descent parser for `a = 1 && (b != "x" || c IS NULL)`: parentheses bind tighter than
 * `&&`, which binds tighter than `||`. It stops before any character in `stops` at the top level
 * (`}` for JSON, `,` or `]` for a space-delimited field).
 */
export class ConditionParser<S> {
  pos: number;

  constructor(
    private readonly pattern: string,
    start: number,
    private readonly end: number,
    private readonly operands: OperandReader<S>,
    private readonly stops: string,
    private readonly budget: ParseBudget,
  ) {
    this.pos = start;
  }

  skipSpace(): void {
    while (this.pos < this.end && isSpace(this.pattern.charCodeAt(this.pos))) this.pos++;
  }

  private fail(reason: string, at = this.pos): never {
    throw invalidPattern(this.pattern, reason, at);
  }

  private peek(): string {
    return this.pos < this.end ? this.pattern[this.pos]! : '';
  }

  private startsWith(s: string): boolean {
    return this.pattern.startsWith(s, this.pos) && this.pos + s.length <= this.end;
  }

  parseExpression(): Expr<S> {
    let left = this.parseAnd();
    for (;;) {
      this.skipSpace();
      if (!this.startsWith('||')) return left;
      this.pos += 2;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
  }

  private parseAnd(): Expr<S> {
    let left = this.parsePrimary();
    for (;;) {
      this.skipSpace();
      if (!this.startsWith('&&')) return left;
      this.pos += 2;
      left = { kind: 'and', left, right: this.parsePrimary() };
    }
  }

  private parsePrimary(): Expr<S> {
    this.skipSpace();
    if (this.peek() === '(') {
      const open = this.pos;
      this.pos++;
      const inner = this.parseExpression();
      this.skipSpace();
      if (this.peek() !== ')') this.fail(`missing ')' for the '(' at position ${open}`);
      this.pos++;
      return inner;
    }
    return this.parseCondition();
  }

  private parseCondition(): Expr<S> {
    const at = this.pos;
    const read = this.operands.read(this.pattern, this.pos);
    if (!read || read.end > this.end) {
      this.fail(
        this.pos >= this.end
          ? `expected ${this.operands.expected} but the pattern ended`
          : `expected ${this.operands.expected} but found '${snippet(this.pattern, this.pos, this.end)}'`,
      );
    }
    this.pos = read.end;
    this.skipSpace();
    const op = this.readOperator();
    if (op) {
      this.skipSpace();
      const value = this.parseValue(op);
      return { kind: 'compare', operand: read.operand, op, value, at };
    }
    const test = this.readUnary();
    if (test) {
      if (!this.operands.unaryTests) {
        this.fail(
          `IS NULL, IS TRUE, IS FALSE, EXISTS and NOT EXISTS only apply to JSON patterns`,
          at,
        );
      }
      return { kind: 'unary', operand: read.operand, test, at };
    }
    return this.fail(
      this.pos >= this.end
        ? 'expected a comparison operator (=, !=, <, >, <=, >=) but the pattern ended'
        : `expected a comparison operator (=, !=, <, >, <=, >=${this.operands.unaryTests ? ', IS NULL, IS TRUE, IS FALSE, EXISTS, NOT EXISTS' : ''}) but found '${snippet(this.pattern, this.pos, this.end)}'`,
    );
  }

  private readOperator(): ComparisonOp | undefined {
    for (const op of ['!=', '<=', '>=', '=', '<', '>'] as const) {
      if (this.startsWith(op)) {
        this.pos += op.length;
        return op;
      }
    }
    return undefined;
  }

  private readWord(): string {
    const m = /^[A-Za-z]+/.exec(this.pattern.slice(this.pos, this.end));
    return m ? m[0].toUpperCase() : '';
  }

  private readUnary(): UnaryTest | undefined {
    const save = this.pos;
    const first = this.readWord();
    if (first === 'EXISTS') {
      this.pos += first.length;
      return 'exists';
    }
    if (first === 'IS' || first === 'NOT') {
      this.pos += first.length;
      this.skipSpace();
      const second = this.readWord();
      this.pos += second.length;
      if (first === 'NOT' && second === 'EXISTS') return 'not-exists';
      if (first === 'IS' && second === 'NULL') return 'null';
      if (first === 'IS' && second === 'TRUE') return 'true';
      if (first === 'IS' && second === 'FALSE') return 'false';
      this.fail(
        first === 'IS'
          ? `expected NULL, TRUE or FALSE after IS but found '${second}'`
          : `expected EXISTS after NOT but found '${second}'`,
      );
    }
    this.pos = save;
    return undefined;
  }

  private parseValue(op: ComparisonOp): Value {
    const at = this.pos;
    const c = this.peek();
    if (c === '') this.fail(`expected a value after '${op}' but the pattern ended`);
    if (c === '"') {
      const text = this.readQuoted();
      if (op !== '=' && op !== '!=') {
        this.fail(
          `'${op}' compares numbers; '"${text}"' is a string (write a number such as 500)`,
          at,
        );
      }
      return { kind: 'string', text, test: wildcardTest(text) };
    }
    if (c === '%') {
      const close = this.pattern.indexOf('%', this.pos + 1);
      if (close < 0 || close >= this.end)
        this.fail(`a regular expression opened with % is never closed`);
      const body = this.pattern.slice(this.pos + 1, close);
      if (++this.budget.regexCount > MAX_REGEX_PER_PATTERN) {
        this.fail(
          `a filter pattern may contain at most ${MAX_REGEX_PER_PATTERN} regular expressions`,
          at,
        );
      }
      const re = compileRegex(body, this.pattern, this.pos + 1);
      this.pos = close + 1;
      if (op !== '=' && op !== '!=') {
        this.fail(
          `'${op}' compares numbers; a regular expression can only be used with = or !=`,
          at,
        );
      }
      return { kind: 'regex', text: body, re };
    }
    if ('=<>!'.includes(c))
      this.fail(`'${op}${c}' is not an operator; use =, !=, <, >, <= or >=`, at - op.length);
    let end = this.pos;
    while (end < this.end) {
      const ch = this.pattern[end]!;
      if (isSpace(ch.charCodeAt(0)) || ch === '(' || ch === ')' || ch === '&' || ch === '|') break;
      if (this.stops.includes(ch)) break;
      end++;
    }
    const text = this.pattern.slice(this.pos, end);
    if (text.length === 0) this.fail(`expected a value after '${op}'`);
    const bad = /[^A-Za-z0-9_\-.*:+/]/.exec(text);
    if (bad) {
      this.fail(
        `the value '${text}' contains '${bad[0]}'; enclose values with characters other than letters, digits, _ - . : / + and * in double quotes`,
        at + bad.index,
      );
    }
    this.pos = end;
    if (isNumberText(text)) return { kind: 'number', n: Number(text), text };
    if (op !== '=' && op !== '!=') {
      this.fail(`'${op}' compares numbers; '${text}' is not a number`, at);
    }
    return { kind: 'string', text, test: wildcardTest(text) };
  }

  /** Reads `"…"` at the cursor, where `\"` and `\\` stand for `"` and `\`. */
  readQuoted(): string {
    const open = this.pos;
    let out = '';
    let i = this.pos + 1;
    while (i < this.end) {
      const ch = this.pattern[i]!;
      if (ch === '"') {
        this.pos = i + 1;
        return out;
      }
      if (ch === '\\' && i + 1 < this.end) {
        const next = this.pattern[i + 1]!;
        if (next === '"' || next === '\\') {
          out += next;
          i += 2;
          continue;
        }
      }
      out += ch;
      i++;
    }
    return this.fail(`the double quote at position ${open} is never closed`, open);
  }
}

/** Compiles an expression into a predicate, given how to compile one condition. */
export function compileExpr<S, T>(
  expr: Expr<S>,
  leaf: (e: Extract<Expr<S>, { kind: 'compare' | 'unary' }>) => (x: T) => boolean,
): (x: T) => boolean {
  if (expr.kind === 'compare' || expr.kind === 'unary') return leaf(expr);
  const l = compileExpr(expr.left, leaf);
  const r = compileExpr(expr.right, leaf);
  return expr.kind === 'and' ? (x) => l(x) && r(x) : (x) => l(x) || r(x);
}
