import { describe, expect, it } from 'vitest';
import {
  type AwsCredentials,
  Credentials,
  type CredentialsProvider,
  CredentialsProviderError,
  cachedProvider,
} from '../src/index.js';

const MINUTE = 60_000;

/** A provider whose answers the test controls, counting calls. */
function scripted() {
  const pending: Array<{ resolve: (c: AwsCredentials) => void; reject: (e: unknown) => void }> = [];
  let calls = 0;
  const provider: CredentialsProvider = {
    getCredentials: () => {
      calls++;
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
  return {
    provider,
    get calls() {
      return calls;
    },
    resolveNext(credentials: AwsCredentials) {
      pending.shift()?.resolve(credentials);
    },
    rejectNext(error: unknown) {
      pending.shift()?.reject(error);
    },
  };
}

const creds = (id: string, expiresAt?: number) =>
  new Credentials({
    accessKeyId: id,
    secretAccessKey: `secret-${id}`,
    ...(expiresAt !== undefined && { expiration: new Date(expiresAt) }),
  });

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('cachedProvider', () => {
  it('reuses credentials until five minutes before they expire', async () => {
    let now = 0;
    const source = scripted();
    const cached = cachedProvider(source.provider, { clock: () => now });
    const first = cached.getCredentials();
    source.resolveNext(creds('ONE', 60 * MINUTE));
    expect((await first).accessKeyId).toBe('ONE');

    now = 55 * MINUTE - 1;
    expect((await cached.getCredentials()).accessKeyId).toBe('ONE');
    expect(source.calls).toBe(1);

    now = 55 * MINUTE;
    const second = cached.getCredentials();
    await flush();
    expect(source.calls).toBe(2);
    source.resolveNext(creds('TWO', 120 * MINUTE));
    expect((await second).accessKeyId).toBe('TWO');
  });

  it('keeps credentials without an expiration for good', async () => {
    const source = scripted();
    const cached = cachedProvider(source.provider, { clock: () => 1e15 });
    const first = cached.getCredentials();
    source.resolveNext(creds('FOREVER'));
    await first;
    expect((await cached.getCredentials()).accessKeyId).toBe('FOREVER');
    expect(source.calls).toBe(1);
  });

  it('honours a custom refreshBeforeMs', async () => {
    let now = 0;
    const source = scripted();
    const cached = cachedProvider(source.provider, { clock: () => now, refreshBeforeMs: MINUTE });
    const first = cached.getCredentials();
    source.resolveNext(creds('ONE', 10 * MINUTE));
    await first;
    now = 8 * MINUTE;
    await cached.getCredentials();
    expect(source.calls).toBe(1);
    now = 9 * MINUTE;
    void cached.getCredentials();
    await flush();
    expect(source.calls).toBe(2);
  });

  it('lets concurrent callers share one in-flight refresh', async () => {
    const source = scripted();
    const cached = cachedProvider(source.provider, { clock: () => 0 });
    const callers = Array.from({ length: 10 }, () => cached.getCredentials());
    await flush();
    expect(source.calls).toBe(1);
    source.resolveNext(creds('SHARED', 60 * MINUTE));
    const results = await Promise.all(callers);
    expect(new Set(results).size).toBe(1);
    expect(results[0]?.accessKeyId).toBe('SHARED');
  });

  it('shares one failure among concurrent first callers, then tries again', async () => {
    const source = scripted();
    const cached = cachedProvider(source.provider, { clock: () => 0 });
    const callers = [cached.getCredentials(), cached.getCredentials()];
    await flush();
    source.rejectNext(new Error('boom'));
    for (const c of callers) await expect(c).rejects.toThrow('boom');
    expect(source.calls).toBe(1);
    const again = cached.getCredentials();
    await flush();
    expect(source.calls).toBe(2);
    source.resolveNext(creds('LATER', 60 * MINUTE));
    expect((await again).accessKeyId).toBe('LATER');
  });

  it('keeps serving still-valid credentials when a refresh fails, and retries later', async () => {
    let now = 0;
    const source = scripted();
    const cached = cachedProvider(source.provider, { clock: () => now, retryAfterMs: 30_000 });
    const first = cached.getCredentials();
    source.resolveNext(creds('OLD', 60 * MINUTE));
    await first;

    now = 56 * MINUTE;
    const during = cached.getCredentials();
    await flush();
    source.rejectNext(
      new CredentialsProviderError('STS down', { code: 'CredentialsFetchFailed', source: 'sts' }),
    );
    expect((await during).accessKeyId).toBe('OLD');
    expect(source.calls).toBe(2);

    now += 29_999;
    expect((await cached.getCredentials()).accessKeyId).toBe('OLD');
    expect(source.calls).toBe(2);

    now += 1;
    const retry = cached.getCredentials();
    await flush();
    expect(source.calls).toBe(3);
    source.resolveNext(creds('NEW', 120 * MINUTE));
    expect((await retry).accessKeyId).toBe('NEW');
    expect((await cached.getCredentials()).accessKeyId).toBe('NEW');
  });

  it('fails once the old credentials have expired and the refresh fails', async () => {
    let now = 0;
    const source = scripted();
    const cached = cachedProvider(source.provider, { clock: () => now });
    const first = cached.getCredentials();
    source.resolveNext(creds('OLD', 10 * MINUTE));
    await first;
    now = 10 * MINUTE;
    const after = cached.getCredentials();
    await flush();
    source.rejectNext(new Error('still down'));
    await expect(after).rejects.toThrow('still down');
  });

  it('does not refetch on every call when fresh credentials are already inside the window', async () => {
    let now = 0;
    const source = scripted();
    const cached = cachedProvider(source.provider, { clock: () => now, retryAfterMs: 10_000 });
    const first = cached.getCredentials();
    source.resolveNext(creds('SHORT', 3 * MINUTE));
    await first;
    await cached.getCredentials();
    await cached.getCredentials();
    expect(source.calls).toBe(1);
    now = 10_000;
    void cached.getCredentials();
    await flush();
    expect(source.calls).toBe(2);
  });

  it('lets one caller abort its wait without cancelling the shared refresh', async () => {
    const source = scripted();
    const cached = cachedProvider(source.provider, { clock: () => 0 });
    const controller = new AbortController();
    const impatient = cached.getCredentials({ signal: controller.signal });
    const patient = cached.getCredentials();
    controller.abort(new Error('no time'));
    await expect(impatient).rejects.toThrow('no time');
    source.resolveNext(creds('SHARED', 60 * MINUTE));
    expect((await patient).accessKeyId).toBe('SHARED');
    expect(source.calls).toBe(1);
  });

  it('invalidate() forces the next call to fetch, ignoring a refresh already under way', async () => {
    const source = scripted();
    const cached = cachedProvider(source.provider, { clock: () => 0 });
    const first = cached.getCredentials();
    source.resolveNext(creds('ONE', 60 * MINUTE));
    await first;
    cached.invalidate();
    const second = cached.getCredentials();
    await flush();
    expect(source.calls).toBe(2);
    source.resolveNext(creds('TWO', 60 * MINUTE));
    expect((await second).accessKeyId).toBe('TWO');
  });
});
