import { join } from 'node:path';
import {
  type Credentials,
  Credentials as CredentialsClass,
  type CredentialsProvider,
} from './credentials.js';
import { CredentialsProviderError, invalidConfiguration, notConfigured } from './errors.js';
import { type FetchLike, httpCall, isUnreachable } from './http.js';
import { readFile } from './lazy-builtins.js';
import {
  type Env,
  type IniSection,
  loadSharedConfig,
  resolveHomeDir,
  type SharedConfig,
  type SharedConfigFilesOptions,
  selectProfile,
} from './shared-config.js';

export interface SsoHttpOptions {
  /** The SSO portal endpoint; else `AWS_ENDPOINT_URL_SSO`, else `https://portal.sso.<sso_region>.amazonaws.com`. */
  ssoEndpoint?: string;
  /** Per-request timeout. Default 10 s. */
  ssoTimeoutMs?: number;
  fetch?: FetchLike;
  /** Current time in ms, to reject an expired token. Default `Date.now`. */
  now?: () => number;
}

export interface FromSsoOptions extends SharedConfigFilesOptions, SsoHttpOptions {
  /** Profile with `sso_*` settings; defaults to `AWS_PROFILE`, then `default`. */
  profile?: string;
}

/** Resolved settings of an SSO profile. */
export interface SsoSettings {
  profileName: string;
  startUrl: string;
  /** The `sso-session` name, when the profile uses one; it then names the token cache file. */
  sessionName?: string | undefined;
  region: string;
  accountId: string;
  roleName: string;
}

export function isSsoProfile(section: IniSection): boolean {
  return (
    section.sso_session !== undefined ||
    section.sso_start_url !== undefined ||
    section.sso_account_id !== undefined ||
    section.sso_role_name !== undefined ||
    section.sso_region !== undefined
  );
}

/** Checks an SSO profile (legacy or `sso_session`) and resolves its settings. */
export function resolveSsoSettings(
  profileName: string,
  section: IniSection,
  config: SharedConfig,
): SsoSettings {
  let startUrl = section.sso_start_url;
  let region = section.sso_region;
  const sessionName = section.sso_session;
  if (sessionName !== undefined) {
    const session = config.ssoSessions[sessionName];
    if (session === undefined) {
      throw invalidConfiguration(
        'sso',
        `Profile ${profileName} names sso_session ${sessionName}, but ${config.configFile} has no [sso-session ${sessionName}] section.`,
      );
    }
    for (const key of ['sso_start_url', 'sso_region'] as const) {
      if (
        section[key] !== undefined &&
        session[key] !== undefined &&
        section[key] !== session[key]
      ) {
        throw invalidConfiguration(
          'sso',
          `Profile ${profileName} sets ${key} = ${section[key]}, which differs from ${session[key]} in [sso-session ${sessionName}]. Remove it from the profile.`,
        );
      }
    }
    startUrl = session.sso_start_url ?? startUrl;
    region = session.sso_region ?? region;
  }
  const missing: string[] = [];
  if (!startUrl) missing.push('sso_start_url');
  if (!region) missing.push('sso_region');
  if (!section.sso_account_id) missing.push('sso_account_id');
  if (!section.sso_role_name) missing.push('sso_role_name');
  if (missing.length > 0) {
    throw invalidConfiguration(
      'sso',
      `Profile ${profileName} is an SSO profile but lacks ${missing.join(', ')}${sessionName !== undefined ? ` (profile and [sso-session ${sessionName}] together)` : ''}. Run "aws configure sso --profile ${profileName}".`,
    );
  }
  return {
    profileName,
    startUrl: startUrl!,
    sessionName,
    region: region!,
    accountId: section.sso_account_id!,
    roleName: section.sso_role_name!,
  };
}

/** `~/.aws/sso/cache/<sha1 of the sso-session name, or of the start URL for legacy profiles>.json` */
export function ssoTokenCacheFile(homeDir: string, sessionNameOrStartUrl: string): string {
  const name = process
    .getBuiltinModule('node:crypto')
    .createHash('sha1')
    .update(sessionNameOrStartUrl)
    .digest('hex');
  return join(homeDir, '.aws', 'sso', 'cache', `${name}.json`);
}

