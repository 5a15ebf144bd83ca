import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createStringToSign,
  deriveSigningKey,
  EMPTY_SHA256,
  formatAmzDate,
  formatQueryString,
  formatUrl,
  getHeader,
  hostHeaderValue,
  parseAmzDate,
  parseAuthorization,
  parseQueryString,
  SigningError,
  SigningKeyCache,
  sha256Hex,
} from '../src/index.js';

describe('sha256Hex', () => {
  it('hashes strings as UTF-8 and bytes as they are', () => {
    expect(sha256Hex(undefined)).toBe(EMPTY_SHA256);
    expect(sha256Hex('')).toBe(EMPTY_SHA256);
    expect(sha256Hex(new Uint8Array())).toBe(EMPTY_SHA256);
    expect(sha256Hex('héllo')).toBe(
      createHash('sha256').update(Buffer.from('héllo', 'utf8')).digest('hex'),
    );
    expect(sha256Hex(new Uint8Array([0, 255]))).toBe(
      createHash('sha256')
        .update(Buffer.from([0, 255]))
        .digest('hex'),
    );
  });
});

describe('dates', () => {
  it('formats X-Amz-Date in UTC without milliseconds', () => {
    expect(formatAmzDate(Date.UTC(2015, 7, 30, 12, 36, 0, 999))).toBe('20150830T123600Z');
    expect(formatAmzDate(Date.UTC(2015, 7, 30, 12, 36, 1))).toBe('20150830T123601Z');
    expect(formatAmzDate(Date.UTC(1999, 11, 31, 23, 59, 59))).toBe('19991231T235959Z');
  });

  it('parses X-Amz-Date, rejecting anything else', () => {
    expect(parseAmzDate('20150830T123600Z')).toBe(Date.UTC(2015, 7, 30, 12, 36, 0));
    for (const bad of [
      '2015-08-30T12:36:00Z',
      '20150830T123600',
      '20150230T000000Z',
      '20150830T246000Z',
      '',
    ]) {
      expect(parseAmzDate(bad)).toBeNaN();
    }
  });
});

describe('parseAuthorization', () => {
  const header =
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

  it('splits the header into its parts', () => {
    expect(parseAuthorization(header)).toEqual({
      algorithm: 'AWS4-HMAC-SHA256',
      accessKeyId: 'AKIDEXAMPLE',
      date: '20150830',
      region: 'us-east-1',
      service: 'service',
      credentialScope: '20150830/us-east-1/service/aws4_request',
      signedHeaders: ['host', 'x-amz-date'],
      signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    });
  });

  it('accepts the parts in any order and without spaces', () => {
    const reordered = header.replace(
      /^AWS4-HMAC-SHA256 (.*), (.*), (.*)$/,
      'AWS4-HMAC-SHA256 $3,$1,$2',
    );
    expect(parseAuthorization(reordered)).toEqual(parseAuthorization(header));
  });

  it.each([
    ['AWS AKID:sig', /Unsupported authorization algorithm/],
    [
      'AWS4-HMAC-SHA256 ',
      /requires 'Credential' parameter.*requires 'SignedHeaders'.*requires 'Signature'/,
    ],
    [header.replace('Credential=AKIDEXAMPLE/', 'Credential='), /Credential must be/],
    [header.replace('20150830/', '2015-08-30/'), /date must be YYYYMMDD/],
    [header.replace('aws4_request', 'aws4'), /valid terminator/],
    [header.replace('host;', 'Host;'), /SignedHeaders must be lower-case/],
    [header.replace('host;', ';'), /SignedHeaders must be lower-case/],
    [header.replace(/Signature=\w+/, 'Signature=ABC'), /Signature must be 64/],
    [`${header}, Extra=1`, /unknown part "Extra"/],
  ])('rejects %j', (value, message) => {
    expect(() => parseAuthorization(value)).toThrow(SigningError);
    expect(() => parseAuthorization(value)).toThrow(message);
  });
});

describe('createStringToSign', () => {
  it('joins algorithm, date, scope and hash with newlines', () => {
    expect(
      createStringToSign('20150830T123600Z', '20150830/us-east-1/iam/aws4_request', 'ab'),
    ).toBe('AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nab');
  });
});

