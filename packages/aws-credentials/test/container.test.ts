import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromContainer, isAllowedContainerUrl } from '../src/index.js';
import {
  closedPort,
  expectNoSecrets,
  forbiddenFetch,
  rejection,
  startServer,
  tempHome,
} from './helpers.js';

const SECRET = 'container-secret-Hj3Vx';
const TOKEN = 'container-session-Qw9Rt';
const AUTH = 'container-auth-Mn2Bc';

const body = (expiration = '2099-01-01T00:00:00Z') =>
  JSON.stringify({
    AccessKeyId: 'AKIDCONTAINER',
    SecretAccessKey: SECRET,
    Token: TOKEN,
    Expiration: expiration,
    RoleArn: 'arn:aws:iam::123456789012:role/task',
  });

describe('fromContainer', () => {
  it('GETs AWS_CONTAINER_CREDENTIALS_RELATIVE_URI against the ECS host', async () => {
    const server = await startServer(() => ({
      headers: { 'content-type': 'application/json' },
      body: body(),
    }));
    const creds = await fromContainer({
      env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc?x=1' },
      relativeUriBase: server.url,
    }).getCredentials();
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v2/credentials/abc?x=1' });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(creds.accessKeyId).toBe('AKIDCONTAINER');
    expect(creds.secretAccessKey).toBe(SECRET);
    expect(creds.sessionToken).toBe(TOKEN);
    expect(creds.expiration?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
    expect(creds.source).toBe('container');
    expectNoSecrets(creds, [SECRET, TOKEN]);
  });

  it('uses the ECS link-local host 169.254.170.2 by default', async () => {
    const seen: string[] = [];
    await fromContainer({
      env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/creds' },
      fetch: async (url) => {
        seen.push(url);
        return new Response(body());
      },
    }).getCredentials();
    expect(seen).toEqual(['http://169.254.170.2/creds']);
  });

  it('sends AWS_CONTAINER_AUTHORIZATION_TOKEN to a full URI on loopback', async () => {
    const server = await startServer(() => ({ body: body() }));
    await fromContainer({
      env: {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/get-credentials`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH,
      },
    }).getCredentials();
    expect(server.requests[0]?.url).toBe('/get-credentials');
    expect(server.requests[0]?.headers.authorization).toBe(AUTH);
  });

  it('reads AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE on every call, in preference to the variable', async () => {
    const home = await tempHome({ token: `${AUTH}-1\n` });
    const server = await startServer(() => ({ body: body() }));
    const provider = fromContainer({
      env: {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/eks`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(home, 'token'),
        AWS_CONTAINER_AUTHORIZATION_TOKEN: 'ignored',
      },
    });
    await provider.getCredentials();
    await writeFile(join(home, 'token'), `${AUTH}-2`);
    await provider.getCredentials();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`${AUTH}-1`, `${AUTH}-2`]);
  });

  it('fails clearly when the token file is missing', async () => {
    const home = await tempHome();
    const error = await rejection(
      fromContainer({
        env: {
          AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/creds',
          AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(home, 'missing'),
        },
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'InvalidConfiguration', source: 'container' });
    expect(error.message).toContain('ENOENT');
  });

  it.each([
    'http://169.254.170.2/creds',
    'http://169.254.170.23/v1/credentials',
    'http://[fd00:ec2::23]/v1/credentials',
    'http://127.0.0.1:8080/creds',
    'http://127.1.2.3/creds',
    'http://localhost/creds',
    'http://[::1]:80/creds',
    'https://creds.example.com/anything',
  ])('allows %s', (url) => {
    expect(isAllowedContainerUrl(new URL(url))).toBe(true);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/creds',
    'http://192.168.1.10/creds',
    'http://example.com/creds',
    'http://127.0.0.1.nip.io/creds',
    'http://169.254.170.3/creds',
    'ftp://127.0.0.1/creds',
  ])('refuses %s before sending anything', async (url) => {
    expect(isAllowedContainerUrl(new URL(url))).toBe(false);
    const error = await rejection(
      fromContainer({
        env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH },
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'HostNotAllowed', source: 'container', configured: true });
    expectNoSecrets(error, [AUTH]);
  });

  it('prefers the relative URI when both are set', async () => {
    const seen: string[] = [];
    await fromContainer({
      env: {
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/rel',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1/full',
      },
      fetch: async (url) => {
        seen.push(url);
        return new Response(body());
      },
    }).getCredentials();
    expect(seen).toEqual(['http://169.254.170.2/rel']);
  });

  it('is "not configured" without either variable', async () => {
    const error = await rejection(
      fromContainer({ env: {}, fetch: forbiddenFetch }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'CredentialsNotConfigured', source: 'container' });
  });

  it('refuses a malformed full URI', async () => {
    const error = await rejection(
      fromContainer({
        env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: '/no-host' },
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'InvalidConfiguration' });
  });

  it('reports a 4xx with its Code and Message, without retrying', async () => {
    const server = await startServer(() => ({
      status: 403,
      body: JSON.stringify({ Code: 'AccessDenied', Message: 'Token invalid' }),
    }));
    const error = await rejection(
      fromContainer({
        env: {
          AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/c`,
          AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH,
        },
      }).getCredentials(),
    );
    expect(error).toMatchObject({
      code: 'CredentialsFetchFailed',
      statusCode: 403,
      serviceErrorCode: 'AccessDenied',
    });
    expect(error.message).toContain('Token invalid');
    expect(server.requests).toHaveLength(1);
    expectNoSecrets(error, [AUTH]);
  });

  it('retries 5xx answers and then succeeds', async () => {
    let calls = 0;
    const server = await startServer(() =>
      ++calls < 3 ? { status: 500, body: 'oops' } : { body: body() },
    );
    const creds = await fromContainer({
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/c` },
      maxRetries: 3,
    }).getCredentials();
    expect(creds.accessKeyId).toBe('AKIDCONTAINER');
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after maxRetries on a server that never answers', async () => {
    const server = await startServer(() => 'hang');
    const error = await rejection(
      fromContainer({
        env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/c` },
        timeoutMs: 100,
        maxRetries: 1,
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'CredentialsFetchFailed', source: 'container' });
    expect(error.message).toContain('within 100 ms');
    expect(server.requests).toHaveLength(2);
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    const error = await rejection(
      fromContainer({
        env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/c` },
        maxRetries: 0,
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'CredentialsFetchFailed' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it.each([
    ['not JSON', `oops ${SECRET}`],
    ['missing fields', JSON.stringify({ AccessKeyId: 'A', SecretAccessKey: SECRET })],
    [
      'a bad Expiration',
      JSON.stringify({ AccessKeyId: 'A', SecretAccessKey: SECRET, Token: TOKEN, Expiration: 'x' }),
    ],
  ])('rejects a 200 answer with %s, never quoting it', async (_, text) => {
    const server = await startServer(() => ({ body: text }));
    const error = await rejection(
      fromContainer({
        env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/c` },
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'InvalidCredentialsResponse', source: 'container' });
    expectNoSecrets(error, [SECRET, TOKEN]);
  });

  it('stops when the caller aborts', async () => {
    const server = await startServer(() => 'hang');
    const controller = new AbortController();
    const pending = fromContainer({
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/c` },
      timeoutMs: 5000,
    }).getCredentials({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by caller')), 30);
    await expect(pending).rejects.toThrow('cancelled by caller');
  });
});
