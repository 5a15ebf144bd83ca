/**
 * Stable error codes.
 * - `CredentialsNotConfigured`: the source has nothing configured; a chain moves on to the next.
 * - every other code: the source is configured but broken; a chain stops and reports it.
 */
export type CredentialsErrorCode =
  | 'CredentialsNotConfigured'
  | 'InvalidConfiguration'
  | 'CredentialsFetchFailed'
  | 'InvalidCredentialsResponse'
  | 'CredentialsExpired'
  | 'HostNotAllowed'
  | 'CredentialsChainExhausted';

/** One source a chain tried, and why it gave nothing. */
export interface TriedSource {
  readonly source: string;
  readonly code: CredentialsErrorCode;
  readonly message: string;
}

export interface CredentialsProviderErrorOptions {
  code: CredentialsErrorCode;
  source: string;
  cause?: unknown;
  tried?: readonly TriedSource[];
  /** HTTP status of the failing response, when there was one. */
  statusCode?: number;
  /** The service's error code (e.g. STS `AccessDenied`), when it sent one. */
  serviceErrorCode?: string;
  requestId?: string;
}

/** Raised by every provider. Messages never contain secrets. */
export class CredentialsProviderError extends Error {
  override readonly name = 'CredentialsProviderError';
  readonly code: CredentialsErrorCode;
  /** The provider that failed: `env`, `ini`, `process`, `sso`, `web-identity`, `container`, `imds`, `sts`, `chain`... */
  readonly source: string;
  /** For a chain: every source tried before it stopped, in order. */
  readonly tried?: readonly TriedSource[];
  readonly statusCode?: number;
  readonly serviceErrorCode?: string;
  readonly requestId?: string;

  constructor(message: string, options: CredentialsProviderErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.source = options.source;
    if (options.tried !== undefined) this.tried = options.tried;
    if (options.statusCode !== undefined) this.statusCode = options.statusCode;
    if (options.serviceErrorCode !== undefined) this.serviceErrorCode = options.serviceErrorCode;
    if (options.requestId !== undefined) this.requestId = options.requestId;
  }

  /** False when the source simply is not set up (a chain moves on); true when it is set up but failed. */
  get configured(): boolean {
    return this.code !== 'CredentialsNotConfigured';
  }
}

export function notConfigured(source: string, message: string): CredentialsProviderError {
  return new CredentialsProviderError(message, { code: 'CredentialsNotConfigured', source });
}

export function invalidConfiguration(
  source: string,
  message: string,
  cause?: unknown,
): CredentialsProviderError {
  return new CredentialsProviderError(message, { code: 'InvalidConfiguration', source, cause });
}

export function isNotConfigured(error: unknown): boolean {
  return error instanceof CredentialsProviderError && error.code === 'CredentialsNotConfigured';
}
