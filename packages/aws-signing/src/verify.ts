import {
  ALGORITHM,
  fromParts,
  type ParsedAuthorization,
  parseAuthorization,
} from './authorization.js';
import { createCanonicalRequest, type PathOptions } from './canonical.js';
import { formatAmzDate, parseAmzDate, toEpochMs } from './date.js';
import { SigningError } from './errors.js';
import { constantTimeEqual, hmacSha256Hex, sha256Hex, UNSIGNED_PAYLOAD } from './hash.js';
import { getHeader, type HttpRequestLike } from './http-request.js';
import { MAX_PRESIGNED_EXPIRES_IN } from './presign.js';
import { defaultSigningKeyCache, type SigningKeyCache } from './signing-key.js';

/** The error codes AWS answers a badly signed request with. */
export type VerifyErrorCode =
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'SignatureDoesNotMatch'
  | 'RequestTimeTooSkewed'
  | 'UnrecognizedClientException';

/** What {@link VerifyOptions.lookupSecret} is told besides the access key id. */
export interface SecretLookupContext {
  region: string;
  service: string;
  /** The session token the request carries (signed or not), if any. */
  sessionToken: string | undefined;
}

/** Options of {@link verifySignature}. */
export interface VerifyOptions extends PathOptions {
  /**
   * The secret access key of an access key id, or `undefined` when the id is unknown (the
   * request then fails with `UnrecognizedClientException`). May be async. A throw or rejection
   * is not an authentication failure and propagates.
   */
  lookupSecret(
    accessKeyId: string,
    context: SecretLookupContext,
  ): string | undefined | Promise<string | undefined>;
  /** The server's current time; default now. */
  now?: Date | number;
  /** How far the header-signed request's `X-Amz-Date` may be from `now`; default 15 minutes. */
  maxSkewMs?: number;
  /** Accept only this region in the credential scope (`InvalidSignatureException` otherwise). */
  region?: string;
  /** Accept only this service in the credential scope (`InvalidSignatureException` otherwise). */
  service?: string;
  /**
   * The code of a well-formed signature that does not match. Default `SignatureDoesNotMatch`
   * (S3, STS and the Query services); the JSON services such as CloudWatch Logs answer
   * `InvalidSignatureException`.
   */
  mismatchCode?: 'SignatureDoesNotMatch' | 'InvalidSignatureException';
  /** The signing-key cache to use; default the one shared by the process. */
  signingKeyCache?: SigningKeyCache;
}

/** A verified request. */
export interface VerifySuccess {
  ok: true;
  accessKeyId: string;
  region: string;
  service: string;
  /** The request's `X-Amz-Date`. */
  signedAt: Date;
  /** Whether the signature was in the query string (a presigned request). */
  presigned: boolean;
}

