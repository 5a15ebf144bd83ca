import { type FromContainerOptions, fromContainer } from './container.js';
import {
  type AwsCredentials,
  type Credentials,
  Credentials as CredentialsClass,
  type CredentialsProvider,
} from './credentials.js';
import { fromEnv } from './env.js';
import { CredentialsProviderError, invalidConfiguration, notConfigured } from './errors.js';
import { type FromInstanceMetadataOptions, fromInstanceMetadata } from './imds.js';
import { runCredentialProcess } from './process.js';
import {
  type Env,
  type IniSection,
  loadSharedConfig,
  type SharedConfig,
  type SharedConfigFilesOptions,
  selectProfile,
} from './shared-config.js';
import { isSsoProfile, resolveSsoSettings, type SsoHttpOptions, ssoCredentials } from './sso.js';
import { assumeRole, resolveSts, type StsOptions } from './sts.js';
import { webIdentityCredentials } from './web-identity.js';

export interface FromIniOptions extends SharedConfigFilesOptions, StsOptions, SsoHttpOptions {
  /** Defaults to `AWS_PROFILE`, then `default`. */
  profile?: string;
  /** Asked for a code when a role profile has `mfa_serial`. */
  mfaCodeProvider?: (serialNumber: string) => Promise<string>;
  /** For `credential_process`: kill after this long. Default 60 s. */
  processTimeoutMs?: number;
  /** For `credential_process`: where its stderr goes. Default `inherit`. */
  processStderr?: 'inherit' | 'ignore';
  /** For `credential_source = Ec2InstanceMetadata`. */
  instanceMetadata?: Omit<FromInstanceMetadataOptions, 'env'>;
  /** For `credential_source = EcsContainer`. */
  container?: Omit<FromContainerOptions, 'env'>;
}

interface Context {
  options: FromIniOptions;
  env: Env;
  config: SharedConfig;
  topProfile: string;
  explicit: boolean;
  signal: AbortSignal | undefined;
}

const hasStaticKeys = (s: IniSection) => Boolean(s.aws_access_key_id && s.aws_secret_access_key);

function staticCredentials(section: IniSection): Credentials {
  return new CredentialsClass({
    accessKeyId: section.aws_access_key_id!,
    secretAccessKey: section.aws_secret_access_key!,
    ...(section.aws_session_token && { sessionToken: section.aws_session_token }),
    source: 'ini',
  });
}

async function fromCredentialSource(
  profileName: string,
  credentialSource: string,
  ctx: Context,
): Promise<AwsCredentials> {
  const { env, options, signal } = ctx;
  let provider: CredentialsProvider;
  switch (credentialSource) {
    case 'Environment':
      provider = fromEnv({ env });
      break;
    case 'Ec2InstanceMetadata':
      provider = fromInstanceMetadata({
        ...options.instanceMetadata,
        env,
        ...(options.fetch !== undefined &&
          options.instanceMetadata?.fetch === undefined && { fetch: options.fetch }),
      });
      break;
    case 'EcsContainer':
      provider = fromContainer({
        ...options.container,
        env,
        ...(options.fetch !== undefined &&
          options.container?.fetch === undefined && { fetch: options.fetch }),
      });
      break;
    default:
      throw invalidConfiguration(
        'ini',
        `Profile ${profileName} has credential_source = ${credentialSource}; it must be Environment, Ec2InstanceMetadata or EcsContainer.`,
      );
  }
  try {
    return await provider.getCredentials({ ...(signal !== undefined && { signal }) });
  } catch (error) {
    if (error instanceof CredentialsProviderError && !error.configured) {
      throw invalidConfiguration(
        'ini',
        `Profile ${profileName} has credential_source = ${credentialSource}, but it has nothing: ${error.message}`,
        error,
      );
    }
    throw error;
  }
}

