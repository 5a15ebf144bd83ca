import type { HttpRequest, HttpResponse, HttpTransport, SendOptions } from '../../src/index.js';

export interface FakeTransport extends HttpTransport {
  readonly requests: HttpRequest[];
  readonly signals: Array<AbortSignal | undefined>;
  closed: number;
}

/** A transport that records each request and answers with `respond` (the n-th call, from 1). */
export function fakeTransport(
  respond: (
    request: HttpRequest,
    n: number,
    options: SendOptions,
  ) => HttpResponse | Promise<HttpResponse>,
): FakeTransport {
  const requests: HttpRequest[] = [];
  const signals: Array<AbortSignal | undefined> = [];
  const transport: FakeTransport = {
    requests,
    signals,
    closed: 0,
    async send(request, options = {}) {
      requests.push(request);
      signals.push(options.signal);
      return respond(request, requests.length, options);
    },
    async close() {
      transport.closed++;
    },
  };
  return transport;
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
    body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

/** The value of a header whatever its case, as one string. */
export function header(request: HttpRequest, name: string): string | undefined {
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === name.toLowerCase())
      return Array.isArray(value) ? value.join(',') : value;
  }
  return undefined;
}

export function bodyText(request: HttpRequest): string {
  const body = request.body;
  if (body === undefined) return '';
  return typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
}
