import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialsProviderError, fromIni } from '../src/index.js';
import { startFakeSts, stsError } from './fake-sts.js';
import { expectNoSecrets, forbiddenFetch, rejection, startServer, tempHome } from './helpers.js';

const BASE_SECRET = 'base-secret-Ww3Ee';

describe('fromIni: static keys and profile selection', () => {
  it('reads the default profile from the credentials file', async () => {
    const home = await tempHome({
      '.aws/credentials': `[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = ${BASE_SECRET}\naws_session_token = tok\n`,
    });
    const creds = await fromIni({ homeDir: home, env: {} }).getCredentials();
    expect(creds.accessKeyId).toBe('AKIDDEFAULT');
    expect(creds.secretAccessKey).toBe(BASE_SECRET);
    expect(creds.sessionToken).toBe('tok');
    expect(creds.source).toBe('ini');
  });

  it('selects the profile by option, then AWS_PROFILE', async () => {
    const home = await tempHome({
      '.aws/config':
        '[profile a]\naws_access_key_id = A\naws_secret_access_key = SA\n[profile b]\naws_access_key_id = B\naws_secret_access_key = SB\n',
    });
    expect(
      (await fromIni({ homeDir: home, env: { AWS_PROFILE: 'a' } }).getCredentials()).accessKeyId,
    ).toBe('A');
    expect(
      (await fromIni({ homeDir: home, env: { AWS_PROFILE: 'a' }, profile: 'b' }).getCredentials())
        .accessKeyId,
    ).toBe('B');
  });

  it('is "not configured" without a default profile or with one that has no credentials', async () => {
    const none = await tempHome();
    expect(await rejection(fromIni({ homeDir: none, env: {} }).getCredentials())).toMatchObject({
      code: 'CredentialsNotConfigured',
      source: 'ini',
    });
    const regionOnly = await tempHome({ '.aws/config': '[default]\nregion = eu-west-1\n' });
    expect(
      await rejection(fromIni({ homeDir: regionOnly, env: {} }).getCredentials()),
    ).toMatchObject({
      code: 'CredentialsNotConfigured',
    });
  });

  it('stops with a configuration error for an explicit profile that does not exist', async () => {
    const home = await tempHome({ '.aws/config': '[default]\nregion = eu-west-1\n' });
    const error = await rejection(
      fromIni({ homeDir: home, env: { AWS_PROFILE: 'prod' } }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'InvalidConfiguration', source: 'ini', configured: true });
    expect(error.message).toContain('Profile prod');
    expect(error.message).toContain(join(home, '.aws', 'config'));
  });

  it('refuses half a key pair', async () => {
    const home = await tempHome({
      '.aws/credentials': `[default]\naws_secret_access_key = ${BASE_SECRET}\n`,
    });
    const error = await rejection(fromIni({ homeDir: home, env: {} }).getCredentials());
    expect(error).toMatchObject({ code: 'InvalidConfiguration' });
    expect(error.message).toContain('without aws_access_key_id');
    expectNoSecrets(error, [BASE_SECRET]);
  });
});

