import type * as NodeCrypto from 'node:crypto';

// node:crypto is loaded by the first signature rather than at import: loading it pulls in
// node:stream and costs several milliseconds of every process's start-up.
let loaded: typeof NodeCrypto | undefined;
const crypto = (): typeof NodeCrypto => {
  loaded ??= process.getBuiltinModule('node:crypto');
  return loaded;
};

/** The SHA-256 of the empty body, in hex. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The payload hash of a request whose body is not signed. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** The lower-case hex SHA-256 of a body (a string is hashed as UTF-8); `undefined` is empty. */
export function sha256Hex(body: string | Uint8Array | undefined): string {
  if (body === undefined || body.length === 0) return EMPTY_SHA256;
  return crypto().hash('sha256', body, 'hex');
}

/** HMAC-SHA256 of `data` under `key`, as raw bytes. */
export function hmacSha256(key: string | Uint8Array, data: string): Buffer {
  return crypto().createHmac('sha256', key).update(data, 'utf8').digest();
}

/** HMAC-SHA256 of `data` under `key`, in lower-case hex. */
export function hmacSha256Hex(key: Uint8Array, data: string): string {
  return crypto().createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

/** Whether two byte strings are equal, in time that does not depend on where they differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && crypto().timingSafeEqual(a, b);
}
