import {
  type ClientExtras,
  type CloudWatchLogsClient,
  createClientOnCaller,
} from '../../src/client.js';
import type { CallOptions, OperationCaller } from '../../src/operation-caller.js';
import type { RetentionDays } from '../../src/retention-days.js';

/** One request as it went to the wire. */
export interface WireRequest {
  /** The `X-Amz-Target` header. */
  target: string;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  idempotent: boolean | undefined;
  signal: AbortSignal | undefined;
}

type Handler = (body: Record<string, unknown>, request: WireRequest) => unknown;

/** An AWS error response as the protocol layer reports it. */
export function awsError(
  code: string,
  message: string,
  extra: {
    statusCode?: number;
    requestId?: string;
    retryable?: boolean;
    throttling?: boolean;
    retryAfterMs?: number;
  } = {},
): Error {
  return Object.assign(new Error(message), {
    name: 'AwsServiceError',
    code,
    statusCode: extra.statusCode ?? 400,
    requestId: extra.requestId ?? 'req-1',
    retryable: extra.retryable ?? false,
    throttling: extra.throttling ?? false,
    ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
  });
}

export const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

export interface Harness {
  client: CloudWatchLogsClient;
  requests: WireRequest[];
  /** Answers every later call of `operation` with `handler` (the last registration wins). */
  on(operation: string, handler: Handler): void;
  /** Answers the next calls of `operation`, one reply each, before falling back to `on`. */
  reply(operation: string, ...replies: unknown[]): void;
  targets(): string[];
  closed: boolean;
  now: { value: number };
}

/**
 * A client on a fake operation caller that records each request as it would go on the wire
 * (`X-Amz-Target` and JSON body) and answers from scripted replies. A reply that is an
 * `Error` is thrown.
 */
export function harness(
  settings: { defaultRetentionDays?: RetentionDays; defaultLogGroup?: string } = {},
  extras: ClientExtras = {},
): Harness {
  const requests: WireRequest[] = [];
  const handlers = new Map<string, Handler>();
  const queues = new Map<string, unknown[]>();
  const now = { value: NOW };
  const state = { closed: false };

  const caller: OperationCaller = {
    async call<T>(operation: string, input: unknown, options: CallOptions = {}): Promise<T> {
      const body = JSON.parse(JSON.stringify(input ?? {})) as Record<string, unknown>;
      const request: WireRequest = {
        target: `Logs_20140328.${operation}`,
        body,
        idempotent: options.idempotent,
        signal: options.signal,
      };
      requests.push(request);
      await Promise.resolve();
      const queue = queues.get(operation);
      let reply: unknown;
      if (queue !== undefined && queue.length > 0) reply = queue.shift();
      else {
        const handler = handlers.get(operation);
        if (handler === undefined) return {} as T;
        reply = await handler(body, request);
      }
      if (reply instanceof Error) throw reply;
      // Round-trip through JSON, as a response body would be.
      return (reply === undefined ? {} : JSON.parse(JSON.stringify(reply))) as T;
    },
    async close() {
      state.closed = true;
    },
  };

  const client = createClientOnCaller(
    caller,
    {
      region: 'us-east-1',
      defaultLogGroup: settings.defaultLogGroup,
      defaultRetentionDays: settings.defaultRetentionDays,
    },
    { now: () => now.value },
    extras,
  );

  return {
    client,
    requests,
    on(operation, handler) {
      handlers.set(operation, handler);
    },
    reply(operation, ...replies) {
      const queue = queues.get(operation) ?? [];
      queue.push(...replies);
      queues.set(operation, queue);
    },
    targets: () => requests.map((r) => r.target.replace('Logs_20140328.', '')),
    get closed() {
      return state.closed;
    },
    now,
  };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