/** A rejected request, with AWS's error code and message. */
export interface VerifyFailure {
  ok: false;
  code: VerifyErrorCode;
  message: string;
  /** On a mismatch: the canonical request the server computed, to compare with the client's. */
  canonicalRequest?: string;
  /** On a mismatch: the string to sign the server computed. */
  stringToSign?: string;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function fail(code: VerifyErrorCode, message: string): VerifyFailure {
  return { ok: false, code, message };
}

function single(value: string | string[] | undefined): string | undefined | null {
  if (value === undefined || typeof value === 'string') return value;
  return value.length === 1 ? value[0]! : null;
}

interface Parsed {
  auth: ParsedAuthorization;
  amzDate: string;
  presigned: boolean;
  expiresIn: number;
  sessionToken: string | undefined;
}

function parseRequest(request: HttpRequestLike): Parsed | VerifyFailure {
  const authorization = single(getHeader(request.headers, 'authorization'));
  const query = request.query ?? {};
  const algorithm = single(query['X-Amz-Algorithm']);
  if (authorization === null) {
    return fail(
      'IncompleteSignatureException',
      'The request has more than one Authorization header; send exactly one.',
    );
  }
  if (authorization !== undefined && algorithm !== undefined) {
    return fail(
      'InvalidSignatureException',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.',
    );
  }
  if (authorization === undefined && algorithm === undefined) {
    return fail(
      'IncompleteSignatureException',
      'Missing Authentication Token: the request has neither an Authorization header nor X-Amz-Algorithm query parameters. Sign it with SigV4.',
    );
  }
  try {
    if (authorization !== undefined) {
      const auth = parseAuthorization(authorization);
      const amzDate = single(getHeader(request.headers, 'x-amz-date'));
      if (amzDate === undefined || amzDate === null) {
        return fail(
          'IncompleteSignatureException',
          "Authorization header requires existence of a single 'X-Amz-Date' header.",
        );
      }
      const sessionToken = single(getHeader(request.headers, 'x-amz-security-token')) ?? undefined;
      return { auth, amzDate, presigned: false, expiresIn: 0, sessionToken };
    }
    if (algorithm !== ALGORITHM) {
      return fail(
        'IncompleteSignatureException',
        `Unsupported X-Amz-Algorithm ${JSON.stringify(algorithm)}; only ${ALGORITHM} (SigV4) is supported.`,
      );
    }
    const credential = single(query['X-Amz-Credential']);
    const signedHeaders = single(query['X-Amz-SignedHeaders']);
    const signature = single(query['X-Amz-Signature']);
    const amzDate = single(query['X-Amz-Date']);
    const expires = single(query['X-Amz-Expires']);
    const missing = (
      [
        ['X-Amz-Credential', credential],
        ['X-Amz-SignedHeaders', signedHeaders],
        ['X-Amz-Signature', signature],
        ['X-Amz-Date', amzDate],
        ['X-Amz-Expires', expires],
      ] as const
    ).filter(([, value]) => typeof value !== 'string' || value === '');
    if (missing.length > 0) {
      return fail(
        'IncompleteSignatureException',
        `A presigned request requires exactly one of each of the query parameters ${missing.map(([name]) => name).join(', ')}.`,
      );
    }
    const expiresIn = /^\d{1,6}$/.test(expires!) ? Number(expires) : Number.NaN;
    if (!(expiresIn >= 1 && expiresIn <= MAX_PRESIGNED_EXPIRES_IN)) {
      return fail(
        'InvalidSignatureException',
        `X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGNED_EXPIRES_IN} (seven days), got ${JSON.stringify(expires)}.`,
      );
    }
    const auth = fromParts(credential!, signedHeaders!, signature!, 'X-Amz-Credential');
    const sessionToken = single(query['X-Amz-Security-Token']) ?? undefined;
    return { auth, amzDate: amzDate!, presigned: true, expiresIn, sessionToken };
  } catch (error) {
    if (error instanceof SigningError) return fail('IncompleteSignatureException', error.message);
    throw error;
  }
}

/**
 * Verifies a SigV4-signed request, in the Authorization header or presigned in the query string,
 * as an AWS service does: the form of the signature, the credential scope, the time (skew for
 * header signatures, expiry for presigned ones), the access key, then the signature itself,
 * compared in constant time. Never throws for a bad request; resolves to `{ ok: false, code,
 * message }` with AWS's error code instead.
 *
 * Give it the request as the server received it: the raw path, the decoded query (see
 * `parseQueryString`) and every header, repeated ones as arrays (Node's `req.headersDistinct`).
 */
export async function verifySignature(
  request: HttpRequestLike,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const parsed = parseRequest(request);
  if ('ok' in parsed) return parsed;
  const { auth, amzDate, presigned, expiresIn, sessionToken } = parsed;

  const signedAtMs = parseAmzDate(amzDate);
  if (Number.isNaN(signedAtMs)) {
    return fail(
      'IncompleteSignatureException',
      `Date must be in ISO-8601 'basic format' (YYYYMMDD'T'HHMMSS'Z'), got ${JSON.stringify(amzDate)}.`,
    );
  }
  if (auth.date !== amzDate.slice(0, 8)) {
    return fail(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (options.region !== undefined && auth.region !== options.region) {
    return fail(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${auth.region}'. This endpoint serves '${options.region}'.`,
    );
  }
  if (options.service !== undefined && auth.service !== options.service) {
    return fail(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${options.service}', not '${auth.service}'.`,
    );
  }
  if (!auth.signedHeaders.includes('host')) {
    return fail(
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }

  const now = toEpochMs(options.now, 'now');
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (signedAtMs - now > maxSkewMs || (!presigned && now - signedAtMs > maxSkewMs)) {
    return fail(
      'RequestTimeTooSkewed',
      `The difference between the request time (${amzDate}) and the server's time (${formatAmzDate(now)}) is more than the ${Math.round(maxSkewMs / 1000)} s allowed. Correct the client's clock.`,
    );
  }
  if (presigned && now > signedAtMs + expiresIn * 1000) {
    return fail(
      'InvalidSignatureException',
      `Signature expired: the presigned request signed at ${amzDate} for ${expiresIn} s is past its expiry (server time ${formatAmzDate(now)}). Presign it again.`,
    );
  }

  const secret = await options.lookupSecret(auth.accessKeyId, {
    region: auth.region,
    service: auth.service,
    sessionToken,
  });
  if (secret === undefined) {
    return fail(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }

  const mismatchCode = options.mismatchCode ?? 'SignatureDoesNotMatch';
  const payloadHashes: string[] = [];
  const declared = single(getHeader(request.headers, 'x-amz-content-sha256'));
  if (typeof declared === 'string') {
    if (/^[0-9a-f]{64}$/.test(declared) && declared !== sha256Hex(request.body)) {
      return fail(
        mismatchCode,
        'The provided x-amz-content-sha256 header does not match what was computed from the body.',
      );
    }
    payloadHashes.push(declared);
  } else {
    payloadHashes.push(sha256Hex(request.body));
    // Presigned URLs (S3's above all) usually sign no body.
    if (presigned) payloadHashes.push(UNSIGNED_PAYLOAD);
  }

  // A presigned request may carry a session token left out of the signature.
  let unsignedQuery: HttpRequestLike | undefined;
  if (presigned && sessionToken !== undefined) {
    const rest: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.query!)) {
      if (name !== 'X-Amz-Security-Token') rest[name] = value;
    }
    unsignedQuery = { ...request, query: rest };
  }

  const key = (options.signingKeyCache ?? defaultSigningKeyCache).get(
    secret,
    auth.date,
    auth.region,
    auth.service,
  );
  const provided = Buffer.from(auth.signature, 'latin1');
  let first: { canonicalRequest: string; stringToSign: string } | undefined;
  for (const candidate of unsignedQuery === undefined ? [request] : [request, unsignedQuery]) {
    for (const payloadHash of payloadHashes) {
      const canonicalRequest = createCanonicalRequest(candidate, {
        signedHeaders: auth.signedHeaders,
        payloadHash,
        normalizePath: options.normalizePath,
        doubleEncodePath: options.doubleEncodePath,
      });
      const stringToSign = `${ALGORITHM}\n${amzDate}\n${auth.credentialScope}\n${sha256Hex(canonicalRequest)}`;
      const expected = Buffer.from(hmacSha256Hex(key, stringToSign), 'latin1');
      if (constantTimeEqual(expected, provided)) {
        return {
          ok: true,
          accessKeyId: auth.accessKeyId,
          region: auth.region,
          service: auth.service,
          signedAt: new Date(signedAtMs),
          presigned,
        };
      }
      first ??= { canonicalRequest, stringToSign };
    }
  }
  return { ok: false, code: mismatchCode, message: SIGNATURE_MISMATCH, ...first };
}
