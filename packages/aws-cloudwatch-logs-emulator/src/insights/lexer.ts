import { QuerySyntaxError } from '../query-engine.js';

export type TokenKind = 'ident' | 'quoted' | 'number' | 'period' | 'string' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The identifier, the operator, the string's content or the field name of a backtick-quoted name. */
  text: string;
  /** For numbers and periods (milliseconds). */
  value: number;
  start: number;
  /** Exclusive. */
  end: number;
}

const MS: Record<string, number> = {
  ms: 1,
  msec: 1,
  millisecond: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
};
const CALENDAR_UNITS = new Set(['mo', 'mon', 'month', 'q', 'qtr', 'quarter', 'y', 'yr', 'year']);

/** Milliseconds in one `unit` (`5m`, `1hr`, `2days`…), or undefined when it is no time unit. */
export function unitMilliseconds(unit: string): number | undefined {
  const lower = unit.toLowerCase();
  const exact = MS[lower];
  if (exact !== undefined) return exact;
  if (lower.length > 2 && lower.endsWith('s')) return MS[lower.slice(0, -1)];
  return undefined;
}

const isCalendarUnit = (unit: string): boolean => {
  const lower = unit.toLowerCase();
  return (
    CALENDAR_UNITS.has(lower) || (lower.endsWith('s') && CALENDAR_UNITS.has(lower.slice(0, -1)))
  );
};

const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 64 || c === 36;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 46;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

const TWO_CHAR_OPS = new Set(['!=', '<=', '>=', '=~', '==']);
const ONE_CHAR_OPS = new Set([
  '|',
  ',',
  '(',
  ')',
  '[',
  ']',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '=',
  '<',
  '>',
]);

/** `line:column` (both from 1) of an offset, for error messages. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      column = 1;
    } else column += 1;
  }
  return `${line}:${column}`;
}

/** How a token reads in an error message. */
export function describeToken(token: Token, source: string): string {
  if (token.kind === 'eof') return 'the end of the query';
  return JSON.stringify(source.slice(token.start, token.end));
}

/**
 * Scans the Logs Insights query language one token at a time. Regular expressions are scanned
 * on the parser's request ({@link Lexer.regexAt}) because `/` is also division.
 */
export class Lexer {
  constructor(readonly source: string) {}

  error(message: string, start: number, end: number): QuerySyntaxError {
    return new QuerySyntaxError(`${message} at ${lineColumn(this.source, start)}`, {
      startCharOffset: start,
      endCharOffset: Math.max(start, end - 1),
    });
  }

  /** Scans the token that starts at or after `from`. */
  scan(from: number): Token {
    const s = this.source;
    let i = from;
    // Whitespace and comments (`#` to the end of the line).
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i += 1;
      else if (c === 35) {
        while (i < s.length && s.charCodeAt(i) !== 10) i += 1;
      } else break;
    }
    if (i >= s.length) return { kind: 'eof', text: '', value: 0, start: i, end: i };
    const c = s.charCodeAt(i);
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < s.length && isIdentPart(s.charCodeAt(j))) j += 1;
      return { kind: 'ident', text: s.slice(i, j), value: 0, start: i, end: j };
    }
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) return this.number(i);
    if (c === 34 || c === 39) return this.string(i, c);
    if (c === 96) {
      const close = s.indexOf('`', i + 1);
      if (close < 0) throw this.error('Unterminated backtick-quoted field name', i, s.length);
      if (close === i + 1) throw this.error('Empty backtick-quoted field name', i, close + 1);
      return { kind: 'quoted', text: s.slice(i + 1, close), value: 0, start: i, end: close + 1 };
    }
    const two = s.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two))
      return { kind: 'op', text: two === '==' ? '=' : two, value: 0, start: i, end: i + 2 };
    const one = s[i]!;
    if (ONE_CHAR_OPS.has(one)) return { kind: 'op', text: one, value: 0, start: i, end: i + 1 };
    throw this.error(`Unexpected character ${JSON.stringify(one)}`, i, i + 1);
  }

  private number(i: number): Token {
    const s = this.source;
    let j = i;
    while (isDigit(s.charCodeAt(j))) j += 1;
    if (s.charCodeAt(j) === 46 && isDigit(s.charCodeAt(j + 1))) {
      j += 1;
      while (isDigit(s.charCodeAt(j))) j += 1;
    }
    const value = Number(s.slice(i, j));
    if (!isLetter(s.charCodeAt(j)))
      return { kind: 'number', text: s.slice(i, j), value, start: i, end: j };
    let k = j;
    while (isLetter(s.charCodeAt(k))) k += 1;
    const unit = s.slice(j, k);
    const ms = unitMilliseconds(unit);
    if (ms === undefined) {
      if (isCalendarUnit(unit))
        throw this.error(
          `The time period ${JSON.stringify(s.slice(i, k))} uses a calendar unit (month, quarter, year), which this emulator does not support; use days or weeks`,
          i,
          k,
        );
      throw this.error(
        `Unknown time unit ${JSON.stringify(unit)} in ${JSON.stringify(s.slice(i, k))}; expected ms, s, m, h, d or w (or their long forms)`,
        j,
        k,
      );
    }
    return { kind: 'period', text: s.slice(i, k), value: value * ms, start: i, end: k };
  }

  private string(i: number, quote: number): Token {
    const s = this.source;
    let out = '';
    let j = i + 1;
    for (;;) {
      if (j >= s.length) throw this.error('Unterminated string', i, s.length);
      const c = s.charCodeAt(j);
      if (c === quote) break;
      if (c === 92 && j + 1 < s.length) {
        const n = s[j + 1]!;
        if (n === 'n') out += '\n';
        else if (n === 't') out += '\t';
        else if (n === 'r') out += '\r';
        else if (n === '"' || n === "'" || n === '\\' || n === '`') out += n;
        else out += `\\${n}`;
        j += 2;
        continue;
      }
      out += s[j];
      j += 1;
    }
    return { kind: 'string', text: out, value: 0, start: i, end: j + 1 };
  }

  /** Scans a `/regex/` whose opening slash is at `start`; returns its source and end. */
  regexAt(start: number): { source: string; start: number; end: number } {
    const s = this.source;
    let j = start + 1;
    let inClass = false;
    let out = '';
    for (;;) {
      if (j >= s.length) throw this.error('Unterminated regular expression', start, s.length);
      const c = s[j]!;
      if (c === '\\' && j + 1 < s.length) {
        // `\/` is a slash inside the expression; every other escape is the regex's own.
        out += s[j + 1] === '/' ? '/' : c + s[j + 1];
        j += 2;
        continue;
      }
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      out += c;
      j += 1;
    }
    return { source: out, start, end: j + 1 };
  }
}
