import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialsProviderError, fromIni, fromProcess } from '../src/index.js';
import { expectNoSecrets, rejection, tempHome } from './helpers.js';

const SECRET = 'process-secret-Zq8Lm';
const TOKEN = 'process-token-Yp4Kd';

/** A credential_process command line that runs `node <script>` with the given source. */
async function script(home: string, name: string, source: string): Promise<string> {
  const { writeFile } = await import('node:fs/promises');
  const path = join(home, `${name}.cjs`);
  await writeFile(path, source);
  return `"${process.execPath}" "${path}"`;
}

const print = (value: unknown) => `process.stdout.write(${JSON.stringify(JSON.stringify(value))});`;

describe('fromProcess', () => {
  it('runs credential_process from the profile and reads Version 1 output with expiry', async () => {
    const home = await tempHome();
    const command = await script(
      home,
      'ok',
      `if (process.argv[2] !== 'arg with space') process.exit(3);\n${print({
        Version: 1,
        AccessKeyId: 'AKIDPROC',
        SecretAccessKey: SECRET,
        SessionToken: TOKEN,
        Expiration: '2099-01-01T00:00:00Z',
      })}`,
    );
    const { writeFile, mkdir } = await import('node:fs/promises');
    await mkdir(join(home, '.aws'));
    await writeFile(
      join(home, '.aws/config'),
      `[profile tool]\ncredential_process = ${command} "arg with space"\n`,
    );
    const creds = await fromProcess({
      homeDir: home,
      env: { AWS_PROFILE: 'tool' },
    }).getCredentials();
    expect(creds.accessKeyId).toBe('AKIDPROC');
    expect(creds.secretAccessKey).toBe(SECRET);
    expect(creds.sessionToken).toBe(TOKEN);
    expect(creds.expiration?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
    expect(creds.source).toBe('process');
    expectNoSecrets(creds, [SECRET, TOKEN]);
  });

  it('passes the injected environment to the process', async () => {
    const home = await tempHome();
    const command = await script(
      home,
      'env',
      `process.stdout.write(JSON.stringify({Version:1, AccessKeyId: process.env.WANTED_ID, SecretAccessKey: 's'}));`,
    );
    const creds = await fromProcess({ command, env: { WANTED_ID: 'FROM_ENV' } }).getCredentials();
    expect(creds.accessKeyId).toBe('FROM_ENV');
    expect(creds.sessionToken).toBeUndefined();
    expect(creds.expiration).toBeUndefined();
  });

  it('is also used by fromIni for credential_process profiles', async () => {
    const home = await tempHome();
    const command = await script(
      home,
      'ini',
      print({ Version: 1, AccessKeyId: 'VIAINI', SecretAccessKey: SECRET }),
    );
    const { writeFile, mkdir } = await import('node:fs/promises');
    await mkdir(join(home, '.aws'));
    await writeFile(join(home, '.aws/credentials'), `[default]\ncredential_process = ${command}\n`);
    const creds = await fromIni({ homeDir: home, env: {} }).getCredentials();
    expect(creds.accessKeyId).toBe('VIAINI');
    expect(creds.source).toBe('process');
  });

  it('is "not configured" without credential_process', async () => {
    const home = await tempHome({ '.aws/config': '[default]\nregion = us-east-1\n' });
    const error = await rejection(fromProcess({ homeDir: home, env: {} }).getCredentials());
    expect(error).toMatchObject({ code: 'CredentialsNotConfigured', source: 'process' });
  });

  it.each([
    [
      'a wrong Version',
      { Version: 2, AccessKeyId: 'A', SecretAccessKey: SECRET },
      'InvalidCredentialsResponse',
      /Version 2/,
    ],
    [
      'no AccessKeyId',
      { Version: 1, SecretAccessKey: SECRET },
      'InvalidCredentialsResponse',
      /AccessKeyId/,
    ],
    [
      'no SecretAccessKey',
      { Version: 1, AccessKeyId: 'A', SessionToken: TOKEN },
      'InvalidCredentialsResponse',
      /SecretAccessKey/,
    ],
    [
      'a bad Expiration',
      { Version: 1, AccessKeyId: 'A', SecretAccessKey: SECRET, Expiration: 'later' },
      'InvalidCredentialsResponse',
      /"later"/,
    ],
    [
      'expired credentials',
      {
        Version: 1,
        AccessKeyId: 'A',
        SecretAccessKey: SECRET,
        SessionToken: TOKEN,
        Expiration: '2001-01-01T00:00:00Z',
      },
      'CredentialsExpired',
      /expired at 2001/,
    ],
  ])('rejects output with %s', async (_, output, code, message) => {
    const home = await tempHome();
    const command = await script(home, 'bad', print(output));
    const error = await rejection(fromProcess({ command }).getCredentials());
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expectNoSecrets(error, [SECRET, TOKEN]);
  });

  it('rejects output that is not JSON without quoting it', async () => {
    const home = await tempHome();
    const command = await script(
      home,
      'notjson',
      `process.stdout.write('AccessKeyId=A Secret=${SECRET}');`,
    );
    const error = await rejection(fromProcess({ command }).getCredentials());
    expect(error).toMatchObject({ code: 'InvalidCredentialsResponse', source: 'process' });
    expectNoSecrets(error, [SECRET]);
  });

  it('reports a non-zero exit without the arguments', async () => {
    const home = await tempHome();
    const command = await script(
      home,
      'fail',
      `process.stdout.write('${SECRET}'); process.exit(7);`,
    );
    const error = await rejection(
      fromProcess({
        command: `${command} --password ${SECRET}`,
        stderr: 'ignore',
      }).getCredentials(),
    );
    expect(error).toMatchObject({ code: 'CredentialsFetchFailed' });
    expect(error.message).toContain('exit code 7');
    expect(error.message).toContain(process.execPath);
    expectNoSecrets(error, [SECRET]);
  });

  it('kills a process that runs past the timeout', async () => {
    const home = await tempHome();
    const command = await script(home, 'slow', 'setTimeout(() => {}, 60_000);');
    const error = await rejection(fromProcess({ command, timeoutMs: 200 }).getCredentials());
    expect(error).toMatchObject({ code: 'CredentialsFetchFailed' });
    expect(error.message).toContain('did not finish within 200 ms');
  });

  it('kills the process when the caller aborts', async () => {
    const home = await tempHome();
    const command = await script(home, 'slow2', 'setTimeout(() => {}, 60_000);');
    const controller = new AbortController();
    const pending = fromProcess({ command }).getCredentials({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await expect(pending).rejects.toThrow('caller gave up');
  });
});
