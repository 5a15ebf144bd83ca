import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, fn } from './functions-helpers.js';

describe('string functions: the documented examples', () => {
  it('trims characters of a set, not a prefix', () => {
    expect(call('ltrim', 'xyZxyfooxyZ', 'xyZ')).toBe('fooxyZ');
    expect(call('rtrim', 'xyZfooxyxyZ', 'xyZ')).toBe('xyZfoo');
    expect(call('trim', 'xyZxyfooxyxyZ', 'xyZ')).toBe('foo');
  });

  it('takes substrings from a 0-based index, with an optional length', () => {
    expect(call('substr', 'xyZfooxyZ', 3, 3)).toBe('foo');
    expect(call('substr', 'xyZfooxyZ', 3)).toBe('fooxyZ');
  });

  it('replaces every instance', () => {
    expect(call('replace', 'foo', 'o', '0')).toBe('f00');
    expect(call('replace', 'smoke_test-1 smoke_test-2', 'smoke_test', 'Smoke')).toBe(
      'Smoke-1 Smoke-2',
    );
  });

  it('answers strcontains with 1 or 0, case-insensitively on request', () => {
    expect(call('strcontains', 'Hello World', 'World')).toBe(1);
    expect(call('strcontains', 'Hello World', 'world')).toBe(0);
    expect(call('strcontains', 'Hello World', 'world', true)).toBe(1);
    expect(call('startsWith', 'GET /health', 'GET ')).toBe(1);
    expect(call('endsWith', 'GET /health', 'GET')).toBe(0);
  });

  it('concatenates', () => {
    expect(call('concat', 'a', 'b', 'c')).toBe('abc');
    expect(call('concat', 'status=', 200)).toBe('status=200');
  });

  it('converts case and counts code points', () => {
    expect(call('toupper', 'abc')).toBe('ABC');
    expect(call('tolower', 'ÀBC')).toBe('àbc');
    expect(call('strlen', 'héllo')).toBe(5);
    expect(call('strlen', 'a😀b')).toBe(3);
  });
});

describe('string functions: absent fields and odd values', () => {
  it('isempty and isblank answer 1 for missing, empty and (isblank) white space only', () => {
    expect(call('isempty', undefined)).toBe(1);
    expect(call('isempty', '')).toBe(1);
    expect(call('isempty', ' ')).toBe(0);
    expect(call('isempty', 0)).toBe(0);
    expect(call('isblank', undefined)).toBe(1);
    expect(call('isblank', ' \t\n')).toBe(1);
    expect(call('isblank', ' x ')).toBe(0);
    expect(fn('isempty').returns(['string'])).toBe('number');
  });

  it('propagates absence instead of inventing text', () => {
    for (const name of ['toupper', 'tolower', 'trim', 'ltrim', 'rtrim', 'strlen']) {
      expect(call(name, undefined)).toBeUndefined();
    }
    expect(call('substr', undefined, 1)).toBeUndefined();
    expect(call('substr', 'abc', undefined)).toBeUndefined();
    expect(call('replace', undefined, 'a', 'b')).toBeUndefined();
    expect(call('strcontains', undefined, 'a')).toBeUndefined();
    expect(call('concat', undefined, undefined)).toBeUndefined();
    expect(call('concat', 'a', undefined, 'b')).toBe('ab');
  });

  it('reads numbers and booleans as text', () => {
    expect(call('strlen', 12345)).toBe(5);
    expect(call('toupper', 1.5)).toBe('1.5');
    expect(call('concat', true, false)).toBe('10');
  });

  it('keeps white-space trimming without a second argument only', () => {
    expect(call('trim', '  a b  ')).toBe('a b');
    expect(call('ltrim', '  a  ')).toBe('a  ');
    expect(call('rtrim', '  a  ')).toBe('  a');
    expect(call('trim', '  xa  ', 'x')).toBe('  xa  ');
  });

  it('clamps odd substr bounds and counts code points there too', () => {
    expect(call('substr', 'abc', -2)).toBe('abc');
    expect(call('substr', 'abc', 10)).toBe('');
    expect(call('substr', 'abc', 1, -1)).toBe('');
    expect(call('substr', 'abc', 1.9, 1.9)).toBe('b');
    expect(call('substr', '😀😁😂', 1, 1)).toBe('😁');
  });

  it('replaces literally: no patterns, no $ substitutions', () => {
    expect(call('replace', 'a.b.c', '.', '-')).toBe('a-b-c');
    expect(call('replace', 'a*b', '*', '$&$1')).toBe('a$&$1b');
    expect(call('replace', '(x)', '(x)', 'y')).toBe('y');
  });

  it('regexReplace uses the pattern and its groups; a bad pattern gives absent', () => {
    expect(call('regexReplace', 'id=123 id=456', 'id=(\\d+)', 'n=$1')).toBe('n=123 n=456');
    expect(call('regexReplace', 'abc', '(', 'x')).toBeUndefined();
    expect(call('regexReplace', 'aaa', 'a', 'b')).toBe('bbb');
    expect(call('regexReplace', 'aaa', 'a', 'b')).toBe('bbb');
  });

  it('encodes and decodes', () => {
    expect(call('urlencode', 'a b&c=d/é')).toBe('a%20b%26c%3Dd%2F%C3%A9');
    expect(call('urldecode', 'a%20b+c')).toBe('a b c');
    expect(call('urldecode', '%E0%A4%A')).toBeUndefined();
    expect(call('base64encode', 'hello')).toBe('aGVsbG8=');
    expect(call('base64decode', 'aGVsbG8=')).toBe('hello');
    expect(call('base64decode', 'not base64!')).toBeUndefined();
    expect(call('hexToAscii', '48656c6c6f')).toBe('Hello');
    expect(call('hexToAscii', 'abc')).toBeUndefined();
    expect(call('hexToDec', '0xff')).toBe(255);
    expect(call('hexToDec', 'FF')).toBe(255);
    expect(call('hexToDec', 'zz')).toBeUndefined();
    expect(call('decToHex', 255)).toBe('0xff');
    expect(call('decToHex', -255)).toBe('-0xff');
    expect(call('decToHex', 15.9)).toBe('0xf');
  });

  it('never throws, whatever the arguments', () => {
    const value = fc.oneof(
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.constant(undefined),
      fc.integer(),
    );
    const names = [
      'strlen',
      'toupper',
      'tolower',
      'trim',
      'ltrim',
      'rtrim',
      'concat',
      'substr',
      'replace',
      'regexReplace',
      'strcontains',
      'startsWith',
      'endsWith',
      'isempty',
      'isblank',
      'urlencode',
      'urldecode',
      'base64encode',
      'base64decode',
      'hexToAscii',
      'hexToDec',
      'decToHex',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(value, { maxLength: 4 }), (name, args) => {
        const out = call(name, ...args);
        expect(['string', 'number', 'boolean', 'undefined']).toContain(typeof out);
      }),
    );
  });

  it('strlen agrees with the code point count of any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(call('strlen', s)).toBe(Array.from(s).length);
      }),
    );
  });

  it('replace agrees with split and join', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string(), (s, search, by) => {
        expect(call('replace', s, search, by)).toBe(s.split(search).join(by));
      }),
    );
  });
});
