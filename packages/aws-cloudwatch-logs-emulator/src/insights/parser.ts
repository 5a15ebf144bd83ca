import type { QuerySyntaxError } from '../query-engine.js';
import type { BinaryOp, Command, Expr, NamedExpr, Query, SortKey } from './ast.js';
import { describeToken, Lexer, lineColumn, type Token } from './lexer.js';
import { compileRegex, globRegex, RegexError } from './regex.js';

const COMMANDS = new Set([
  'fields',
  'display',
  'filter',
  'where',
  'parse',
  'stats',
  'sort',
  'limit',
  'dedup',
]);
/** Documented commands this emulator does not run: refused with a clear message. */
const UNSUPPORTED_COMMANDS = new Set([
  'pattern',
  'diff',
  'unmask',
  'anomaly',
  'filterindex',
  'unnest',
  'lookup',
  'join',
  'source',
  'head',
  'tail',
  'addtotals',
]);
const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Parses a Logs Insights query; a syntax error throws QuerySyntaxError with its location. */
export function parseQuery(text: string): Query {
  return new Parser(text).query();
}

class Parser {
  private readonly lexer: Lexer;
  private tok: Token;
  private ahead: Token | undefined;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
    this.tok = this.lexer.scan(0);
  }

  // ---- tokens ----

  private advance(): Token {
    const current = this.tok;
    this.tok = this.ahead ?? this.lexer.scan(current.end);
    this.ahead = undefined;
    return current;
  }

  private peek(): Token {
    this.ahead ??= this.lexer.scan(this.tok.end);
    return this.ahead;
  }

  private atEnd(): boolean {
    return this.tok.kind === 'eof';
  }

  private isOp(text: string, token = this.tok): boolean {
    return token.kind === 'op' && token.text === text;
  }

  private isWord(word: string, token = this.tok): boolean {
    return token.kind === 'ident' && token.text.toLowerCase() === word;
  }

  private expected(what: string, token = this.tok): QuerySyntaxError {
    return this.lexer.error(
      `Expected ${what} but found ${describeToken(token, this.text)}`,
      token.start,
      token.end,
    );
  }

  private expectOp(text: string, what = `"${text}"`): Token {
    if (!this.isOp(text)) throw this.expected(what);
    return this.advance();
  }

  // ---- commands ----

  query(): Query {
    const commands: Command[] = [];
    if (this.tok.kind === 'eof')
      throw this.lexer.error(
        'The query is empty: expected a command such as fields, filter or stats',
        0,
        0,
      );
    for (;;) {
      commands.push(this.command());
      if (this.atEnd()) break;
      if (!this.isOp('|')) throw this.expected('"|" or the end of the query');
      this.advance();
    }
    const dedup = commands.findIndex((c) => c.kind === 'dedup');
    if (dedup >= 0) {
      const after = commands.slice(dedup + 1).find((c) => c.kind !== 'limit');
      if (after)
        throw this.lexer.error(
          `Only limit may follow dedup, but ${after.kind} does`,
          after.start,
          after.end,
        );
    }
    return { text: this.text, commands };
  }

  private command(): Command {
    const head = this.tok;
    if (head.kind !== 'ident')
      throw this.expected('a command (fields, filter, stats, sort, limit, parse, display, dedup)');
    const name = head.text.toLowerCase();
    if (UNSUPPORTED_COMMANDS.has(name))
      throw this.lexer.error(
        `The ${head.text} command is not supported by this emulator; it runs fields, display, filter, parse, stats, sort, limit and dedup`,
        head.start,
        head.end,
      );
    if (!COMMANDS.has(name))
      throw this.expected('a command (fields, filter, stats, sort, limit, parse, display, dedup)');
    this.advance();
    const start = head.start;
    const done = <T extends object>(command: T) => ({ ...command, start, end: this.tok.start });
    switch (name) {
      case 'fields':
        return done({ kind: 'fields' as const, items: this.namedList('a field or an expression') });
      case 'display':
        return done({ kind: 'display' as const, items: this.namedList('a field') });
      case 'filter':
      case 'where':
        return done({ kind: 'filter' as const, expr: this.expression() });
      case 'parse':
        return done(this.parse());
      case 'stats':
        return done(this.stats());
      case 'sort':
        return done({ kind: 'sort' as const, keys: this.sortKeys() });
      case 'limit': {
        const token = this.tok;
        if (token.kind !== 'number' || !Number.isInteger(token.value) || token.value < 1)
          throw this.expected('a positive whole number of results');
        if (token.value > 10_000)
          throw this.lexer.error(
            `The limit ${token.value} is more than the 10000 results a query can return`,
            token.start,
            token.end,
          );
        this.advance();
        return done({ kind: 'limit' as const, count: token.value });
      }
      default: {
        const fields: Expr[] = [];
        do {
          if (fields.length > 0) this.advance();
          fields.push(this.fieldRef('a field to deduplicate on'));
        } while (this.isOp(','));
        return done({ kind: 'dedup' as const, fields });
      }
    }
  }

  private fieldRef(what: string): Expr {
    const token = this.tok;
    if (token.kind !== 'ident' && token.kind !== 'quoted') throw this.expected(what);
    this.advance();
    return { kind: 'field', name: token.text, start: token.start, end: token.end };
  }

  /** `expr [as name], …` */
  private namedList(what: string): NamedExpr[] {
    const items: NamedExpr[] = [];
    do {
      if (items.length > 0) this.advance();
      if (this.tok.kind === 'eof' || this.isOp('|')) throw this.expected(what);
      items.push(this.named());
    } while (this.isOp(','));
    return items;
  }

  private named(): NamedExpr {
    const expr = this.expression();
    if (this.isWord('as')) {
      this.advance();
      const alias = this.tok;
      if (alias.kind !== 'ident' && alias.kind !== 'quoted')
        throw this.expected('a name after "as"');
      this.advance();
      return { expr, name: alias.text, aliased: true };
    }
    return { expr, name: expr.kind === 'field' ? expr.name : this.exprName(expr), aliased: false };
  }

  /** The column name of an unaliased expression: its text, without spacing around parentheses. */
  private exprName(expr: Expr): string {
    const text = this.text.slice(expr.start, expr.end);
    if (/["'`/]/.test(text)) return text;
    return text.replace(/\s*\(\s*/g, '(').replace(/\s*\)/g, ')');
  }

  private parse(): Omit<Extract<Command, { kind: 'parse' }>, 'start' | 'end'> {
    const source = this.fieldRef('the field to parse (such as @message)');
    const token = this.tok;
    if (token.kind === 'string') {
      this.advance();
      const { regex, stars } = globRegex(token.text);
      if (stars === 0)
        throw this.lexer.error('The parse pattern has no "*" to extract', token.start, token.end);
      if (!this.isWord('as'))
        throw this.expected(`"as" and ${stars} field name${stars === 1 ? '' : 's'}`);
      this.advance();
      const names = this.nameList();
      if (names.length !== stars)
        throw this.lexer.error(
          `The parse pattern has ${stars} "*" but ${names.length} field name${names.length === 1 ? '' : 's'} follow "as"`,
          token.start,
          this.tok.start,
        );
      return { kind: 'parse', source, pattern: { kind: 'glob', regex, names } };
    }
    if (this.isOp('/')) {
      const regex = this.regex();
      let names: string[] | undefined;
      if (this.isWord('as')) {
        this.advance();
        names = this.nameList();
      } else if (regex.groups.length === 0)
        throw this.lexer.error(
          'The parse regular expression has no named capturing group such as (?<name>...)',
          token.start,
          this.tok.start,
        );
      return { kind: 'parse', source, pattern: { kind: 'regex', regex, names } };
    }
    throw this.expected('a glob pattern in quotes or a /regular expression/');
  }

  private nameList(): string[] {
    const names: string[] = [];
    do {
      if (names.length > 0) this.advance();
      const token = this.tok;
      if (token.kind !== 'ident' && token.kind !== 'quoted') throw this.expected('a field name');
      names.push(token.text);
      this.advance();
    } while (this.isOp(','));
    return names;
  }

  private stats(): Omit<Extract<Command, { kind: 'stats' }>, 'start' | 'end'> {
    const items = this.namedList('an aggregation such as count(*)');
    let by: NamedExpr[] = [];
    if (this.isWord('by')) {
      this.advance();
      by = this.namedList('a field or bin(period) to group by');
    }
    return { kind: 'stats', items, by };
  }

  private sortKeys(): SortKey[] {
    const keys: SortKey[] = [];
    do {
      if (keys.length > 0) this.advance();
      if (this.tok.kind === 'eof' || this.isOp('|')) throw this.expected('a field to sort by');
      const expr = this.expression();
      let descending = false;
      if (this.isWord('desc')) {
        descending = true;
        this.advance();
      } else if (this.isWord('asc')) this.advance();
      keys.push({ expr, descending });
    } while (this.isOp(','));
    return keys;
  }

  private regex() {
    const open = this.tok;
    const scanned = this.lexer.regexAt(open.start);
    let compiled: ReturnType<typeof compileRegex>;
    try {
      compiled = compileRegex(scanned.source);
    } catch (error) {
      if (error instanceof RegexError)
        throw this.lexer.error(error.message, scanned.start, scanned.end);
      throw error;
    }
    this.ahead = undefined;
    this.tok = this.lexer.scan(scanned.end);
    return compiled;
  }

  // ---- expressions ----

  expression(): Expr {
    return this.or();
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return { kind: 'binary', op, left, right, start: left.start, end: right.end };
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord('or')) {
      this.advance();
      left = this.binary('or', left, this.and());
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isWord('and')) {
      this.advance();
      left = this.binary('and', left, this.not());
    }
    return left;
  }

  private not(): Expr {
    if (this.isWord('not')) {
      const start = this.advance().start;
      const operand = this.not();
      return { kind: 'unary', op: 'not', operand, start, end: operand.end };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const token = this.tok;
    if (token.kind === 'op' && COMPARISONS.has(token.text)) {
      this.advance();
      return this.binary(token.text as BinaryOp, left, this.additive());
    }
    let negated = false;
    if (
      this.isWord('not') &&
      (this.isWord('like', this.peek()) || this.isWord('in', this.peek()))
    ) {
      negated = true;
      this.advance();
    }
    if (this.isWord('like') || this.isOp('=~')) {
      this.advance();
      return this.like(left, negated);
    }
    if (this.isWord('in')) {
      this.advance();
      this.expectOp('[', '"[" to open the list of values');
      const values: Expr[] = [];
      if (!this.isOp(']')) {
        do {
          if (values.length > 0) this.advance();
          values.push(this.additive());
        } while (this.isOp(','));
      }
      const close = this.expectOp(']', '"," or "]"');
      return { kind: 'in', negated, operand: left, values, start: left.start, end: close.end };
    }
    return left;
  }

  private like(operand: Expr, negated: boolean): Expr {
    const token = this.tok;
    if (token.kind === 'string') {
      this.advance();
      return {
        kind: 'like',
        negated,
        operand,
        pattern: { kind: 'string', value: token.text },
        start: operand.start,
        end: token.end,
      };
    }
    if (this.isOp('/')) {
      const regex = this.regex();
      return {
        kind: 'like',
        negated,
        operand,
        pattern: { kind: 'regex', regex },
        start: operand.start,
        end: this.lastEnd(),
      };
    }
    throw this.expected('a "string" or a /regular expression/ to match');
  }

  /** The end of the token just consumed (the current token's start, less spacing). */
  private lastEnd(): number {
    let end = this.tok.start;
    while (end > 0 && /\s/.test(this.text[end - 1]!)) end -= 1;
    return end;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.advance().text as BinaryOp;
      left = this.binary(op, left, this.multiplicative());
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.power();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.advance().text as BinaryOp;
      left = this.binary(op, left, this.power());
    }
    return left;
  }

  private power(): Expr {
    const base = this.unary();
    if (this.isOp('^')) {
      this.advance();
      return this.binary('^', base, this.power());
    }
    return base;
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      const start = this.advance().start;
      const operand = this.unary();
      if (operand.kind === 'literal' && typeof operand.value === 'number')
        return { ...operand, value: -operand.value, start };
      return { kind: 'unary', op: '-', operand, start, end: operand.end };
    }
    return this.primary();
  }

  private primary(): Expr {
    const token = this.tok;
    switch (token.kind) {
      case 'number':
      case 'period':
        this.advance();
        return {
          kind: 'literal',
          value: token.value,
          period: token.kind === 'period',
          start: token.start,
          end: token.end,
        };
      case 'string':
        this.advance();
        return {
          kind: 'literal',
          value: token.text,
          period: false,
          start: token.start,
          end: token.end,
        };
      case 'quoted':
        this.advance();
        return { kind: 'field', name: token.text, start: token.start, end: token.end };
      case 'ident': {
        if (this.isOp('(', this.peek())) return this.call();
        const lower = token.text.toLowerCase();
        if (lower === 'true' || lower === 'false') {
          this.advance();
          return {
            kind: 'literal',
            value: lower === 'true',
            period: false,
            start: token.start,
            end: token.end,
          };
        }
        if (['and', 'or', 'not', 'like', 'in', 'as', 'by'].includes(lower))
          throw this.expected('a field, a value or an expression');
        this.advance();
        return { kind: 'field', name: token.text, start: token.start, end: token.end };
      }
      case 'op':
        if (token.text === '(') {
          this.advance();
          const inner = this.expression();
          const close = this.expectOp(')', '")"');
          return { ...inner, start: token.start, end: close.end };
        }
        break;
      default:
        break;
    }
    throw this.expected('a field, a value or an expression');
  }

  private call(): Expr {
    const name = this.advance();
    this.advance(); // (
    const args: Expr[] = [];
    if (this.isOp('*') && this.isOp(')', this.peek())) {
      const star = this.advance();
      args.push({ kind: 'star', start: star.start, end: star.end });
    } else if (!this.isOp(')')) {
      do {
        if (args.length > 0) this.advance();
        args.push(this.expression());
      } while (this.isOp(','));
    }
    const close = this.expectOp(')', `"," or ")" to close ${name.text}(`);
    return { kind: 'call', name: name.text, args, start: name.start, end: close.end };
  }
}

export { lineColumn };
