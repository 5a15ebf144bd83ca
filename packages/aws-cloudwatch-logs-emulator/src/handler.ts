import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponse } from '@integrations/aws-json-rpc';
import {
  type AuthOptions,
  authError,
  checkWellFormed,
  missingAuthentication,
  type SignatureVerifier,
} from './auth.js';
import { EmulatorConfigError, ServiceError, serializationError } from './errors.js';
import type { FaultController, InjectedError } from './faults.js';
import { header } from './headers.js';
import type { MetricRecorder } from './metrics.js';
import type { LogsService } from './service.js';
import type { SubscriptionDispatcher } from './subscriptions.js';

const TARGET_PREFIX = 'Logs_20140328.';
const JSON_TYPE = 'application/x-amz-json-1.1';

/** Thrown instead of answering when a fault resets the connection; the server drops the socket. */
export class ConnectionResetError extends Error {
  override readonly name = 'ConnectionResetError';
  readonly code = 'ECONNRESET';
  /** Whether the request had been served (its changes stored) before the reset. */
  readonly served: boolean;

  constructor(served: boolean) {
    super(
      `The emulator reset the connection ${served ? 'after serving' : 'before serving'} the request (fault injection).`,
    );
    this.served = served;
  }
}

export interface HandleOptions {
  /** The peer's address; admin endpoints need a loopback peer or an authenticated request. */
  remoteAddress?: string;
  signal?: AbortSignal;
}

export interface HandlerDeps {
  service: LogsService;
  auth: AuthOptions;
  verify: SignatureVerifier | undefined;
  lookupSecret(accessKeyId: string): string | undefined;
  faults: FaultController;
  metrics: MetricRecorder;
  subscriptions: SubscriptionDispatcher;
  region: string;
  accountId: string;
  now(): number;
  onError?: (error: unknown) => void;
}

const INJECTED: Record<InjectedError, { status: number; message: string }> = {
  ThrottlingException: { status: 400, message: 'Rate exceeded' },
  ServiceUnavailableException: { status: 503, message: 'The service cannot complete the request.' },
  InternalFailure: {
    status: 500,
    message: 'The request processing has failed because of an unknown error, exception or failure.',
  },
};

const encoder = new TextEncoder();

function respond(status: number, body: unknown, requestId: string, type = JSON_TYPE): HttpResponse {
  const bytes = encoder.encode(JSON.stringify(body));
  return {
    statusCode: status,
    headers: {
      'content-type': type,
      'content-length': String(bytes.length),
      'x-amzn-requestid': requestId,
      date: new Date().toUTCString(),
    },
    body: bytes,
  };
}

export function errorResponse(error: ServiceError, requestId: string): HttpResponse {
  return respond(
    error.statusCode,
    { __type: error.code, message: error.message, ...(error.extra ?? {}) },
    requestId,
  );
}

