import { describe, expect, it } from 'vitest';
import { fromInstanceMetadata } from '../src/index.js';
import {
  closedPort,
  expectNoSecrets,
  forbiddenFetch,
  type RecordedRequest,
  type Reply,
  rejection,
  startServer,
} from './helpers.js';

const SECRET = 'imds-secret-Lk7Gf';
const TOKEN = 'imds-session-Bv5Nm';
const IMDS_TOKEN = 'imds-api-token-Xc1Zs';

const credentialsBody = JSON.stringify({
  Code: 'Success',
  LastUpdated: '2024-01-01T00:00:00Z',
  Type: 'AWS-HMAC',
  AccessKeyId: 'AKIDIMDS',
  SecretAccessKey: SECRET,
  Token: TOKEN,
  Expiration: '2099-01-01T00:00:00Z',
});

interface FakeImdsOptions {
  tokenStatus?: number;
  role?: string | null;
  credentials?: Reply;
  acceptToken?: (token: string | undefined, request: RecordedRequest) => boolean;
}

/** A fake IMDSv2: PUT /latest/api/token, then GETs that require the token header. */
function imds(options: FakeImdsOptions = {}) {
  let issued = 0;
  return (request: RecordedRequest): Reply => {
    if (request.url === '/latest/api/token') {
      if (request.method !== 'PUT') return { status: 405 };
      if (options.tokenStatus !== undefined) return { status: options.tokenStatus };
      if (!request.headers['x-aws-ec2-metadata-token-ttl-seconds']) return { status: 400 };
      issued++;
      return { body: `${IMDS_TOKEN}-${issued}` };
    }
    const token = request.headers['x-aws-ec2-metadata-token'] as string | undefined;
    const accept = options.acceptToken ?? ((t) => t?.startsWith(IMDS_TOKEN) === true);
    if (!accept(token, request)) return { status: 401 };
    if (request.url === '/latest/meta-data/iam/security-credentials/') {
      if (options.role === null) return { status: 404 };
      return { body: `${options.role ?? 'my-role'}\n` };
    }
    if (request.url === `/latest/meta-data/iam/security-credentials/${options.role ?? 'my-role'}`) {
      return options.credentials ?? { body: credentialsBody };
    }
    return { status: 404 };
  };
}

