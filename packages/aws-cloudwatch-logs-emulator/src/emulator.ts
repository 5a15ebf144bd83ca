import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type {
  HttpRequest,
  HttpResponse,
  HttpTransport,
  SendOptions,
} from '@integrations/aws-json-rpc';
import { verifySignature } from '@integrations/aws-signing';
import type { AuthOptions, EmulatorCredentials, SignatureVerifier } from './auth.js';
import { DEFAULT_LIMITS, type Limits, type ServiceContext } from './context.js';
import { EmulatorConfigError } from './errors.js';
import { FaultController } from './faults.js';
import { type HandleOptions, RequestHandler } from './handler.js';
import { createInsightsQueryEngine } from './insights/index.js';
import { Journal, type JournalOptions, type RecoveryReport } from './journal.js';
import { type MetricDatum, type MetricQuery, MetricRecorder } from './metrics.js';
import { PatternCache } from './patterns.js';
import type { QueryEngine } from './query-engine.js';
import { QueryRegistry } from './query-registry.js';
import { listen } from './server.js';
import { LogsService } from './service.js';
import { State } from './state.js';
import {
  type DeliveryFailure,
  type DeliveryStats,
  SubscriptionDispatcher,
  type SubscriptionTarget,
} from './subscriptions.js';

export interface EmulatorOptions {
  /** Address to listen on; 127.0.0.1 by default. Anything but loopback requires `sigv4` auth. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  region?: string;
  /** The 12-digit account ID in ARNs; 000000000000 by default. */
  accountId?: string;
  /** `{ mode: 'sigv4' }` by default. */
  auth?: AuthOptions;
  /** Directory to persist data in (journal and snapshots); in memory only when absent. */
  persistDir?: string;
  persistence?: JournalOptions;
  /** Seed for fault injection's random draws. */
  seed?: number;
  /** Milliseconds since the epoch; `Date.now` by default. Drives retention and too-old checks. */
  clock?: () => number;
  limits?: Partial<Limits>;
  /** The Logs Insights engine; the built-in one (`createInsightsQueryEngine()`) by default. */
  queryEngine?: QueryEngine;
  /** Milliseconds a query stays `Scheduled` before it runs, so clients poll as against AWS; 100 by default, 0 to run at once. */
  queryDelayMs?: number;
  /** Milliseconds a query may run before it ends as `Timeout`; 60 minutes (the service's limit) by default. */
  queryTimeoutMs?: number;
  /** Where subscription filters deliver, by destination ARN. */
  subscriptionTargets?: Record<string, SubscriptionTarget>;
  /** Delivery attempts per batch (3), the delay before a retry (100 ms times the attempt) and the HTTP timeout (10 s). */
  subscriptionDelivery?: { attempts?: number; retryDelayMs?: number; timeoutMs?: number };
  /** Largest request body accepted over HTTP; 16 MiB by default. */
  maxBodyBytes?: number;
  /** Told about internal errors (answered as InternalFailure) and persistence warnings. */
  onError?: (error: unknown) => void;
  /** Replaces the SigV4 verifier (tests). */
  verifier?: SignatureVerifier;
}

export interface SubscriptionControl {
  /** Routes a destination ARN to a callback or an http(s) URL. */
  setTarget(destinationArn: string, target: SubscriptionTarget): void;
  removeTarget(destinationArn: string): boolean;
  /** Waits until every delivery queued so far has finished (or failed). */
  flush(): Promise<void>;
  readonly stats: DeliveryStats;
  readonly failures: readonly DeliveryFailure[];
}

/** The emulator without a socket: everything but `endpoint`. */
export interface EmulatorCore {
  readonly region: string;
  readonly accountId: string;
  /** The key pair to sign with in `sigv4` mode. */
  readonly credentials: EmulatorCredentials | undefined;
  /** What was read back from `persistDir` on start. */
  readonly recovery: RecoveryReport | undefined;
  readonly faults: FaultController;
  readonly subscriptions: SubscriptionControl;
  /** What metric filters have published. */
  metrics(query?: MetricQuery): MetricDatum[];
  /** The request handler the HTTP server uses. */
  handle(request: HttpRequest, options?: HandleOptions): Promise<HttpResponse>;
  /** An HttpTransport that reaches this emulator in-process, with no socket. */
  transport(): HttpTransport;
  /** Compacts the journal into a snapshot now (when persisting). */
  compact(): void;
  close(): Promise<void>;
}