/** Reads the cached SSO access token and exchanges it for role credentials at the SSO portal. */
export async function ssoCredentials(
  settings: SsoSettings,
  options: SsoHttpOptions & { env?: Env; homeDir?: string },
  signal: AbortSignal | undefined,
): Promise<Credentials> {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const login = `Run "aws sso login --profile ${settings.profileName}".`;
  const cacheFile = ssoTokenCacheFile(
    await resolveHomeDir(options),
    settings.sessionName ?? settings.startUrl,
  );
  let text: string;
  try {
    text = await readFile(cacheFile, 'utf8');
  } catch (error) {
    throw invalidConfiguration(
      'sso',
      `Profile ${settings.profileName} has no SSO login: cannot read ${cacheFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}). ${login}`,
      error,
    );
  }
  let token: Record<string, unknown>;
  try {
    token = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // The parser's message quotes the file, which holds the token: no cause.
    throw invalidConfiguration(
      'sso',
      `The SSO token cache file ${cacheFile} is not JSON. ${login}`,
    );
  }
  const accessToken = token.accessToken;
  const expiresAt = typeof token.expiresAt === 'string' ? new Date(token.expiresAt) : undefined;
  if (
    typeof accessToken !== 'string' ||
    accessToken === '' ||
    expiresAt === undefined ||
    Number.isNaN(expiresAt.getTime())
  ) {
    throw invalidConfiguration(
      'sso',
      `The SSO token cache file ${cacheFile} lacks accessToken or a valid expiresAt. ${login}`,
    );
  }
  if (expiresAt.getTime() <= now()) {
    throw new CredentialsProviderError(
      `The SSO session of profile ${settings.profileName} expired at ${expiresAt.toISOString()}. ${login}`,
      { code: 'CredentialsExpired', source: 'sso' },
    );
  }

  const base =
    options.ssoEndpoint ??
    env.AWS_ENDPOINT_URL_SSO ??
    `https://portal.sso.${settings.region}.amazonaws.com`;
  let url: URL;
  try {
    url = new URL('/federation/credentials', base);
  } catch (error) {
    throw invalidConfiguration(
      'sso',
      `The SSO endpoint is not a valid URL: ${JSON.stringify(base)}.`,
      error,
    );
  }
  url.searchParams.set('account_id', settings.accountId);
  url.searchParams.set('role_name', settings.roleName);
  const what = `SSO GetRoleCredentials for account ${settings.accountId} role ${settings.roleName}`;
  let response: Awaited<ReturnType<typeof httpCall>>;
  try {
    response = await httpCall(url.href, {
      headers: { 'x-amz-sso_bearer_token': accessToken, accept: 'application/json' },
      signal,
      timeoutMs: options.ssoTimeoutMs ?? 10_000,
      fetch: options.fetch,
    });
  } catch (error) {
    if (isUnreachable(error)) {
      throw new CredentialsProviderError(`${what} failed: ${(error as Error).message}.`, {
        code: 'CredentialsFetchFailed',
        source: 'sso',
        cause: error,
      });
    }
    throw error;
  }
  if (response.status !== 200) {
    let type = response.headers.get('x-amzn-errortype')?.split(':')[0];
    let message: string | undefined;
    try {
      const body = JSON.parse(response.text) as Record<string, unknown>;
      if (type === undefined && typeof body.__type === 'string')
        type = body.__type.split('#').pop();
      const m = body.message ?? body.Message;
      if (typeof m === 'string') message = m.slice(0, 500);
    } catch {}
    const hint = response.status === 401 || response.status === 403 ? ` ${login}` : '';
    throw new CredentialsProviderError(
      `${what} failed with HTTP ${response.status}${type ? ` ${type}` : ''}${message ? `: ${message}` : ''}.${hint}`,
      {
        code: response.status === 401 ? 'CredentialsExpired' : 'CredentialsFetchFailed',
        source: 'sso',
        statusCode: response.status,
        ...(type !== undefined && { serviceErrorCode: type }),
        ...(response.headers.get('x-amzn-requestid') && {
          requestId: response.headers.get('x-amzn-requestid')!,
        }),
      },
    );
  }
  let role: Record<string, unknown> | undefined;
  try {
    role = (JSON.parse(response.text) as { roleCredentials?: Record<string, unknown> })
      .roleCredentials;
  } catch {}
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = role ?? {};
  if (
    typeof accessKeyId !== 'string' ||
    typeof secretAccessKey !== 'string' ||
    typeof sessionToken !== 'string' ||
    typeof expiration !== 'number' ||
    accessKeyId === '' ||
    secretAccessKey === ''
  ) {
    throw new CredentialsProviderError(`${what} returned no complete roleCredentials.`, {
      code: 'InvalidCredentialsResponse',
      source: 'sso',
    });
  }
  return new CredentialsClass({
    accessKeyId,
    secretAccessKey,
    ...(sessionToken !== '' && { sessionToken }),
    expiration: new Date(expiration),
    source: 'sso',
  });
}

/** IAM Identity Center (SSO) profiles, both legacy and `sso_session` ones, from the token cache. */
export function fromSso(options: FromSsoOptions = {}): CredentialsProvider {
  return {
    async getCredentials(callOptions) {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      const { name } = selectProfile(options);
      const config = await loadSharedConfig(options);
      const section = config.profiles[name];
      if (section === undefined || !isSsoProfile(section)) {
        throw notConfigured('sso', `Profile ${name} is not an SSO profile.`);
      }
      return ssoCredentials(resolveSsoSettings(name, section, config), options, signal);
    },
  };
}
