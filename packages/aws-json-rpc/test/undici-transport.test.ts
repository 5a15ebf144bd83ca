import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AwsJsonRpcConfigurationError,
  AwsNetworkError,
  AwsRequestTimeoutError,
  createUndiciTransport,
  type HttpRequest,
  type HttpTransport,
} from '../src/index.js';
import {
  closedPort,
  readBody,
  startHttpServer,
  startSilentTcpServer,
  type TestServer,
} from './support/http-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function track<T extends { close(): Promise<void> }>(thing: T): T {
  cleanups.push(() => thing.close());
  return thing;
}

function transportFor(options: Parameters<typeof createUndiciTransport>[0] = {}): HttpTransport {
  const transport = createUndiciTransport(options);
  cleanups.push(() => transport.close!());
  return transport;
}

function post(port: number, body: string | Uint8Array = '{}', path = '/'): HttpRequest {
  return {
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Svc.Op' },
    body,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createUndiciTransport against a real node:http server', () => {
  it('sends the request as given and returns status, lower-cased headers and body', async () => {
    let seen: { method?: string; url?: string; headers?: Record<string, unknown>; body?: string } =
      {};
    const server = track(
      await startHttpServer(async (req, res) => {
        seen = {
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: (await readBody(req)).toString(),
        };
        res.setHeader('X-Amzn-RequestId', 'req-1');
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.setHeader('Content-Type', 'application/x-amz-json-1.1');
        res.end('{"ok":true}');
      }),
    );
    const transport = transportFor();
    const response = await transport.send(post(server.port, '{"logGroupNamePrefix":"/app"}'));
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/');
    expect(seen.headers?.['x-amz-target']).toBe('Svc.Op');
    expect(seen.headers?.['content-length']).toBe('29');
    expect(seen.body).toBe('{"logGroupNamePrefix":"/app"}');
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-amzn-requestid']).toBe('req-1');
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
    expect(Buffer.from(response.body).toString()).toBe('{"ok":true}');
  });

  it('encodes the query map into the path', async () => {
    let url = '';
    const server = track(
      await startHttpServer((req, res) => {
        url = req.url!;
        res.end();
      }),
    );
    await transportFor().send({
      ...post(server.port),
      method: 'GET',
      body: undefined,
      path: '/x',
      query: { a: 'b c', list: ['1', '2'] },
    });
    expect(url).toBe('/x?a=b%20c&list=1&list=2');
  });

  it('reuses one kept-alive connection for sequential requests', async () => {
    const server = track(
      await startHttpServer((req, res) => {
        req.resume();
        req.on('end', () => res.end('{}'));
      }),
    );
    const transport = transportFor({ connections: 4 });
    for (let i = 0; i < 5; i++) await transport.send(post(server.port));
    expect(server.connections).toBe(1);
  });

  it('opens at most `connections` sockets per origin under concurrency', async () => {
    const server = track(
      await startHttpServer((req, res) => {
        req.resume();
        req.on('end', () => setImmediate(() => res.end('{}')));
      }),
    );
    const transport = transportFor({ connections: 2 });
    await Promise.all(Array.from({ length: 10 }, () => transport.send(post(server.port))));
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('round-trips large request and response bodies intact', async () => {
    const server = track(
      await startHttpServer(async (req, res) => {
        const body = await readBody(req);
        res.end(body);
      }),
    );
    const big = new Uint8Array(5 * 1024 * 1024 + 13);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const response = await transportFor().send(post(server.port, big));
    expect(response.body.byteLength).toBe(big.byteLength);
    expect(Buffer.compare(Buffer.from(response.body), Buffer.from(big))).toBe(0);
  });

  it('refuses a response larger than maxResponseBytes', async () => {
    const server = track(
      await startHttpServer((req, res) => {
        req.resume();
        res.end(Buffer.alloc(10_000));
      }),
    );
    const error = await rejection(transportFor({ maxResponseBytes: 1000 }).send(post(server.port)));
    expect(error).toBeInstanceOf(AwsNetworkError);
    expect(error).toMatchObject({ code: 'ResponseTooLarge', retryable: false });
  });

  it('fails a refused connection as retryable and never processed', async () => {
    const port = await closedPort();
    const error = await rejection(transportFor().send(post(port)));
    expect(error).toBeInstanceOf(AwsNetworkError);
    expect(error).toMatchObject({
      name: 'AwsNetworkError',
      code: 'ECONNREFUSED',
      phase: 'connect',
      mayHaveBeenProcessed: false,
      retryable: true,
    });
  });

  it('times out a connection whose TLS handshake never completes', async () => {
    const silent = track(await startSilentTcpServer());
    const error = await rejection(
      transportFor({ connectTimeoutMs: 100 }).send({
        ...post(silent.port),
        protocol: 'https:',
      }),
    );
    expect(error).toBeInstanceOf(AwsRequestTimeoutError);
    expect(error).toMatchObject({
      code: 'ConnectTimeout',
      phase: 'connect',
      mayHaveBeenProcessed: false,
      timeoutMs: 100,
    });
  });

  it('times out a request whose response never comes, as possibly processed', async () => {
    let received = false;
    const server = track(
      await startHttpServer((req) => {
        req.resume();
        received = true;
      }),
    );
    const error = await rejection(transportFor({ requestTimeoutMs: 150 }).send(post(server.port)));
    expect(received).toBe(true);
    expect(error).toBeInstanceOf(AwsRequestTimeoutError);
    expect(error).toMatchObject({
      code: 'RequestTimeout',
      phase: 'response',
      mayHaveBeenProcessed: true,
    });
  });

  it('times out a response body that stalls midway', async () => {
    const server = track(
      await startHttpServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":');
      }),
    );
    const error = await rejection(transportFor({ requestTimeoutMs: 150 }).send(post(server.port)));
    expect(error).toMatchObject({ name: 'AwsRequestTimeoutError', phase: 'response' });
  });

  it('aborts mid-request with the signal reason and closes the socket', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let serverSawClose = false;
    const server = track(
      await startHttpServer((req, res) => {
        req.resume();
        res.on('close', () => {
          serverSawClose = true;
        });
        arrived();
      }),
    );
    const controller = new AbortController();
    const pending = transportFor().send(post(server.port), { signal: controller.signal });
    await requestArrived;
    const reason = new Error('caller gave up');
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    await expect.poll(() => serverSawClose).toBe(true);
  });

  it('rejects at once with the reason when the signal is already aborted', async () => {
    const server = track(await startHttpServer((_req, res) => res.end()));
    const reason = new Error('already');
    const error = await rejection(
      transportFor().send(post(server.port), { signal: AbortSignal.abort(reason) }),
    );
    expect(error).toBe(reason);
    expect(server.connections).toBe(0);
  });

  it('knows a reset before the body was written cannot have been processed', async () => {
    const server = track(
      await startHttpServer((req) => {
        // Reset with most of a large body still unsent: the request is incomplete.
        req.socket.resetAndDestroy();
      }),
    );
    const error = await rejection(
      transportFor().send(post(server.port, new Uint8Array(32 * 1024 * 1024))),
    );
    expect(error).toBeInstanceOf(AwsNetworkError);
    expect(error).toMatchObject({ phase: 'send', mayHaveBeenProcessed: false, retryable: true });
  });

  it('knows a reset after the body was read may have been processed', async () => {
    const server = track(
      await startHttpServer(async (req) => {
        await readBody(req);
        req.socket.resetAndDestroy();
      }),
    );
    const error = await rejection(transportFor().send(post(server.port, '{"a":1}')));
    expect(error).toBeInstanceOf(AwsNetworkError);
    expect(error).toMatchObject({ phase: 'send', mayHaveBeenProcessed: true, retryable: true });
  });

  it('reports a connection lost while reading the response', async () => {
    const server = track(
      await startHttpServer(async (req, res) => {
        await readBody(req);
        res.writeHead(200, { 'content-length': '1000' });
        res.write('{"x":', () => req.socket.destroy());
      }),
    );
    const error = await rejection(transportFor().send(post(server.port)));
    expect(error).toBeInstanceOf(AwsNetworkError);
    expect(error).toMatchObject({ phase: 'receive', mayHaveBeenProcessed: true });
  });

  it('fails sends after close and closes idempotently', async () => {
    const server = track(await startHttpServer((_req, res) => res.end('{}')));
    const transport = createUndiciTransport();
    await transport.send(post(server.port));
    await transport.close!();
    await transport.close!();
    const error = await rejection(transport.send(post(server.port)));
    expect(error).toMatchObject({ name: 'AwsNetworkError', code: 'TransportClosed' });
  });

  it('uses but never closes a dispatcher it was given', async () => {
    const server = track(await startHttpServer((_req, res) => res.end('{}')));
    const agent = new Agent();
    cleanups.push(() => agent.close());
    const transport = createUndiciTransport({ dispatcher: agent });
    await transport.send(post(server.port));
    await transport.close!();
    expect(agent.closed).toBe(false);
    const other = createUndiciTransport({ dispatcher: agent });
    expect((await other.send(post(server.port))).statusCode).toBe(200);
  });

  it('rejects invalid options by name', () => {
    expect(() => createUndiciTransport({ connections: 0 })).toThrow(AwsJsonRpcConfigurationError);
    expect(() => createUndiciTransport({ connections: 1.5 })).toThrow(/connections/);
    expect(() => createUndiciTransport({ connectTimeoutMs: Number.NaN })).toThrow(
      /connectTimeoutMs/,
    );
    expect(() => createUndiciTransport({ requestTimeoutMs: -1 })).toThrow(/requestTimeoutMs/);
  });
});

export type { TestServer };
