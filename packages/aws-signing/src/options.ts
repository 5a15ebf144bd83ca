import type { PathOptions } from './canonical.js';
import { describe, SigningError } from './errors.js';
import type { SigningCredentials } from './http-request.js';
import type { SigningKeyCache } from './signing-key.js';

/** Options shared by {@link signRequest} and {@link presignRequest}. */
export interface SigningOptions extends PathOptions {
  /** The signing name of the service, e.g. `logs`, `sts`, `s3`. */
  service: string;
  /** The region, e.g. `us-east-1`. */
  region: string;
  credentials: SigningCredentials;
  /** When the request is signed; default now. */
  date?: Date | number;
  /** Sign `UNSIGNED-PAYLOAD` instead of the body's SHA-256 (S3 and streaming uploads). */
  unsignedPayload?: boolean;
  /**
   * Add `X-Amz-Security-Token` to the request but leave it out of the signature, as a few
   * services require. Default `false`.
   */
  omitSessionTokenFromSignature?: boolean;
  /** More lower-case header names to leave unsigned, beyond {@link UNSIGNED_HEADERS}. */
  unsignedHeaders?: readonly string[];
  /** The signing-key cache to use; default one shared by the process (50 keys). */
  signingKeyCache?: SigningKeyCache;
}

export function checkScope(options: SigningOptions): void {
  const { credentials, region, service } = options;
  if (credentials === null || typeof credentials !== 'object') {
    throw new SigningError(
      'InvalidCredentials',
      'credentials',
      'Cannot sign without credentials: pass { accessKeyId, secretAccessKey, sessionToken? }.',
    );
  }
  if (
    typeof credentials.accessKeyId !== 'string' ||
    credentials.accessKeyId === '' ||
    credentials.accessKeyId.includes('/')
  ) {
    throw new SigningError(
      'InvalidCredentials',
      'credentials.accessKeyId',
      `Invalid credentials.accessKeyId: ${describe(credentials.accessKeyId)}. Expected a non-empty access key id without '/'.`,
    );
  }
  if (typeof credentials.secretAccessKey !== 'string' || credentials.secretAccessKey === '') {
    throw new SigningError(
      'InvalidCredentials',
      'credentials.secretAccessKey',
      'Invalid credentials.secretAccessKey: expected a non-empty string (value not shown).',
    );
  }
  if (credentials.sessionToken !== undefined && typeof credentials.sessionToken !== 'string') {
    throw new SigningError(
      'InvalidCredentials',
      'credentials.sessionToken',
      'Invalid credentials.sessionToken: expected a string or undefined (value not shown).',
    );
  }
  if (typeof region !== 'string' || region === '' || region.includes('/')) {
    throw new SigningError(
      'InvalidSigningScope',
      'region',
      `Invalid region: ${describe(region)}. Expected a region name such as "us-east-1".`,
    );
  }
  if (typeof service !== 'string' || service === '' || service.includes('/')) {
    throw new SigningError(
      'InvalidSigningScope',
      'service',
      `Invalid service: ${describe(service)}. Expected the service's signing name such as "logs".`,
    );
  }
}

export function unsignedSet(options: SigningOptions): ReadonlySet<string> | undefined {
  const extra = options.unsignedHeaders;
  return extra === undefined || extra.length === 0
    ? undefined
    : new Set(extra.map((name) => name.toLowerCase()));
}