async function resolveProfile(
  name: string,
  ctx: Context,
  visited: string[],
  referrer: string | undefined,
): Promise<AwsCredentials> {
  const { config } = ctx;
  const section = config.profiles[name];
  const firstHop = referrer === undefined;
  if (section === undefined) {
    const files = `${config.configFile} or ${config.credentialsFile}`;
    if (!firstHop) {
      throw invalidConfiguration(
        'ini',
        `Profile ${referrer} has source_profile = ${name}, but profile ${name} is not in ${files}.`,
      );
    }
    if (ctx.explicit) {
      throw invalidConfiguration(
        'ini',
        `Profile ${name} was asked for but is not in ${files}. Check AWS_PROFILE or the profile option.`,
      );
    }
    throw notConfigured('ini', `No default profile in ${files}.`);
  }

  // Past the first hop static keys win over role settings, as in the AWS CLI.
  if (!firstHop && hasStaticKeys(section)) return staticCredentials(section);
  if (!firstHop && section.credential_source && !section.role_arn) {
    return fromCredentialSource(name, section.credential_source, ctx);
  }

  if (
    section.role_arn &&
    (section.source_profile !== undefined || section.credential_source !== undefined)
  ) {
    return assumeRoleProfile(name, section, ctx, visited);
  }
  if (hasStaticKeys(section)) return staticCredentials(section);
  if (section.aws_access_key_id || section.aws_secret_access_key) {
    throw invalidConfiguration(
      'ini',
      `Profile ${name} has ${section.aws_access_key_id ? 'aws_access_key_id' : 'aws_secret_access_key'} without ${section.aws_access_key_id ? 'aws_secret_access_key' : 'aws_access_key_id'}.`,
    );
  }
  if (section.web_identity_token_file && section.role_arn) {
    const duration = parseDuration(name, section);
    return webIdentityCredentials(
      {
        roleArn: section.role_arn,
        tokenFile: section.web_identity_token_file,
        roleSessionName: section.role_session_name,
        durationSeconds: duration,
      },
      ctx.options,
      ctx.env,
      config.profiles[ctx.topProfile]?.region,
      ctx.signal,
      'web-identity',
    );
  }
  if (section.credential_process) {
    return runCredentialProcess(section.credential_process, {
      label: `credential_process of profile ${name}`,
      env: ctx.env,
      signal: ctx.signal,
      timeoutMs: ctx.options.processTimeoutMs ?? 60_000,
      stderr: ctx.options.processStderr ?? 'inherit',
      now: ctx.options.now ?? Date.now,
    });
  }
  if (isSsoProfile(section)) {
    return ssoCredentials(
      resolveSsoSettings(name, section, config),
      { ...ctx.options, env: ctx.env },
      ctx.signal,
    );
  }
  if (section.role_arn) {
    throw invalidConfiguration(
      'ini',
      `Profile ${name} has role_arn but neither source_profile, credential_source nor web_identity_token_file.`,
    );
  }
  if (!firstHop) {
    throw invalidConfiguration(
      'ini',
      `Profile ${referrer} has source_profile = ${name}, but profile ${name} has no credentials.`,
    );
  }
  throw notConfigured('ini', `Profile ${name} has no credentials.`);
}

function parseDuration(name: string, section: IniSection): number | undefined {
  const text = section.duration_seconds;
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 900 || value > 43_200) {
    throw invalidConfiguration(
      'ini',
      `Profile ${name} has duration_seconds = ${text}; it must be a whole number of seconds from 900 to 43200.`,
    );
  }
  return value;
}

async function assumeRoleProfile(
  name: string,
  section: IniSection,
  ctx: Context,
  visited: string[],
): Promise<Credentials> {
  const { source_profile: sourceProfile, credential_source: credentialSource } = section;
  if (sourceProfile !== undefined && credentialSource !== undefined) {
    throw invalidConfiguration(
      'ini',
      `Profile ${name} has both source_profile and credential_source; keep only one.`,
    );
  }
  const durationSeconds = parseDuration(name, section);
  let source: AwsCredentials;
  if (sourceProfile !== undefined) {
    if (visited.includes(sourceProfile)) {
      throw invalidConfiguration(
        'ini',
        `Profiles form a source_profile loop: ${[ctx.topProfile, ...visited, sourceProfile].join(' -> ')}. Break the loop.`,
      );
    }
    source = await resolveProfile(sourceProfile, ctx, [...visited, sourceProfile], name);
  } else {
    source = await fromCredentialSource(name, credentialSource!, ctx);
  }
  let tokenCode: string | undefined;
  if (section.mfa_serial) {
    if (ctx.options.mfaCodeProvider === undefined) {
      throw invalidConfiguration(
        'ini',
        `Profile ${name} has mfa_serial, so it needs an MFA code: pass mfaCodeProvider.`,
      );
    }
    tokenCode = await ctx.options.mfaCodeProvider(section.mfa_serial);
  }
  const now = ctx.options.now ?? Date.now;
  const sts = resolveSts(ctx.options, ctx.env, ctx.config.profiles[ctx.topProfile]?.region);
  return assumeRole(
    source,
    {
      roleArn: section.role_arn!,
      roleSessionName: section.role_session_name || `aws-credentials-${now()}`,
      externalId: section.external_id,
      durationSeconds,
      serialNumber: section.mfa_serial,
      tokenCode,
    },
    sts,
    ctx.options,
    ctx.signal,
    'sts',
  );
}

/**
 * Shared `config` and `credentials` files: static keys, `role_arn` with `source_profile` or
 * `credential_source` (STS AssumeRole, chains followed, loops detected), `web_identity_token_file`,
 * `credential_process` and SSO profiles.
 */
export function fromIni(options: FromIniOptions = {}): CredentialsProvider {
  return {
    async getCredentials(callOptions) {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      const env = options.env ?? process.env;
      const { name, explicit } = selectProfile(options);
      const config = await loadSharedConfig(options);
      return resolveProfile(
        name,
        { options, env, config, topProfile: name, explicit, signal },
        [],
        undefined,
      );
    },
  };
}
