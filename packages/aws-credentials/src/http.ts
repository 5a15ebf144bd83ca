/** The part of the WHATWG `fetch` the providers use; inject one to observe or fake HTTP. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpCallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | undefined;
  timeoutMs: number;
  fetch?: FetchLike | undefined;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
}

/** The request did not finish within its timeout. */
export class HttpTimeoutError extends Error {
  override readonly name = 'HttpTimeoutError';
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`no response from ${url} within ${timeoutMs} ms`);
  }
}

/** The connection failed (refused, unreachable, reset, DNS). */
export class HttpNetworkError extends Error {
  override readonly name = 'HttpNetworkError';
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`could not reach ${url}: ${describeNetworkCause(cause)}`, { cause });
  }
}

/**
 * One HTTP exchange with a timeout that covers connecting and reading the body. Redirects are
 * refused so a credentials endpoint can never bounce a request (and its token) elsewhere.
 * An abort by the caller rejects with the caller's abort reason.
 */
export async function httpCall(url: string, options: HttpCallOptions): Promise<HttpResult> {
  const { signal, timeoutMs } = options;
  signal?.throwIfAborted();
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  try {
    const response = await doFetch(url, {
      method: options.method ?? 'GET',
      ...(options.headers !== undefined && { headers: options.headers }),
      ...(options.body !== undefined && { body: options.body }),
      redirect: 'error',
      signal: combined,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) throw new HttpTimeoutError(url, timeoutMs);
    throw new HttpNetworkError(url, error);
  }
}

function describeNetworkCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    if (inner instanceof Error) {
      const code = (inner as { code?: unknown }).code;
      return typeof code === 'string' ? `${code} (${inner.message})` : inner.message;
    }
    return cause.message;
  }
  return String(cause);
}

export function isUnreachable(error: unknown): boolean {
  return error instanceof HttpTimeoutError || error instanceof HttpNetworkError;
}
