import { describe, expect, it } from 'vitest';
import {
  type HttpRequestLike,
  parseAuthorization,
  SigningError,
  SigningKeyCache,
  sha256Hex,
  signRequest,
  UNSIGNED_PAYLOAD,
  verifySignature,
} from '../src/index.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const date = new Date('2015-08-30T12:36:00Z');
const base = { service: 'logs', region: 'us-east-1', credentials, date };

function request(overrides: Partial<HttpRequestLike> = {}): HttpRequestLike {
  return {
    method: 'POST',
    protocol: 'https:',
    hostname: 'logs.us-east-1.amazonaws.com',
    path: '/',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'Logs_20140328.PutLogEvents',
    },
    body: '{"logGroupName":"/app/api"}',
    ...overrides,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const lookupSecret = (id: string) =>
  id === credentials.accessKeyId ? credentials.secretAccessKey : undefined;

describe('signRequest', () => {
  it('adds host, X-Amz-Date and Authorization, signs every header, and verifies', async () => {
    const signed = signRequest(request(), base);
    expect(signed.headers).toMatchObject({
      host: 'logs.us-east-1.amazonaws.com',
      'X-Amz-Date': '20150830T123600Z',
    });
    const auth = parseAuthorization(String(signed.headers['Authorization']));
    expect(auth).toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      credentialScope: '20150830/us-east-1/logs/aws4_request',
      signedHeaders: ['content-type', 'host', 'x-amz-date', 'x-amz-target'],
    });
    expect(await verifySignature(signed, { lookupSecret, now: date })).toMatchObject({ ok: true });
  });

  it('never mutates its input and returns new header and query objects', () => {
    const input = deepFreeze(request({ query: { a: ['1', '2'] } }));
    const signed = signRequest(input, base);
    expect(signed).not.toBe(input);
    expect(signed.headers).not.toBe(input.headers);
    expect(signed.query).not.toBe(input.query);
    expect(signed.query).toEqual(input.query);
    expect(signed.body).toBe(input.body);
    expect(Object.keys(input.headers)).toEqual(['Content-Type', 'X-Amz-Target']);
  });

  it('puts a non-default port in the host header and leaves the default one out', () => {
    expect(signRequest(request({ port: 8443 }), base).headers['host']).toBe(
      'logs.us-east-1.amazonaws.com:8443',
    );
    expect(signRequest(request({ port: 443 }), base).headers['host']).toBe(
      'logs.us-east-1.amazonaws.com',
    );
    expect(signRequest(request({ protocol: 'http:', port: 80 }), base).headers['host']).toBe(
      'logs.us-east-1.amazonaws.com',
    );
    expect(signRequest(request({ protocol: 'http:', port: 443 }), base).headers['host']).toBe(
      'logs.us-east-1.amazonaws.com:443',
    );
    expect(signRequest(request({ hostname: '::1', port: 4566 }), base).headers['host']).toBe(
      '[::1]:4566',
    );
  });

  it('keeps a Host header the caller gave, in any case', () => {
    const signed = signRequest(request({ headers: { HOST: 'proxy.example:9000' } }), base);
    expect(signed.headers['HOST']).toBe('proxy.example:9000');
    expect(signed.headers['host']).toBeUndefined();
  });

  it('replaces a stale Authorization, X-Amz-Date and session token whatever their case', () => {
    const stale = request({
      headers: {
        authorization: 'AWS4-HMAC-SHA256 old',
        'x-amz-date': '19990101T000000Z',
        'x-amz-security-token': 'old-token',
      },
    });
    const signed = signRequest(stale, {
      ...base,
      credentials: { ...credentials, sessionToken: 'new-token' },
    });
    expect(
      Object.keys(signed.headers)
        .map((k) => k.toLowerCase())
        .sort(),
    ).toEqual(['authorization', 'host', 'x-amz-date', 'x-amz-security-token']);
    expect(signed.headers['X-Amz-Security-Token']).toBe('new-token');
    expect(signed.headers['X-Amz-Date']).toBe('20150830T123600Z');
  });

  it('adds and signs X-Amz-Security-Token for temporary credentials, or leaves it unsigned when asked', () => {
    const temporary = { ...credentials, sessionToken: 'FwoGZXIvYXdzEXAMPLE' };
    const signed = signRequest(request(), { ...base, credentials: temporary });
    expect(signed.headers['X-Amz-Security-Token']).toBe('FwoGZXIvYXdzEXAMPLE');
    expect(parseAuthorization(String(signed.headers['Authorization'])).signedHeaders).toContain(
      'x-amz-security-token',
    );
    const omitted = signRequest(request(), {
      ...base,
      credentials: temporary,
      omitSessionTokenFromSignature: true,
    });
    expect(omitted.headers['X-Amz-Security-Token']).toBe('FwoGZXIvYXdzEXAMPLE');
    expect(
      parseAuthorization(String(omitted.headers['Authorization'])).signedHeaders,
    ).not.toContain('x-amz-security-token');
  });

  it('treats an empty session token as none', () => {
    const signed = signRequest(request(), {
      ...base,
      credentials: { ...credentials, sessionToken: '' },
    });
    expect(signed.headers['X-Amz-Security-Token']).toBeUndefined();
  });

  it('adds X-Amz-Content-Sha256 with signedBodyHeader, for string and byte bodies alike', () => {
    const text = signRequest(request(), { ...base, signedBodyHeader: true });
    const bytes = signRequest(
      request({ body: new TextEncoder().encode('{"logGroupName":"/app/api"}') }),
      {
        ...base,
        signedBodyHeader: true,
      },
    );
    expect(text.headers['x-amz-content-sha256']).toBe(sha256Hex('{"logGroupName":"/app/api"}'));
    expect(text.headers['Authorization']).toBe(bytes.headers['Authorization']);
    expect(parseAuthorization(String(text.headers['Authorization'])).signedHeaders).toContain(
      'x-amz-content-sha256',
    );
    expect(signRequest(request(), base).headers['x-amz-content-sha256']).toBeUndefined();
  });

  it('signs UNSIGNED-PAYLOAD with unsignedPayload, so the body can change', async () => {
    const signed = signRequest(request(), {
      ...base,
      unsignedPayload: true,
      signedBodyHeader: true,
    });
    expect(signed.headers['x-amz-content-sha256']).toBe(UNSIGNED_PAYLOAD);
    const changed = { ...signed, body: 'another body' };
    expect(await verifySignature(changed, { lookupSecret, now: date })).toMatchObject({ ok: true });
  });

  it('takes an X-Amz-Content-Sha256 header already on the request as the payload hash', async () => {
    const signed = signRequest(
      request({ headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' } }),
      {
        ...base,
        signedBodyHeader: true,
      },
    );
    expect(signed.headers['X-Amz-Content-Sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(signed.headers['x-amz-content-sha256']).toBeUndefined();
    expect(
      await verifySignature({ ...signed, body: 'x' }, { lookupSecret, now: date }),
    ).toMatchObject({ ok: true });
  });

  it('leaves headers that proxies rewrite unsigned, plus any the caller names', () => {
    const signed = signRequest(
      request({
        headers: {
          'User-Agent': 'me/1.0',
          'X-Amzn-Trace-Id': 'Root=1',
          'Proxy-Authorization': 'x',
          'Sec-Fetch-Mode': 'cors',
          Expect: '100-continue',
          'X-Custom': 'v',
          'X-Volatile': 'v',
        },
      }),
      { ...base, unsignedHeaders: ['X-Volatile'] },
    );
    expect(parseAuthorization(String(signed.headers['Authorization'])).signedHeaders).toEqual([
      'host',
      'x-amz-date',
      'x-custom',
    ]);
    expect(signed.headers['User-Agent']).toBe('me/1.0');
  });

  it('joins repeated headers, as arrays or as keys differing in case, in the order given', async () => {
    const asArray = signRequest(request({ headers: { 'X-Multi': ['b', ' a  '] } }), base);
    const asKeys = signRequest(request({ headers: { 'X-Multi': 'b', 'x-multi': 'a' } }), base);
    expect(asArray.headers['Authorization']).toBe(asKeys.headers['Authorization']);
    expect(await verifySignature(asArray, { lookupSecret, now: date })).toMatchObject({ ok: true });
    const reversed = signRequest(request({ headers: { 'X-Multi': ['a', 'b'] } }), base);
    expect(reversed.headers['Authorization']).not.toBe(asArray.headers['Authorization']);
  });

  it('depends on the date, the region, the service and the secret', () => {
    const reference = signRequest(request(), base).headers['Authorization'];
    for (const change of [
      { date: new Date('2015-08-30T12:36:01Z') },
      { region: 'eu-west-1' },
      { service: 'sts' },
      { credentials: { ...credentials, secretAccessKey: 'other' } },
    ]) {
      expect(signRequest(request(), { ...base, ...change }).headers['Authorization']).not.toBe(
        reference,
      );
    }
    expect(
      signRequest(request(), { ...base, date: date.getTime() + 999 }).headers['Authorization'],
    ).toBe(reference);
  });

  it('uses the signing-key cache it is given', () => {
    const cache = new SigningKeyCache(4);
    signRequest(request(), { ...base, signingKeyCache: cache });
    signRequest(request(), { ...base, signingKeyCache: cache });
    expect(cache.size).toBe(1);
    signRequest(request(), { ...base, region: 'eu-west-1', signingKeyCache: cache });
    expect(cache.size).toBe(2);
  });

  it.each([
    [{ credentials: undefined }, 'InvalidCredentials', 'credentials'],
    [
      { credentials: { accessKeyId: '', secretAccessKey: 's' } },
      'InvalidCredentials',
      'credentials.accessKeyId',
    ],
    [
      { credentials: { accessKeyId: 'A/B', secretAccessKey: 's' } },
      'InvalidCredentials',
      'credentials.accessKeyId',
    ],
    [
      { credentials: { accessKeyId: 'A', secretAccessKey: '' } },
      'InvalidCredentials',
      'credentials.secretAccessKey',
    ],
    [{ region: '' }, 'InvalidSigningScope', 'region'],
    [{ service: 'a/b' }, 'InvalidSigningScope', 'service'],
    [{ date: new Date('nope') }, 'InvalidSigningDate', 'date'],
    [{ date: Number.NaN }, 'InvalidSigningDate', 'date'],
    [{ date: Date.UTC(10000, 0, 1) }, 'InvalidSigningDate', 'date'],
  ])('rejects %j with a SigningError', (change, code, field) => {
    const attempt = () => signRequest(request(), { ...base, ...(change as object) } as typeof base);
    expect(attempt).toThrow(SigningError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ name: 'SigningError', code, field });
    }
  });

  it('never puts the secret or the session token in an error message', () => {
    const secret = 'SECRET-VALUE-123';
    const token = 'TOKEN-VALUE-456';
    for (const options of [
      { ...base, credentials: { accessKeyId: '', secretAccessKey: secret, sessionToken: token } },
      {
        ...base,
        credentials: {
          accessKeyId: 'A',
          secretAccessKey: secret,
          sessionToken: 42 as unknown as string,
        },
      },
      {
        ...base,
        credentials: { accessKeyId: 'A', secretAccessKey: secret, sessionToken: token },
        region: '',
      },
    ]) {
      try {
        signRequest(request(), options);
        expect.unreachable();
      } catch (error) {
        expect(String((error as Error).message)).not.toContain(secret);
        expect(String((error as Error).message)).not.toContain(token);
      }
    }
  });
});
