import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type { Socket } from 'node:net';
import { AwsJsonRpcConfigurationError } from './errors.js';
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
  type RequestProgress,
  requestTimeoutError,
  resolveTransportOptions,
  responseTooLargeError,
  type TransportOptions,
  type TransportSettings,
  toNetworkError,
  transportClosedError,
} from './transport-common.js';

export interface NodeHttpTransportOptions extends TransportOptions {
  /**
   * Your own agents (a proxy agent, an agent with your own TLS trust, ...), used for their protocol
   * instead of the transport's and never destroyed by it. `connections` and `keepAliveTimeoutMs`
   * are then yours to set on them.
   */
  agents?: { http?: Http.Agent; https?: Https.Agent };
}

type Protocol = 'http:' | 'https:';

interface Scheme {
  request: typeof Http.request;
  agent: Http.Agent;
  owned: boolean;
}

/**
 * An {@link HttpTransport} over Node's own `node:http` and `node:https`: a keep-alive agent per
 * protocol, connect and request timeouts, cancellation by `AbortSignal`, and network failures
 * turned into `AwsNetworkError` and `AwsRequestTimeoutError` that say whether the server can
 * have received the request. The modules are loaded by the first request that needs them.
 */
export function createNodeHttpTransport(options: NodeHttpTransportOptions = {}): HttpTransport {
  const settings = resolveTransportOptions(options);
  const given = checkAgents(options.agents);
  const schemes: Partial<Record<Protocol, Scheme>> = {};
  const loading: Partial<Record<Protocol, Promise<Scheme>>> = {};
  const inFlight = new InFlight();
  let closed = false;
  let closing: Promise<void> | undefined;

  const load = (protocol: Protocol): Promise<Scheme> => {
    loading[protocol] ??= (
      protocol === 'https:'
        ? import('node:https').then((https) => scheme(https, given.https, settings))
        : import('node:http').then((http) => scheme(http, given.http, settings))
    ).then((loaded) => {
      schemes[protocol] = loaded;
      return loaded;
    });
    return loading[protocol];
  };

  return {
    send(request: HttpRequest, sendOptions: SendOptions = {}): Promise<HttpResponse> {
      if (closed) return Promise.reject(transportClosedError());
      const { signal } = sendOptions;
      if (signal?.aborted) return Promise.reject(signal.reason);
      const protocol = request.protocol ?? 'https:';
      if (protocol !== 'https:' && protocol !== 'http:') {
        return Promise.reject(
          new AwsJsonRpcConfigurationError('protocol', protocol, "expected 'https:' or 'http:'"),
        );
      }
      const ready = schemes[protocol];
      return inFlight.track(
        ready !== undefined
          ? exchange(ready, request, signal, settings)
          : load(protocol).then((loaded) => exchange(loaded, request, signal, settings)),
      );
    },
    close(): Promise<void> {
      closed = true;
      // As undici's Agent: requests in flight finish first, then the sockets are released.
      closing ??= inFlight.settled().then(() => {
        for (const loaded of Object.values(schemes)) if (loaded.owned) loaded.agent.destroy();
      });
      return closing;
    },
  };
}

function checkAgents(
  agents: NodeHttpTransportOptions['agents'],
): NonNullable<NodeHttpTransportOptions['agents']> {
  if (agents === undefined) return {};
  if (typeof agents !== 'object' || agents === null) {
    throw new AwsJsonRpcConfigurationError('agents', agents, 'expected { http?, https? }');
  }
  for (const key of ['http', 'https'] as const) {
    const agent = agents[key] as unknown;
    if (
      agent !== undefined &&
      typeof (agent as { addRequest?: unknown } | null)?.addRequest !== 'function'
    ) {
      throw new AwsJsonRpcConfigurationError(`agents.${key}`, agent, `expected a ${key}.Agent`);
    }
  }
  return agents;
}

