// What the node:http and undici transports share: options, the request's wire form, and the
// mapping of network failures to AwsNetworkError / AwsRequestTimeoutError.
import {
  AwsJsonRpcConfigurationError,
  AwsNetworkError,
  AwsRequestTimeoutError,
  type NetworkErrorPhase,
} from './errors.js';
import type { HttpRequest } from './http-transport.js';

export interface TransportOptions {
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
}

export type TransportSettings = Required<TransportOptions>;

const DEFAULTS: TransportSettings = {
  connections: 50,
  keepAliveTimeoutMs: 4_000,
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxResponseBytes: 64 * 1024 * 1024,
};

/** The longest delay `setTimeout` takes (2^31 - 1 ms, 24.8 days); Node fires longer ones at once. */
export const MAX_TIMER_MS = 2_147_483_647;

function checkOption(
  name: keyof TransportOptions,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return DEFAULTS[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new AwsJsonRpcConfigurationError(
      name,
      value,
      max === Number.MAX_SAFE_INTEGER
        ? `expected a finite number >= ${min}`
        : `expected a number from ${min} to ${max} (Node's longest timer)`,
    );
  }
  return value;
}

/** The options with their defaults; an invalid one throws `AwsJsonRpcConfigurationError`. */
export function resolveTransportOptions(options: TransportOptions): TransportSettings {
  const connections = checkOption('connections', options.connections, 1);
  if (!Number.isInteger(connections)) {
    throw new AwsJsonRpcConfigurationError('connections', connections, 'expected an integer');
  }
  return {
    connections,
    keepAliveTimeoutMs: checkOption(
      'keepAliveTimeoutMs',
      options.keepAliveTimeoutMs,
      1,
      MAX_TIMER_MS,
    ),
    connectTimeoutMs: checkOption('connectTimeoutMs', options.connectTimeoutMs, 1, MAX_TIMER_MS),
    requestTimeoutMs: checkOption('requestTimeoutMs', options.requestTimeoutMs, 0, MAX_TIMER_MS),
    maxResponseBytes: checkOption('maxResponseBytes', options.maxResponseBytes, 0),
  };
}

/** Request headers that belong to one connection, which the transport manages itself. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect']);

/** The request's headers less the hop-by-hop ones, and whether it set its own Content-Length. */
export function outgoingHeaders(request: HttpRequest): {
  headers: Record<string, string | string[]>;
  hasLength: boolean;
} {
  const headers: Record<string, string | string[]> = {};
  let hasLength = false;
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === 'content-length') hasLength = true;
    headers[name] = value;
  }
  return { headers, hasLength };
}

/** `https://host:port`, an IPv6 literal in brackets. */
export function originOf(request: HttpRequest): string {
  const protocol = request.protocol ?? 'https:';
  const host =
    request.hostname.includes(':') && !request.hostname.startsWith('[')
      ? `[${request.hostname}]`
      : request.hostname;
  return request.port === undefined
    ? `${protocol}//${host}`
    : `${protocol}//${host}:${request.port}`;
}

/** The path with the `query` map encoded into it. */
export function pathOf(request: HttpRequest): string {
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

/** The request body as bytes, without copying a `Uint8Array`. */
export function bodyBytes(body: HttpRequest['body']): Buffer | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string'
    ? Buffer.from(body, 'utf8')
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** A response body from the chunks it arrived in, without a copy when there was one. */
export function joinChunks(chunks: readonly Buffer[], byteLength: number): Uint8Array {
  const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, byteLength);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The requests a transport has in flight, so that close() can let them finish first. */
export class InFlight {
  readonly #pending = new Set<Promise<unknown>>();

  track<T>(pending: Promise<T>): Promise<T> {
    this.#pending.add(pending);
    const forget = () => this.#pending.delete(pending);
    pending.then(forget, forget);
    return pending;
  }

  /** Resolves once every request tracked so far has settled. */
  settled(): Promise<unknown> {
    return Promise.allSettled(this.#pending);
  }
}

/** Alternating names and values, as on the wire: names lower-cased, repeats joined with ", ". */
export function parseRawHeaders(
  raw: ReadonlyArray<Buffer | string> | null,
): Record<string, string> {
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

function ownCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error's code, or its cause's, or (for Node's AggregateError of several addresses) the first. */
export function errorCode(error: Error): string | undefined {
  return (
    ownCode(error) ??
    ownCode((error as { cause?: unknown }).cause) ??
    ownCode((error as { errors?: unknown[] }).errors?.[0])
  );
}

/** How far the request got before it failed. */
export interface RequestProgress {
  /** A connection (TLS included) was established for it. */
  connected: boolean;
  /** The whole request was written to the connection. */
  sent: boolean;
  /** The response's status line and headers arrived. */
  responded: boolean;
}

export function phaseOf(progress: RequestProgress): NetworkErrorPhase {
  if (!progress.connected) return 'connect';
  return progress.responded ? 'receive' : 'send';
}

export function transportClosedError(): AwsNetworkError {
  return new AwsNetworkError({
    code: 'TransportClosed',
    message: 'This HTTP transport was closed; create a new client to send more requests.',
    phase: 'connect',
    mayHaveBeenProcessed: false,
    retryable: false,
  });
}

export function responseTooLargeError(origin: string, maxResponseBytes: number): AwsNetworkError {
  return new AwsNetworkError({
    code: 'ResponseTooLarge',
    message: `The response from ${origin} exceeds maxResponseBytes (${maxResponseBytes} bytes).`,
    phase: 'receive',
    mayHaveBeenProcessed: true,
    retryable: false,
  });
}

export function connectTimeoutError(
  origin: string,
  connectTimeoutMs: number,
  cause?: unknown,
): AwsRequestTimeoutError {
  return new AwsRequestTimeoutError('connect', connectTimeoutMs, origin, cause);
}

/** The whole-request timer fired: before a connection was made, or after. */
export function requestTimeoutError(
  origin: string,
  requestTimeoutMs: number,
  connected: boolean,
): AwsRequestTimeoutError {
  return new AwsRequestTimeoutError(connected ? 'response' : 'connect', requestTimeoutMs, origin);
}

/**
 * Maps a socket, DNS or TLS error to an {@link AwsNetworkError} that says how far the request got:
 * `mayHaveBeenProcessed` only once the whole request was written.
 */
export function toNetworkError(
  error: Error,
  code: string | undefined,
  origin: string,
  progress: RequestProgress,
): AwsNetworkError {
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
  const phase = phaseOf(progress);
  const mayHaveBeenProcessed = phase === 'receive' || (phase === 'send' && progress.sent);
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
