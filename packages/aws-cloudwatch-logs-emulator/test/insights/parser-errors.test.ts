import { describe, expect, it } from 'vitest';
import { createInsightsQueryEngine, QuerySyntaxError } from '../../src/index.js';
import { parseQuery } from '../../src/insights/parser.js';

const engine = createInsightsQueryEngine();
const prepare = (query: string) => engine.prepare(query, { queryLanguage: 'CWLI' });

function errorOf(query: string): QuerySyntaxError {
  try {
    prepare(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`${query} was accepted`);
}

describe('syntax errors say what was expected, where', () => {
  it.each([
    ['', 'The query is empty: expected a command such as fields, filter or stats at 1:1', 0, 0],
    [
      '   # only a comment',
      'The query is empty: expected a command such as fields, filter or stats at 1:1',
      0,
      0,
    ],
    ['fields', 'Expected a field or an expression but found the end of the query at 1:7', 6, 6],
    ['fields a,', 'Expected a field or an expression but found the end of the query at 1:10', 9, 9],
    [
      'fields a | ',
      'Expected a command (fields, filter, stats, sort, limit, parse, display, dedup) but found the end of the query at 1:12',
      11,
      11,
    ],
    [
      'fieldz a',
      'Expected a command (fields, filter, stats, sort, limit, parse, display, dedup) but found "fieldz" at 1:1',
      0,
      5,
    ],
    ['filter a = 1 b', 'Expected "|" or the end of the query but found "b" at 1:14', 13, 13],
    [
      'filter a = ',
      'Expected a field, a value or an expression but found the end of the query at 1:12',
      11,
      11,
    ],
    ['filter (a = 1', 'Expected ")" but found the end of the query at 1:14', 13, 13],
    [
      'filter a like 5',
      'Expected a "string" or a /regular expression/ to match but found "5" at 1:15',
      14,
      14,
    ],
    ['filter a in [1, 2', 'Expected "," or "]" but found the end of the query at 1:18', 17, 17],
    [
      'stats count(*) by',
      'Expected a field or bin(period) to group by but found the end of the query at 1:18',
      17,
      17,
    ],
    [
      'stats count(*) as',
      'Expected a name after "as" but found the end of the query at 1:18',
      17,
      17,
    ],
    ['limit 0', 'Expected a positive whole number of results but found "0" at 1:7', 6, 6],
    [
      'limit 10001',
      'The limit 10001 is more than the 10000 results a query can return at 1:7',
      6,
      10,
    ],
    [
      'parse @message "a*b*" as x',
      'The parse pattern has 2 "*" but 1 field name follow "as" at 1:16',
      15,
      25,
    ],
    ['parse @message "ab" as x', 'The parse pattern has no "*" to extract at 1:16', 15, 18],
    [
      'parse @message /(a)/',
      'The parse regular expression has no named capturing group such as (?<name>...) at 1:16',
      15,
      19,
    ],
    ['filter x like /(?<x>[/', 'Unterminated regular expression at 1:15', 14, 21],
    ['fields nope(a)', 'Unknown function nope() at 1:8', 7, 13],
    ['fields strlen(a, b)', 'strlen() takes 1 argument, not 2 at 1:8', 7, 18],
    [
      'fields count(*)',
      'count() is an aggregate function: use it in a stats command at 1:8',
      7,
      14,
    ],
    [
      'stats count(*) by bin(5x)',
      'Unknown time unit "x" in "5x"; expected ms, s, m, h, d or w (or their long forms) at 1:24',
      23,
      23,
    ],
    ['dedup a | sort b', 'Only limit may follow dedup, but sort does at 1:11', 10, 15],
    ['sort a desc,', 'Expected a field to sort by but found the end of the query at 1:13', 12, 12],
    ['fields "unterminated', 'Unterminated string at 1:8', 7, 19],
    ['fields `x', 'Unterminated backtick-quoted field name at 1:8', 7, 8],
    ['fields a ! b', 'Unexpected character "!" at 1:10', 9, 9],
    [
      'stats pct(a)',
      'pct() takes a field and a percentile, such as pct(latency, 95) at 1:7',
      6,
      11,
    ],
    ['stats pct(a, 101)', 'The percentile of pct() must be a number from 0 to 100 at 1:14', 13, 15],
    [
      'display a\n| filter b = ',
      'Expected a field, a value or an expression but found the end of the query at 2:14',
      23,
      23,
    ],
    [
      'fields a\n  | stats sum(',
      'Expected a field, a value or an expression but found the end of the query at 2:15',
      23,
      23,
    ],
    ['filter x like /a(?x)b/', 'The (?x) flag (free spacing) is not supported at 1:15', 14, 21],
  ])('%j', (query, message, start, end) => {
    const error = errorOf(query);
    expect(error.message).toBe(message);
    expect(error.location).toEqual({ startCharOffset: start, endCharOffset: end });
    expect(error.code).toBe('MalformedQueryException');
  });

  it('names what it does not support rather than misreading it', () => {
    expect(errorOf('pattern @message').message).toContain('The pattern command is not supported');
    expect(errorOf('stats count(*) by bin(1mo)').message).toContain('calendar unit');
    expect(errorOf('fields a | unnest b').message).toContain('The unnest command is not supported');
    expect(engine.prepare.bind(engine, 'SELECT 1', { queryLanguage: 'SQL' })).toThrow(/CWLI/);
  });
});

describe('what parses', () => {
  it('reads commands case-insensitively, comments, and where as filter', () => {
    const q = parseQuery(
      'FIELDS a # the first\n| WHERE a > 1 # a comment\n| Sort a DESC | LIMIT 5',
    );
    expect(q.commands.map((c) => c.kind)).toEqual(['fields', 'filter', 'sort', 'limit']);
  });

  it('converts time periods to milliseconds', () => {
    const q = parseQuery(
      'fields datefloor(@timestamp, 5m), datefloor(@timestamp, 2hrs), bin(30s), bin(100ms), bin(1d), bin(1w)',
    );
    const command = q.commands[0]!;
    if (command.kind !== 'fields') throw new Error('fields expected');
    const periods = command.items.map((i) => {
      if (i.expr.kind !== 'call') throw new Error('call expected');
      const last = i.expr.args[i.expr.args.length - 1]!;
      return last.kind === 'literal' ? last.value : undefined;
    });
    expect(periods).toEqual([300_000, 7_200_000, 30_000, 100, 86_400_000, 604_800_000]);
  });

  it('names unaliased expressions by their text and aliased ones by the alias', () => {
    const q = parseQuery('stats count ( * ), avg(x) as mean by bin(5m), `a-b`');
    const command = q.commands[0]!;
    if (command.kind !== 'stats') throw new Error('stats expected');
    expect(command.items.map((i) => i.name)).toEqual(['count(*)', 'mean']);
    expect(command.by.map((i) => i.name)).toEqual(['bin(5m)', 'a-b']);
  });

  it('gives arithmetic its usual precedence', () => {
    const q = parseQuery('fields 1 + 2 * 3 ^ 2 - -4 % 3 as n');
    const command = q.commands[0]!;
    if (command.kind !== 'fields') throw new Error('fields expected');
    const show = (e: import('../../src/insights/ast.js').Expr): string =>
      e.kind === 'binary'
        ? `(${show(e.left)} ${e.op} ${show(e.right)})`
        : e.kind === 'literal'
          ? String(e.value)
          : e.kind;
    expect(show(command.items[0]!.expr)).toBe('((1 + (2 * (3 ^ 2))) - (-4 % 3))');
  });
});