describe('fromInstanceMetadata', () => {
  it('does the IMDSv2 dance: token PUT with TTL, role, credentials', async () => {
    const server = await startServer(imds());
    const creds = await fromInstanceMetadata({ endpoint: server.url, env: {} }).getCredentials();
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /latest/api/token',
      'GET /latest/meta-data/iam/security-credentials/',
      'GET /latest/meta-data/iam/security-credentials/my-role',
    ]);
    expect(server.requests[0]?.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('21600');
    expect(server.requests[1]?.headers['x-aws-ec2-metadata-token']).toBe(`${IMDS_TOKEN}-1`);
    expect(server.requests[2]?.headers['x-aws-ec2-metadata-token']).toBe(`${IMDS_TOKEN}-1`);
    expect(creds.accessKeyId).toBe('AKIDIMDS');
    expect(creds.secretAccessKey).toBe(SECRET);
    expect(creds.sessionToken).toBe(TOKEN);
    expect(creds.expiration?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
    expect(creds.source).toBe('imds');
    expectNoSecrets(creds, [SECRET, TOKEN]);
  });

  it('reads the endpoint from AWS_EC2_METADATA_SERVICE_ENDPOINT and honours the TTL option', async () => {
    const server = await startServer(imds());
    await fromInstanceMetadata({
      env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: `${server.url}/` },
      tokenTtlSeconds: 300,
    }).getCredentials();
    expect(server.requests[0]?.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('300');
  });

  it('defaults to 169.254.169.254, or [fd00:ec2::254] in IPv6 mode', async () => {
    for (const [mode, host] of [
      [undefined, 'http://169.254.169.254'],
      ['IPv6', 'http://[fd00:ec2::254]'],
    ] as const) {
      const seen: string[] = [];
      const provider = fromInstanceMetadata({
        env: mode ? { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: mode } : {},
        fetch: async (url) => {
          seen.push(url);
          if (url.endsWith('/token')) return new Response('tok');
          if (url.endsWith('/security-credentials/')) return new Response('r');
          return new Response(credentialsBody);
        },
      });
      await provider.getCredentials();
      expect(seen[0]).toBe(`${host}/latest/api/token`);
    }
    const bad = await rejection(
      fromInstanceMetadata({
        env: { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv5' },
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(bad).toMatchObject({ code: 'InvalidConfiguration' });
  });

  it('reuses the session token until shortly before its TTL ends', async () => {
    const server = await startServer(imds());
    let now = 1_000_000;
    const provider = fromInstanceMetadata({
      endpoint: server.url,
      env: {},
      tokenTtlSeconds: 600,
      now: () => now,
    });
    await provider.getCredentials();
    await provider.getCredentials();
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    now += 600_000 - 59_000;
    await provider.getCredentials();
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
  });

  it('gets a new token once when IMDS answers 401', async () => {
    let rejectFirst = true;
    const server = await startServer(
      imds({
        acceptToken: (token) => {
          if (token === `${IMDS_TOKEN}-1` && rejectFirst) {
            rejectFirst = false;
            return false;
          }
          return token !== undefined;
        },
      }),
    );
    const creds = await fromInstanceMetadata({ endpoint: server.url, env: {} }).getCredentials();
    expect(creds.accessKeyId).toBe('AKIDIMDS');
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
  });

  it.each([403, 404, 405])('falls back to IMDSv1 when the token PUT answers %i', async (status) => {
    const server = await startServer(
      imds({ tokenStatus: status, acceptToken: (t) => t === undefined }),
    );
    const creds = await fromInstanceMetadata({ endpoint: server.url, env: {} }).getCredentials();
    expect(creds.accessKeyId).toBe('AKIDIMDS');
    expect(server.requests[1]?.headers['x-aws-ec2-metadata-token']).toBeUndefined();
  });

  it('refuses the IMDSv1 fallback when AWS_EC2_METADATA_V1_DISABLED is set', async () => {
    const server = await startServer(imds({ tokenStatus: 403 }));
    const error = await rejection(
      fromInstanceMetadata({
        endpoint: server.url,
        env: { AWS_EC2_METADATA_V1_DISABLED: 'true' },
      }).getCredentials(),
    );
    expect(error).toMatchObject({
      code: 'CredentialsFetchFailed',
      source: 'imds',
      statusCode: 403,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('fails on a 400 from the token PUT', async () => {
    const server = await startServer(imds({ tokenStatus: 400 }));
    const error = await rejection(
      fromInstanceMetadata({ endpoint: server.url, env: {} }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'CredentialsFetchFailed', statusCode: 400 });
  });

  it('is "not configured" when disabled, unreachable, silent or without a role', async () => {
    const disabled = await rejection(
      fromInstanceMetadata({
        env: { AWS_EC2_METADATA_DISABLED: 'true' },
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(disabled).toMatchObject({ code: 'CredentialsNotConfigured', source: 'imds' });

    const port = await closedPort();
    const refused = await rejection(
      fromInstanceMetadata({ endpoint: `http://127.0.0.1:${port}`, env: {} }).getCredentials(),
    );
    expect(refused).toMatchObject({ code: 'CredentialsNotConfigured', source: 'imds' });
    expect(refused.message).toContain('not reachable');

    const silent = await startServer(() => 'hang');
    const timedOut = await rejection(
      fromInstanceMetadata({ endpoint: silent.url, env: {}, timeoutMs: 100 }).getCredentials(),
    );
    expect(timedOut).toMatchObject({ code: 'CredentialsNotConfigured' });
    expect(timedOut.message).toContain('100 ms');

    const noRole = await startServer(imds({ role: null }));
    const roleless = await rejection(
      fromInstanceMetadata({ endpoint: noRole.url, env: {} }).getCredentials(),
    );
    expect(roleless).toMatchObject({ code: 'CredentialsNotConfigured' });
    expect(roleless.message).toContain('no IAM role');
  });

  it('treats AWS_EC2_METADATA_DISABLED=false as enabled', async () => {
    const server = await startServer(imds());
    const creds = await fromInstanceMetadata({
      endpoint: server.url,
      env: { AWS_EC2_METADATA_DISABLED: 'false' },
    }).getCredentials();
    expect(creds.accessKeyId).toBe('AKIDIMDS');
  });

  it.each([
    [
      'a failure Code',
      { body: JSON.stringify({ Code: 'Failed', Message: 'role trust broken' }) },
      'CredentialsFetchFailed',
    ],
    ['a 500', { status: 500, body: `{"SecretAccessKey":"${SECRET}"}` }, 'CredentialsFetchFailed'],
    ['not JSON', { body: `SecretAccessKey=${SECRET}` }, 'InvalidCredentialsResponse'],
    [
      'missing fields',
      { body: JSON.stringify({ Code: 'Success', AccessKeyId: 'A', SecretAccessKey: SECRET }) },
      'InvalidCredentialsResponse',
    ],
  ])('fails on credentials with %s, never quoting secrets', async (_, reply, code) => {
    const server = await startServer(imds({ credentials: reply as Reply }));
    const error = await rejection(
      fromInstanceMetadata({ endpoint: server.url, env: {} }).getCredentials(),
    );
    expect(error).toMatchObject({ code, source: 'imds' });
    expectNoSecrets(error, [SECRET, TOKEN, IMDS_TOKEN]);
  });
});