function scheme(
  module: typeof Http | typeof Https,
  agent: Http.Agent | undefined,
  settings: TransportSettings,
): Scheme {
  return {
    request: module.request as typeof Http.request,
    agent:
      agent ??
      new module.Agent({
        keepAlive: true,
        maxSockets: settings.connections,
        maxFreeSockets: settings.connections,
        // Node applies this to idle sockets only, lowered to a server's `Keep-Alive: timeout=`
        // hint less one second; a socket busy with a request is bounded by the timers below.
        timeout: settings.keepAliveTimeoutMs,
        scheduling: 'lifo',
      }),
    owned: agent === undefined,
  };
}

function hostnameOf(request: HttpRequest): string {
  const { hostname } = request;
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** A socket taken from the pool is connected; a new one once TCP (and TLS) are up. */
function isConnected(socket: Socket, secure: boolean): boolean {
  if (socket.connecting) return false;
  // node:tls has no public flag for "handshake done"; TLSSocket's own is `_secureEstablished`.
  return !secure || (socket as { _secureEstablished?: boolean })._secureEstablished !== false;
}

function exchange(
  scheme: Scheme,
  request: HttpRequest,
  signal: AbortSignal | undefined,
  settings: TransportSettings,
): Promise<HttpResponse> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  const origin = originOf(request);
  const secure = request.protocol !== 'http:';
  const { headers, hasLength } = outgoingHeaders(request);
  const body = bodyBytes(request.body);
  if (body !== undefined && !hasLength) headers['content-length'] = String(body.byteLength);

  return new Promise<HttpResponse>((resolve, reject) => {
    const progress: RequestProgress = { connected: false, sent: false, responded: false };
    let settled = false;
    let requestTimer: ReturnType<typeof setTimeout> | undefined;
    let connectTimer: ReturnType<typeof setTimeout> | undefined;
    let req: Http.ClientRequest | undefined;

    const finish = (error: unknown, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(requestTimer);
      clearTimeout(connectTimer);
      signal?.removeEventListener('abort', onAbort);
      if (response !== undefined) {
        resolve(response);
        return;
      }
      reject(error);
      req?.destroy();
    };
    const fail = (error: Error) =>
      finish(toNetworkError(error, errorCode(error), origin, progress));
    const onAbort = () => finish(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (settings.requestTimeoutMs > 0) {
      requestTimer = setTimeout(
        () => finish(requestTimeoutError(origin, settings.requestTimeoutMs, progress.connected)),
        settings.requestTimeoutMs,
      );
      requestTimer.unref();
    }

    try {
      req = scheme.request({
        agent: scheme.agent,
        hostname: hostnameOf(request),
        port: request.port,
        path: pathOf(request),
        method: request.method,
        headers,
      });
    } catch (error) {
      // Invalid header names or values, a malformed path: the caller's mistake, passed through.
      finish(error);
      return;
    }
    // Stays subscribed after settling: destroying the request emits one more error.
    req.on('error', fail);
    req.on('socket', (socket: Socket) => {
      if (isConnected(socket, secure)) {
        progress.connected = true;
        return;
      }
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        progress.connected = true;
        clearTimeout(connectTimer);
      });
      connectTimer = setTimeout(
        () => finish(connectTimeoutError(origin, settings.connectTimeoutMs)),
        settings.connectTimeoutMs,
      );
      connectTimer.unref();
    });
    req.on('finish', () => {
      progress.sent = true;
    });
    req.on('response', (res: Http.IncomingMessage) => {
      progress.responded = true;
      res.on('error', fail);
      if (Number(res.headers['content-length']) > settings.maxResponseBytes) {
        finish(responseTooLargeError(origin, settings.maxResponseBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        received += chunk.byteLength;
        if (received > settings.maxResponseBytes) {
          finish(responseTooLargeError(origin, settings.maxResponseBytes));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        finish(undefined, {
          statusCode: res.statusCode ?? 0,
          headers: parseRawHeaders(res.rawHeaders),
          body: joinChunks(chunks, received),
        });
      });
    });
    req.end(body);
  });
}
