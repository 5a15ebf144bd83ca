export type { ParsedAuthorization } from './authorization.js';
export { ALGORITHM, createStringToSign, parseAuthorization } from './authorization.js';
export type { CanonicalRequestOptions, PathOptions } from './canonical.js';
export {
  canonicalHeaderValue,
  canonicalQuery,
  canonicalUri,
  createCanonicalRequest,
  UNSIGNED_HEADERS,
} from './canonical.js';
export { formatAmzDate, parseAmzDate } from './date.js';
export { uriEncode, uriEncodePath } from './encoding.js';
export type { SigningErrorCode } from './errors.js';
export { SigningError } from './errors.js';
export { EMPTY_SHA256, sha256Hex, UNSIGNED_PAYLOAD } from './hash.js';
export type { HttpRequestLike, SigningCredentials } from './http-request.js';
export { getHeader } from './http-request.js';
export type { SigningOptions } from './options.js';
export type { PresignedRequest, PresignOptions } from './presign.js';
export { MAX_PRESIGNED_EXPIRES_IN, presignRequest } from './presign.js';
export { formatQueryString, formatUrl, hostHeaderValue, parseQueryString } from './query.js';
export type { SignOptions } from './sign.js';
export { signRequest } from './sign.js';
export { deriveSigningKey, SigningKeyCache } from './signing-key.js';
export type {
  SecretLookupContext,
  VerifyErrorCode,
  VerifyFailure,
  VerifyOptions,
  VerifyResult,
  VerifySuccess,
} from './verify.js';
export { verifySignature } from './verify.js';
