import { describe, expect, it } from 'vitest';
import { CredentialsProviderError, fromEnv, fromStatic } from '../src/index.js';
import { rejection } from './helpers.js';

describe('fromEnv', () => {
  it('reads keys, session token and expiration', async () => {
    const creds = await fromEnv({
      env: {
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'SECRET',
        AWS_SESSION_TOKEN: 'TOKEN',
        AWS_CREDENTIAL_EXPIRATION: '2030-05-01T10:00:00Z',
      },
    }).getCredentials();
    expect(creds.accessKeyId).toBe('AKID');
    expect(creds.secretAccessKey).toBe('SECRET');
    expect(creds.sessionToken).toBe('TOKEN');
    expect(creds.expiration?.toISOString()).toBe('2030-05-01T10:00:00.000Z');
    expect(creds.source).toBe('env');
  });

  it('reads the environment at call time', async () => {
    const env: Record<string, string | undefined> = {};
    const provider = fromEnv({ env });
    await expect(provider.getCredentials()).rejects.toMatchObject({
      code: 'CredentialsNotConfigured',
    });
    env.AWS_ACCESS_KEY_ID = 'A';
    env.AWS_SECRET_ACCESS_KEY = 'S';
    expect((await provider.getCredentials()).accessKeyId).toBe('A');
  });

  it('says "not configured" when neither key is set', async () => {
    const error = await rejection(fromEnv({ env: {} }).getCredentials());
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect(error).toMatchObject({
      code: 'CredentialsNotConfigured',
      source: 'env',
      configured: false,
    });
  });

  it('is configured but broken with only one key or a bad expiration', async () => {
    const onlySecret = await rejection(
      fromEnv({ env: { AWS_SECRET_ACCESS_KEY: 'S' } }).getCredentials(),
    );
    expect(onlySecret).toMatchObject({ code: 'InvalidConfiguration', configured: true });
    expect(onlySecret.message).toContain('AWS_ACCESS_KEY_ID');
    expect(onlySecret.message).not.toContain('S.');
    const onlyId = await rejection(
      fromEnv({ env: { AWS_ACCESS_KEY_ID: 'AKID' } }).getCredentials(),
    );
    expect(onlyId.message).toContain('AWS_SECRET_ACCESS_KEY');
    const badDate = await rejection(
      fromEnv({
        env: {
          AWS_ACCESS_KEY_ID: 'A',
          AWS_SECRET_ACCESS_KEY: 'S',
          AWS_CREDENTIAL_EXPIRATION: 'soon',
        },
      }).getCredentials(),
    );
    expect(badDate).toMatchObject({ code: 'InvalidConfiguration' });
    expect(badDate.message).toContain('"soon"');
  });

  it('honours an already-aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      fromEnv({ env: { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'S' } }).getCredentials({
        signal: controller.signal,
      }),
    ).rejects.toThrow('stop');
  });
});

describe('fromStatic', () => {
  it('returns the same redacting credentials every time', async () => {
    const provider = fromStatic({
      accessKeyId: 'AKID',
      secretAccessKey: 'SECRET',
      sessionToken: 'T',
    });
    const a = await provider.getCredentials();
    expect(a).toBe(await provider.getCredentials());
    expect(a.secretAccessKey).toBe('SECRET');
    expect(a.source).toBe('static');
    expect(JSON.stringify(a)).not.toContain('SECRET');
  });

  it('refuses empty keys at construction', () => {
    expect(() => fromStatic({ accessKeyId: '', secretAccessKey: 'S' })).toThrow(
      CredentialsProviderError,
    );
    expect(() => fromStatic({ accessKeyId: 'A', secretAccessKey: '' })).toThrow(/secretAccessKey/);
  });
});
