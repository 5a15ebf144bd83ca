import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createCanonicalRequest,
  createStringToSign,
  parseAuthorization,
  presignRequest,
  type SigningCredentials,
  sha256Hex,
  signRequest,
  verifySignature,
} from '../src/index.js';
import { loadSuite, parseHttpRequest, type SuiteCase, serializeHttpRequest } from './suite.js';

const cases = loadSuite();

function credentialsOf(c: SuiteCase): SigningCredentials {
  const { access_key_id, secret_access_key, token } = c.context.credentials;
  return token === undefined
    ? { accessKeyId: access_key_id, secretAccessKey: secret_access_key }
    : { accessKeyId: access_key_id, secretAccessKey: secret_access_key, sessionToken: token };
}

function commonOptions(c: SuiteCase) {
  return {
    service: c.context.service,
    region: c.context.region,
    credentials: credentialsOf(c),
    date: new Date(c.context.timestamp),
    normalizePath: c.context.normalize,
    omitSessionTokenFromSignature: c.context.omit_session_token === true,
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function verifyOptions(c: SuiteCase) {
  return {
    lookupSecret: (id: string) =>
      id === c.context.credentials.access_key_id
        ? c.context.credentials.secret_access_key
        : undefined,
    now: new Date(c.context.timestamp),
    normalizePath: c.context.normalize,
  };
}

it('reads every case of the suite', () => {
  expect(cases.length).toBe(38);
});

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('header form: canonical request, string to sign, signature and signed request', async () => {
    const signed = signRequest(c.request, {
      ...commonOptions(c),
      signedBodyHeader: c.context.sign_body,
    });
    const auth = parseAuthorization(String(signed.headers['Authorization']));
    const payloadHash = sha256Hex(c.request.body);
    const canonicalRequest = createCanonicalRequest(signed, {
      signedHeaders: auth.signedHeaders,
      payloadHash,
      normalizePath: c.context.normalize,
    });
    expect(canonicalRequest).toBe(c.file('header-canonical-request.txt'));
    const amzDate = String(signed.headers['X-Amz-Date']);
    expect(createStringToSign(amzDate, auth.credentialScope, sha256(canonicalRequest))).toBe(
      c.file('header-string-to-sign.txt'),
    );
    expect(auth.signature).toBe(c.file('header-signature.txt').trim());
    expect(serializeHttpRequest(signed, c.request)).toBe(c.file('header-signed-request.txt'));
    expect(await verifySignature(signed, verifyOptions(c))).toMatchObject({
      ok: true,
      presigned: false,
    });
  });

  it('query form: canonical request, string to sign, signature and signed request', async () => {
    const presigned = presignRequest(c.request, {
      ...commonOptions(c),
      expiresIn: c.context.expiration_in_seconds,
    });
    const { url: _url, expiresAt: _expiresAt, ...request } = presigned;
    const query = { ...presigned.query };
    const signature = query['X-Amz-Signature'];
    delete query['X-Amz-Signature'];
    if (c.context.omit_session_token === true) delete query['X-Amz-Security-Token'];
    const canonicalRequest = createCanonicalRequest(
      { ...request, query },
      {
        signedHeaders: String(query['X-Amz-SignedHeaders']).split(';'),
        payloadHash: sha256Hex(c.request.body),
        normalizePath: c.context.normalize,
      },
    );
    expect(canonicalRequest).toBe(c.file('query-canonical-request.txt'));
    const stringToSign = createStringToSign(
      String(query['X-Amz-Date']),
      String(query['X-Amz-Credential']).split('/').slice(1).join('/'),
      sha256(canonicalRequest),
    );
    expect(stringToSign).toBe(c.file('query-string-to-sign.txt'));
    expect(signature).toBe(c.file('query-signature.txt').trim());
    expect(serializeHttpRequest(request, c.request)).toBe(c.file('query-signed-request.txt'));
    expect(await verifySignature(presigned, verifyOptions(c))).toMatchObject({
      ok: true,
      presigned: true,
    });
  });
});

describe.each(cases.map((c) => [c.name, c] as const))('%s as AWS signed it', (_name, c) => {
  it.each(['header', 'query'])(
    'the %s-signed request verifies, and fails a day later',
    async (form) => {
      const request = parseHttpRequest(c.file(`${form}-signed-request.txt`));
      expect(await verifySignature(request, verifyOptions(c))).toMatchObject({
        ok: true,
        accessKeyId: 'AKIDEXAMPLE',
        region: 'us-east-1',
        service: 'service',
        presigned: form === 'query',
        signedAt: new Date(c.context.timestamp),
      });
      const later = { ...verifyOptions(c), now: Date.parse(c.context.timestamp) + 86_400_000 };
      const result = await verifySignature(request, later);
      expect(result).toMatchObject({
        ok: false,
        code: form === 'query' ? 'InvalidSignatureException' : 'RequestTimeTooSkewed',
      });
    },
  );
});
