// Random requests for the differential and tampering tests: unicode and reserved characters in
// paths and query strings, dot segments and empty segments, repeated and empty query keys,
// headers with odd spacing and case, bodies from empty to 1 MB.
import fc from 'fast-check';
import type { HttpRequestLike, SigningCredentials } from '../src/index.js';

const RESERVED = [...':/?#[]@!$&\'()*+,;=% "<>\\^`{|}'];
const UNICODE = ['é', 'ሴ', '😀', '中文', 'ß', '\u00a0', 'Ω'];

const text = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 4 }) },
        { weight: 2, arbitrary: fc.constantFrom(...RESERVED) },
        { weight: 1, arbitrary: fc.constantFrom(...UNICODE) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));

const segment = fc.oneof(
  { weight: 6, arbitrary: text(4).map((s) => s.replace(/[/?#]/g, '')) },
  { weight: 1, arbitrary: fc.constantFrom('', '.', '..', '%2F', 'a%20b') },
);

export const pathArb = fc
  .tuple(fc.array(segment, { maxLength: 6 }), fc.boolean())
  .map(
    ([segments, trailing]) => `/${segments.join('/')}${trailing && segments.length > 0 ? '/' : ''}`,
  );

const queryKey = text(4).filter(
  (key) => key !== '__proto__' && key.toLowerCase() !== 'x-amz-signature',
);
const queryValue = fc.oneof(
  { weight: 4, arbitrary: text(5) },
  { weight: 1, arbitrary: fc.constant('') },
);
export const queryArb = fc.option(
  fc
    .uniqueArray(
      fc.tuple(
        queryKey,
        fc.oneof(
          { weight: 3, arbitrary: queryValue },
          { weight: 1, arbitrary: fc.array(queryValue, { minLength: 1, maxLength: 4 }) },
        ),
      ),
      { selector: ([key]) => key, maxLength: 6 },
    )
    .map((entries) => Object.fromEntries(entries) as Record<string, string | string[]>),
  { nil: undefined },
);

const TOKEN_CHARS = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!#$%&'*+^`|~",
];
const GENERATED = new Set([
  'authorization',
  'x-amz-date',
  'date',
  'x-amz-security-token',
  'host',
  'x-amz-content-sha256',
]);
const headerName = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(fc.constantFrom(...TOKEN_CHARS), { minLength: 1, maxLength: 12 })
      .map((c) => c.join('')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'User-Agent',
      'X-Amzn-Trace-Id',
      'Content-Type',
      'X-Amz-Target',
      'Proxy-Thing',
      'Sec-Fetch-Mode',
      'Expect',
      'Content-Length',
      'X-Amz-Meta-Odd',
    ),
  },
);
const headerValue = fc
  .array(
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .string({ minLength: 1, maxLength: 6 })
          .map((s) => s.replace(/[\u0000-\u001f\u007f]/g, 'x')),
      },
      { weight: 2, arbitrary: fc.constantFrom(' ', '  ', '\t', ' \t ', '\n  ', '\r\n\t', '   ') },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));
export const headersArb = fc
  .uniqueArray(fc.tuple(headerName, headerValue), {
    selector: ([name]) => name.toLowerCase(),
    maxLength: 6,
  })
  .map((entries) =>
    entries.filter(([name]) => !GENERATED.has(name.toLowerCase()) && name !== '__proto__'),
  );

function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const bodyArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: text(40) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1024, max: 1 << 20 }), fc.integer())
      .map(([n, seed]) => bytes(n, seed)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 512, max: 1 << 18 }), fc.constantFrom('{"a":1}', 'é€😀', 'x'))
      .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length))),
  },
);

const alnum = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), {
      minLength: min,
      maxLength: max,
    })
    .map((c) => c.join(''));

export const credentialsArb: fc.Arbitrary<SigningCredentials> = fc
  .record({
    accessKeyId: alnum(4, 20),
    secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }),
    sessionToken: fc.option(
      fc
        .string({ minLength: 1, maxLength: 60 })
        .map((s) => s.replace(/[\u0000-\u001f\u007f]/g, 'x')),
      { nil: undefined },
    ),
  })
  .map(({ sessionToken, ...rest }) =>
    sessionToken === undefined ? rest : { ...rest, sessionToken },
  );

export const scopeArb = fc.record({
  region: fc.constantFrom(
    'us-east-1',
    'eu-west-3',
    'ap-southeast-2',
    'cn-north-1',
    'us-gov-west-1',
  ),
  service: fc.constantFrom('logs', 'sts', 's3', 'execute-api', 'dynamodb', 'service'),
});

// Whole seconds: SigV4 dates have no milliseconds.
export const dateArb = fc
  .integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 })
  .map((s) => new Date(s * 1000));

export const requestArb: fc.Arbitrary<HttpRequestLike> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
    protocol: fc.constantFrom<'https:' | 'http:'>('https:', 'http:'),
    hostname: fc.constantFrom(
      'logs.us-east-1.amazonaws.com',
      'example.amazonaws.com',
      '127.0.0.1',
      'bucket.s3.amazonaws.com',
    ),
    port: fc.option(fc.constantFrom(443, 80, 8443, 4566), { nil: undefined }),
    hostKey: fc.constantFrom('host', 'Host', 'HOST'),
    path: pathArb,
    query: queryArb,
    headers: headersArb,
    body: bodyArb,
    unsignedPayloadHeader: fc.boolean(),
  })
  .map(({ hostKey, headers, query, port, body, unsignedPayloadHeader, ...rest }) => {
    const host = `${rest.hostname}${port === undefined ? '' : `:${port}`}`;
    const all: Record<string, string> = { [hostKey]: host, ...Object.fromEntries(headers) };
    if (unsignedPayloadHeader && rest.method === 'GET')
      all['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
    const request: HttpRequestLike = { ...rest, headers: all };
    if (port !== undefined) request.port = port;
    if (query !== undefined) request.query = query;
    if (body !== undefined) request.body = body;
    return request;
  });

/** Where a tamper hits, and how, as fractions so the same tamper applies to any copy. */
export interface Tamper {
  target: 'method' | 'path' | 'query-key' | 'query-value' | 'header' | 'body';
  at: number;
  pick: number;
  replacement: string;
}

export const tamperArb: fc.Arbitrary<Tamper> = fc.record({
  target: fc.constantFrom('method', 'path', 'query-key', 'query-value', 'header', 'body'),
  at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  pick: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  replacement: fc.constantFrom('a', 'Z', '0', '/', '.', ' ', '%', '-', 'é', '~', '\t'),
});
