import type {
  CredentialsProvider,
  DefaultCredentialsProviderOptions,
} from '@integrations/aws-credentials';

/**
 * The AWS SDKs' default credential chain, loaded by the first request that needs credentials
 * rather than when this package is imported: a client given its own `credentials` never loads
 * `@integrations/aws-credentials`, and one that uses the chain moves that cost (several ms of a
 * fresh process) from start-up to its first call. As in the AWS SDKs, the chain reads the
 * environment and the shared files then, not when the client is created.
 */
export function lazyDefaultCredentials(
  options: DefaultCredentialsProviderOptions,
): CredentialsProvider {
  let chain: Promise<CredentialsProvider> | undefined;
  return {
    async getCredentials(getOptions) {
      chain ??= import('@integrations/aws-credentials').then(
        (credentials) => credentials.defaultCredentialsProvider(options),
        (error: unknown) => {
          chain = undefined;
          throw error;
        },
      );
      return (await chain).getCredentials(getOptions);
    },
  };
}
