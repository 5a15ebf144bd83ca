/** What the hooks need of `process`; a test passes an EventEmitter with these. */
export interface ProcessLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  listenerCount(event: string): number;
  kill(pid: number, signal: string): unknown;
  exit(code?: number): unknown;
  readonly pid: number;
}

export interface ShutdownHookOptions {
  /** Longest wait for the flush on a signal. Default 10,000 ms. */
  timeoutMs?: number;
  process?: ProcessLike;
}

const SIGNAL_CODES: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

/**
 * Flushes on SIGTERM, SIGINT and `beforeExit`. On a signal, once flushed (or after `timeoutMs`),
 * the process exits with the conventional 128 + signal number, unless other listeners of the
 * signal are there to decide. Returns a function that removes the hooks.
 */
export function installShutdownHooks(
  flush: () => Promise<unknown>,
  hasBuffered: () => boolean,
  options: ShutdownHookOptions = {},
  /** What a signal runs (the process is ending); `beforeExit` only flushes, as work may follow. */
  finish: () => Promise<unknown> = flush,
): () => void {
  const proc = options.process ?? (process as unknown as ProcessLike);
  const timeoutMs = options.timeoutMs ?? 10_000;
  let flushing = false;
  // A referenced timer: it keeps the process alive while the flush (and its backoff) runs.
  const withTimeout = (work: () => Promise<unknown>) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      work()
        .catch(() => undefined)
        .then(() => {
          clearTimeout(timer);
          resolve();
        });
    });
  const onSignal = (signal: unknown) => {
    const name = String(signal);
    if (flushing) return;
    flushing = true;
    void withTimeout(finish).then(() => {
      uninstall();
      // Another listener owns what happens next; alone, exit as the signal would have.
      if (proc.listenerCount(name) === 0) proc.exit(128 + (SIGNAL_CODES[name] ?? 1));
    });
  };
  const onBeforeExit = () => {
    if (!flushing && hasBuffered()) void withTimeout(flush);
  };
  proc.on('SIGTERM', onSignal);
  proc.on('SIGINT', onSignal);
  proc.on('beforeExit', onBeforeExit);
  const uninstall = () => {
    proc.off('SIGTERM', onSignal);
    proc.off('SIGINT', onSignal);
    proc.off('beforeExit', onBeforeExit);
  };
  return uninstall;
}
