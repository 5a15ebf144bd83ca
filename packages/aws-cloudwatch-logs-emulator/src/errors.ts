/**
 * An error the service answers with: `code` is the wire `__type` (what the AWS SDKs turn into
 * their typed exception), `statusCode` the HTTP status AWS uses for it.
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly code: string;
  readonly statusCode: number;
  /** Extra members of the error body, e.g. `queryCompileError` of MalformedQueryException. */
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: string, message: string, statusCode = 400, extra?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
    this.extra = extra;
  }
}

/** A bad emulator option, e.g. a non-loopback host without `sigv4` auth. */
export class EmulatorConfigError extends Error {
  override readonly name = 'EmulatorConfigError';
  readonly code = 'EmulatorConfigError';
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** A persisted data directory that cannot be read back (not a torn tail, which is skipped). */
export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';
  readonly code = 'PersistenceError';
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }
}

export const invalidParameter = (message: string): ServiceError =>
  new ServiceError('InvalidParameterException', message);

export const groupNotFound = (): ServiceError =>
  new ServiceError('ResourceNotFoundException', 'The specified log group does not exist.');

export const streamNotFound = (): ServiceError =>
  new ServiceError('ResourceNotFoundException', 'The specified log stream does not exist.');

export const invalidNextToken = (): ServiceError =>
  invalidParameter('The specified nextToken is invalid.');

export const limitExceeded = (message = 'Resource limit exceeded.'): ServiceError =>
  new ServiceError('LimitExceededException', message);

export const serializationError = (message: string): ServiceError =>
  new ServiceError('SerializationException', message);
