import {
  type CloudWatchLogsClient,
  type CloudWatchLogsClientConfig,
  createCloudWatchLogsClientFromEnv,
} from '@integrations/aws-cloudwatch-logs';
import { defaultCredentialsProvider, loadSharedConfig } from '@integrations/aws-credentials';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';

/** The options every command accepts. */
export interface GlobalOptions {
  region?: string;
  profile?: string;
  endpoint?: string;
  debug?: boolean;
}

/** The region the AWS CLI would use: the flag, AWS_REGION, AWS_DEFAULT_REGION, then the profile's. */
export async function resolveRegion(options: GlobalOptions, io: CliIO): Promise<string> {
  const fromFlagOrEnv =
    options.region ?? (io.env.AWS_REGION?.trim() || io.env.AWS_DEFAULT_REGION?.trim());
  if (fromFlagOrEnv) return fromFlagOrEnv;
  const profile = options.profile ?? io.env.AWS_PROFILE ?? 'default';
  const shared = await loadSharedConfig({ env: io.env });
  const region = shared.profiles[profile]?.region?.trim();
  if (region) return region;
  throw new UsageError(
    'No region: pass --region (e.g. --region us-east-1), set AWS_REGION, or set region in your AWS profile',
  );
}

/** A client configured like the AWS CLI: flags first, then the environment and shared files. */
export async function createCliClient(
  options: GlobalOptions,
  io: CliIO,
  extra: Partial<CloudWatchLogsClientConfig> = {},
): Promise<CloudWatchLogsClient> {
  const region = await resolveRegion(options, io);
  return createCloudWatchLogsClientFromEnv({
    env: io.env,
    region,
    credentials: defaultCredentialsProvider({
      env: io.env,
      ...(options.profile !== undefined ? { profile: options.profile } : {}),
    }),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...extra,
  });
}
