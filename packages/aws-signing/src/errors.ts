/** What was wrong, as a stable machine-readable code. */
export type SigningErrorCode =
  | 'InvalidCredentials'
  | 'InvalidSigningScope'
  | 'InvalidSigningDate'
  | 'InvalidExpiration'
  | 'InvalidRequest'
  | 'MalformedAuthorization';

/**
 * A request or an option cannot be signed (or an Authorization header cannot be parsed). The
 * message says what was wrong and how to fix it; secrets (the secret access key, the session
 * token) never appear in it.
 */
export class SigningError extends Error {
  override readonly name = 'SigningError';
  readonly code: SigningErrorCode;
  /** The option or request field at fault, e.g. `credentials.accessKeyId` or `expiresIn`. */
  readonly field: string;

  constructor(code: SigningErrorCode, field: string, message: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/** Describes a value for an error message, short and without surprises. */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return typeof value;
}
