import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromIni, fromWebIdentity } from '../src/index.js';
import { startFakeSts, stsError } from './fake-sts.js';
import { expectNoSecrets, forbiddenFetch, rejection, tempHome } from './helpers.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.web-identity-jwt-Kk1Jj.sig';

describe('fromWebIdentity', () => {
  it('calls AssumeRoleWithWebIdentity unsigned with the token file contents, re-read each call', async () => {
    const sts = await startFakeSts({ keys: {} });
    const home = await tempHome({ token: `${JWT}-1\n` });
    const provider = fromWebIdentity({
      env: {
        AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'token'),
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/irsa',
        AWS_ROLE_SESSION_NAME: 'pod-session',
        AWS_ENDPOINT_URL_STS: sts.url,
      },
    });
    const creds = await provider.getCredentials();
    await writeFile(join(home, 'token'), `${JWT}-2`);
    await provider.getCredentials();
    expect(sts.calls.map((c) => c.signedBy)).toEqual([undefined, undefined]);
    expect(sts.calls[0]?.params).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: 'arn:aws:iam::123456789012:role/irsa',
      RoleSessionName: 'pod-session',
      WebIdentityToken: `${JWT}-1`,
    });
    expect(sts.calls[1]?.params.WebIdentityToken).toBe(`${JWT}-2`);
    expect(creds.accessKeyId).toBe('ASIAIRSA1');
    expect(creds.sessionToken).toBe('sts-token-irsa-1');
    expect(creds.source).toBe('web-identity');
    expectNoSecrets(creds, ['sts-secret-irsa-1', 'sts-token-irsa-1']);
  });

  it('is "not configured" without the variables and broken with only one of them', async () => {
    expect(
      await rejection(fromWebIdentity({ env: {}, fetch: forbiddenFetch }).getCredentials()),
    ).toMatchObject({
      code: 'CredentialsNotConfigured',
      source: 'web-identity',
    });
    const half = await rejection(
      fromWebIdentity({
        env: { AWS_ROLE_ARN: 'arn:aws:iam::1:role/x' },
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(half).toMatchObject({ code: 'InvalidConfiguration' });
    expect(half.message).toContain('AWS_WEB_IDENTITY_TOKEN_FILE is not set');
  });

  it('reports an unreadable token file', async () => {
    const home = await tempHome();
    const error = await rejection(
      fromWebIdentity({
        env: {
          AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'nope'),
          AWS_ROLE_ARN: 'arn:aws:iam::1:role/x',
        },
        fetch: forbiddenFetch,
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'InvalidConfiguration' });
    expect(error.message).toContain('ENOENT');
  });

  it('reports STS errors such as an expired token, never the token', async () => {
    const sts = await startFakeSts({
      keys: {},
      reply: () =>
        stsError(400, 'ExpiredTokenException', 'Token expired: current date/time is after exp'),
    });
    const home = await tempHome({ token: JWT });
    const error = await rejection(
      fromWebIdentity({
        env: {
          AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'token'),
          AWS_ROLE_ARN: 'arn:aws:iam::1:role/x',
        },
        stsEndpoint: sts.url,
      }).getCredentials(),
    );
    expect(error).toMatchObject({
      code: 'CredentialsFetchFailed',
      serviceErrorCode: 'ExpiredTokenException',
      statusCode: 400,
    });
    expectNoSecrets(error, [JWT]);
  });

  it('is driven by web_identity_token_file in a profile', async () => {
    const sts = await startFakeSts({ keys: {} });
    const home = await tempHome({ token: JWT });
    await writeFile(
      join(home, 'config'),
      `[profile wi]\nrole_arn = arn:aws:iam::1:role/wi\nweb_identity_token_file = ${join(home, 'token')}\nrole_session_name = s1\nduration_seconds = 900\n`,
    );
    const creds = await fromIni({
      homeDir: home,
      configFile: join(home, 'config'),
      env: {},
      profile: 'wi',
      stsEndpoint: sts.url,
    }).getCredentials();
    expect(creds.accessKeyId).toBe('ASIAWI1');
    expect(sts.calls[0]?.params).toMatchObject({
      RoleSessionName: 's1',
      DurationSeconds: '900',
      WebIdentityToken: JWT,
    });
  });
});
