import { Credentials } from './credentials.js';
import { CredentialsProviderError } from './errors.js';

/**
 * Parses the JSON that the container endpoint and IMDS both return:
 * `{ AccessKeyId, SecretAccessKey, Token, Expiration }` (IMDS adds `Code: "Success"`).
 */
export function parseRemoteCredentials(text: string, source: string, what: string): Credentials {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // The parser's message quotes the body, which may hold secrets: no cause.
    throw new CredentialsProviderError(`${what} returned a body that is not JSON.`, {
      code: 'InvalidCredentialsResponse',
      source,
    });
  }
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (record.Code !== undefined && record.Code !== 'Success') {
    throw new CredentialsProviderError(
      `${what} reported ${JSON.stringify(record.Code)}${typeof record.Message === 'string' ? `: ${record.Message}` : ''}.`,
      { code: 'CredentialsFetchFailed', source, serviceErrorCode: String(record.Code) },
    );
  }
  const { AccessKeyId, SecretAccessKey, Token, Expiration } = record;
  if (
    typeof AccessKeyId !== 'string' ||
    AccessKeyId === '' ||
    typeof SecretAccessKey !== 'string' ||
    SecretAccessKey === '' ||
    typeof Token !== 'string' ||
    typeof Expiration !== 'string'
  ) {
    throw new CredentialsProviderError(
      `${what} returned JSON without the required string fields AccessKeyId, SecretAccessKey, Token and Expiration.`,
      { code: 'InvalidCredentialsResponse', source },
    );
  }
  const expiration = new Date(Expiration);
  if (Number.isNaN(expiration.getTime())) {
    throw new CredentialsProviderError(
      `${what} returned an Expiration that is not a date: ${JSON.stringify(Expiration)}.`,
      { code: 'InvalidCredentialsResponse', source },
    );
  }
  return new Credentials({
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    ...(Token !== '' && { sessionToken: Token }),
    expiration,
    source,
  });
}

/** A short, secret-free description of an error response body (`Code`/`Message` or `message`). */
export function describeErrorBody(text: string): { code?: string; message?: string } {
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    const code = data.Code ?? data.code ?? data.__type;
    const message = data.Message ?? data.message;
    return {
      ...(typeof code === 'string' && { code }),
      ...(typeof message === 'string' && { message: message.slice(0, 500) }),
    };
  } catch {
    return {};
  }
}
