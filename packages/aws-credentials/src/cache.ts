import type { AwsCredentials, CredentialsProvider, GetCredentialsOptions } from './credentials.js';

export interface CachedProviderOptions {
  /** Refresh this long before `expiration`. Default 5 minutes. */
  refreshBeforeMs?: number;
  /** After a failed refresh while the old credentials are still valid, wait this long before trying again. Default 10 s. */
  retryAfterMs?: number;
  /** Current time in ms. Default `Date.now`. */
  clock?: () => number;
}

export interface CachedCredentialsProvider extends CredentialsProvider {
  /** Forget the cached credentials; the next call fetches new ones (e.g. after an ExpiredToken error). */
  invalidate(): void;
}

function withSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Caches credentials until `refreshBeforeMs` before they expire (credentials without an expiration
 * are kept for good). Concurrent callers share one refresh. When a refresh fails while the old
 * credentials are still valid, the old ones keep being served and the refresh is retried after
 * `retryAfterMs`. A caller's `signal` stops that caller's wait, never the shared refresh.
 */
export function cachedProvider(
  provider: CredentialsProvider,
  options: CachedProviderOptions = {},
): CachedCredentialsProvider {
  const refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
  const retryAfterMs = options.retryAfterMs ?? 10_000;
  const clock = options.clock ?? Date.now;
  let current: AwsCredentials | undefined;
  let inflight: Promise<AwsCredentials> | undefined;
  let nextAttemptAt = 0;
  let generation = 0;

  const refresh = (): Promise<AwsCredentials> => {
    if (inflight === undefined) {
      const started = generation;
      const attempt = provider.getCredentials().then((credentials) => {
        if (started === generation) {
          current = credentials;
          const expiresAt = credentials.expiration?.getTime();
          // Fresh credentials already inside the refresh window: do not refetch on every call.
          nextAttemptAt =
            expiresAt !== undefined && expiresAt - clock() <= refreshBeforeMs
              ? clock() + retryAfterMs
              : 0;
        }
        return credentials;
      });
      inflight = attempt;
      const clear = () => {
        if (inflight === attempt) inflight = undefined;
      };
      attempt.then(clear, clear);
    }
    return inflight;
  };

  return {
    async getCredentials(callOptions?: GetCredentialsOptions) {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      const held = current;
      if (held !== undefined) {
        const expiresAt = held.expiration?.getTime();
        const now = clock();
        if (expiresAt === undefined || expiresAt - now > refreshBeforeMs) return held;
        if (expiresAt > now) {
          if (now < nextAttemptAt) return held;
          try {
            return await withSignal(refresh(), signal);
          } catch (error) {
            if (signal?.aborted) throw error;
            if (expiresAt > clock()) {
              nextAttemptAt = clock() + retryAfterMs;
              return held;
            }
            throw error;
          }
        }
      }
      return withSignal(refresh(), signal);
    },
    invalidate() {
      generation++;
      current = undefined;
      inflight = undefined;
      nextAttemptAt = 0;
    },
  };
}
