import { ALGORITHM } from './authorization.js';
import {
  canonicalizeAllHeaders,
  canonicalQuery,
  canonicalUri,
  isUnsignedHeader,
} from './canonical.js';
import { formatAmzDate, toEpochMs } from './date.js';
import { hmacSha256Hex, sha256Hex, UNSIGNED_PAYLOAD } from './hash.js';
import type { HttpRequestLike } from './http-request.js';
import { checkScope, type SigningOptions, unsignedSet } from './options.js';
import { hostHeaderValue } from './query.js';
import { defaultSigningKeyCache } from './signing-key.js';

/** Options of {@link signRequest}. */
export interface SignOptions extends SigningOptions {
  /** Add `X-Amz-Content-Sha256` (the payload hash) to the request and sign it; S3 requires it. */
  signedBodyHeader?: boolean;
}

/**
 * Signs `request` with SigV4 in the `Authorization` header. Returns a new request of the same
 * shape (the input is never mutated) carrying `Authorization`, `X-Amz-Date`,
 * `X-Amz-Security-Token` when the credentials have a session token, `X-Amz-Content-Sha256` when
 * `signedBodyHeader` is set, and `host` when the request had no Host header. Every other header
 * is signed except the ones proxies rewrite ({@link UNSIGNED_HEADERS}). An `X-Amz-Content-Sha256`
 * header already on the request is taken as the payload hash, as the AWS SDKs do.
 */
export function signRequest(request: HttpRequestLike, options: SignOptions): HttpRequestLike {
  checkScope(options);
  const { credentials, region, service } = options;
  const amzDate = formatAmzDate(toEpochMs(options.date, 'date'));
  const shortDate = amzDate.slice(0, 8);
  const token = credentials.sessionToken === '' ? undefined : credentials.sessionToken;

  const headers: Record<string, string | string[]> = {};
  let hasHost = false;
  let payloadHash: string | undefined;
  const source = request.headers;
  for (const name of Object.keys(source)) {
    const value = source[name];
    if (value === undefined || value === null) continue;
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'x-amz-date') continue;
    if (token !== undefined && lower === 'x-amz-security-token') continue;
    if (lower === 'host') hasHost = true;
    else if (lower === 'x-amz-content-sha256')
      payloadHash = typeof value === 'string' ? value : value[0];
    headers[name] = value;
  }
  if (!hasHost) headers['host'] = hostHeaderValue(request);
  if (token !== undefined) headers['X-Amz-Security-Token'] = token;
  headers['X-Amz-Date'] = amzDate;
  if (payloadHash === undefined) {
    payloadHash = options.unsignedPayload === true ? UNSIGNED_PAYLOAD : sha256Hex(request.body);
    if (options.signedBodyHeader === true) headers['x-amz-content-sha256'] = payloadHash;
  }

  const extra = unsignedSet(options);
  const omitToken = token !== undefined && options.omitSessionTokenFromSignature === true;
  const { canonical, signedHeaders } = canonicalizeAllHeaders(
    headers,
    extra === undefined && !omitToken
      ? isUnsignedHeader
      : (name) =>
          isUnsignedHeader(name) ||
          (omitToken && name === 'x-amz-security-token') ||
          extra?.has(name) === true,
  );
  const canonicalRequest = `${request.method}\n${canonicalUri(request.path, options)}\n${canonicalQuery(request.query)}\n${canonical}\n${signedHeaders}\n${payloadHash}`;
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const key = (options.signingKeyCache ?? defaultSigningKeyCache).get(
    credentials.secretAccessKey,
    shortDate,
    region,
    service,
  );
  headers['Authorization'] =
    `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${hmacSha256Hex(key, stringToSign)}`;

  const signed: HttpRequestLike = { ...request, headers };
  if (request.query !== undefined) signed.query = { ...request.query };
  return signed;
}
