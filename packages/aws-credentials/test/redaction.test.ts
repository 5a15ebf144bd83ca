import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CredentialsProvider,
  defaultCredentialsProvider,
  fromContainer,
  fromEnv,
  fromIni,
  fromInstanceMetadata,
  fromProcess,
  fromSso,
  fromStatic,
  fromWebIdentity,
} from '../src/index.js';
import { startFakeSts, stsError } from './fake-sts.js';
import {
  expectNoSecrets,
  type RecordedRequest,
  type Reply,
  rejection,
  startServer,
  tempHome,
} from './helpers.js';

/** Every secret any provider below is given or sent; none may show in any output or error. */
const S = {
  envSecret: 'ENV-SECRET-8f3k',
  envToken: 'ENV-TOKEN-2m9q',
  staticSecret: 'STATIC-SECRET-7h2j',
  iniSecret: 'INI-SECRET-4d8s',
  iniToken: 'INI-TOKEN-1x5c',
  processSecret: 'PROCESS-SECRET-6v2b',
  processToken: 'PROCESS-TOKEN-9n3m',
  remoteSecret: 'REMOTE-SECRET-5q7w',
  remoteToken: 'REMOTE-TOKEN-3e8r',
  containerAuth: 'CONTAINER-AUTH-0t4y',
  imdsApiToken: 'IMDS-API-TOKEN-2u6i',
  ssoAccessToken: 'SSO-ACCESS-TOKEN-8o1p',
  jwt: 'WEB-IDENTITY-JWT-7a3s',
};
const ALL = Object.values(S);
const STS_ISSUED = ['sts-secret-', 'sts-token-'];

const remote = JSON.stringify({
  Code: 'Success',
  AccessKeyId: 'AKIDREMOTE',
  SecretAccessKey: S.remoteSecret,
  Token: S.remoteToken,
  Expiration: '2099-01-01T00:00:00Z',
});

async function outputAndError(ok: CredentialsProvider, broken: CredentialsProvider): Promise<void> {
  const credentials = await ok.getCredentials();
  expectNoSecrets(credentials, ALL);
  expectNoSecrets([credentials, { nested: credentials }], ALL);
  const error = await rejection(broken.getCredentials());
  expectNoSecrets(error, [...ALL, ...STS_ISSUED]);
}