export interface Emulator extends EmulatorCore {
  /** `http://<host>:<port>`. */
  readonly endpoint: string;
  readonly port: number;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

const isLoopbackHost = (host: string): boolean =>
  LOOPBACK_NAMES.has(host) || (isIP(host) === 4 && host.startsWith('127.'));

function randomCredentials(): EmulatorCredentials {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = randomBytes(16);
  let id = 'AKIA';
  for (let i = 0; i < 16; i += 1) id += alphabet[bytes[i]! % alphabet.length];
  return { accessKeyId: id, secretAccessKey: randomBytes(30).toString('base64') };
}

function checkOptions(options: EmulatorOptions): void {
  const region = options.region ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw new EmulatorConfigError(
      'region',
      `region must look like us-east-1, got ${JSON.stringify(region)}`,
    );
  const account = options.accountId ?? '000000000000';
  if (!/^\d{12}$/.test(account))
    throw new EmulatorConfigError(
      'accountId',
      `accountId must be 12 digits, got ${JSON.stringify(account)}`,
    );
  const mode = options.auth?.mode ?? 'sigv4';
  if (!['sigv4', 'any-key', 'none'].includes(mode))
    throw new EmulatorConfigError(
      'auth.mode',
      `auth.mode must be sigv4, any-key or none, got ${JSON.stringify(mode)}`,
    );
  for (const key of ['queryDelayMs', 'queryTimeoutMs'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new EmulatorConfigError(
        key,
        `${key} must be a number of milliseconds >= 0, got ${value}`,
      );
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new EmulatorConfigError('port', `port must be an integer from 0 to 65535, got ${port}`);
}

/** Builds an emulator that serves requests in-process (see {@link startEmulator} for HTTP). */
export function createEmulator(options: EmulatorOptions = {}): EmulatorCore {
  checkOptions(options);
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const now = options.clock ?? Date.now;
  const auth: AuthOptions = options.auth ?? { mode: 'sigv4' };
  let credentials: EmulatorCredentials | undefined;
  const secrets = new Map<string, string>();
  if (auth.mode === 'sigv4') {
    const given = auth.credentials ?? [];
    for (const c of given) {
      if (
        typeof c?.accessKeyId !== 'string' ||
        c.accessKeyId === '' ||
        typeof c.secretAccessKey !== 'string' ||
        c.secretAccessKey === ''
      )
        throw new EmulatorConfigError(
          'auth.credentials',
          'each auth credential needs a non-empty accessKeyId and secretAccessKey',
        );
      secrets.set(c.accessKeyId, c.secretAccessKey);
    }
    credentials = given[0] ?? randomCredentials();
    secrets.set(credentials.accessKeyId, credentials.secretAccessKey);
  }

  const state = new State(region, accountId);
  const faults = new FaultController(options.seed ?? 1);
  const metrics = new MetricRecorder();
  const dispatcher = new SubscriptionDispatcher({
    targets: options.subscriptionTargets ?? {},
    ...options.subscriptionDelivery,
    ...(options.onError
      ? {
          onFailure: (f: DeliveryFailure) =>
            options.onError?.(
              new Error(`subscription delivery to ${f.destinationArn} failed: ${f.error}`),
            ),
        }
      : {}),
  });
  const queries = new QueryRegistry(now, {
    ...(options.queryDelayMs !== undefined ? { delayMs: options.queryDelayMs } : {}),
    ...(options.queryTimeoutMs !== undefined ? { timeoutMs: options.queryTimeoutMs } : {}),
  });
  let journal: Journal | undefined;
  let recovery: RecoveryReport | undefined;
  if (options.persistDir !== undefined) {
    const opened = Journal.open(options.persistDir, state, {
      ...options.persistence,
      onWarning: (message) => {
        options.persistence?.onWarning?.(message);
        options.onError?.(new Error(message));
      },
    });
    journal = opened.journal;
    recovery = opened.report;
  }
  const ctx: ServiceContext = {
    state,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    patterns: new PatternCache(),
    metrics,
    subscriptions: dispatcher,
    queries,
    now,
    commit(m) {
      journal?.append(m);
      state.apply(m);
    },
  };
  const service = new LogsService(
    ctx,
    options.queryEngine ?? createInsightsQueryEngine({ clock: now }),
  );
  const handler = new RequestHandler({
    service,
    auth,
    verify: options.verifier ?? (verifySignature as unknown as SignatureVerifier),
    lookupSecret: (id) => secrets.get(id),
    faults,
    metrics,
    subscriptions: dispatcher,
    region,
    accountId,
    now,
    ...(options.onError ? { onError: options.onError } : {}),
  });

  let closed = false;
  const handle = (request: HttpRequest, handleOptions?: HandleOptions) => {
    if (closed) return Promise.reject(new Error('The emulator is closed.'));
    return handler.handle(request, handleOptions);
  };
  return {
    region,
    accountId,
    credentials,
    recovery,
    faults,
    subscriptions: {
      setTarget: (arn, target) => dispatcher.setTarget(arn, target),
      removeTarget: (arn) => dispatcher.removeTarget(arn),
      flush: () => dispatcher.flush(),
      stats: dispatcher.stats,
      failures: dispatcher.failures,
    },
    metrics: (query) => metrics.list(query),
    handle,
    transport: () => inProcessTransport(handle),
    compact() {
      journal?.compact();
    },
    async close() {
      if (closed) return;
      closed = true;
      queries.cancelAll();
      await dispatcher.flush();
      journal?.close();
    },
  };
}

function inProcessTransport(
  handle: (request: HttpRequest, options?: HandleOptions) => Promise<HttpResponse>,
): HttpTransport {
  let closed = false;
  return {
    async send(request: HttpRequest, options: SendOptions = {}): Promise<HttpResponse> {
      if (closed) throw new Error('This emulator transport is closed.');
      options.signal?.throwIfAborted();
      const response = await handle(request, {
        remoteAddress: 'in-process',
        ...(options.signal ? { signal: options.signal } : {}),
      });
      options.signal?.throwIfAborted();
      return response;
    },
    async close() {
      closed = true;
    },
  };
}

/**
 * Starts a CloudWatch Logs emulator on an HTTP port (127.0.0.1 and a free port by default).
 * Point an AWS SDK at `endpoint` with `credentials`, or use `transport()` in-process.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  const mode = options.auth?.mode ?? 'sigv4';
  if (!isLoopbackHost(host) && mode !== 'sigv4')
    throw new EmulatorConfigError(
      'host',
      `Listening on ${host}, which is not a loopback address, requires auth mode sigv4 (got ${mode}); anyone who can reach it could otherwise read and change its data.`,
    );
  const core = createEmulator(options);
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen({ handle: (request, o) => core.handle(request, o) } as RequestHandler, {
      host,
      port: options.port ?? 0,
      maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    ...core,
    endpoint: `http://${urlHost}:${server.port}`,
    port: server.port,
    async close() {
      await server.close();
      await core.close();
    },
  };
}
