import { type AwsCredentials, type CredentialsProvider, toCredentials } from './credentials.js';
import { invalidConfiguration } from './errors.js';

/** Always returns the credentials it was given (validated once, at construction). */
export function fromStatic(credentials: AwsCredentials): CredentialsProvider {
  if (
    !credentials ||
    typeof credentials.accessKeyId !== 'string' ||
    credentials.accessKeyId === ''
  ) {
    throw invalidConfiguration('static', 'fromStatic() needs a non-empty accessKeyId.');
  }
  if (typeof credentials.secretAccessKey !== 'string' || credentials.secretAccessKey === '') {
    throw invalidConfiguration(
      'static',
      `fromStatic() needs a non-empty secretAccessKey for access key ${credentials.accessKeyId}.`,
    );
  }
  const value = toCredentials(credentials, credentials.source ?? 'static');
  return {
    async getCredentials(options) {
      options?.signal?.throwIfAborted();
      return value;
    },
  };
}
