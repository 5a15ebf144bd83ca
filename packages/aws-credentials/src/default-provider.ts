import { type CachedCredentialsProvider, cachedProvider } from './cache.js';
import { chain } from './chain.js';
import { fromContainer } from './container.js';
import type { CredentialsProvider } from './credentials.js';
import { fromEnv } from './env.js';
import { fromInstanceMetadata } from './imds.js';
import { type FromIniOptions, fromIni } from './ini.js';
import { fromWebIdentity } from './web-identity.js';

export interface DefaultCredentialsProviderOptions extends Omit<FromIniOptions, 'now'> {
  /** Current time in ms, for caching, expiry checks and signing. Default `Date.now`. */
  clock?: () => number;
  /** Refresh cached credentials this long before they expire. Default 5 minutes. */
  refreshBeforeMs?: number;
  /** Wait this long before retrying a failed refresh while old credentials are still valid. Default 10 s. */
  retryAfterMs?: number;
}

/**
 * The credential chain of the AWS SDK for JavaScript v3, cached:
 * 1. environment variables (skipped when a profile is chosen explicitly, by option or AWS_PROFILE);
 * 2. the shared files' profile: SSO, static keys, role assumption, credential_process, web identity;
 * 3. web identity from AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN;
 * 4. the ECS/EKS container endpoint, when its variables are set;
 * 5. EC2 instance metadata (IMDSv2), unless AWS_EC2_METADATA_DISABLED.
 */
export function defaultCredentialsProvider(
  options: DefaultCredentialsProviderOptions = {},
): CachedCredentialsProvider {
  const env = options.env ?? process.env;
  const clock = options.clock ?? Date.now;
  const shared = { ...options, env, now: clock };
  const providers: CredentialsProvider[] = [];
  if (!(options.profile || env.AWS_PROFILE)) providers.push(fromEnv({ env }));
  providers.push(fromIni(shared));
  providers.push(fromWebIdentity(shared));
  const fetchOption = options.fetch !== undefined ? { fetch: options.fetch } : {};
  providers.push(fromContainer({ ...fetchOption, ...options.container, env }));
  providers.push(
    fromInstanceMetadata({ ...fetchOption, ...options.instanceMetadata, env, now: clock }),
  );
  return cachedProvider(chain(...providers), {
    clock,
    ...(options.refreshBeforeMs !== undefined && { refreshBeforeMs: options.refreshBeforeMs }),
    ...(options.retryAfterMs !== undefined && { retryAfterMs: options.retryAfterMs }),
  });
}
