import { describe, expect, it } from 'vitest';
import {
  compileFilterPattern,
  FilterPatternError,
  splitFields,
} from '../src/filter-pattern/index.js';

const refusal = (pattern: string): FilterPatternError => {
  try {
    compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(pattern)} to be refused`);
};

describe('compileFilterPattern', () => {
  it('reports the language and keeps the source', () => {
    expect(compileFilterPattern('').kind).toBe('all');
    expect(compileFilterPattern('   ').kind).toBe('all');
    expect(compileFilterPattern('ERROR').kind).toBe('terms');
    expect(compileFilterPattern(' %a% ').kind).toBe('regex');
    expect(compileFilterPattern(' { $.a = 1 } ').kind).toBe('json');
    expect(compileFilterPattern('[a]').kind).toBe('space-delimited');
    expect(compileFilterPattern('  ERROR ').source).toBe('  ERROR ');
  });

  it('FilterPatternError has a stable name, code, the pattern and the position', () => {
    const error = refusal('{ $.a = 1 && }');
    expect(error.name).toBe('FilterPatternError');
    expect(error.code).toBe('InvalidFilterPattern');
    expect(error.pattern).toBe('{ $.a = 1 && }');
    expect(error.position).toBe(13);
    expect(error.message).toBe(
      "Invalid filter pattern: expected a selector such as $.field, $.list[0].name or $.['key.with.dots'] but the pattern ended (at position 13)",
    );
  });

  it.each([
    ['{ $.a = 1', "If a filter pattern starts with '{' it must end with '}'"],
    ['[a, b', "If a filter pattern starts with '[' it must end with ']'"],
    ['{}', 'must contain a condition'],
    [
      '{ level = 1 }',
      "expected a selector such as $.field, $.list[0].name or $.['key.with.dots'] but found 'level = 1'",
    ],
    ['{ $.a }', 'expected a comparison operator'],
    ['{ $.a == 1 }', "'==' is not an operator"],
    ['{ $.a = }', "expected a value after '='"],
    ['{ $.a = 1 $.b = 2 }', "expected && or || between conditions but found '$.b = 2'"],
    ['{ ($.a = 1 }', "missing ')'"],
    ['{ $.a = 1) }', "unmatched ')'"],
    ['{ $.a > abc }', "'>' compares numbers; 'abc' is not a number"],
    ['{ $.a <= "5" }', "'<=' compares numbers"],
    ['{ $.a > %5% }', 'a regular expression can only be used with = or !='],
    ['{ $.a = "open }', 'never closed'],
    ['{ $.a = user@example.com }', "contains '@'; enclose values"],
    ['{ $.a IS MAYBE }', 'expected NULL, TRUE or FALSE after IS'],
    ['{ $.a NOT THERE }', 'expected EXISTS after NOT'],
    ['{ $.a = %abc }', 'regular expression opened with % is never closed'],
    ['{ $.a = %% }', 'must not be empty'],
    ['[a b]', "expected a comparison operator (=, !=, <, >, <=, >=) but found 'b'"],
    ['[a = 1 b]', "expected ',' between fields but found 'b'"],
    ['[a, b IS NULL]', 'only apply to JSON patterns'],
    ['[a, #b]', "expected a field name, '...' or ','"],
    ['[a, b > x]', "'>' compares numbers; 'x' is not a number"],
    ['%a[%', 'invalid regular expression'],
    ['%a\\q%', "unsupported escape '\\q'"],
    ['%a\\x4%', '\\x must be followed by two hexadecimal digits'],
    ['%ab\\%', 'must not end with \\'],
    ['%a b%', "' ' is not supported"],
    ['"unterminated', 'never closed'],
    ['"a"b', 'expected a space after the quoted term'],
    ['ERROR -', "'-' must be followed by the term to exclude"],
    ['a[b]', "Invalid character(s) in term 'a[b]'"],
    ['%notclosed', "Invalid character(s) in term '%notclosed'"],
    ['? x', "Invalid character(s) in term '?'"],
  ])('refuses %s', (pattern, reason) => {
    const error = refusal(pattern);
    expect(error.message).toContain(reason);
    expect(
      error.message.startsWith('Invalid filter pattern') ||
        error.message.startsWith('If a filter pattern'),
    ).toBe(true);
  });

  it('refuses a pattern that is not a string', () => {
    expect(() => compileFilterPattern(42 as unknown as string)).toThrow(FilterPatternError);
  });
});

describe('terms', () => {
  it('with a required term, ?-terms are ignored', () => {
    const p = compileFilterPattern('ERROR ?WARN');
    expect(p.matches('ERROR only')).toBe(true);
    expect(p.matches('WARN only')).toBe(false);
  });

  it('only exclusions match everything else', () => {
    const p = compileFilterPattern('-DEBUG -TRACE');
    expect(p.matches('INFO started')).toBe(true);
    expect(p.matches('DEBUG x')).toBe(false);
    expect(p.matches('x TRACE')).toBe(false);
  });

  it('?-terms with exclusions', () => {
    const p = compileFilterPattern('?ERROR ?WARN -health');
    expect(p.matches('ERROR x')).toBe(true);
    expect(p.matches('WARN health check')).toBe(false);
    expect(p.matches('INFO x')).toBe(false);
  });

  it('quoted terms may escape quotes and backslashes, and be optional or excluded', () => {
    expect(compileFilterPattern('"say \\"hi\\""').matches('they say "hi" twice')).toBe(true);
    expect(compileFilterPattern('"C:\\\\temp"').matches('path C:\\temp')).toBe(true);
    expect(compileFilterPattern('?"a b" ?"c d"').matches('x c d')).toBe(true);
    expect(compileFilterPattern('ERROR -"not found"').matches('ERROR not found')).toBe(false);
    expect(compileFilterPattern('-" "').matches('anything')).toBe(false);
  });

  it('unquoted terms may hold - . : / and non-ASCII letters', () => {
    expect(compileFilterPattern('10.0.0.1').matches('from 10.0.0.1:22')).toBe(true);
    expect(compileFilterPattern('req-42 /api/v1 café').matches('café req-42 GET /api/v1/x')).toBe(
      true,
    );
  });

  it('tabs and newlines separate terms', () => {
    expect(compileFilterPattern('a\tb\nc').matches('c b a')).toBe(true);
  });
});

describe('JSON patterns', () => {
  it('needs the whole message to be a JSON object or array', () => {
    const p = compileFilterPattern('{ $.level NOT EXISTS }');
    expect(p.matches('{"other":1}')).toBe(true);
    expect(p.matches('  \n{"other":1}  ')).toBe(true);
    expect(p.matches('level: ERROR')).toBe(false);
    expect(p.matches('{not json')).toBe(false);
    expect(p.matches('"a string"')).toBe(false);
    expect(p.matches('INFO {"other":1}')).toBe(false);
  });

  it('a top-level array is addressed with $[n]', () => {
    expect(compileFilterPattern('{ $[1].a = "x" }').matches('[{"a":"y"},{"a":"x"}]')).toBe(true);
  });

  it('keys with other characters use bracket notation', () => {
    const e = '{"cluster.name":"c1","@timestamp":"t","a":{"b c":2}}';
    expect(compileFilterPattern('{ $.[\'cluster.name\'] = "c1" }').matches(e)).toBe(true);
    expect(compileFilterPattern('{ $["@timestamp"] = t }').matches(e)).toBe(true);
    expect(compileFilterPattern("{ $.a['b c'] = 2 }").matches(e)).toBe(true);
    expect(compileFilterPattern('{ $.cluster.name = "c1" }').matches(e)).toBe(false);
  });

  it('keys are own properties, never the prototype chain', () => {
    expect(compileFilterPattern('{ $.toString EXISTS }').matches('{"a":1}')).toBe(false);
    expect(compileFilterPattern('{ $.constructor NOT EXISTS }').matches('{"a":1}')).toBe(true);
    expect(compileFilterPattern('{ $.__proto__ = 1 }').matches('{"__proto__":1}')).toBe(true);
  });

  it('numbers compare with numbers; a numeric string equals the number it spells', () => {
    expect(compileFilterPattern('{ $.code = 400 }').matches('{"code":"400"}')).toBe(true);
    expect(compileFilterPattern('{ $.code = 400 }').matches('{"code":400.0}')).toBe(true);
    expect(compileFilterPattern('{ $.code = 4e2 }').matches('{"code":400}')).toBe(true);
    expect(compileFilterPattern('{ $.code = "400" }').matches('{"code":400}')).toBe(true);
    expect(compileFilterPattern('{ $.code > 100 }').matches('{"code":"400"}')).toBe(false);
    expect(compileFilterPattern('{ $.code = 400 }').matches('{"code":true}')).toBe(false);
    expect(compileFilterPattern('{ $.n < -1.5 }').matches('{"n":-2}')).toBe(true);
    expect(compileFilterPattern('{ $.n >= .5 }').matches('{"n":0.5}')).toBe(true);
  });

  it('= and != fail on null, objects, arrays and missing fields', () => {
    for (const e of ['{"a":null}', '{"a":{}}', '{"a":[]}', '{"b":1}']) {
      expect(compileFilterPattern('{ $.a = * }').matches(e)).toBe(false);
      expect(compileFilterPattern('{ $.a != "x" }').matches(e)).toBe(false);
    }
    expect(compileFilterPattern('{ $.a = * }').matches('{"a":0}')).toBe(true);
    expect(compileFilterPattern('{ $.a = * }').matches('{"a":""}')).toBe(true);
  });

  it('booleans compare by their text too', () => {
    expect(compileFilterPattern('{ $.ok = true }').matches('{"ok":true}')).toBe(true);
    expect(compileFilterPattern('{ $.ok != true }').matches('{"ok":false}')).toBe(true);
    expect(compileFilterPattern('{ $.ok IS TRUE }').matches('{"ok":"true"}')).toBe(false);
  });

  it('keywords are case-insensitive and spacing is free', () => {
    expect(compileFilterPattern('{$.a is null}').matches('{"a":null}')).toBe(true);
    expect(compileFilterPattern('{$.a not   exists}').matches('{}')).toBe(true);
    expect(compileFilterPattern('{$.a=1&&$.b!=2||$.c>=3}').matches('{"c":3}')).toBe(true);
  });

  it('regular expressions on the right-hand side', () => {
    const p = compileFilterPattern('{ $.path = %^/api/v[0-9]+/% && $.status != %^2% }');
    expect(p.matches('{"path":"/api/v2/users","status":"500"}')).toBe(true);
    expect(p.matches('{"path":"/api/v2/users","status":"201"}')).toBe(false);
    expect(p.matches('{"path":"/web","status":"500"}')).toBe(false);
    expect(compileFilterPattern('{ $.code = %^40[0-9]$% }').matches('{"code":404}')).toBe(true);
  });

  it('escaped strings in messages still match (the raw-text pre-check steps aside)', () => {
    const p = compileFilterPattern('{ $.level = "ERROR" }');
    expect(p.matches('{"level":"\\u0045RROR"}')).toBe(true);
    expect(p.matches('{"level":"WARN","msg":"no ERROR here"}')).toBe(false);
    expect(
      compileFilterPattern('{ $.msg = "say \\"hi\\"" }').matches('{"msg":"say \\"hi\\""}'),
    ).toBe(true);
  });

  it('the pre-check never hides a match behind || or a != branch', () => {
    const p = compileFilterPattern('{ $.level = "ERROR" || $.code != 200 }');
    expect(p.matches('{"level":"INFO","code":500}')).toBe(true);
    const q = compileFilterPattern('{ $.id = "12" }');
    expect(q.matches('{"id":12}')).toBe(true);
  });

  it('deep nesting and long indexes', () => {
    const deep = `{"a":${'['.repeat(50)}7${']'.repeat(50)}}`;
    expect(compileFilterPattern(`{ $.a${'[0]'.repeat(50)} = 7 }`).matches(deep)).toBe(true);
    expect(compileFilterPattern('{ $.a[99999999999999999999] EXISTS }').matches('{"a":[1]}')).toBe(
      false,
    );
  });
});

describe('space-delimited patterns', () => {
  it('splits fields at spaces, keeping [..] and ".." together without their delimiters', () => {
    expect(splitFields('  a  [b c] "d e"  f[g h] "unclosed x')).toEqual([
      'a',
      'b c',
      'd e',
      'f[g',
      'h]',
      '"unclosed',
      'x',
    ]);
    expect(splitFields('')).toEqual([]);
    expect(splitFields('a\tb')).toEqual(['a', 'b']);
  });

  it('numeric conditions need numeric fields; = with a number also accepts the same text', () => {
    const p = compileFilterPattern('[a, b > 10]');
    expect(p.matches('x 11')).toBe(true);
    expect(p.matches('x eleven')).toBe(false);
    expect(compileFilterPattern('[a = 5]').matches('5.0')).toBe(true);
    expect(compileFilterPattern('[a = 05]').matches('05')).toBe(true);
    expect(compileFilterPattern('[a != 5]').matches('6')).toBe(true);
  });

  it('quoted values, parentheses and unnamed fields', () => {
    const p = compileFilterPattern(
      '[, method = "GET /x" || (method = POST* && method != "POST /admin"), ...]',
    );
    expect(p.matches('1 "GET /x" a b')).toBe(true);
    expect(p.matches('1 "POST /y"')).toBe(true);
    expect(p.matches('1 "POST /admin"')).toBe(false);
  });

  it('several ellipses', () => {
    const p = compileFilterPattern('[..., level = ERROR, ..., code = 5*, ...]');
    expect(p.matches('t1 t2 ERROR x y 503 z')).toBe(true);
    expect(p.matches('t1 t2 ERROR x y 404 z')).toBe(false);
    expect(p.extract('t1 ERROR 500 z', '$code')?.value).toBe(500);
    const many = compileFilterPattern(
      `[${Array.from({ length: 12 }, () => '...').join(', ')}, last = never]`,
    );
    expect(many.matches(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '))).toBe(false);
  });
});

describe('metric extraction', () => {
  const json = compileFilterPattern('{ $.latency > 0 }');

  it('publishes a constant, or a numeric value from the event', () => {
    expect(json.extract('{"latency":12.5}', '1')).toEqual({ value: 1, dimensions: {} });
    expect(json.extract('{"latency":12.5}', '2.5')).toEqual({ value: 2.5, dimensions: {} });
    expect(json.extract('{"latency":12.5}', '$.latency')).toEqual({ value: 12.5, dimensions: {} });
    expect(
      compileFilterPattern('{ $.latency = * }').extract('{"latency":"12"}', '$.latency'),
    ).toEqual({
      value: 12,
      dimensions: {},
    });
    expect(json.extract('{"latency":0}', '$.latency')).toBeUndefined();
  });

  it('publishes nothing when the value is missing or not a number', () => {
    expect(json.extract('{"latency":5,"size":"big"}', '$.size')).toBeUndefined();
    expect(json.extract('{"latency":5}', '$.size')).toBeUndefined();
    expect(json.extract('{"latency":5,"size":[1]}', '$.size')).toBeUndefined();
  });

  it('reads dimensions from JSON fields', () => {
    const e = '{"latency":5,"server":"web-1","port":8080,"tls":true}';
    expect(
      json.extract(e, '$.latency', { Server: '$.server', Port: '$.port', Tls: '$.tls' }),
    ).toEqual({
      value: 5,
      dimensions: { Server: 'web-1', Port: '8080', Tls: 'true' },
    });
    expect(json.extract('{"latency":5}', '$.latency', { Server: '$.server' })).toBeUndefined();
  });

  it('refuses transformations that do not fit the pattern', () => {
    expect(() => compileFilterPattern('ERROR').extract('ERROR', '1', { a: '$.a' })).toThrow(
      'The specified filter pattern does not support dimensions',
    );
    expect(() => compileFilterPattern('ERROR').checkMetricTransformation('$.latency')).toThrow(
      /only be used with a JSON filter pattern/,
    );
    expect(() => json.checkMetricTransformation('$size')).toThrow(
      /only be used with a space-delimited/,
    );
    expect(() => compileFilterPattern('[a, b]').checkMetricTransformation('$c')).toThrow(
      /no field named 'c'/,
    );
    expect(() => json.checkMetricTransformation('latency')).toThrow(/use a number/);
    expect(() => json.checkMetricTransformation('$.')).toThrow(/not a JSON selector/);
    expect(() => json.checkMetricTransformation('1', { d: 'server' })).toThrow(/must name a field/);
    expect(() => json.checkMetricTransformation('1', { d: '$.server' })).not.toThrow();
    expect(() =>
      compileFilterPattern('[a, b]').checkMetricTransformation('$b', { A: '$a', P: '$2' }),
    ).not.toThrow();
  });

  it('term and regex patterns publish constants', () => {
    expect(compileFilterPattern('ERROR').extract('ERROR x', '1')).toEqual({
      value: 1,
      dimensions: {},
    });
    expect(compileFilterPattern('%ERR%').extract('ERR', '3')).toEqual({ value: 3, dimensions: {} });
    expect(compileFilterPattern('%ERR%').extract('OK', '3')).toBeUndefined();
    expect(compileFilterPattern('').extract('anything', '1')).toEqual({ value: 1, dimensions: {} });
  });
});

describe('splitFields limit', () => {
  it('stops after the given number of fields', () => {
    expect(splitFields('a b c d', 2)).toEqual(['a', 'b']);
    expect(compileFilterPattern('[a, b]').matches('x y z')).toBe(false);
    expect(compileFilterPattern('[a, b]').matches('x y')).toBe(true);
  });
});

describe('regexCount', () => {
  it('counts the %regex% a pattern holds', () => {
    expect(compileFilterPattern('ERROR').regexCount).toBe(0);
    expect(compileFilterPattern('').regexCount).toBe(0);
    expect(compileFilterPattern('%ERR%').regexCount).toBe(1);
    expect(compileFilterPattern('{ $.a = %x% && $.b = %y% }').regexCount).toBe(2);
    expect(compileFilterPattern('[a = %x%, b]').regexCount).toBe(1);
  });
});
