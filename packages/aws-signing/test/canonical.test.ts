import { describe, expect, it } from 'vitest';
import {
  canonicalHeaderValue,
  canonicalQuery,
  canonicalUri,
  createCanonicalRequest,
  uriEncode,
  uriEncodePath,
} from '../src/index.js';

describe('uriEncode', () => {
  it('leaves the unreserved characters and encodes every other byte of the UTF-8 form, upper-case', () => {
    expect(uriEncode('AZaz09-._~')).toBe('AZaz09-._~');
    expect(uriEncode("a b/c+d=e&f*g!h'i(j)k%")).toBe(
      'a%20b%2Fc%2Bd%3De%26f%2Ag%21h%27i%28j%29k%25',
    );
    expect(uriEncode('ሴ😀é')).toBe('%E1%88%B4%F0%9F%98%80%C3%A9');
    expect(uriEncode('\u0000\u007f')).toBe('%00%7F');
  });

  it('agrees with encodeURIComponent plus the RFC 3986 reserved extras on well-formed text', () => {
    const sample = [...Array(0x3000).keys()].map((c) => String.fromCharCode(c)).join('') + '😀𝄞';
    const reference = encodeURIComponent(sample).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    expect(uriEncode(sample)).toBe(reference);
  });

  it('encodes a lone surrogate as U+FFFD instead of throwing', () => {
    expect(uriEncode('a\ud800b')).toBe('a%EF%BF%BDb');
  });

  it('keeps slashes in paths only', () => {
    expect(uriEncodePath('/a b/c%2F')).toBe('/a%20b/c%252F');
    expect(uriEncode('/a')).toBe('%2Fa');
  });
});

describe('canonicalUri', () => {
  it.each([
    ['', '/'],
    ['/', '/'],
    ['//', '/'],
    ['/./', '/'],
    ['/a/./b/../c', '/a/c'],
    ['/a/b/../../..', '/'],
    ['//a//b//', '/a/b/'],
    ['/a/..', '/'],
    ['/../a', '/a'],
    ['/.a/..b/...', '/.a/..b/...'],
    ['a/b', '/a/b'],
    ['/example space/', '/example%20space/'],
    ['/%2F%20', '/%252F%2520'],
  ])('normalizes and double-encodes %j by default into %j', (path, expected) => {
    expect(canonicalUri(path)).toBe(expected);
  });

  it('keeps dot and empty segments with normalizePath false, and encoding with doubleEncodePath false', () => {
    expect(canonicalUri('//a/./b/../', { normalizePath: false })).toBe('//a/./b/../');
    expect(canonicalUri('/my%20key/ä', { doubleEncodePath: false, normalizePath: false })).toBe(
      '/my%20key/ä',
    );
    expect(canonicalUri('/a//b', { doubleEncodePath: false })).toBe('/a/b');
  });
});

describe('canonicalQuery', () => {
  it('encodes, sorts by key then value, keeps repeated keys and empty values', () => {
    expect(canonicalQuery({ b: ['2', '10', ''], a: '', 'A b': 'x y', ሴ: 'bar', c: [] })).toBe(
      '%E1%88%B4=bar&A%20b=x%20y&a=&b=&b=10&b=2',
    );
  });

  it('sorts by the encoded bytes, so upper case comes before lower case', () => {
    expect(
      canonicalQuery({ Param2: 'value2', Param1: 'value1', param: 'x', '~': '1', '-': '2' }),
    ).toBe('-=2&Param1=value1&Param2=value2&param=x&~=1');
  });

  it('never includes X-Amz-Signature', () => {
    expect(canonicalQuery({ 'X-Amz-Signature': 'abc', a: '1' })).toBe('a=1');
    expect(canonicalQuery(undefined)).toBe('');
    expect(canonicalQuery({})).toBe('');
  });
});

describe('canonicalHeaderValue', () => {
  it.each([
    ['value', 'value'],
    ['  value  ', 'value'],
    ['a   b\t\tc', 'a b c'],
    ['value1\n  value2\n     value3', 'value1 value2 value3'],
    ['a\r\n\tb', 'a b'],
    [' ', ''],
    ['', ''],
    ['a\u00a0b', 'a\u00a0b'],
  ])('turns %j into %j', (value, expected) => {
    expect(canonicalHeaderValue(value)).toBe(expected);
  });
});

describe('createCanonicalRequest', () => {
  it('lists exactly the signed headers, in the order given, with missing ones empty', () => {
    const canonical = createCanonicalRequest(
      {
        method: 'GET',
        hostname: 'example.amazonaws.com',
        path: '/a b',
        query: { z: '1', a: ['2', '1'] },
        headers: {
          Host: 'example.amazonaws.com',
          'X-Amz-Date': '20150830T123600Z',
          'X-Other': 'no',
          'my-h': ['x ', ' y'],
        },
      },
      {
        signedHeaders: ['host', 'my-h', 'x-absent', 'x-amz-date'],
        payloadHash: 'UNSIGNED-PAYLOAD',
      },
    );
    expect(canonical).toBe(
      [
        'GET',
        '/a%20b',
        'a=1&a=2&z=1',
        'host:example.amazonaws.com',
        'my-h:x,y',
        'x-absent:',
        'x-amz-date:20150830T123600Z',
        '',
        'host;my-h;x-absent;x-amz-date',
        'UNSIGNED-PAYLOAD',
      ].join('\n'),
    );
  });
});
