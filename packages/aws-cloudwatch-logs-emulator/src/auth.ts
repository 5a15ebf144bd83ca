import type { HttpRequest } from '@integrations/aws-json-rpc';
import { parseAuthorization, SigningError } from '@integrations/aws-signing';
import { ServiceError } from './errors.js';
import { header } from './headers.js';

/** A key pair the emulator accepts in `sigv4` mode. */
export interface EmulatorCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * How requests are authenticated: `sigv4` verifies every signature against the given key pairs
 * (a random pair is made when none is given); `any-key` accepts any well-formed SigV4 request
 * whatever its key, as LocalStack does; `none` checks nothing.
 */
export type AuthOptions =
  | { mode: 'sigv4'; credentials?: EmulatorCredentials[]; maxSkewMs?: number }
  | { mode: 'any-key' }
  | { mode: 'none' };

/** The verifier of `@integrations/aws-signing`, injected so tests can fake it. */
export type SignatureVerifier = (
  request: HttpRequest,
  options: {
    lookupSecret(accessKeyId: string): string | undefined;
    now?: Date | number;
    maxSkewMs?: number;
    region?: string;
    service?: string;
    mismatchCode?: 'InvalidSignatureException';
  },
) =>
  | { ok: true; accessKeyId: string }
  | { ok: false; code: string; message: string }
  | Promise<{ ok: true; accessKeyId: string } | { ok: false; code: string; message: string }>;

const STATUS: Record<string, number> = {
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  InvalidSignatureException: 400,
  UnrecognizedClientException: 400,
};

/** Maps a verifier's failure code to the error CloudWatch Logs answers with. */
export function authError(code: string, message: string): ServiceError {
  const mapped =
    code in STATUS
      ? code
      : /missing/i.test(code)
        ? 'MissingAuthenticationTokenException'
        : /unknown|unrecognized|access ?key/i.test(code)
          ? 'UnrecognizedClientException'
          : /malformed|incomplete/i.test(code)
            ? 'IncompleteSignatureException'
            : 'InvalidSignatureException';
  return new ServiceError(mapped, message, STATUS[mapped]);
}

/**
 * Checks that a request carries a well-formed SigV4 signature, whatever its key: what `any-key`
 * mode requires. Returns the error to answer with, or undefined.
 */
export function checkWellFormed(request: HttpRequest): ServiceError | undefined {
  const authorization = header(request.headers, 'authorization');
  const query = request.query ?? {};
  const missing = missingAuthentication(request);
  if (missing) return missing;
  if (authorization === undefined) {
    const absent = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature']
      .filter((k) => typeof query[k] !== 'string' || query[k] === '')
      .map((k) => `AWS query-string parameters must include '${k}'.`);
    return absent.length > 0
      ? new ServiceError('IncompleteSignatureException', absent.join(' '), 400)
      : undefined;
  }
  const problems: string[] = [];
  try {
    parseAuthorization(authorization.trim());
  } catch (error) {
    if (!(error instanceof SigningError)) throw error;
    problems.push(error.message);
  }
  if (
    header(request.headers, 'x-amz-date') === undefined &&
    header(request.headers, 'date') === undefined
  )
    problems.push(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  if (problems.length > 0)
    return new ServiceError('IncompleteSignatureException', problems.join(' '), 400);
  return undefined;
}

/** A request with neither an Authorization header nor presigned query parameters. */
export function missingAuthentication(request: HttpRequest): ServiceError | undefined {
  if (header(request.headers, 'authorization') !== undefined) return undefined;
  if (request.query?.['X-Amz-Algorithm'] !== undefined) return undefined;
  return new ServiceError(
    'MissingAuthenticationTokenException',
    'Missing Authentication Token',
    403,
  );
}
