import { ValidationError } from '../errors.js';
import { CloudWatchLogsLimits as L } from '../limits.js';

/**
 * A Logs Insights double-quoted string literal of `value`: backslash, quote and control
 * characters escaped, so the literal means exactly `value` whatever it holds.
 */
export function quoteString(value: string): string {
  let out = '"';
  for (const ch of value) {
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default:
        out += ch;
    }
  }
  return `${out}"`;
}

/** The commands of the Logs Insights query language (Logs Insights QL), lower-cased. */
const COMMANDS = new Set([
  'fields',
  'display',
  'filter',
  'filterindex',
  'parse',
  'stats',
  'sort',
  'limit',
  'dedup',
  'unmask',
  'unnest',
  'lookup',
  'anomaly',
  'pattern',
  'diff',
  'source',
  'head',
  'tail',
]);

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function fail(query: string, at: number, problem: string): never {
  const before = query.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  throw new ValidationError('queryString', query, `${problem} at line ${line}, column ${column}`);
}

/**
 * Checks a Logs Insights query before it is sent: not empty, at most 10,000 characters,
 * quotes, backticks, regex literals and brackets balanced, each pipe segment starting with a
 * known command. Strings and `#` comments are skipped as the service reads them. Throws a
 * `ValidationError` naming the position and the problem.
 */
export function validateQueryString(query: string): void {
  if (typeof query !== 'string' || query.trim() === '')
    throw new ValidationError('queryString', query, 'must not be empty');
  if (query.length > L.maxQueryStringLength)
    throw new ValidationError(
      'queryString',
      query,
      `must be at most ${L.maxQueryStringLength} characters (it has ${query.length})`,
    );
  const stack: Array<{ ch: string; at: number }> = [];
  let segmentStart = 0;
  const checkSegment = (end: number) => {
    const text = query.slice(segmentStart, end).replace(/#[^\n]*/g, '');
    const match = /^\s*([A-Za-z_]+)/.exec(text);
    if (!match) {
      if (text.trim() === '')
        fail(query, segmentStart, 'expected a command but the query segment is empty');
      fail(
        query,
        segmentStart + text.search(/\S/),
        'expected a command such as fields, filter or stats',
      );
    }
    if (!COMMANDS.has(match[1]!.toLowerCase())) {
      fail(
        query,
        segmentStart + match.index + match[0].length - match[1]!.length,
        `unknown command "${match[1]}" (expected one of fields, display, filter, parse, stats, sort, limit, dedup, …)`,
      );
    }
  };
  // A `/` opens a regex literal where an operand is expected, after these or at the start,
  // and anywhere in a `parse` segment (`parse @message /(?<user>\S+)/`).
  let expectOperand = true;
  const parseCommand = /(?:\s|#[^\n]*)*parse\b/iy;
  const isParse = (at: number) => {
    parseCommand.lastIndex = at;
    return parseCommand.test(query);
  };
  let inParse = isParse(0);
  for (let i = 0; i < query.length; i += 1) {
    const c = query[i]!;
    if (c === '#') {
      while (i < query.length && query[i] !== '\n') i += 1;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const start = i;
      // Strings take backslash escapes; a backtick name ends at the next backtick.
      for (i += 1; i < query.length && query[i] !== c; i += 1)
        if (query[i] === '\\' && c !== '`') i += 1;
      if (i >= query.length)
        fail(
          query,
          start,
          `unterminated ${c === '`' ? 'backtick name' : 'string'} (${c} is never closed)`,
        );
      expectOperand = false;
      continue;
    }
    if (c === '/' && (expectOperand || inParse)) {
      const start = i;
      // `/` inside a character class does not close the expression.
      let inClass = false;
      for (i += 1; i < query.length && (inClass || query[i] !== '/'); i += 1) {
        const r = query[i];
        if (r === '\\') i += 1;
        else if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '\n')
          fail(query, start, 'unterminated regular expression (/ is never closed)');
      }
      if (i >= query.length)
        fail(query, start, 'unterminated regular expression (/ is never closed)');
      expectOperand = false;
      continue;
    }
    if (c in CLOSER) stack.push({ ch: c, at: i });
    else if (c === ')' || c === ']' || c === '}') {
      const open = stack.pop();
      if (!open) fail(query, i, `unmatched '${c}'`);
      if (CLOSER[open.ch] !== c)
        fail(query, i, `'${c}' closes '${open.ch}' opened at offset ${open.at}`);
    } else if (c === '|' && stack.length === 0) {
      checkSegment(i);
      segmentStart = i + 1;
      inParse = isParse(segmentStart);
    }
    if (/\s/.test(c)) continue;
    expectOperand =
      /[(,=<>!~|[+\-*%]/.test(c) ||
      /\b(like|and|or|not|in)$/i.test(query.slice(Math.max(0, i - 4), i + 1));
  }
  const open = stack.pop();
  if (open) fail(query, open.at, `'${open.ch}' is never closed`);
  checkSegment(query.length);
}