describe('fromIni: role assumption through STS', () => {
  const base = `[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = ${BASE_SECRET}\n`;

  it('assumes role_arn with source_profile, signed with the source keys, with every STS parameter', async () => {
    const sts = await startFakeSts({ keys: { AKIDBASE: BASE_SECRET } });
    const home = await tempHome({
      '.aws/credentials': base,
      '.aws/config': [
        '[profile app]',
        'role_arn = arn:aws:iam::123456789012:role/app',
        'source_profile = base',
        'external_id = ext-42',
        'role_session_name = my-session',
        'duration_seconds = 1800',
        'region = eu-north-1',
      ].join('\n'),
    });
    const creds = await fromIni({
      homeDir: home,
      env: {},
      profile: 'app',
      stsEndpoint: sts.url,
    }).getCredentials();
    expect(sts.calls).toHaveLength(1);
    const call = sts.calls[0]!;
    expect(call.signedBy).toBe('AKIDBASE');
    expect(call.region).toBe('eu-north-1');
    expect(call.request.method).toBe('POST');
    expect(call.request.headers['content-type']).toBe(
      'application/x-www-form-urlencoded; charset=utf-8',
    );
    expect(call.params).toEqual({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: 'arn:aws:iam::123456789012:role/app',
      RoleSessionName: 'my-session',
      ExternalId: 'ext-42',
      DurationSeconds: '1800',
    });
    expect(creds.accessKeyId).toBe('ASIAAPP1');
    expect(creds.secretAccessKey).toBe('sts-secret-app-1');
    expect(creds.sessionToken).toBe('sts-token-app-1');
    expect(creds.expiration?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
    expect(creds.source).toBe('sts');
    expectNoSecrets(creds, ['sts-secret-app-1', 'sts-token-app-1']);
  });

  it('follows a chain of roles, each hop signed by the previous credentials', async () => {
    const sts = await startFakeSts({ keys: { AKIDBASE: BASE_SECRET } });
    const home = await tempHome({
      '.aws/credentials': base,
      '.aws/config': [
        '[profile first]',
        'role_arn = arn:aws:iam::111111111111:role/first',
        'source_profile = base',
        '[profile second]',
        'role_arn = arn:aws:iam::222222222222:role/second',
        'source_profile = first',
      ].join('\n'),
    });
    const now = Date.now();
    const creds = await fromIni({
      homeDir: home,
      env: { AWS_REGION: 'us-west-2' },
      profile: 'second',
      stsEndpoint: sts.url,
      now: () => now,
    }).getCredentials();
    expect(sts.calls.map((c) => [c.params.RoleArn, c.signedBy, c.region])).toEqual([
      ['arn:aws:iam::111111111111:role/first', 'AKIDBASE', 'us-west-2'],
      ['arn:aws:iam::222222222222:role/second', 'ASIAFIRST1', 'us-west-2'],
    ]);
    expect(sts.calls[1]?.sessionToken).toBe('sts-token-first-1');
    expect(sts.calls[0]?.params.RoleSessionName).toBe(`aws-credentials-${now}`);
    expect(sts.calls[0]?.params.DurationSeconds).toBeUndefined();
    expect(creds.accessKeyId).toBe('ASIASECOND2');
  });

  it('uses the static keys of a profile that names itself as source_profile', async () => {
    const sts = await startFakeSts({ keys: { AKIDSELF: 'self-secret' } });
    const home = await tempHome({
      '.aws/config': [
        '[profile self]',
        'aws_access_key_id = AKIDSELF',
        'aws_secret_access_key = self-secret',
        'role_arn = arn:aws:iam::123456789012:role/self',
        'source_profile = self',
      ].join('\n'),
    });
    const creds = await fromIni({
      homeDir: home,
      env: {},
      profile: 'self',
      stsEndpoint: sts.url,
    }).getCredentials();
    expect(sts.calls[0]?.signedBy).toBe('AKIDSELF');
    expect(creds.accessKeyId).toBe('ASIASELF1');
  });

  it('detects source_profile loops before calling STS', async () => {
    const home = await tempHome({
      '.aws/config': [
        '[profile a]',
        'role_arn = arn:aws:iam::1:role/a',
        'source_profile = b',
        '[profile b]',
        'role_arn = arn:aws:iam::1:role/b',
        'source_profile = c',
        '[profile c]',
        'role_arn = arn:aws:iam::1:role/c',
        'source_profile = a',
      ].join('\n'),
    });
    const error = await rejection(
      fromIni({ homeDir: home, env: {}, profile: 'a', fetch: forbiddenFetch }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'InvalidConfiguration', source: 'ini' });
    expect(error.message).toContain('a -> b -> c -> a');
  });

  it('stops on a source_profile that does not exist or has no credentials', async () => {
    const home = await tempHome({
      '.aws/config': [
        '[profile orphan]',
        'role_arn = arn:aws:iam::1:role/x',
        'source_profile = missing',
        '[profile empty-source]',
        'role_arn = arn:aws:iam::1:role/x',
        'source_profile = empty',
        '[profile empty]',
        'region = us-east-1',
      ].join('\n'),
    });
    const orphan = await rejection(
      fromIni({
        homeDir: home,
        env: {},
        profile: 'orphan',
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(orphan.message).toContain('source_profile = missing');
    const empty = await rejection(
      fromIni({
        homeDir: home,
        env: {},
        profile: 'empty-source',
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(empty).toMatchObject({ code: 'InvalidConfiguration' });
    expect(empty.message).toContain('has no credentials');
  });

  it('uses credential_source = Environment', async () => {
    const sts = await startFakeSts({ keys: { AKIDENV: 'env-secret' } });
    const home = await tempHome({
      '.aws/config':
        '[default]\nrole_arn = arn:aws:iam::1:role/fromenv\ncredential_source = Environment\n',
    });
    const creds = await fromIni({
      homeDir: home,
      env: { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret' },
      stsEndpoint: sts.url,
    }).getCredentials();
    expect(sts.calls[0]?.signedBy).toBe('AKIDENV');
    expect(creds.accessKeyId).toBe('ASIAFROMENV1');

    const unset = await rejection(
      fromIni({ homeDir: home, env: {}, stsEndpoint: sts.url }).getCredentials(),
    );
    expect(unset).toMatchObject({ code: 'InvalidConfiguration' });
    expect(unset.message).toContain('credential_source = Environment');
  });

  it('uses credential_source = EcsContainer and Ec2InstanceMetadata', async () => {
    const remote = await startServer((request) => {
      const body = JSON.stringify({
        Code: 'Success',
        AccessKeyId: 'AKIDREMOTE',
        SecretAccessKey: 'remote-secret',
        Token: 'remote-token',
        Expiration: '2099-01-01T00:00:00Z',
      });
      if (request.url === '/latest/api/token') return { body: 'imds-token' };
      if (request.url === '/latest/meta-data/iam/security-credentials/') return { body: 'r' };
      return { body };
    });
    const stsWithKeys = await startFakeSts({ keys: { AKIDREMOTE: 'remote-secret' } });
    const home = await tempHome({
      '.aws/config': [
        '[profile ecs]',
        'role_arn = arn:aws:iam::1:role/ecs',
        'credential_source = EcsContainer',
        '[profile ec2]',
        'role_arn = arn:aws:iam::1:role/ec2',
        'credential_source = Ec2InstanceMetadata',
      ].join('\n'),
    });
    const ecs = await fromIni({
      homeDir: home,
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${remote.url}/creds` },
      profile: 'ecs',
      stsEndpoint: stsWithKeys.url,
    }).getCredentials();
    expect(ecs.accessKeyId).toBe('ASIAECS1');
    const ec2 = await fromIni({
      homeDir: home,
      env: {},
      profile: 'ec2',
      stsEndpoint: stsWithKeys.url,
      instanceMetadata: { endpoint: remote.url },
    }).getCredentials();
    expect(ec2.accessKeyId).toBe('ASIAEC22');
    expect(stsWithKeys.calls.map((c) => c.signedBy)).toEqual(['AKIDREMOTE', 'AKIDREMOTE']);
    expect(stsWithKeys.calls[1]?.sessionToken).toBe('remote-token');
  });

  it('refuses an unknown credential_source, or both source_profile and credential_source', async () => {
    const home = await tempHome({
      '.aws/config': [
        '[profile weird]',
        'role_arn = arn:aws:iam::1:role/x',
        'credential_source = Somewhere',
        '[profile both]',
        'role_arn = arn:aws:iam::1:role/x',
        'credential_source = Environment',
        'source_profile = weird',
        '[profile lonely]',
        'role_arn = arn:aws:iam::1:role/x',
        '[profile badduration]',
        'role_arn = arn:aws:iam::1:role/x',
        'credential_source = Environment',
        'duration_seconds = 12',
      ].join('\n'),
    });
    for (const [profile, text] of [
      ['weird', 'Environment, Ec2InstanceMetadata or EcsContainer'],
      ['both', 'keep only one'],
      ['lonely', 'neither source_profile'],
      ['badduration', '900 to 43200'],
    ] as const) {
      const error = await rejection(
        fromIni({ homeDir: home, env: {}, profile, fetch: forbiddenFetch }).getCredentials(),
      );
      expect(error).toMatchObject({ code: 'InvalidConfiguration' });
      expect(error.message).toContain(text);
    }
  });

  it('asks mfaCodeProvider for mfa_serial and sends SerialNumber and TokenCode', async () => {
    const sts = await startFakeSts({ keys: { AKIDBASE: BASE_SECRET } });
    const home = await tempHome({
      '.aws/credentials': base,
      '.aws/config':
        '[profile mfa]\nrole_arn = arn:aws:iam::1:role/mfa\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n',
    });
    const missing = await rejection(
      fromIni({ homeDir: home, env: {}, profile: 'mfa', stsEndpoint: sts.url }).getCredentials(),
    );
    expect(missing.message).toContain('mfaCodeProvider');
    const asked: string[] = [];
    await fromIni({
      homeDir: home,
      env: {},
      profile: 'mfa',
      stsEndpoint: sts.url,
      mfaCodeProvider: async (serial) => {
        asked.push(serial);
        return '123456';
      },
    }).getCredentials();
    expect(asked).toEqual(['arn:aws:iam::1:mfa/me']);
    expect(sts.calls.at(-1)?.params).toMatchObject({
      SerialNumber: 'arn:aws:iam::1:mfa/me',
      TokenCode: '123456',
    });
  });

  it('turns an STS XML error into an error with its code, message and request id', async () => {
    const sts = await startFakeSts({
      keys: { AKIDBASE: BASE_SECRET },
      reply: () =>
        stsError(
          403,
          'AccessDenied',
          'User: arn:aws:iam::1:user/me is not authorized to perform: sts:AssumeRole & more',
        ),
    });
    const home = await tempHome({
      '.aws/credentials': base,
      '.aws/config': '[profile app]\nrole_arn = arn:aws:iam::1:role/app\nsource_profile = base\n',
    });
    const error = await rejection(
      fromIni({ homeDir: home, env: {}, profile: 'app', stsEndpoint: sts.url }).getCredentials(),
    );
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect(error).toMatchObject({
      code: 'CredentialsFetchFailed',
      source: 'sts',
      statusCode: 403,
      serviceErrorCode: 'AccessDenied',
      requestId: 'req-123',
    });
    expect(error.message).toContain('not authorized to perform: sts:AssumeRole & more');
    expect(error.message).toContain('arn:aws:iam::1:role/app');
    expectNoSecrets(error, [BASE_SECRET]);
  });

  it('rejects an STS answer without credentials, and a wrong signature is refused by the fake', async () => {
    const sts = await startFakeSts({
      keys: { AKIDBASE: 'not-the-secret-in-the-file' },
    });
    const home = await tempHome({
      '.aws/credentials': base,
      '.aws/config': '[profile app]\nrole_arn = arn:aws:iam::1:role/app\nsource_profile = base\n',
    });
    const badSig = await rejection(
      fromIni({ homeDir: home, env: {}, profile: 'app', stsEndpoint: sts.url }).getCredentials(),
    );
    expect(badSig).toMatchObject({ serviceErrorCode: 'SignatureDoesNotMatch' });

    const empty = await startFakeSts({
      keys: { AKIDBASE: BASE_SECRET },
      reply: () => ({
        body: '<AssumeRoleResponse><AssumeRoleResult></AssumeRoleResult></AssumeRoleResponse>',
      }),
    });
    const incomplete = await rejection(
      fromIni({ homeDir: home, env: {}, profile: 'app', stsEndpoint: empty.url }).getCredentials(),
    );
    expect(incomplete).toMatchObject({ code: 'InvalidCredentialsResponse', source: 'sts' });
  });

  it('calls the regional STS endpoint by default and AWS_ENDPOINT_URL_STS when set', async () => {
    const home = await tempHome({
      '.aws/credentials': base,
      '.aws/config':
        '[profile app]\nrole_arn = arn:aws:iam::1:role/app\nsource_profile = base\nregion = ap-southeast-2\n',
    });
    const seen: string[] = [];
    const recordingFetch = async (url: string) => {
      seen.push(url);
      throw new TypeError('fetch failed');
    };
    await rejection(
      fromIni({ homeDir: home, env: {}, profile: 'app', fetch: recordingFetch }).getCredentials(),
    );
    await rejection(
      fromIni({
        homeDir: home,
        env: { AWS_REGION: 'cn-north-1' },
        profile: 'app',
        fetch: recordingFetch,
      }).getCredentials(),
    );
    const sts = await startFakeSts({ keys: { AKIDBASE: BASE_SECRET } });
    await fromIni({
      homeDir: home,
      env: { AWS_ENDPOINT_URL_STS: sts.url },
      profile: 'app',
    }).getCredentials();
    expect(seen).toEqual([
      'https://sts.ap-southeast-2.amazonaws.com/',
      'https://sts.cn-north-1.amazonaws.com.cn/',
    ]);
    expect(sts.calls).toHaveLength(1);
  });

  it('times out a silent STS', async () => {
    const silent = await startServer(() => 'hang');
    const home = await tempHome({
      '.aws/credentials': base,
      '.aws/config': '[profile app]\nrole_arn = arn:aws:iam::1:role/app\nsource_profile = base\n',
    });
    const error = await rejection(
      fromIni({
        homeDir: home,
        env: {},
        profile: 'app',
        stsEndpoint: silent.url,
        stsTimeoutMs: 100,
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'CredentialsFetchFailed', source: 'sts' });
    expect(error.message).toContain('within 100 ms');
  });
});
