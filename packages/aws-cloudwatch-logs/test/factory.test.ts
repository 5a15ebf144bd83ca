import { fromStatic } from '@integrations/aws-credentials';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createCloudWatchLogsClient,
  createCloudWatchLogsClientFromEnv,
  ServiceUnavailableError,
} from '../src/index.js';
import { errorResponse, fakeTransport } from './helpers/fake-transport.js';

const credentials = fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

function fieldOf(make: () => unknown): string | undefined {
  try {
    make();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).field;
  }
}

describe('createCloudWatchLogsClient', () => {
  it('resolves the regional endpoint', async () => {
    const transport = fakeTransport();
    const client = createCloudWatchLogsClient({ region: 'eu-west-1', credentials, transport });
    await client.groups.describe();
    expect(transport.sent[0]?.request.hostname).toBe('logs.eu-west-1.amazonaws.com');
    expect(transport.sent[0]?.request.protocol).toBe('https:');
    expect(client.settings).toEqual({
      region: 'eu-west-1',
      defaultLogGroup: undefined,
      defaultRetentionDays: undefined,
    });
  });

  it('refuses plain http to a non-loopback host unless allowed', async () => {
    expect(
      fieldOf(() =>
        createCloudWatchLogsClient({
          region: 'us-east-1',
          credentials,
          endpoint: 'http://logs.internal',
        }),
      ),
    ).toBe('endpoint');
    const transport = fakeTransport();
    const client = createCloudWatchLogsClient({
      region: 'us-east-1',
      credentials,
      transport,
      endpoint: 'http://logs.internal:8080',
      allowInsecureHttp: true,
    });
    await client.groups.describe();
    expect(transport.sent[0]?.request).toMatchObject({ hostname: 'logs.internal', port: 8080 });
  });

  it('throws ConfigurationError naming the field for a bad option', () => {
    expect(
      fieldOf(() => createCloudWatchLogsClient({ region: 'us-east-1', http: { connections: -1 } })),
    ).toBe('http.connections');
  });
});

describe('createCloudWatchLogsClientFromEnv', () => {
  it('reads the region, the endpoint override and the defaults', async () => {
    const transport = fakeTransport();
    const client = createCloudWatchLogsClientFromEnv({
      env: {
        AWS_REGION: 'ap-southeast-2',
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://127.0.0.1:4566',
        CLOUDWATCH_LOGS_DEFAULT_LOG_GROUP: '/app/api',
        CLOUDWATCH_LOGS_DEFAULT_RETENTION_DAYS: '30',
        AWS_ACCESS_KEY_ID: 'AKIAFROMENV',
        AWS_SECRET_ACCESS_KEY: 'from-env-secret',
      },
      transport,
    });
    expect(client.settings).toEqual({
      region: 'ap-southeast-2',
      defaultLogGroup: '/app/api',
      defaultRetentionDays: 30,
    });
    await client.groups.create({ logGroupName: '/app/api' });
    expect(transport.sent.map((s) => s.target)).toEqual([
      'Logs_20140328.CreateLogGroup',
      'Logs_20140328.PutRetentionPolicy',
    ]);
    const { request } = transport.sent[0]!;
    expect(request).toMatchObject({ hostname: '127.0.0.1', port: 4566, protocol: 'http:' });
    expect(transport.sent[0]?.header('authorization')).toContain('Credential=AKIAFROMENV/');
    expect(transport.sent[0]?.header('authorization')).toContain(
      '/ap-southeast-2/logs/aws4_request',
    );
  });

  it('falls back to AWS_DEFAULT_REGION and honours AWS_USE_FIPS_ENDPOINT', async () => {
    const transport = fakeTransport();
    const client = createCloudWatchLogsClientFromEnv({
      env: { AWS_DEFAULT_REGION: 'us-west-2', AWS_USE_FIPS_ENDPOINT: 'true' },
      credentials,
      transport,
    });
    await client.groups.describe();
    expect(transport.sent[0]?.request.hostname).toBe('logs-fips.us-west-2.amazonaws.com');
  });

  it('AWS_MAX_ATTEMPTS sets the attempts per call', async () => {
    const transport = fakeTransport();
    const client = createCloudWatchLogsClientFromEnv({
      env: { AWS_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '1' },
      credentials,
      transport,
    });
    transport.reply('DescribeLogGroups', errorResponse(503, 'ServiceUnavailableException', 'busy'));
    await expect(client.groups.describe()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(transport.sent).toHaveLength(1);
  });

  it('options win over the environment', () => {
    const client = createCloudWatchLogsClientFromEnv({
      env: { AWS_REGION: 'us-east-1', CLOUDWATCH_LOGS_DEFAULT_LOG_GROUP: '/from/env' },
      region: 'eu-central-1',
      defaultLogGroup: '/from/options',
      credentials,
      transport: fakeTransport(),
    });
    expect(client.settings.region).toBe('eu-central-1');
    expect(client.settings.defaultLogGroup).toBe('/from/options');
  });

  it.each([
    [{}, 'region'],
    [{ AWS_REGION: 'us-east-1', AWS_USE_FIPS_ENDPOINT: 'yes' }, 'AWS_USE_FIPS_ENDPOINT'],
    [{ AWS_REGION: 'us-east-1', AWS_USE_DUALSTACK_ENDPOINT: '1' }, 'AWS_USE_DUALSTACK_ENDPOINT'],
    [{ AWS_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: 'three' }, 'AWS_MAX_ATTEMPTS'],
    [{ AWS_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '0' }, 'retry.maxAttempts'],
    [
      { AWS_REGION: 'us-east-1', CLOUDWATCH_LOGS_DEFAULT_RETENTION_DAYS: '31' },
      'CLOUDWATCH_LOGS_DEFAULT_RETENTION_DAYS',
    ],
    [{ AWS_REGION: 'us-east-1', CLOUDWATCH_LOGS_DEFAULT_LOG_GROUP: 'bad name' }, 'defaultLogGroup'],
    [{ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'not a url' }, 'AWS_ENDPOINT_URL'],
  ])('names the variable at fault in %j', (env, field) => {
    expect(
      fieldOf(() =>
        createCloudWatchLogsClientFromEnv({ env, credentials, transport: fakeTransport() }),
      ),
    ).toBe(field);
  });
});
