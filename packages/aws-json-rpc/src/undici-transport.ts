import type { Dispatcher } from 'undici';
import {
  AwsJsonRpcConfigurationError,
  AwsNetworkError,
  AwsRequestTimeoutError,
  type NetworkErrorPhase,
} from './errors.js';
import type { HttpRequest, HttpResponse, HttpTransport, SendOptions } from './http-transport.js';

export interface UndiciTransportOptions {
  /** Sockets kept per origin. Default 50 (the AWS SDKs' default). */
  connections?: number;
  /** How long an idle socket stays open for reuse. Default 4,000 ms; a server's shorter hint wins. */
  keepAliveTimeoutMs?: number;
  /** How long to wait for a connection (TCP and TLS). Default 10,000 ms. */
  connectTimeoutMs?: number;
  /**
   * How long one request may take from being sent until its response has been read completely,
   * waiting for a free socket included. Default 60,000 ms; `0` turns the limit off.
   */
  requestTimeoutMs?: number;
  /** Responses larger than this fail rather than exhaust memory. Default 64 MiB. */
  maxResponseBytes?: number;
  /**
   * Your own undici dispatcher (a proxy agent, a mock agent, ...). The transport does not close it;
   * `connections`, `keepAliveTimeoutMs` and `connectTimeoutMs` are then yours to set on it.
   */
  dispatcher?: Dispatcher;
}

const DEFAULTS = {
  connections: 50,
  keepAliveTimeoutMs: 4_000,
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxResponseBytes: 64 * 1024 * 1024,
};

/** Bodies above this are written in chunks, so that a reset before the last one is recognised. */
const CHUNK_BYTES = 64 * 1024;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect']);

/** Failures before any byte reached a server; the first group may pass, the second will not. */
const TRANSIENT_CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);
const PERMANENT_CONNECT_CODES = new Set([
  'ENOTFOUND',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);
/** undici errors that are programming or usage errors, passed through unchanged. */
const USAGE_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_INVALID_RETURN_VALUE',
]);

function checkOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new AwsJsonRpcConfigurationError(name, value, `expected a finite number >= ${min}`);
  }
  return value;
}

