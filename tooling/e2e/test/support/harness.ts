// Shared setup of the client <-> emulator end-to-end tests: an emulator on 127.0.0.1 that
// verifies SigV4 and logs every API request it receives, clients on the default node:http
// transport (or undici's, in the `undici` project of vitest.config.ts), a clock the tests move
// by hand and an observability recorder.
import {
  type CloudWatchLogsClient,
  type CloudWatchLogsClientConfig,
  createCloudWatchLogsClient,
} from '@integrations/aws-cloudwatch-logs';
import {
  type Emulator,
  type EmulatorOptions,
  type SignatureVerifier,
  startEmulator,
} from '@integrations/aws-cloudwatch-logs-emulator';
import type { HttpTransport } from '@integrations/aws-json-rpc';
import { createUndiciTransport } from '@integrations/aws-json-rpc/undici';
import { verifySignature } from '@integrations/aws-signing';
import { afterAll } from 'vitest';

/** One API request as the emulator received it, before authentication and faults. */
export interface SeenRequest {
  operation: string;
  input: Record<string, unknown>;
}

type Predicate = (log: RequestLog) => boolean;

/** Every API request the emulator received, in arrival order. */
export class RequestLog {
  readonly seen: SeenRequest[] = [];
  #waiters: Array<{ predicate: Predicate; resolve: () => void }> = [];

  record(request: SeenRequest): void {
    this.seen.push(request);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.predicate(this)) return true;
      waiter.resolve();
      return false;
    });
  }

  /** Requests so far (of one operation, and matching `where`, when given). */
  count(operation?: string, where?: (input: Record<string, unknown>) => boolean): number {
    let n = 0;
    for (const r of this.seen) {
      if (operation !== undefined && r.operation !== operation) continue;
      if (where !== undefined && !where(r.input)) continue;
      n += 1;
    }
    return n;
  }

  /** Resolves as soon as `predicate` holds (at once if it already does). */
  waitFor(predicate: Predicate): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ predicate, resolve }));
  }
}

function headerOf(headers: Record<string, string | string[]>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function parseInput(body: string | Uint8Array | undefined): Record<string, unknown> {
  if (body === undefined) return {};
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export interface LoggedEmulator {
  emulator: Emulator;
  log: RequestLog;
}

/**
 * Starts an emulator in `sigv4` mode whose signature verifier is the real `verifySignature`
 * of `@integrations/aws-signing`, wrapped to log each request first. Every signed API request
 * passes through it exactly once, before fault injection, so the log counts what reached the
 * server.
 */
export async function startLoggedEmulator(
  options: Omit<EmulatorOptions, 'auth' | 'verifier'> = {},
): Promise<LoggedEmulator> {
  const log = new RequestLog();
  const real = verifySignature as unknown as SignatureVerifier;
  const verifier: SignatureVerifier = (request, verifyOptions) => {
    const target = headerOf(request.headers, 'x-amz-target') ?? '';
    log.record({
      operation: target.slice(target.indexOf('.') + 1),
      input: parseInput(request.body),
    });
    return real(request, verifyOptions);
  };
  const emulator = await startEmulator({ ...options, auth: { mode: 'sigv4' }, verifier });
  return { emulator, log };
}

/** The key pair the emulator accepts, as a credentials provider. */
export function credentialsOf(
  emulator: Emulator,
  override: { accessKeyId?: string; secretAccessKey?: string } = {},
): NonNullable<CloudWatchLogsClientConfig['credentials']> {
  const pair = emulator.credentials;
  if (pair === undefined) throw new Error('the emulator is not in sigv4 mode');
  const credentials = { ...pair, ...override };
  return { getCredentials: async () => credentials };
}

/** `undici` when the tests run over `createUndiciTransport`, else `node-http` (the default). */
export const transportName = process.env.E2E_TRANSPORT === 'undici' ? 'undici' : 'node-http';

// A transport handed to a client is the caller's to close: these are closed with the test file.
const undiciTransports: HttpTransport[] = [];
if (transportName === 'undici') {
  afterAll(async () => {
    await Promise.all(undiciTransports.splice(0).map((transport) => transport.close?.()));
  });
}

/** In the undici project, the default transport's `http` settings moved onto an undici one. */
function withTransport(config: Partial<CloudWatchLogsClientConfig>) {
  if (transportName !== 'undici' || config.transport !== undefined) return config;
  const { http, ...rest } = config;
  let transport: HttpTransport;
  try {
    transport = createUndiciTransport(http);
  } catch {
    // Settings the client refuses: let the client's own validation report them.
    return config;
  }
  undiciTransports.push(transport);
  return { ...rest, transport };
}

/**
 * A client on its default transport (a node:http keep-alive pool; undici's in the `undici`
 * project) pointed at the emulator's loopback endpoint, with the emulator's key pair unless the
 * config says otherwise.
 */
export function clientFor(
  emulator: Emulator,
  config: Partial<CloudWatchLogsClientConfig> = {},
): CloudWatchLogsClient {
  return createCloudWatchLogsClient({
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: credentialsOf(emulator),
    ...withTransport(config),
  });
}

/** Retries with delays of a few milliseconds, so retry tests stay fast. */
export const fastRetry = (maxAttempts: number) =>
  ({ maxAttempts, baseDelayMs: 1, throttleBaseDelayMs: 1, maxDelayMs: 4 }) as const;

/** A clock that follows real time plus whatever the test has advanced it by. */
export class ManualClock {
  #offset = 0;
  now(): number {
    return Date.now() + this.#offset;
  }
  advance(ms: number): void {
    this.#offset += ms;
  }
}

type Observability = NonNullable<CloudWatchLogsClientConfig['observability']>;
type Attributes = Record<string, unknown>;

export interface RecordedSpan {
  name: string;
  attributes: Attributes;
  status?: string;
  ended: boolean;
}

export interface Recorder {
  observability: Observability;
  spans: RecordedSpan[];
  counters: Array<{ name: string; value: number; tags: Record<string, unknown> }>;
  /** `aws.attempts` of each finished span of an operation, in order. */
  attempts(operation?: string): number[];
}

/** A minimal in-memory Logger/Metrics/Tracer that keeps spans and counters for assertions. */
export function createRecorder(): Recorder {
  const spans: RecordedSpan[] = [];
  const counters: Recorder['counters'] = [];
  const logger: Observability['logger'] = {
    debug() {},
    info() {},
    warn() {},
    error() {},
    child: () => logger,
  };
  const metrics: Observability['metrics'] = {
    counter(name, value = 1, tags = {}) {
      counters.push({ name, value, tags: { ...tags } });
    },
    histogram() {},
    gauge() {},
  };
  const tracer: Observability['tracer'] = {
    startSpan(name, attributes = {}) {
      const recorded: RecordedSpan = { name, attributes: { ...attributes }, ended: false };
      spans.push(recorded);
      const span: ReturnType<Observability['tracer']['startSpan']> = {
        setAttribute(key, value) {
          recorded.attributes[key] = value;
          return span;
        },
        recordException() {
          return span;
        },
        setStatus(status) {
          recorded.status = status;
          return span;
        },
        end() {
          recorded.ended = true;
        },
      };
      return span;
    },
  };
  return {
    observability: { logger, metrics, tracer },
    spans,
    counters,
    attempts(operation) {
      return spans
        .filter(
          (s) => s.ended && (operation === undefined || s.attributes['rpc.method'] === operation),
        )
        .map((s) => Number(s.attributes['aws.attempts']));
    },
  };
}

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The rejection of a promise that must reject; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