const isLoopback = (address: string | undefined): boolean =>
  address === 'in-process' ||
  address === '::1' ||
  address === '::ffff:127.0.0.1' ||
  (address !== undefined && (address.startsWith('127.') || address.startsWith('::ffff:127.')));

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    timer.unref();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function bodyText(body: string | Uint8Array | undefined): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  if (!isUtf8(body)) throw serializationError('The request body is not valid UTF-8.');
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw serializationError(
      `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw serializationError('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

/**
 * The emulator's one request handler: the HTTP server and the in-process transport both call
 * it, so they behave the same to the byte.
 */
export class RequestHandler {
  constructor(private readonly deps: HandlerDeps) {}

  async handle(request: HttpRequest, options: HandleOptions = {}): Promise<HttpResponse> {
    const requestId = randomUUID();
    try {
      if (request.path.startsWith('/_emulator/') || request.path === '/_emulator')
        return await this.admin(request, options, requestId);
      return await this.api(request, options, requestId);
    } catch (error) {
      if (error instanceof ServiceError) return errorResponse(error, requestId);
      if (error instanceof ConnectionResetError) throw error;
      if (options.signal?.aborted) throw error;
      this.deps.onError?.(error);
      return errorResponse(
        new ServiceError('InternalFailure', INJECTED.InternalFailure.message, 500),
        requestId,
      );
    }
  }

  private async authenticate(request: HttpRequest): Promise<ServiceError | undefined> {
    const { auth, verify } = this.deps;
    if (auth.mode === 'none') return undefined;
    if (auth.mode === 'any-key') return checkWellFormed(request);
    const missing = missingAuthentication(request);
    if (missing) return missing;
    if (!verify)
      return new ServiceError('InternalFailure', 'No signature verifier is configured.', 500);
    const result = await verify(request, {
      lookupSecret: (id) => this.deps.lookupSecret(id),
      now: this.deps.now(),
      region: this.deps.region,
      service: 'logs',
      mismatchCode: 'InvalidSignatureException',
      ...(auth.maxSkewMs !== undefined ? { maxSkewMs: auth.maxSkewMs } : {}),
    });
    return result.ok ? undefined : authError(result.code, result.message);
  }

  private async api(
    request: HttpRequest,
    options: HandleOptions,
    requestId: string,
  ): Promise<HttpResponse> {
    const authFailure = await this.authenticate(request);
    if (authFailure) return errorResponse(authFailure, requestId);

    const target = header(request.headers, 'x-amz-target');
    const operation = target?.startsWith(TARGET_PREFIX)
      ? target.slice(TARGET_PREFIX.length)
      : undefined;
    if (request.method !== 'POST' || operation === undefined || !this.deps.service.has(operation))
      throw new ServiceError(
        'UnknownOperationException',
        target === undefined
          ? 'The request has no X-Amz-Target header; CloudWatch Logs requests are POST / with X-Amz-Target: Logs_20140328.<Operation>.'
          : `The operation ${target} is not known to this CloudWatch Logs emulator.`,
      );

    const fault = this.deps.faults.decide(operation);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs, options.signal);
    if (fault.kind === 'error') {
      const e = INJECTED[fault.error];
      return errorResponse(new ServiceError(fault.error, e.message, e.status), requestId);
    }
    if (fault.kind === 'reset' && fault.when === 'before') throw new ConnectionResetError(false);

    const body = parseBody(bodyText(request.body));
    const result = this.deps.service.invoke(operation, body);
    if (fault.kind === 'reset') throw new ConnectionResetError(true);
    return respond(200, result, requestId);
  }

  private async admin(
    request: HttpRequest,
    options: HandleOptions,
    requestId: string,
  ): Promise<HttpResponse> {
    if (!isLoopback(options.remoteAddress)) {
      const failure = await this.authenticate(request);
      if (failure) return errorResponse(failure, requestId);
    }
    const { faults, metrics, subscriptions } = this.deps;
    const route = `${request.method} ${request.path.split('?')[0]}`;
    const json = (status: number, body: unknown) =>
      respond(status, body, requestId, 'application/json');
    const badRequest = (message: string) =>
      json(400, { __type: 'InvalidParameterException', message });
    try {
      switch (route) {
        case 'GET /_emulator/health':
          return json(200, {
            status: 'ok',
            region: this.deps.region,
            accountId: this.deps.accountId,
          });
        case 'GET /_emulator/faults':
          return json(200, { settings: faults.get(), stats: faults.stats });
        case 'POST /_emulator/faults':
        case 'PUT /_emulator/faults':
          faults.set(parseBody(bodyText(request.body)));
          return json(200, { settings: faults.get(), stats: faults.stats });
        case 'DELETE /_emulator/faults':
          faults.clear();
          return json(200, { settings: faults.get(), stats: faults.stats });
        case 'GET /_emulator/metrics':
          return json(200, { metrics: metrics.list(queryOf(request)) });
        case 'GET /_emulator/subscriptions':
          return json(200, { stats: subscriptions.stats, failures: subscriptions.failures });
        case 'POST /_emulator/subscriptions': {
          const body = parseBody(bodyText(request.body));
          if (typeof body.destinationArn !== 'string' || typeof body.url !== 'string')
            return badRequest('Give {"destinationArn": "...", "url": "http://..."}.');
          subscriptions.setTarget(body.destinationArn, body.url);
          return json(200, { destinationArn: body.destinationArn, url: body.url });
        }
        case 'DELETE /_emulator/subscriptions': {
          const body = parseBody(bodyText(request.body));
          if (typeof body.destinationArn !== 'string')
            return badRequest('Give {"destinationArn": "..."}.');
          return json(200, { removed: subscriptions.removeTarget(body.destinationArn) });
        }
        default:
          return json(404, {
            __type: 'ResourceNotFoundException',
            message: `No emulator endpoint ${route}. Known: GET /_emulator/health, GET|POST|DELETE /_emulator/faults, GET /_emulator/metrics, GET|POST|DELETE /_emulator/subscriptions.`,
          });
      }
    } catch (error) {
      if (error instanceof EmulatorConfigError || error instanceof TypeError)
        return badRequest(error.message);
      throw error;
    }
  }
}

function queryOf(request: HttpRequest): { metricNamespace?: string; metricName?: string } {
  const fromPath = new URLSearchParams(request.path.split('?')[1] ?? '');
  const get = (k: string): string | undefined => {
    const q = request.query?.[k];
    if (typeof q === 'string') return q;
    return fromPath.get(k) ?? undefined;
  };
  const namespace = get('namespace');
  const name = get('name');
  return {
    ...(namespace !== undefined ? { metricNamespace: namespace } : {}),
    ...(name !== undefined ? { metricName: name } : {}),
  };
}
