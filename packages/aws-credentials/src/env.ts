import { Credentials, type CredentialsProvider } from './credentials.js';
import { invalidConfiguration, notConfigured } from './errors.js';
import type { Env } from './shared-config.js';

export interface FromEnvOptions {
  /** Defaults to `process.env`, read on every call. */
  env?: Env;
}

/**
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, and optionally `AWS_SESSION_TOKEN` and
 * `AWS_CREDENTIAL_EXPIRATION` (ISO 8601).
 */
export function fromEnv(options: FromEnvOptions = {}): CredentialsProvider {
  return {
    async getCredentials(callOptions) {
      callOptions?.signal?.throwIfAborted();
      const env = options.env ?? process.env;
      const accessKeyId = env.AWS_ACCESS_KEY_ID;
      const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
      if (!accessKeyId && !secretAccessKey) {
        throw notConfigured('env', 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.');
      }
      if (!accessKeyId) {
        throw invalidConfiguration(
          'env',
          'AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not. Set both, or unset both.',
        );
      }
      if (!secretAccessKey) {
        throw invalidConfiguration(
          'env',
          `AWS_ACCESS_KEY_ID (${accessKeyId}) is set but AWS_SECRET_ACCESS_KEY is not. Set both, or unset both.`,
        );
      }
      const expirationText = env.AWS_CREDENTIAL_EXPIRATION;
      let expiration: Date | undefined;
      if (expirationText) {
        expiration = new Date(expirationText);
        if (Number.isNaN(expiration.getTime())) {
          throw invalidConfiguration(
            'env',
            `AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 date: ${JSON.stringify(expirationText)}.`,
          );
        }
      }
      return new Credentials({
        accessKeyId,
        secretAccessKey,
        ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }),
        ...(expiration !== undefined && { expiration }),
        source: 'env',
      });
    },
  };
}
