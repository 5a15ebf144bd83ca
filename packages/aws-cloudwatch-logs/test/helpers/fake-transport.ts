import type {
  HttpRequest,
  HttpResponse,
  HttpTransport,
  SendOptions,
} from '@integrations/aws-json-rpc';

export interface SentRequest {
  request: HttpRequest;
  /** The `X-Amz-Target` header. */
  target: string;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  header(name: string): string | undefined;
  signal: AbortSignal | undefined;
}

export type Reply = HttpResponse | Error | Promise<HttpResponse>;

export interface FakeTransport extends HttpTransport {
  readonly sent: SentRequest[];
  closed: number;
  /** Answers the next requests for `operation` in order; later ones fall back to `{}`. */
  reply(operation: string, ...replies: Reply[]): void;
}

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': 'rid-wire',
      ...headers,
    },
    body: new TextEncoder().encode(JSON.stringify(body)),
  };
}

/** An AWS error response as CloudWatch Logs sends it. */
export function errorResponse(
  statusCode: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return json(statusCode, { __type: `com.amazonaws.logs#${type}`, message }, headers);
}

function headerOf(request: HttpRequest, name: string): string | undefined {
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(',') : value;
  }
  return undefined;
}

/** An HttpTransport that records what is sent and answers from scripted replies. */
export function fakeTransport(): FakeTransport {
  const sent: SentRequest[] = [];
  const queues = new Map<string, Reply[]>();
  const transport: FakeTransport = {
    sent,
    closed: 0,
    reply(operation, ...replies) {
      queues.set(operation, [...(queues.get(operation) ?? []), ...replies]);
    },
    async send(request: HttpRequest, options: SendOptions = {}) {
      const target = headerOf(request, 'x-amz-target') ?? '';
      const text =
        request.body === undefined
          ? ''
          : typeof request.body === 'string'
            ? request.body
            : Buffer.from(request.body).toString('utf8');
      sent.push({
        request,
        target,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
        header: (name) => headerOf(request, name.toLowerCase()),
        signal: options.signal,
      });
      const operation = target.slice(target.indexOf('.') + 1);
      const reply = queues.get(operation)?.shift();
      if (reply instanceof Error) throw reply;
      if (reply instanceof Promise) return honourSignal(reply, options.signal);
      return reply ?? json(200, {});
    },
    async close() {
      transport.closed++;
    },
  };
  return transport;
}

/** Like a real transport, gives up a pending response when the signal aborts. */
function honourSignal<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return pending;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    pending.then(resolve, reject);
  });
}
