import { describe, expect, it } from 'vitest';
import {
  type HttpRequestLike,
  presignRequest,
  signRequest,
  type VerifyOptions,
  verifySignature,
} from '../src/index.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const date = new Date('2024-05-01T12:00:00Z');
const scope = { service: 'logs', region: 'us-east-1' };
const input: HttpRequestLike = {
  method: 'POST',
  hostname: 'logs.us-east-1.amazonaws.com',
  path: '/',
  headers: {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'Logs_20140328.CreateLogGroup',
  },
  body: '{"logGroupName":"/app"}',
};
const signed = signRequest(input, { ...scope, credentials, date });
const options: VerifyOptions = {
  lookupSecret: (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
  now: date,
};

function withHeaders(
  headers: Record<string, string | string[]>,
  request = signed,
): HttpRequestLike {
  return { ...request, headers: { ...request.headers, ...headers } };
}
function without(name: string, request = signed): HttpRequestLike {
  const headers = { ...request.headers };
  delete headers[name];
  return { ...request, headers };
}

describe('verifySignature', () => {
  it('accepts a signed request and says who signed it, for what and when', async () => {
    expect(await verifySignature(signed, options)).toEqual({
      ok: true,
      accessKeyId: 'AKIDEXAMPLE',
      region: 'us-east-1',
      service: 'logs',
      signedAt: date,
      presigned: false,
    });
  });

  it('reads header names in any case and repeated headers as arrays', async () => {
    const upper: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(signed.headers)) upper[name.toUpperCase()] = value;
    expect(await verifySignature({ ...signed, headers: upper }, options)).toMatchObject({
      ok: true,
    });
  });

  it('takes an async lookupSecret and tells it the scope and the session token', async () => {
    const temporary = signRequest(input, {
      ...scope,
      credentials: { ...credentials, sessionToken: 'tok' },
      date,
    });
    const calls: unknown[] = [];
    const result = await verifySignature(temporary, {
      now: date,
      lookupSecret: async (id, context) => {
        calls.push([id, context]);
        return credentials.secretAccessKey;
      },
    });
    expect(result.ok).toBe(true);
    expect(calls).toEqual([
      ['AKIDEXAMPLE', { region: 'us-east-1', service: 'logs', sessionToken: 'tok' }],
    ]);
  });

  it('lets a failing lookupSecret reject rather than calling it an authentication failure', async () => {
    const failing = { ...options, lookupSecret: () => Promise.reject(new Error('store down')) };
    await expect(verifySignature(signed, failing)).rejects.toThrow('store down');
  });

  it('answers UnrecognizedClientException for an unknown access key', async () => {
    expect(await verifySignature(signed, { ...options, lookupSecret: () => undefined })).toEqual({
      ok: false,
      code: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('answers SignatureDoesNotMatch (or the code asked for) with the canonical request and string to sign', async () => {
    const wrong = { ...options, lookupSecret: () => 'not the secret' };
    const result = await verifySignature(signed, wrong);
    expect(result).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    if (result.ok) throw new Error('unreachable');
    expect(result.message).toMatch(/^The request signature we calculated does not match/);
    expect(result.canonicalRequest).toContain('x-amz-target:Logs_20140328.CreateLogGroup\n');
    expect(result.stringToSign).toMatch(
      /^AWS4-HMAC-SHA256\n20240501T120000Z\n20240501\/us-east-1\/logs\/aws4_request\n[0-9a-f]{64}$/,
    );
    expect(JSON.stringify(result)).not.toContain('not the secret');
    expect(
      await verifySignature(signed, { ...wrong, mismatchCode: 'InvalidSignatureException' }),
    ).toMatchObject({
      code: 'InvalidSignatureException',
    });
  });

  it('answers RequestTimeTooSkewed beyond the allowed skew either way, 15 minutes by default', async () => {
    const at = (now: number, maxSkewMs?: number) =>
      verifySignature(signed, {
        ...options,
        now,
        ...(maxSkewMs === undefined ? {} : { maxSkewMs }),
      });
    const t = date.getTime();
    expect(await at(t + 15 * 60_000)).toMatchObject({ ok: true });
    expect(await at(t - 15 * 60_000)).toMatchObject({ ok: true });
    expect(await at(t + 15 * 60_000 + 1)).toMatchObject({
      ok: false,
      code: 'RequestTimeTooSkewed',
    });
    expect(await at(t - 15 * 60_000 - 1)).toMatchObject({
      ok: false,
      code: 'RequestTimeTooSkewed',
    });
    expect(await at(t + 5_001, 5_000)).toMatchObject({ ok: false, code: 'RequestTimeTooSkewed' });
    const result = await at(t + 3_600_000);
    expect(!result.ok && result.message).toContain('20240501T120000Z');
  });

  it('checks the credential scope against the region and service it serves', async () => {
    expect(
      await verifySignature(signed, { ...options, region: 'us-east-1', service: 'logs' }),
    ).toMatchObject({ ok: true });
    expect(await verifySignature(signed, { ...options, region: 'eu-west-1' })).toMatchObject({
      ok: false,
      code: 'InvalidSignatureException',
      message: expect.stringContaining("not 'us-east-1'"),
    });
    expect(await verifySignature(signed, { ...options, service: 'sts' })).toMatchObject({
      ok: false,
      code: 'InvalidSignatureException',
    });
  });

  it.each([
    ['no signature at all', without('Authorization'), 'IncompleteSignatureException'],
    [
      'two Authorization headers',
      withHeaders({ Authorization: ['a', 'b'] }),
      'IncompleteSignatureException',
    ],
    [
      'another algorithm',
      withHeaders({ Authorization: 'AWS3 Credential=x' }),
      'IncompleteSignatureException',
    ],
    [
      'no Signature part',
      withHeaders({
        Authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/logs/aws4_request, SignedHeaders=host',
      }),
      'IncompleteSignatureException',
    ],
    [
      'a short credential',
      withHeaders({
        Authorization: String(signed.headers['Authorization']).replace('/logs/', '/'),
      }),
      'IncompleteSignatureException',
    ],
    [
      'a wrong terminator',
      withHeaders({
        Authorization: String(signed.headers['Authorization']).replace(
          'aws4_request',
          'aws5_request',
        ),
      }),
      'IncompleteSignatureException',
    ],
    [
      'a signature that is not hex',
      withHeaders({
        Authorization: String(signed.headers['Authorization']).replace(
          /Signature=.*/,
          'Signature=xyz',
        ),
      }),
      'IncompleteSignatureException',
    ],
    ['no X-Amz-Date', without('X-Amz-Date'), 'IncompleteSignatureException'],
    [
      'a malformed X-Amz-Date',
      withHeaders({ 'X-Amz-Date': '2024-05-01T12:00:00Z' }),
      'IncompleteSignatureException',
    ],
    [
      'an impossible X-Amz-Date',
      withHeaders({ 'X-Amz-Date': '20240231T120000Z' }),
      'IncompleteSignatureException',
    ],
    [
      'a scope date not the X-Amz-Date day',
      withHeaders({ 'X-Amz-Date': '20240502T000000Z' }),
      'InvalidSignatureException',
    ],
    [
      'host left unsigned',
      withHeaders({ Authorization: String(signed.headers['Authorization']).replace('host;', '') }),
      'InvalidSignatureException',
    ],
    [
      'both header and query signatures',
      { ...signed, query: { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' } },
      'InvalidSignatureException',
    ],
    [
      'a body that does not match x-amz-content-sha256',
      {
        ...signRequest(input, { ...scope, credentials, date, signedBodyHeader: true }),
        body: '{}',
      },
      'SignatureDoesNotMatch',
    ],
  ])('answers %s with %s', async (_what, request, code) => {
    const result = await verifySignature(request as HttpRequestLike, options);
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok || result.message.length > 20).toBe(true);
  });

  describe('presigned requests', () => {
    const presigned = presignRequest(input, {
      ...scope,
      credentials: { ...credentials, sessionToken: 'tok' },
      date,
      expiresIn: 300,
    });
    const query = (change: Record<string, string | string[] | undefined>): HttpRequestLike => {
      const q = { ...presigned.query, ...change };
      for (const key of Object.keys(q)) if (q[key] === undefined) delete q[key];
      return { ...presigned, query: q as Record<string, string | string[]> };
    };

    it('accepts them, with a token signed or left unsigned', async () => {
      expect(await verifySignature(presigned, options)).toMatchObject({
        ok: true,
        presigned: true,
      });
      const omitted = presignRequest(input, {
        ...scope,
        credentials: { ...credentials, sessionToken: 'tok' },
        date,
        omitSessionTokenFromSignature: true,
      });
      expect(await verifySignature(omitted, options)).toMatchObject({ ok: true });
    });

    it('accepts UNSIGNED-PAYLOAD presigned requests whatever the body', async () => {
      const unsigned = presignRequest(input, {
        ...scope,
        credentials,
        date,
        unsignedPayload: true,
      });
      expect(await verifySignature({ ...unsigned, body: 'anything' }, options)).toMatchObject({
        ok: true,
      });
    });

    it.each([
      [
        'a missing X-Amz-Credential',
        { 'X-Amz-Credential': undefined },
        'IncompleteSignatureException',
      ],
      [
        'a repeated X-Amz-Signature',
        { 'X-Amz-Signature': ['a', 'b'] },
        'IncompleteSignatureException',
      ],
      ['a missing X-Amz-Expires', { 'X-Amz-Expires': undefined }, 'IncompleteSignatureException'],
      [
        'another algorithm',
        { 'X-Amz-Algorithm': 'AWS4-ECDSA-P256-SHA256' },
        'IncompleteSignatureException',
      ],
      ['X-Amz-Expires over a week', { 'X-Amz-Expires': '604801' }, 'InvalidSignatureException'],
      ['X-Amz-Expires not a number', { 'X-Amz-Expires': '1e3' }, 'InvalidSignatureException'],
      ['a changed X-Amz-Expires', { 'X-Amz-Expires': '301' }, 'SignatureDoesNotMatch'],
      ['a changed token', { 'X-Amz-Security-Token': 'tok2' }, 'SignatureDoesNotMatch'],
      ['a changed query parameter', { extra: '1' }, 'SignatureDoesNotMatch'],
    ])('answers %s with %s', async (_what, change, code) => {
      expect(await verifySignature(query(change), options)).toMatchObject({ ok: false, code });
    });

    it('fails after expiry and when dated too far in the future', async () => {
      expect(
        await verifySignature(presigned, { ...options, now: date.getTime() + 300_001 }),
      ).toMatchObject({
        code: 'InvalidSignatureException',
        message: expect.stringContaining('expired'),
      });
      expect(
        await verifySignature(presigned, { ...options, now: date.getTime() - 15 * 60_000 - 1 }),
      ).toMatchObject({
        code: 'RequestTimeTooSkewed',
      });
    });
  });
});
