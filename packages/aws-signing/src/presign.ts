import { ALGORITHM } from './authorization.js';
import {
  canonicalizeAllHeaders,
  canonicalQuery,
  canonicalUri,
  isUnsignedHeader,
} from './canonical.js';
import { formatAmzDate, toEpochMs } from './date.js';
import { describe, SigningError } from './errors.js';
import { hmacSha256Hex, sha256Hex, UNSIGNED_PAYLOAD } from './hash.js';
import type { HttpRequestLike } from './http-request.js';
import { checkScope, type SigningOptions, unsignedSet } from './options.js';
import { formatUrl, hostHeaderValue } from './query.js';
import { defaultSigningKeyCache } from './signing-key.js';

/** The longest a presigned request may stay valid: seven days, in seconds. */
export const MAX_PRESIGNED_EXPIRES_IN = 604_800;

/** Options of {@link presignRequest}. */
export interface PresignOptions extends SigningOptions {
  /** Seconds the signature stays valid from `date`: an integer from 1 to 604800. Default 3600. */
  expiresIn?: number;
  /**
   * Move `x-amz-*` headers (except `x-amz-content-sha256`) into the query string, so whoever uses
   * the URL need not send them, as the AWS SDKs do. Default `true`.
   */
  hoistAmzHeaders?: boolean;
}

/** A presigned request: the request with its signature in the query string, and its URL. */
export interface PresignedRequest extends HttpRequestLike {
  query: Record<string, string | string[]>;
  /** The full URL with the signature, ready to hand out. */
  url: string;
  /** When the signature stops being accepted. */
  expiresAt: Date;
}

const PRESIGN_PARAMS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
]);

/**
 * Signs `request` with SigV4 in the query string (`X-Amz-Algorithm`, `X-Amz-Credential`,
 * `X-Amz-Date`, `X-Amz-SignedHeaders`, `X-Amz-Expires`, `X-Amz-Security-Token`,
 * `X-Amz-Signature`), so that it can be sent by anyone holding the URL until it expires. Headers
 * left on the returned request (such as `host` and `content-type`) are signed and must be sent
 * as they are. The input is never mutated.
 */
export function presignRequest(
  request: HttpRequestLike,
  options: PresignOptions,
): PresignedRequest {
  checkScope(options);
  const expiresIn = options.expiresIn ?? 3600;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGNED_EXPIRES_IN) {
    throw new SigningError(
      'InvalidExpiration',
      'expiresIn',
      `Invalid expiresIn: ${describe(expiresIn)}. SigV4 presigned requests must expire after a whole number of seconds from 1 to ${MAX_PRESIGNED_EXPIRES_IN} (seven days).`,
    );
  }
  const { credentials, region, service } = options;
  const epochMs = toEpochMs(options.date, 'date');
  const amzDate = formatAmzDate(epochMs);
  const shortDate = amzDate.slice(0, 8);
  const token = credentials.sessionToken === '' ? undefined : credentials.sessionToken;
  const hoist = options.hoistAmzHeaders !== false;

  const query: Record<string, string | string[]> = {};
  if (request.query !== undefined) {
    for (const key of Object.keys(request.query)) {
      if (!PRESIGN_PARAMS.has(key)) query[key] = request.query[key]!;
    }
  }
  const headers: Record<string, string | string[]> = {};
  let hasHost = false;
  let payloadHash: string | undefined;
  for (const name of Object.keys(request.headers)) {
    const value = request.headers[name];
    if (value === undefined || value === null) continue;
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'x-amz-date' || lower === 'x-amz-security-token')
      continue;
    if (lower === 'host') hasHost = true;
    else if (lower === 'x-amz-content-sha256')
      payloadHash = typeof value === 'string' ? value : value[0];
    else if (hoist && lower.startsWith('x-amz-')) {
      query[name] = value;
      continue;
    }
    headers[name] = value;
  }
  if (!hasHost) headers['host'] = hostHeaderValue(request);
  if (payloadHash === undefined) {
    payloadHash = options.unsignedPayload === true ? UNSIGNED_PAYLOAD : sha256Hex(request.body);
  }

  const extra = unsignedSet(options);
  const { canonical, signedHeaders } = canonicalizeAllHeaders(
    headers,
    extra === undefined ? isUnsignedHeader : (name) => isUnsignedHeader(name) || extra.has(name),
  );
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  query['X-Amz-Algorithm'] = ALGORITHM;
  query['X-Amz-Credential'] = `${credentials.accessKeyId}/${scope}`;
  query['X-Amz-Date'] = amzDate;
  query['X-Amz-SignedHeaders'] = signedHeaders;
  query['X-Amz-Expires'] = String(expiresIn);
  const omitToken = options.omitSessionTokenFromSignature === true;
  if (token !== undefined && !omitToken) query['X-Amz-Security-Token'] = token;

  const canonicalRequest = `${request.method}\n${canonicalUri(request.path, options)}\n${canonicalQuery(query)}\n${canonical}\n${signedHeaders}\n${payloadHash}`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const key = (options.signingKeyCache ?? defaultSigningKeyCache).get(
    credentials.secretAccessKey,
    shortDate,
    region,
    service,
  );
  if (token !== undefined && omitToken) query['X-Amz-Security-Token'] = token;
  query['X-Amz-Signature'] = hmacSha256Hex(key, stringToSign);

  const signed: HttpRequestLike = { ...request, headers, query };
  return {
    ...signed,
    query,
    url: formatUrl(signed),
    expiresAt: new Date(Math.floor(epochMs / 1000) * 1000 + expiresIn * 1000),
  };
}