/**
 * An {@link HttpTransport} over undici: a keep-alive pool per origin, connect and request timeouts,
 * cancellation by `AbortSignal`, and network failures turned into {@link AwsNetworkError} and
 * {@link AwsRequestTimeoutError} that say whether the server can have received the request.
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): HttpTransport {
  const connections = checkOption('connections', options.connections, DEFAULTS.connections, 1);
  if (!Number.isInteger(connections)) {
    throw new AwsJsonRpcConfigurationError('connections', connections, 'expected an integer');
  }
  const keepAliveTimeoutMs = checkOption(
    'keepAliveTimeoutMs',
    options.keepAliveTimeoutMs,
    DEFAULTS.keepAliveTimeoutMs,
    1,
  );
  const connectTimeoutMs = checkOption(
    'connectTimeoutMs',
    options.connectTimeoutMs,
    DEFAULTS.connectTimeoutMs,
    1,
  );
  const requestTimeoutMs = checkOption(
    'requestTimeoutMs',
    options.requestTimeoutMs,
    DEFAULTS.requestTimeoutMs,
    0,
  );
  const maxResponseBytes = checkOption(
    'maxResponseBytes',
    options.maxResponseBytes,
    DEFAULTS.maxResponseBytes,
    0,
  );
  const ownDispatcher = options.dispatcher === undefined;
  // undici is loaded on the first request, not at import: it is most of a client's start-up cost.
  let dispatcher: Dispatcher | undefined = options.dispatcher;
  let loading: Promise<Dispatcher> | undefined;
  const load = (): Promise<Dispatcher> => {
    loading ??= import('undici').then(({ Agent }) => {
      dispatcher = new Agent({
        connections,
        keepAliveTimeout: keepAliveTimeoutMs,
        keepAliveMaxTimeout: Math.max(keepAliveTimeoutMs, 600_000),
        connect: { timeout: connectTimeoutMs },
        // The transport's own timer bounds the whole request; undici's only catch what slips past.
        headersTimeout: requestTimeoutMs,
        bodyTimeout: requestTimeoutMs,
      });
      return dispatcher;
    });
    return loading;
  };
  let closed = false;
  let closing: Promise<void> | undefined;

  return {
    send(request: HttpRequest, sendOptions: SendOptions = {}): Promise<HttpResponse> {
      if (closed) {
        return Promise.reject(
          new AwsNetworkError({
            code: 'TransportClosed',
            message: 'This HTTP transport was closed; create a new client to send more requests.',
            phase: 'connect',
            mayHaveBeenProcessed: false,
            retryable: false,
          }),
        );
      }
      const settings = {
        requestTimeoutMs,
        connectTimeoutMs,
        maxResponseBytes,
        // A caller's dispatcher may wrap handlers and hide onRequestSent; then assume "sent".
        trustRequestSent: ownDispatcher,
      };
      if (dispatcher !== undefined)
        return dispatch(dispatcher, request, sendOptions.signal, settings);
      return load().then((loaded) => dispatch(loaded, request, sendOptions.signal, settings));
    },
    close(): Promise<void> {
      closed = true;
      if (!ownDispatcher) return Promise.resolve();
      closing ??= loading === undefined ? Promise.resolve() : loading.then((d) => d.close());
      return closing;
    },
  };
}

interface DispatchSettings {
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  maxResponseBytes: number;
  trustRequestSent: boolean;
}

function originOf(request: HttpRequest): string {
  const protocol = request.protocol ?? 'https:';
  const host =
    request.hostname.includes(':') && !request.hostname.startsWith('[')
      ? `[${request.hostname}]`
      : request.hostname;
  return request.port === undefined
    ? `${protocol}//${host}`
    : `${protocol}//${host}:${request.port}`;
}

function pathOf(request: HttpRequest): string {
  const query = request.query;
  if (query === undefined) return request.path;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(v)}`);
    }
  }
  if (parts.length === 0) return request.path;
  return `${request.path}${request.path.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

function* chunks(body: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < body.byteLength; offset += CHUNK_BYTES) {
    yield body.subarray(offset, Math.min(offset + CHUNK_BYTES, body.byteLength));
  }
}

function parseHeaders(raw: Buffer[] | string[] | null): Record<string, string> {
  const headers: Record<string, string> = {};
  if (raw === null) return headers;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString().toLowerCase();
    const value = raw[i + 1]!.toString();
    const existing = headers[name];
    headers[name] = existing === undefined ? value : `${existing}, ${value}`;
  }
  return headers;
}

function dispatch(
  dispatcher: Dispatcher,
  request: HttpRequest,
  signal: AbortSignal | undefined,
  settings: DispatchSettings,
): Promise<HttpResponse> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  const origin = originOf(request);
  const headers: Record<string, string | string[]> = {};
  let hasLength = false;
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === 'content-length') hasLength = true;
    headers[name] = value;
  }
  let body: Buffer | Iterable<Buffer> | undefined;
  if (request.body !== undefined) {
    const bytes =
      typeof request.body === 'string'
        ? Buffer.from(request.body, 'utf8')
        : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    if (bytes.byteLength > CHUNK_BYTES) {
      if (!hasLength) headers['content-length'] = String(bytes.byteLength);
      body = chunks(bytes);
    } else {
      body = bytes;
    }
  }

  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    let connected = false;
    let sent = false;
    let responded = false;
    let abortRequest: ((reason?: Error) => void) | undefined;
    let pendingAbort: Error | undefined;
    let statusCode = 0;
    let responseHeaders: Record<string, string> = {};
    const received: Buffer[] = [];
    let receivedBytes = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const finish = (error: unknown, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (response !== undefined) resolve(response);
      else reject(error);
    };
    const cancel = (reason: Error) => {
      if (abortRequest !== undefined) abortRequest(reason);
      else pendingAbort = reason;
    };
    const onAbort = () => {
      const reason = signal!.reason as unknown;
      finish(reason);
      cancel(reason instanceof Error ? reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (settings.requestTimeoutMs > 0) {
      timer = setTimeout(() => {
        const error = new AwsRequestTimeoutError(
          connected ? 'response' : 'connect',
          settings.requestTimeoutMs,
          origin,
        );
        finish(error);
        cancel(error);
      }, settings.requestTimeoutMs);
      timer.unref();
    }

    const handler = {
      onConnect(abort: (reason?: Error) => void) {
        connected = true;
        abortRequest = abort;
        if (pendingAbort !== undefined) abort(pendingAbort);
      },
      onRequestSent() {
        sent = true;
      },
      onHeaders(status: number, rawHeaders: Buffer[] | string[] | null): boolean {
        if (status < 200) return true;
        responded = true;
        statusCode = status;
        responseHeaders = parseHeaders(rawHeaders);
        return true;
      },
      onData(chunk: Buffer): boolean {
        receivedBytes += chunk.byteLength;
        if (receivedBytes > settings.maxResponseBytes) {
          const error = new AwsNetworkError({
            code: 'ResponseTooLarge',
            message: `The response from ${origin} exceeds maxResponseBytes (${settings.maxResponseBytes} bytes).`,
            phase: 'receive',
            mayHaveBeenProcessed: true,
            retryable: false,
          });
          finish(error);
          cancel(error);
          return false;
        }
        received.push(chunk);
        return true;
      },
      onComplete() {
        const buffer =
          received.length === 1 ? received[0]! : Buffer.concat(received, receivedBytes);
        const response: HttpResponse = {
          statusCode,
          headers: responseHeaders,
          body: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
        };
        // undici frees the socket for the pool one event-loop turn after this callback (in a
        // setImmediate of its own); resolving after that lets the caller's next request reuse it
        // instead of opening another connection.
        setImmediate(() => setImmediate(() => finish(undefined, response)));
      },
      onError(error: Error) {
        if (settled) return;
        finish(
          toTransportError(error, origin, {
            connected,
            sent: sent || (connected && !settings.trustRequestSent),
            responded,
            connectTimeoutMs: settings.connectTimeoutMs,
            requestTimeoutMs: settings.requestTimeoutMs,
          }),
        );
      },
      onUpgrade() {
        finish(
          new AwsNetworkError({
            code: 'UnexpectedUpgrade',
            message: `${origin} answered with a protocol upgrade, which AWS JSON services never do.`,
            phase: 'receive',
            mayHaveBeenProcessed: true,
            retryable: false,
          }),
        );
      },
    };
    try {
      dispatcher.dispatch(
        {
          origin,
          path: pathOf(request),
          method: request.method as Dispatcher.HttpMethod,
          headers,
          // undici writes iterables chunk by chunk, awaiting drain; its types omit them.
          body: (body ?? null) as Dispatcher.DispatchOptions['body'],
        },
        handler as unknown as Dispatcher.DispatchHandler,
      );
    } catch (error) {
      finish(error);
    }
  });
}

interface ErrorState {
  connected: boolean;
  sent: boolean;
  responded: boolean;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

function errorCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps an undici or socket error to this package's errors; usage errors pass through. */
export function toTransportError(error: Error, origin: string, state: ErrorState): Error {
  const code = errorCode(error) ?? errorCode((error as { cause?: Error }).cause ?? error);
  if (code !== undefined && USAGE_CODES.has(code)) return error;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new AwsRequestTimeoutError('connect', state.connectTimeoutMs, origin, error);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new AwsRequestTimeoutError('response', state.requestTimeoutMs, origin, error);
  }
  if (
    code !== undefined &&
    (TRANSIENT_CONNECT_CODES.has(code) || PERMANENT_CONNECT_CODES.has(code))
  ) {
    return new AwsNetworkError({
      code,
      message: `Could not connect to ${origin} (${code}): ${error.message}. Check the endpoint, DNS and the network.`,
      phase: 'connect',
      mayHaveBeenProcessed: false,
      retryable: TRANSIENT_CONNECT_CODES.has(code),
      cause: error,
    });
  }
  if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') {
    return new AwsNetworkError({
      code: 'TransportClosed',
      message: `The connection pool to ${origin} was closed while the request was pending.`,
      phase: state.connected ? (state.responded ? 'receive' : 'send') : 'connect',
      mayHaveBeenProcessed: state.sent || state.responded,
      retryable: false,
      cause: error,
    });
  }
  const phase: NetworkErrorPhase = !state.connected
    ? 'connect'
    : state.responded
      ? 'receive'
      : 'send';
  const mayHaveBeenProcessed = phase === 'receive' || (phase === 'send' && state.sent);
  const what =
    phase === 'connect'
      ? 'before a connection was established'
      : phase === 'receive'
        ? 'while the response was being read'
        : mayHaveBeenProcessed
          ? 'after the request was sent, before a response; the server may have applied it'
          : 'before the request had been sent completely; the server cannot have applied it';
  return new AwsNetworkError({
    code: code ?? 'NetworkError',
    message: `The connection to ${origin} failed ${what} (${code ?? error.name}: ${error.message}).`,
    phase,
    mayHaveBeenProcessed,
    retryable: true,
    cause: error,
  });
}
