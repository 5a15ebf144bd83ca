import { describe, expect, it } from 'vitest';
import {
  type HttpRequestLike,
  MAX_PRESIGNED_EXPIRES_IN,
  presignRequest,
  SigningError,
  verifySignature,
} from '../src/index.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'secret',
  sessionToken: 'session/token+=',
};
const date = new Date('2024-02-29T23:59:59Z');
const base = {
  service: 's3',
  region: 'eu-west-1',
  credentials,
  date,
  normalizePath: false,
  doubleEncodePath: false,
};
const lookupSecret = (id: string) => (id === 'AKIDEXAMPLE' ? 'secret' : undefined);

const object: HttpRequestLike = {
  method: 'GET',
  hostname: 'bucket.s3.eu-west-1.amazonaws.com',
  path: '/photos/2024/my%20cat.jpg',
  query: { versionId: 'v 1' },
  headers: { 'x-amz-request-payer': 'requester', 'Content-Type': 'image/jpeg' },
};

describe('presignRequest', () => {
  it('returns the URL, the signed query and the expiry', () => {
    const presigned = presignRequest(object, { ...base, expiresIn: 900, unsignedPayload: true });
    expect(presigned.expiresAt).toEqual(new Date('2024-03-01T00:14:59Z'));
    expect(presigned.query).toMatchObject({
      versionId: 'v 1',
      'x-amz-request-payer': 'requester',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20240229/eu-west-1/s3/aws4_request',
      'X-Amz-Date': '20240229T235959Z',
      'X-Amz-SignedHeaders': 'content-type;host',
      'X-Amz-Expires': '900',
      'X-Amz-Security-Token': 'session/token+=',
    });
    expect(presigned.query['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(presigned.headers).toEqual({
      'Content-Type': 'image/jpeg',
      host: 'bucket.s3.eu-west-1.amazonaws.com',
    });
    const url = new URL(presigned.url);
    expect(url.origin).toBe('https://bucket.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/photos/2024/my%20cat.jpg');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('session/token+=');
    expect(url.search).toContain('versionId=v%201');
    expect(url.search).toContain(
      'X-Amz-Credential=AKIDEXAMPLE%2F20240229%2Feu-west-1%2Fs3%2Faws4_request',
    );
  });

  it('verifies until it expires, then fails with InvalidSignatureException', async () => {
    const presigned = presignRequest(object, { ...base, expiresIn: 60 });
    const verify = (now: number) =>
      verifySignature(presigned, {
        lookupSecret,
        now,
        normalizePath: false,
        doubleEncodePath: false,
      });
    expect(await verify(date.getTime())).toMatchObject({
      ok: true,
      presigned: true,
      service: 's3',
    });
    expect(await verify(date.getTime() + 60_000)).toMatchObject({ ok: true });
    expect(await verify(date.getTime() + 60_001)).toMatchObject({
      ok: false,
      code: 'InvalidSignatureException',
    });
    expect(await verify(date.getTime() - 16 * 60_000)).toMatchObject({
      ok: false,
      code: 'RequestTimeTooSkewed',
    });
  });

  it('keeps x-amz-* headers as headers when hoisting is off', () => {
    const presigned = presignRequest(object, { ...base, hoistAmzHeaders: false });
    expect(presigned.headers['x-amz-request-payer']).toBe('requester');
    expect(presigned.query['X-Amz-SignedHeaders']).toBe('content-type;host;x-amz-request-payer');
  });

  it('drops an earlier signature from the query and never mutates its input', () => {
    const input = Object.freeze({
      ...object,
      query: Object.freeze({ a: '1', 'X-Amz-Signature': 'stale', 'X-Amz-Date': 'stale' }),
      headers: Object.freeze({ ...object.headers }),
    });
    const presigned = presignRequest(input, base);
    expect(presigned.query['X-Amz-Signature']).not.toBe('stale');
    expect(presigned.query['X-Amz-Date']).toBe('20240229T235959Z');
    expect(input.query).toEqual({ a: '1', 'X-Amz-Signature': 'stale', 'X-Amz-Date': 'stale' });
  });

  it.each([0, -1, 1.5, MAX_PRESIGNED_EXPIRES_IN + 1, Number.NaN])(
    'rejects expiresIn %s',
    (expiresIn) => {
      expect(() => presignRequest(object, { ...base, expiresIn })).toThrow(SigningError);
      expect(() => presignRequest(object, { ...base, expiresIn })).toThrow(/expiresIn/);
    },
  );

  it('accepts the seven-day maximum', () => {
    const presigned = presignRequest(object, { ...base, expiresIn: MAX_PRESIGNED_EXPIRES_IN });
    expect(presigned.query['X-Amz-Expires']).toBe('604800');
  });
});