describe('signing keys', () => {
  it('derives the key of the AWS documentation example', () => {
    // docs.aws.amazon.com, "Examples of how to derive a signing key for Signature Version 4".
    expect(
      deriveSigningKey(
        'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        '20120215',
        'us-east-1',
        'iam',
      ).toString('hex'),
    ).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });

  it('caches per secret, date, region and service, and evicts the least recently used', () => {
    const cache = new SigningKeyCache(2);
    const a = cache.get('s1', '20240101', 'us-east-1', 'logs');
    expect(cache.get('s1', '20240101', 'us-east-1', 'logs')).toBe(a);
    const b = cache.get('s2', '20240101', 'us-east-1', 'logs');
    expect(b.equals(a)).toBe(false);
    expect(cache.get('s1', '20240101', 'us-east-1', 'logs')).toBe(a); // a is now the most recent
    cache.get('s1', '20240102', 'us-east-1', 'logs'); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.get('s1', '20240101', 'us-east-1', 'logs')).toBe(a);
    const b2 = cache.get('s2', '20240101', 'us-east-1', 'logs');
    expect(b2).not.toBe(b);
    expect(b2.equals(b)).toBe(true);
    for (const [secret, day, region, service] of [
      ['s1', '20240101', 'eu-west-1', 'logs'],
      ['s1', '20240101', 'us-east-1', 'sts'],
    ] as const) {
      expect(cache.get(secret, day, region, service).equals(a)).toBe(false);
    }
    expect(cache.size).toBe(2);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('s1', '20240101', 'us-east-1', 'logs')).not.toBe(a);
  });

  it('stays bounded under many scopes', () => {
    const cache = new SigningKeyCache(50);
    for (let i = 0; i < 1000; i += 1) cache.get(`secret${i}`, '20240101', 'us-east-1', 'logs');
    expect(cache.size).toBe(50);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxEntries %s', (maxEntries) => {
    expect(() => new SigningKeyCache(maxEntries)).toThrow(RangeError);
  });
});

describe('query strings and URLs', () => {
  it('parses a raw query into decoded keys and values, repeated keys as arrays', () => {
    const query = parseQueryString(
      '?a=1&b=x%20y&a=2&empty=&flag&plus=a+b&bad=%E0%A4%A&%E1%88%B4=bar&&',
    );
    expect({ ...query }).toEqual({
      a: ['1', '2'],
      b: 'x y',
      empty: '',
      flag: '',
      plus: 'a+b',
      bad: '%E0%A4%A',
      ሴ: 'bar',
    });
    expect({ ...parseQueryString('') }).toEqual({});
    expect(Object.keys(parseQueryString('__proto__=1'))).toEqual(['__proto__']);
  });

  it('formats a query in its own order, RFC 3986 encoded', () => {
    expect(formatQueryString({ b: 'x y', a: ['1', '2'], ሴ: '' })).toBe(
      'b=x%20y&a=1&a=2&%E1%88%B4=',
    );
    expect(formatQueryString(undefined)).toBe('');
  });

  it('round-trips a query through format and parse', () => {
    const query = { 'a b': ['1', '2&3'], 'c=d': 'é/?', '': 'empty key' };
    expect({ ...parseQueryString(formatQueryString(query)) }).toEqual(query);
  });

  it('builds URLs and Host values', () => {
    const request = { method: 'GET', hostname: 'h.example', path: '/p', headers: {} };
    expect(formatUrl(request)).toBe('https://h.example/p');
    expect(
      formatUrl({ ...request, protocol: 'http:' as const, port: 8080, query: { a: 'b c' } }),
    ).toBe('http://h.example:8080/p?a=b%20c');
    expect(formatUrl({ ...request, path: '' })).toBe('https://h.example/');
    expect(hostHeaderValue({ ...request, hostname: '::1', port: 443 })).toBe('[::1]');
    expect(hostHeaderValue({ ...request, hostname: '[::1]', port: 9000 })).toBe('[::1]:9000');
  });
});

describe('getHeader', () => {
  it('finds a header in any case and gathers repeated ones', () => {
    const headers = { 'Content-Type': 'a', 'X-Multi': ['1', '2'], 'x-multi': '3' };
    expect(getHeader(headers, 'content-type')).toBe('a');
    expect(getHeader(headers, 'X-MULTI')).toEqual(['1', '2', '3']);
    expect(getHeader(headers, 'absent')).toBeUndefined();
  });
});
