// What a call needs but creating a client does not (the signer, node:crypto behind it, and the
// observability package for its no-op defaults) is imported by the first call instead of with
// this package: a process that creates a client and sends later, or never, does not pay for them
// at start-up. Node caches the modules; the loader caches the promise, so later calls await one
// settled value, and forgets a failed load so that the next call tries again.

/** A function that imports a module on its first call and returns the same promise after. */
export function lazyImport<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

export const loadSigning = lazyImport(() => import('@integrations/aws-signing'));
export const loadObservability = lazyImport(() => import('@integrations/observability'));
