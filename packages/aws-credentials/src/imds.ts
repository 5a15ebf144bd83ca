import type { CredentialsProvider } from './credentials.js';
import { CredentialsProviderError, invalidConfiguration, notConfigured } from './errors.js';
import { type FetchLike, type HttpResult, httpCall, isUnreachable } from './http.js';
import { parseRemoteCredentials } from './remote-response.js';
import type { Env } from './shared-config.js';

export interface FromInstanceMetadataOptions {
  /** Defaults to `process.env`: `AWS_EC2_METADATA_DISABLED`, `AWS_EC2_METADATA_V1_DISABLED`,
   * `AWS_EC2_METADATA_SERVICE_ENDPOINT`, `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`. */
  env?: Env;
  /** Overrides the endpoint (e.g. `http://127.0.0.1:8080`). */
  endpoint?: string;
  /** Per-request timeout. Default 1000 ms. */
  timeoutMs?: number;
  /** Session token lifetime asked for in the token PUT. Default 21600 s (6 h). */
  tokenTtlSeconds?: number;
  /** Refuse the IMDSv1 fallback (also `AWS_EC2_METADATA_V1_DISABLED=true`). */
  disableV1Fallback?: boolean;
  /** Current time in ms, for reusing the session token. Default `Date.now`. */
  now?: () => number;
  fetch?: FetchLike;
}

const TOKEN_PATH = '/latest/api/token';
const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/';

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value.toLowerCase() !== 'false';
}

function resolveEndpoint(options: FromInstanceMetadataOptions, env: Env): string {
  const explicit = options.endpoint ?? env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
  if (explicit) {
    try {
      const url = new URL(explicit);
      return `${url.protocol}//${url.host}`;
    } catch (error) {
      throw invalidConfiguration(
        'imds',
        `The instance metadata endpoint is not a valid URL: ${JSON.stringify(explicit)}.`,
        error,
      );
    }
  }
  const mode = env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE ?? 'IPv4';
  if (mode.toLowerCase() === 'ipv4') return 'http://169.254.169.254';
  if (mode.toLowerCase() === 'ipv6') return 'http://[fd00:ec2::254]';
  throw invalidConfiguration(
    'imds',
    `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6, not ${JSON.stringify(mode)}.`,
  );
}

/**
 * EC2 instance metadata (IMDSv2): PUT a session token, GET the role name, GET the role's
 * credentials. Falls back to IMDSv1 only when the token PUT is refused with 403/404/405 and
 * the fallback is not disabled. An unreachable service counts as "not configured" (not on EC2).
 */
export function fromInstanceMetadata(
  options: FromInstanceMetadataOptions = {},
): CredentialsProvider {
  let cachedToken: { value: string; expiresAt: number } | undefined;
  const now = options.now ?? Date.now;
  const ttl = options.tokenTtlSeconds ?? 21_600;

  return {
    async getCredentials(callOptions) {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      const env = options.env ?? process.env;
      if (isTrue(env.AWS_EC2_METADATA_DISABLED)) {
        throw notConfigured('imds', 'Instance metadata is disabled by AWS_EC2_METADATA_DISABLED.');
      }
      const base = resolveEndpoint(options, env);
      const timeoutMs = options.timeoutMs ?? 1000;
      const v1Disabled =
        options.disableV1Fallback === true || isTrue(env.AWS_EC2_METADATA_V1_DISABLED);

      const call = async (
        path: string,
        init: { method?: string; headers?: Record<string, string> },
      ) => {
        try {
          return await httpCall(`${base}${path}`, {
            ...init,
            signal,
            timeoutMs,
            fetch: options.fetch,
          });
        } catch (error) {
          if (isUnreachable(error)) {
            throw new CredentialsProviderError(
              `Instance metadata service ${base} is not reachable (${(error as Error).message}); this does not look like EC2.`,
              { code: 'CredentialsNotConfigured', source: 'imds', cause: error },
            );
          }
          throw error;
        }
      };

      const fetchToken = async (): Promise<string | undefined> => {
        if (cachedToken !== undefined && cachedToken.expiresAt > now()) return cachedToken.value;
        const response = await call(TOKEN_PATH, {
          method: 'PUT',
          headers: { 'x-aws-ec2-metadata-token-ttl-seconds': String(ttl) },
        });
        if (response.status === 200 && response.text !== '') {
          // Renew a minute early so a token never expires between two of our requests.
          cachedToken = { value: response.text, expiresAt: now() + ttl * 1000 - 60_000 };
          return response.text;
        }
        if ([403, 404, 405].includes(response.status)) {
          if (v1Disabled) {
            throw new CredentialsProviderError(
              `Instance metadata refused a session token (HTTP ${response.status}) and the IMDSv1 fallback is disabled.`,
              { code: 'CredentialsFetchFailed', source: 'imds', statusCode: response.status },
            );
          }
          return undefined;
        }
        throw new CredentialsProviderError(
          `Instance metadata token request failed with HTTP ${response.status}.`,
          { code: 'CredentialsFetchFailed', source: 'imds', statusCode: response.status },
        );
      };

      const getWithToken = async (path: string): Promise<HttpResult> => {
        let token = await fetchToken();
        let response = await call(
          path,
          token ? { headers: { 'x-aws-ec2-metadata-token': token } } : {},
        );
        if (response.status === 401 && token !== undefined) {
          // The session token expired or was revoked: get a fresh one once.
          cachedToken = undefined;
          token = await fetchToken();
          response = await call(
            path,
            token ? { headers: { 'x-aws-ec2-metadata-token': token } } : {},
          );
        }
        return response;
      };

      const roles = await getWithToken(CREDENTIALS_PATH);
      if (roles.status === 404) {
        throw notConfigured(
          'imds',
          'This EC2 instance has no IAM role (instance profile) attached.',
        );
      }
      if (roles.status !== 200) {
        throw new CredentialsProviderError(
          `Instance metadata role lookup failed with HTTP ${roles.status}.`,
          { code: 'CredentialsFetchFailed', source: 'imds', statusCode: roles.status },
        );
      }
      const role = roles.text.split('\n')[0]?.trim() ?? '';
      if (role === '') {
        throw notConfigured(
          'imds',
          'This EC2 instance has no IAM role (instance profile) attached.',
        );
      }
      const credentials = await getWithToken(`${CREDENTIALS_PATH}${encodeURIComponent(role)}`);
      if (credentials.status !== 200) {
        throw new CredentialsProviderError(
          `Instance metadata credentials for role ${role} failed with HTTP ${credentials.status}.`,
          { code: 'CredentialsFetchFailed', source: 'imds', statusCode: credentials.status },
        );
      }
      return parseRemoteCredentials(credentials.text, 'imds', `Instance metadata for role ${role}`);
    },
  };
}