describe('no provider ever prints a secret', () => {
  it('the check itself catches a leaked secret', () => {
    expect(() => expectNoSecrets({ leaked: S.envSecret }, ALL)).toThrow();
    expect(() => expectNoSecrets(new Error(`oops ${S.jwt}`), ALL)).toThrow();
  });

  it('static and env', async () => {
    await outputAndError(
      fromStatic({
        accessKeyId: 'AKIDSTATIC',
        secretAccessKey: S.staticSecret,
        sessionToken: S.envToken,
      }),
      fromEnv({ env: { AWS_SECRET_ACCESS_KEY: S.envSecret } }),
    );
    await outputAndError(
      fromEnv({
        env: {
          AWS_ACCESS_KEY_ID: 'AKIDENV',
          AWS_SECRET_ACCESS_KEY: S.envSecret,
          AWS_SESSION_TOKEN: S.envToken,
        },
      }),
      fromEnv({
        env: {
          AWS_ACCESS_KEY_ID: 'AKIDENV',
          AWS_SECRET_ACCESS_KEY: S.envSecret,
          AWS_CREDENTIAL_EXPIRATION: 'x',
        },
      }),
    );
  });

  it('ini static keys and role assumption', async () => {
    const sts = await startFakeSts({ keys: { AKIDINI: S.iniSecret } });
    const failing = await startFakeSts({
      keys: { AKIDINI: S.iniSecret },
      reply: () => stsError(403, 'AccessDenied', 'not allowed'),
    });
    const home = await tempHome({
      '.aws/credentials': `[default]\naws_access_key_id = AKIDINI\naws_secret_access_key = ${S.iniSecret}\naws_session_token = ${S.iniToken}\n[half]\naws_secret_access_key = ${S.iniSecret}\n`,
      '.aws/config': '[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n',
    });
    await outputAndError(
      fromIni({ homeDir: home, env: {} }),
      fromIni({ homeDir: home, env: {}, profile: 'half' }),
    );
    await outputAndError(
      fromIni({ homeDir: home, env: {}, profile: 'role', stsEndpoint: sts.url }),
      fromIni({ homeDir: home, env: {}, profile: 'role', stsEndpoint: failing.url }),
    );
  });

  it('credential_process', async () => {
    const home = await tempHome();
    const good = join(home, 'good.cjs');
    const bad = join(home, 'bad.cjs');
    await writeFile(
      good,
      `process.stdout.write(${JSON.stringify(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROC', SecretAccessKey: S.processSecret, SessionToken: S.processToken }))})`,
    );
    await writeFile(
      bad,
      `process.stdout.write('{"Version": 1, "SecretAccessKey": "${S.processSecret}", oops')`,
    );
    await outputAndError(
      fromProcess({ command: `"${process.execPath}" "${good}"` }),
      fromProcess({ command: `"${process.execPath}" "${bad}" --secret ${S.processToken}` }),
    );
  });

  it('container endpoint', async () => {
    const handler = (r: RecordedRequest): Reply =>
      r.url === '/ok'
        ? { body: remote }
        : { status: 400, body: JSON.stringify({ Code: 'Bad', Message: 'no' }) };
    const server = await startServer(handler);
    const env = (path: string) => ({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}${path}`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: S.containerAuth,
    });
    await outputAndError(fromContainer({ env: env('/ok') }), fromContainer({ env: env('/bad') }));
  });

  it('instance metadata', async () => {
    const handler =
      (partial: boolean) =>
      (r: RecordedRequest): Reply => {
        if (r.url === '/latest/api/token') return { body: S.imdsApiToken };
        if (r.url.endsWith('/security-credentials/')) return { body: 'role' };
        return partial
          ? { body: JSON.stringify({ AccessKeyId: 'A', SecretAccessKey: S.remoteSecret }) }
          : { body: remote };
      };
    const ok = await startServer(handler(false));
    const broken = await startServer(handler(true));
    await outputAndError(
      fromInstanceMetadata({ endpoint: ok.url, env: {} }),
      fromInstanceMetadata({ endpoint: broken.url, env: {} }),
    );
  });

  it('SSO', async () => {
    const portal = await startServer((r) =>
      r.headers['x-amz-sso_bearer_token'] === S.ssoAccessToken
        ? {
            body: JSON.stringify({
              roleCredentials: {
                accessKeyId: 'ASIASSO',
                secretAccessKey: S.remoteSecret,
                sessionToken: S.remoteToken,
                expiration: Date.parse('2099-01-01T00:00:00Z'),
              },
            }),
          }
        : { status: 401, body: '{"message":"invalid"}' },
    );
    const url = 'https://x.awsapps.com/start';
    const config = `[profile sso]\nsso_start_url = ${url}\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n`;
    const sha = createHash('sha1').update(url).digest('hex');
    const home = await tempHome({
      '.aws/config': config,
      [`.aws/sso/cache/${sha}.json`]: JSON.stringify({
        accessToken: S.ssoAccessToken,
        expiresAt: '2099-01-01T00:00:00Z',
      }),
    });
    const expiredHome = await tempHome({
      '.aws/config': config,
      [`.aws/sso/cache/${sha}.json`]: JSON.stringify({
        accessToken: S.ssoAccessToken,
        expiresAt: '2000-01-01T00:00:00Z',
      }),
    });
    await outputAndError(
      fromSso({ homeDir: home, env: {}, profile: 'sso', ssoEndpoint: portal.url }),
      fromSso({ homeDir: expiredHome, env: {}, profile: 'sso', ssoEndpoint: portal.url }),
    );
  });

  it('web identity', async () => {
    const sts = await startFakeSts({ keys: {} });
    const failing = await startFakeSts({
      keys: {},
      reply: () => stsError(400, 'InvalidIdentityToken', 'bad token'),
    });
    const home = await tempHome({ token: S.jwt });
    const env = {
      AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'token'),
      AWS_ROLE_ARN: 'arn:aws:iam::1:role/w',
    };
    await outputAndError(
      fromWebIdentity({ env, stsEndpoint: sts.url }),
      fromWebIdentity({ env, stsEndpoint: failing.url }),
    );
  });

  it('the default chain, including its exhausted error', async () => {
    const home = await tempHome();
    await outputAndError(
      defaultCredentialsProvider({
        homeDir: home,
        env: {
          AWS_ACCESS_KEY_ID: 'AKIDENV',
          AWS_SECRET_ACCESS_KEY: S.envSecret,
          AWS_SESSION_TOKEN: S.envToken,
        },
      }),
      defaultCredentialsProvider({
        homeDir: home,
        env: { AWS_EC2_METADATA_DISABLED: '1', AWS_CONTAINER_AUTHORIZATION_TOKEN: S.containerAuth },
      }),
    );
  });
});
