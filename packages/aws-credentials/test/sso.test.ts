import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromIni, fromSso, ssoTokenCacheFile } from '../src/index.js';
import {
  expectNoSecrets,
  forbiddenFetch,
  type RecordedRequest,
  type Reply,
  rejection,
  startServer,
  tempHome,
} from './helpers.js';

const ACCESS_TOKEN = 'sso-access-token-Pp0Oo';
const SECRET = 'sso-role-secret-Ii9Uu';
const SESSION = 'sso-role-session-Yy8Tt';
const START_URL = 'https://my-corp.awsapps.com/start';
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

const tokenFile = (expiresAt = '2099-01-01T00:00:00Z') =>
  JSON.stringify({
    accessToken: ACCESS_TOKEN,
    expiresAt,
    region: 'eu-west-1',
    startUrl: START_URL,
  });

function portal(reply?: (r: RecordedRequest) => Reply | undefined) {
  return (request: RecordedRequest): Reply => {
    const custom = reply?.(request);
    if (custom !== undefined) return custom;
    if (request.headers['x-amz-sso_bearer_token'] !== ACCESS_TOKEN) {
      return {
        status: 401,
        headers: { 'x-amzn-errortype': 'UnauthorizedException:http://internal.amazon.com/' },
        body: JSON.stringify({ message: 'Session token not found or invalid' }),
      };
    }
    return {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        roleCredentials: {
          accessKeyId: 'ASIASSO',
          secretAccessKey: SECRET,
          sessionToken: SESSION,
          expiration: Date.parse('2099-01-01T00:00:00Z'),
        },
      }),
    };
  };
}

const legacyConfig = `[profile legacy]
sso_start_url = ${START_URL}
sso_region = eu-west-1
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = us-east-1
`;

const sessionConfig = `[profile modern]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Admin

[sso-session corp]
sso_start_url = ${START_URL}
sso_region = eu-west-1
sso_registration_scopes = sso:account:access
`;

