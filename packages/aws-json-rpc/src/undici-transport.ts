import type { Dispatcher } from 'undici';
import { AwsJsonRpcConfigurationError, AwsNetworkError, AwsRequestTimeoutError } from './errors.js';
import type { HttpRequest, HttpResponse, HttpTransport, SendOptions } from './http-transport.js';
import {
  bodyBytes,
  connectTimeoutError,
  errorCode,
  InFlight,
  joinChunks,
  originOf,
  outgoingHeaders,
  parseRawHeaders,
  pathOf,
  phaseOf,
  type RequestProgress,
  requestTimeoutError,
  resolveTransportOptions,
  responseTooLargeError,
  type TransportOptions,
  toNetworkError,
  transportClosedError,
} from './transport-common.js';

export interface UndiciTransportOptions extends TransportOptions {
  /**
   * Your own undici dispatcher (a proxy agent, a mock agent, ...). The transport does not close it;
   * `connections`, `keepAliveTimeoutMs` and `connectTimeoutMs` are then yours to set on it.
   */
  dispatcher?: Dispatcher;
}

/** Bodies above this are written in chunks, so that a reset before the last one is recognised. */
const CHUNK_BYTES = 64 * 1024;

/** undici errors that are programming or usage errors, passed through unchanged. */
const USAGE_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_INVALID_RETURN_VALUE',
]);

/**
 * An {@link HttpTransport} over undici: a keep-alive pool per origin, connect and request timeouts,
 * cancellation by `AbortSignal`, and network failures turned into {@link AwsNetworkError} and
 * {@link AwsRequestTimeoutError} that say whether the server can have received the request.
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): HttpTransport {
  const { connections, keepAliveTimeoutMs, connectTimeoutMs, requestTimeoutMs, maxResponseBytes } =
    resolveTransportOptions(options);
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
    }, explainMissingUndici);
    return loading;
  };
  let closed = false;
  let closing: Promise<void> | undefined;
  const inFlight = new InFlight();

  return {
    send(request: HttpRequest, sendOptions: SendOptions = {}): Promise<HttpResponse> {
      if (closed) {
        return Promise.reject(transportClosedError());
      }
      const settings = {
        requestTimeoutMs,
        connectTimeoutMs,
        maxResponseBytes,
        // A caller's dispatcher may wrap handlers and hide onRequestSent; then assume "sent".
        trustRequestSent: ownDispatcher,
      };
      if (dispatcher !== undefined)
        return inFlight.track(dispatch(dispatcher, request, sendOptions.signal, settings));
      return inFlight.track(
        load().then((loaded) => dispatch(loaded, request, sendOptions.signal, settings)),
      );
    },
    close(): Promise<void> {
      closed = true;
      if (!ownDispatcher) return Promise.resolve();
      // Requests in flight finish first. Agent.close() would also wait for requests already
      // aborted while connecting (undici learns of an abort only once connected, so until
      // connectTimeoutMs): once every request of ours has settled, destroy() drops those.
      closing ??=
        loading === undefined
          ? Promise.resolve()
          : loading.then(
              (d) => inFlight.settled().then(() => d.destroy()),
              () => {},
            );
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

function* chunks(body: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < body.byteLength; offset += CHUNK_BYTES) {
    yield body.subarray(offset, Math.min(offset + CHUNK_BYTES, body.byteLength));
  }
}

function dispatch(
  dispatcher: Dispatcher,
  request: HttpRequest,
  signal: AbortSignal | undefined,
  settings: DispatchSettings,
): Promise<HttpResponse> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  const origin = originOf(request);
  const { headers, hasLength } = outgoingHeaders(request);
  let body: Buffer | Iterable<Buffer> | undefined;
  const bytes = bodyBytes(request.body);
  if (bytes !== undefined) {
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
        const error = requestTimeoutError(origin, settings.requestTimeoutMs, connected);
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
        responseHeaders = parseRawHeaders(rawHeaders);
        return true;
      },
      onData(chunk: Buffer): boolean {
        receivedBytes += chunk.byteLength;
        if (receivedBytes > settings.maxResponseBytes) {
          const error = responseTooLargeError(origin, settings.maxResponseBytes);
          finish(error);
          cancel(error);
          return false;
        }
        received.push(chunk);
        return true;
      },
      onComplete() {
        const response: HttpResponse = {
          statusCode,
          headers: responseHeaders,
          body: joinChunks(received, receivedBytes),
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

interface ErrorState extends RequestProgress {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

/** Maps an undici or socket error to this package's errors; usage errors pass through. */
export function toTransportError(error: Error, origin: string, state: ErrorState): Error {
  const code = errorCode(error);
  if (code !== undefined && USAGE_CODES.has(code)) return error;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return connectTimeoutError(origin, state.connectTimeoutMs, error);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new AwsRequestTimeoutError('response', state.requestTimeoutMs, origin, error);
  }
  if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') {
    return new AwsNetworkError({
      code: 'TransportClosed',
      message: `The connection pool to ${origin} was closed while the request was pending.`,
      phase: phaseOf(state),
      mayHaveBeenProcessed: state.sent || state.responded,
      retryable: false,
      cause: error,
    });
  }
  return toNetworkError(error, code, origin, state);
}

/** undici is an optional peer dependency: say how to install it rather than "module not found". */
function explainMissingUndici(error: unknown): never {
  const code = (error as { code?: unknown } | null)?.code;
  const missing =
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    String((error as Error).message).includes('undici');
  if (!missing) throw error;
  throw new AwsJsonRpcConfigurationError(
    'transport',
    'undici',
    'createUndiciTransport needs the optional peer dependency undici, which is not installed. ' +
      'Run `npm install undici`, or use createNodeHttpTransport (the default), which needs no package.',
    error,
  );
}
