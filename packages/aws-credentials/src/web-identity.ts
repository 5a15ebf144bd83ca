import type { Credentials, CredentialsProvider } from './credentials.js';
import { invalidConfiguration, notConfigured } from './errors.js';
import { readFile } from './lazy-builtins.js';
import type { Env } from './shared-config.js';
import { assumeRoleWithWebIdentity, resolveSts, type StsOptions } from './sts.js';

export interface FromWebIdentityOptions extends StsOptions {
  /** Defaults to `process.env`: `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`. */
  env?: Env;
  roleArn?: string;
  webIdentityTokenFile?: string;
  roleSessionName?: string;
  durationSeconds?: number;
}

export interface WebIdentitySettings {
  roleArn: string;
  tokenFile: string;
  roleSessionName?: string | undefined;
  durationSeconds?: number | undefined;
}

/** Reads the token file (again on every call: it is rotated) and calls AssumeRoleWithWebIdentity. */
export async function webIdentityCredentials(
  settings: WebIdentitySettings,
  options: StsOptions,
  env: Env,
  profileRegion: string | undefined,
  signal: AbortSignal | undefined,
  source: string,
): Promise<Credentials> {
  const sts = resolveSts(options, env, profileRegion);
  let token: string;
  try {
    token = (await readFile(settings.tokenFile, 'utf8')).trim();
  } catch (error) {
    throw invalidConfiguration(
      source,
      `Cannot read the web identity token file ${settings.tokenFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      error,
    );
  }
  if (token === '') {
    throw invalidConfiguration(
      source,
      `The web identity token file ${settings.tokenFile} is empty.`,
    );
  }
  const now = options.now ?? Date.now;
  return assumeRoleWithWebIdentity(
    {
      roleArn: settings.roleArn,
      roleSessionName: settings.roleSessionName || `aws-credentials-${now()}`,
      webIdentityToken: token,
      durationSeconds: settings.durationSeconds,
    },
    sts,
    options,
    signal,
    source,
  );
}

/** IAM roles for service accounts (EKS) and other OIDC federation via a token file. */
export function fromWebIdentity(options: FromWebIdentityOptions = {}): CredentialsProvider {
  return {
    async getCredentials(callOptions) {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      const env = options.env ?? process.env;
      const tokenFile = options.webIdentityTokenFile ?? env.AWS_WEB_IDENTITY_TOKEN_FILE;
      const roleArn = options.roleArn ?? env.AWS_ROLE_ARN;
      if (!tokenFile && !roleArn) {
        throw notConfigured(
          'web-identity',
          'AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set.',
        );
      }
      if (!tokenFile || !roleArn) {
        throw invalidConfiguration(
          'web-identity',
          `${tokenFile ? 'AWS_ROLE_ARN' : 'AWS_WEB_IDENTITY_TOKEN_FILE'} is not set, but ${tokenFile ? 'AWS_WEB_IDENTITY_TOKEN_FILE' : 'AWS_ROLE_ARN'} is. Web identity needs both.`,
        );
      }
      return webIdentityCredentials(
        {
          roleArn,
          tokenFile,
          roleSessionName: options.roleSessionName ?? env.AWS_ROLE_SESSION_NAME,
          durationSeconds: options.durationSeconds,
        },
        options,
        env,
        undefined,
        signal,
        'web-identity',
      );
    },
  };
}