describe('fromSso', () => {
  it('names cache files by the SHA-1 of the session name or the start URL', () => {
    expect(ssoTokenCacheFile('/home/u', 'corp')).toBe(
      join('/home/u', '.aws', 'sso', 'cache', `${sha1('corp')}.json`),
    );
    expect(ssoTokenCacheFile('/h', START_URL)).toBe(
      join('/h', '.aws', 'sso', 'cache', `${sha1(START_URL)}.json`),
    );
  });

  it('uses the token cached under the start URL for a legacy profile', async () => {
    const server = await startServer(portal());
    const home = await tempHome({
      '.aws/config': legacyConfig,
      [`.aws/sso/cache/${sha1(START_URL)}.json`]: tokenFile(),
    });
    const creds = await fromSso({
      homeDir: home,
      env: {},
      profile: 'legacy',
      ssoEndpoint: server.url,
    }).getCredentials();
    const request = server.requests[0]!;
    expect(request.method).toBe('GET');
    const url = new URL(request.url, server.url);
    expect(url.pathname).toBe('/federation/credentials');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      account_id: '123456789012',
      role_name: 'ReadOnly',
    });
    expect(creds.accessKeyId).toBe('ASIASSO');
    expect(creds.secretAccessKey).toBe(SECRET);
    expect(creds.sessionToken).toBe(SESSION);
    expect(creds.expiration?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
    expect(creds.source).toBe('sso');
    expectNoSecrets(creds, [SECRET, SESSION, ACCESS_TOKEN]);
  });

  it('uses the token cached under the session name for an sso-session profile, also through fromIni', async () => {
    const server = await startServer(portal());
    const home = await tempHome({
      '.aws/config': sessionConfig,
      [`.aws/sso/cache/${sha1('corp')}.json`]: tokenFile(),
    });
    const viaSso = await fromSso({
      homeDir: home,
      env: { AWS_PROFILE: 'modern' },
      ssoEndpoint: server.url,
    }).getCredentials();
    const viaIni = await fromIni({
      homeDir: home,
      env: { AWS_PROFILE: 'modern' },
      ssoEndpoint: server.url,
    }).getCredentials();
    expect(viaSso.accessKeyId).toBe('ASIASSO');
    expect(viaIni.accessKeyId).toBe('ASIASSO');
    expect(new URL(server.requests[0]!.url, server.url).searchParams.get('role_name')).toBe(
      'Admin',
    );
  });

  it('defaults to the portal of the sso_region and honours AWS_ENDPOINT_URL_SSO', async () => {
    const home = await tempHome({
      '.aws/config': sessionConfig,
      [`.aws/sso/cache/${sha1('corp')}.json`]: tokenFile(),
    });
    const seen: string[] = [];
    await rejection(
      fromSso({
        homeDir: home,
        env: {},
        profile: 'modern',
        fetch: async (url) => {
          seen.push(url);
          throw new TypeError('fetch failed');
        },
      }).getCredentials(),
    );
    expect(seen[0]).toBe(
      'https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?account_id=123456789012&role_name=Admin',
    );
    const server = await startServer(portal());
    await fromSso({
      homeDir: home,
      env: { AWS_ENDPOINT_URL_SSO: server.url },
      profile: 'modern',
    }).getCredentials();
    expect(server.requests).toHaveLength(1);
  });

  it('stops with a hint to log in when the token is missing or expired', async () => {
    const home = await tempHome({ '.aws/config': legacyConfig });
    const missing = await rejection(
      fromSso({
        homeDir: home,
        env: {},
        profile: 'legacy',
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(missing).toMatchObject({
      code: 'InvalidConfiguration',
      source: 'sso',
      configured: true,
    });
    expect(missing.message).toContain('aws sso login --profile legacy');

    const expiredHome = await tempHome({
      '.aws/config': legacyConfig,
      [`.aws/sso/cache/${sha1(START_URL)}.json`]: tokenFile('2020-01-01T00:00:00Z'),
    });
    const expired = await rejection(
      fromSso({
        homeDir: expiredHome,
        env: {},
        profile: 'legacy',
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(expired).toMatchObject({ code: 'CredentialsExpired', source: 'sso' });
    expect(expired.message).toContain('expired at 2020-01-01');
    expectNoSecrets(expired, [ACCESS_TOKEN]);
  });

  it('judges token expiry by the injected clock', async () => {
    const server = await startServer(portal());
    const home = await tempHome({
      '.aws/config': legacyConfig,
      [`.aws/sso/cache/${sha1(START_URL)}.json`]: tokenFile('2030-01-01T00:00:00Z'),
    });
    const provider = (now: number) =>
      fromSso({
        homeDir: home,
        env: {},
        profile: 'legacy',
        ssoEndpoint: server.url,
        now: () => now,
      });
    await expect(
      provider(Date.parse('2029-12-31T23:59:00Z')).getCredentials(),
    ).resolves.toBeDefined();
    await expect(
      provider(Date.parse('2030-01-01T00:00:01Z')).getCredentials(),
    ).rejects.toMatchObject({
      code: 'CredentialsExpired',
    });
  });

  it('refuses a corrupt token file without quoting it', async () => {
    const home = await tempHome({
      '.aws/config': legacyConfig,
      [`.aws/sso/cache/${sha1(START_URL)}.json`]: `{"accessToken": "${ACCESS_TOKEN}", broken`,
    });
    const error = await rejection(
      fromSso({
        homeDir: home,
        env: {},
        profile: 'legacy',
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'InvalidConfiguration' });
    expectNoSecrets(error, [ACCESS_TOKEN]);
  });

  it('reports portal errors with their type and message', async () => {
    const server = await startServer(
      portal(() => ({
        status: 403,
        headers: { 'x-amzn-errortype': 'ForbiddenException', 'x-amzn-requestid': 'rid-9' },
        body: JSON.stringify({ message: 'No access' }),
      })),
    );
    const home = await tempHome({
      '.aws/config': legacyConfig,
      [`.aws/sso/cache/${sha1(START_URL)}.json`]: tokenFile(),
    });
    const error = await rejection(
      fromSso({
        homeDir: home,
        env: {},
        profile: 'legacy',
        ssoEndpoint: server.url,
      }).getCredentials(),
    );
    expect(error).toMatchObject({
      code: 'CredentialsFetchFailed',
      statusCode: 403,
      serviceErrorCode: 'ForbiddenException',
      requestId: 'rid-9',
    });
    expect(error.message).toContain('No access');
    expectNoSecrets(error, [ACCESS_TOKEN]);

    const unauthorized = await startServer(
      portal(() => ({
        status: 401,
        body: JSON.stringify({ __type: 'com.amazon#UnauthorizedException', message: 'bad' }),
      })),
    );
    const expired = await rejection(
      fromSso({
        homeDir: home,
        env: {},
        profile: 'legacy',
        ssoEndpoint: unauthorized.url,
      }).getCredentials(),
    );
    expect(expired).toMatchObject({
      code: 'CredentialsExpired',
      serviceErrorCode: 'UnauthorizedException',
    });
    expect(expired.message).toContain('aws sso login');
  });

  it('refuses incomplete or inconsistent SSO profiles', async () => {
    const home = await tempHome({
      '.aws/config': `[profile partial]
sso_start_url = ${START_URL}
sso_role_name = X

[profile dangling]
sso_session = nope
sso_account_id = 1
sso_role_name = X

[profile conflict]
sso_session = corp
sso_start_url = https://other.awsapps.com/start
sso_account_id = 1
sso_role_name = X

[sso-session corp]
sso_start_url = ${START_URL}
sso_region = eu-west-1
`,
    });
    for (const [profile, text] of [
      ['partial', 'lacks sso_region, sso_account_id'],
      ['dangling', 'no [sso-session nope] section'],
      ['conflict', 'differs from'],
    ] as const) {
      const error = await rejection(
        fromSso({ homeDir: home, env: {}, profile, fetch: forbiddenFetch }).getCredentials(),
      );
      expect(error).toMatchObject({ code: 'InvalidConfiguration', source: 'sso' });
      expect(error.message).toContain(text);
    }
  });

  it('is "not configured" for a profile without SSO settings', async () => {
    const home = await tempHome({ '.aws/config': '[default]\nregion = us-east-1\n' });
    expect(await rejection(fromSso({ homeDir: home, env: {} }).getCredentials())).toMatchObject({
      code: 'CredentialsNotConfigured',
      source: 'sso',
    });
  });

  it('rejects a portal answer without complete roleCredentials', async () => {
    const server = await startServer(
      portal(() => ({
        body: JSON.stringify({ roleCredentials: { accessKeyId: 'A', secretAccessKey: SECRET } }),
      })),
    );
    const home = await tempHome({
      '.aws/config': legacyConfig,
      [`.aws/sso/cache/${sha1(START_URL)}.json`]: tokenFile(),
    });
    const error = await rejection(
      fromSso({
        homeDir: home,
        env: {},
        profile: 'legacy',
        ssoEndpoint: server.url,
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'InvalidCredentialsResponse' });
    expectNoSecrets(error, [SECRET, ACCESS_TOKEN]);
  });
});
