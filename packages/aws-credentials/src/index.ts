export {
  type CachedCredentialsProvider,
  type CachedProviderOptions,
  cachedProvider,
} from './cache.js';
export { chain } from './chain.js';
export { type FromContainerOptions, fromContainer, isAllowedContainerUrl } from './container.js';
export {
  type AwsCredentials,
  Credentials,
  type CredentialsProvider,
  type GetCredentialsOptions,
  REDACTED,
  toCredentials,
} from './credentials.js';
export {
  type DefaultCredentialsProviderOptions,
  defaultCredentialsProvider,
} from './default-provider.js';
export { type FromEnvOptions, fromEnv } from './env.js';
export {
  type CredentialsErrorCode,
  CredentialsProviderError,
  type CredentialsProviderErrorOptions,
  isNotConfigured,
  type TriedSource,
} from './errors.js';
export type { FetchLike } from './http.js';
export { type FromInstanceMetadataOptions, fromInstanceMetadata } from './imds.js';
export { type FromIniOptions, fromIni } from './ini.js';
export { type FromProcessOptions, fromProcess } from './process.js';
export {
  type Env,
  type IniSection,
  loadSharedConfig,
  parseIni,
  type SharedConfig,
  type SharedConfigFilesOptions,
} from './shared-config.js';
export { type FromSsoOptions, fromSso, ssoTokenCacheFile } from './sso.js';
export { fromStatic } from './static.js';
export type { StsOptions } from './sts.js';
export { type FromWebIdentityOptions, fromWebIdentity } from './web-identity.js';
