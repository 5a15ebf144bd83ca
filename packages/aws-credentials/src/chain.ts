import type { CredentialsProvider } from './credentials.js';
import { CredentialsProviderError, type TriedSource } from './errors.js';

/**
 * Tries providers in order. One that is not configured is skipped; the first that returns
 * credentials wins; one that is configured but fails stops the chain with its own error.
 * When none is configured, the error (`CredentialsChainExhausted`) lists every source tried.
 */
export function chain(...providers: CredentialsProvider[]): CredentialsProvider {
  return {
    async getCredentials(options) {
      const tried: TriedSource[] = [];
      for (const provider of providers) {
        options?.signal?.throwIfAborted();
        try {
          return await provider.getCredentials(options);
        } catch (error) {
          if (error instanceof CredentialsProviderError && !error.configured) {
            tried.push({ source: error.source, code: error.code, message: error.message });
            continue;
          }
          throw error;
        }
      }
      const lines = tried.map((t) => `  - ${t.source}: ${t.message}`).join('\n');
      throw new CredentialsProviderError(
        `No AWS credentials found. Tried:\n${lines}\nConfigure one of them: environment variables, a profile in ~/.aws/config or ~/.aws/credentials (AWS_PROFILE), web identity, or a container or EC2 instance role.`,
        { code: 'CredentialsChainExhausted', source: 'chain', tried },
      );
    },
  };
}
