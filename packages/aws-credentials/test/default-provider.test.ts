import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CredentialsProviderError,
  chain,
  defaultCredentialsProvider,
  fromEnv,
  fromStatic,
} from '../src/index.js';
import { startFakeSts } from './fake-sts.js';
import {
  expectNoSecrets,
  type RecordedRequest,
  type Reply,
  rejection,
  startServer,
  tempHome,
} from './helpers.js';

const remoteBody = (id: string) =>
  JSON.stringify({
    Code: 'Success',
    AccessKeyId: id,
    SecretAccessKey: `secret-${id}`,
    Token: `token-${id}`,
    Expiration: '2099-01-01T00:00:00Z',
  });

function fakeImds(request: RecordedRequest): Reply {
  if (request.url === '/latest/api/token') return { body: 'imds-token' };
  if (request.url === '/latest/meta-data/iam/security-credentials/') return { body: 'role' };
  return { body: remoteBody('AKIDIMDS') };
}

const iniFiles = {
  '.aws/credentials':
    '[default]\naws_access_key_id = AKIDINI\naws_secret_access_key = ini-secret\n[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = other-secret\n',
};

describe('defaultCredentialsProvider', () => {
  it('takes environment variables first', async () => {
    const home = await tempHome(iniFiles);
    const imds = await startServer(fakeImds);
    const creds = await defaultCredentialsProvider({
      homeDir: home,
      env: { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret' },
      instanceMetadata: { endpoint: imds.url },
    }).getCredentials();
    expect(creds.accessKeyId).toBe('AKIDENV');
    expect(imds.requests).toHaveLength(0);
  });

  it('skips environment variables when a profile is chosen explicitly, as the JS SDK v3 does', async () => {
    const home = await tempHome(iniFiles);
    const env = {
      AWS_ACCESS_KEY_ID: 'AKIDENV',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
      AWS_PROFILE: 'other',
    };
    expect(
      (await defaultCredentialsProvider({ homeDir: home, env }).getCredentials()).accessKeyId,
    ).toBe('AKIDOTHER');
    const byOption = await defaultCredentialsProvider({
      homeDir: home,
      env: { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret' },
      profile: 'default',
    }).getCredentials();
    expect(byOption.accessKeyId).toBe('AKIDINI');
  });

  it('takes the shared files before web identity, container and IMDS', async () => {
    const home = await tempHome(iniFiles);
    const container = await startServer(() => ({ body: remoteBody('AKIDCONTAINER') }));
    const imds = await startServer(fakeImds);
    const creds = await defaultCredentialsProvider({
      homeDir: home,
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/c` },
      instanceMetadata: { endpoint: imds.url },
    }).getCredentials();
    expect(creds.accessKeyId).toBe('AKIDINI');
    expect(container.requests).toHaveLength(0);
    expect(imds.requests).toHaveLength(0);
  });

  it('falls through to web identity from the environment', async () => {
    const home = await tempHome({ token: 'jwt' });
    const sts = await startFakeSts({ keys: {} });
    const creds = await defaultCredentialsProvider({
      homeDir: home,
      env: {
        AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'token'),
        AWS_ROLE_ARN: 'arn:aws:iam::1:role/pod',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      stsEndpoint: sts.url,
    }).getCredentials();
    expect(creds.accessKeyId).toBe('ASIAPOD1');
    expect(creds.source).toBe('web-identity');
  });

  it('uses the container endpoint before IMDS, and IMDS last', async () => {
    const home = await tempHome();
    const container = await startServer(() => ({ body: remoteBody('AKIDCONTAINER') }));
    const imds = await startServer(fakeImds);
    const viaContainer = await defaultCredentialsProvider({
      homeDir: home,
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/c` },
      instanceMetadata: { endpoint: imds.url },
    }).getCredentials();
    expect(viaContainer.accessKeyId).toBe('AKIDCONTAINER');
    expect(imds.requests).toHaveLength(0);

    const viaImds = await defaultCredentialsProvider({
      homeDir: home,
      env: {},
      instanceMetadata: { endpoint: imds.url },
    }).getCredentials();
    expect(viaImds.accessKeyId).toBe('AKIDIMDS');
    expect(viaImds.source).toBe('imds');
  });

  it('stops at a configured but broken source, without trying the rest', async () => {
    const home = await tempHome();
    const imds = await startServer(fakeImds);
    const error = await rejection(
      defaultCredentialsProvider({
        homeDir: home,
        env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://192.168.0.10/creds' },
        instanceMetadata: { endpoint: imds.url },
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'HostNotAllowed', source: 'container' });
    expect(imds.requests).toHaveLength(0);

    const missingProfile = await rejection(
      defaultCredentialsProvider({
        homeDir: home,
        env: { AWS_PROFILE: 'prod' },
        instanceMetadata: { endpoint: imds.url },
      }).getCredentials(),
    );
    expect(missingProfile).toMatchObject({ code: 'InvalidConfiguration', source: 'ini' });
    expect(imds.requests).toHaveLength(0);
  });

  it('lists every source it tried when none is configured', async () => {
    const home = await tempHome();
    const error = await rejection(
      defaultCredentialsProvider({
        homeDir: home,
        env: { AWS_EC2_METADATA_DISABLED: 'true' },
      }).getCredentials(),
    );
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect(error).toMatchObject({ code: 'CredentialsChainExhausted', source: 'chain' });
    expect((error.tried as Array<{ source: string }>).map((t) => t.source)).toEqual([
      'env',
      'ini',
      'web-identity',
      'container',
      'imds',
    ]);
    for (const text of [
      'env:',
      'ini:',
      'web-identity:',
      'container:',
      'imds:',
      'AWS_EC2_METADATA_DISABLED',
    ]) {
      expect(error.message).toContain(text);
    }
  });

  it('treats an unreachable IMDS as "not configured"', async () => {
    const home = await tempHome();
    const silent = await startServer(() => 'hang');
    const error = await rejection(
      defaultCredentialsProvider({
        homeDir: home,
        env: {},
        instanceMetadata: { endpoint: silent.url, timeoutMs: 50 },
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'CredentialsChainExhausted' });
    expect(error.message).toContain('not reachable');
  });

  it('caches what the chain found and refreshes near expiry by the injected clock', async () => {
    const home = await tempHome();
    const imds = await startServer(fakeImds);
    let now = Date.parse('2098-12-31T00:00:00Z');
    const provider = defaultCredentialsProvider({
      homeDir: home,
      env: {},
      instanceMetadata: { endpoint: imds.url },
      clock: () => now,
    });
    await provider.getCredentials();
    await provider.getCredentials();
    expect(imds.requests).toHaveLength(3);
    now = Date.parse('2098-12-31T23:56:00Z');
    await provider.getCredentials();
    expect(imds.requests.length).toBeGreaterThan(3);
    expectNoSecrets(await provider.getCredentials(), ['secret-AKIDIMDS', 'token-AKIDIMDS']);
  });
});

describe('chain', () => {
  it('returns the first configured provider and rethrows anything that is not a "not configured" error', async () => {
    const found = await chain(
      fromEnv({ env: {} }),
      fromStatic({ accessKeyId: 'A', secretAccessKey: 'S' }),
    ).getCredentials();
    expect(found.accessKeyId).toBe('A');
    const bug = { getCredentials: async () => Promise.reject(new TypeError('bug')) };
    await expect(
      chain(bug, fromStatic({ accessKeyId: 'A', secretAccessKey: 'S' })).getCredentials(),
    ).rejects.toThrow(TypeError);
  });

  it('stops when the caller aborts between providers', async () => {
    const controller = new AbortController();
    const aborting = {
      getCredentials: async () => {
        controller.abort(new Error('aborted mid-chain'));
        throw new CredentialsProviderError('nothing', {
          code: 'CredentialsNotConfigured',
          source: 'x',
        });
      },
    };
    await expect(
      chain(aborting, fromStatic({ accessKeyId: 'A', secretAccessKey: 'S' })).getCredentials({
        signal: controller.signal,
      }),
    ).rejects.toThrow('aborted mid-chain');
  });
});
