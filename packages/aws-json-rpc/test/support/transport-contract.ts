// The behaviour every HttpTransport of this package owes its callers, run against real loopback
// servers: once per transport (test/undici-transport.test.ts, test/node-http-transport.test.ts).
import { getEventListeners } from 'node:events';
import { connect as connectTcp } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AwsJsonRpcConfigurationError,
  AwsNetworkError,
  AwsRequestTimeoutError,
  type HttpRequest,
  type HttpTransport,
} from '../../src/index.js';
import type { TransportOptions } from '../../src/transport-common.js';
import {
  closedPort,
  readBody,
  selfSignedCertificate,
  startHttpServer,
  startHttpsServer,
  startSilentTcpServer,
} from './http-server.js';

export type CreateTransport = (options?: TransportOptions) => HttpTransport;

export interface Cleanups {
  /** Runs `cleanup` after the current test, the last deferred first. */
  defer(cleanup: () => unknown): void;
  /** Closes `thing` after the current test. */
  track<T extends { close(): Promise<void> }>(thing: T): T;
}

/** Registers an `afterEach` (in the enclosing `describe`) that runs what the test deferred. */
export function useCleanups(): Cleanups {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()!();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  });
  return {
    defer(cleanup) {
      cleanups.push(cleanup);
    },
    track(thing) {
      cleanups.push(() => thing.close());
      return thing;
    },
  };
}

export function post(port: number, body: string | Uint8Array = '{}', path = '/'): HttpRequest {
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

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A promise and the function that resolves it. */
export function signal(): { promise: Promise<void>; fire(): void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}

/** Lets pending I/O callbacks, timers due now and microtasks run. */
export async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

let ipv6: Promise<boolean> | undefined;
/** Whether this machine can listen on and connect to `::1`. */
function ipv6Loopback(): Promise<boolean> {
  ipv6 ??= new Promise<boolean>((resolve) => {
    const socket = connectTcp({ host: '::1', port: 9 });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    // Refused means the address exists; unavailable families fail with another code.
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
  return ipv6;
}

/**
 * The shared suite: `create` makes the transport under test from the common options. Every
 * transport it makes is closed after its test.
 */
export function describeTransportContract(name: string, create: CreateTransport): void {
  describe(`${name} against a real node:http server`, () => {
    const { defer, track } = useCleanups();

    function transportFor(options: TransportOptions = {}): HttpTransport {
      const transport = create(options);
      defer(() => transport.close!());
      return transport;
    }

    it('sends the request as given and returns status, lower-cased headers and body', async () => {
      let seen: {
        method?: string;
        url?: string;
        headers?: Record<string, unknown>;
        body?: string;
      } = {};
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

    it('counts the length of a string body in UTF-8 bytes', async () => {
      let seen: { length?: string; body?: string } = {};
      const server = track(
        await startHttpServer(async (req, res) => {
          seen = { length: req.headers['content-length'], body: (await readBody(req)).toString() };
          res.end('{}');
        }),
      );
      await transportFor().send(post(server.port, '{"name":"Grüße €"}'));
      expect(seen).toEqual({
        length: String(Buffer.byteLength('{"name":"Grüße €"}')),
        body: '{"name":"Grüße €"}',
      });
    });

    it('passes an invalid header value through as the caller’s error, connecting nowhere', async () => {
      const server = track(await startHttpServer((_req, res) => res.end('{}')));
      const request = post(server.port);
      request.headers = { ...request.headers, 'x-amz-target': 'Svc.Op\r\nInjected: yes' };
      const error = await rejection(transportFor().send(request));
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(AwsNetworkError);
      expect(error).not.toBeInstanceOf(AwsRequestTimeoutError);
      expect(server.connections).toBe(0);
    });

    it('skips informational responses (103 Early Hints) and returns the final one', async () => {
      const server = track(
        await startHttpServer((req, res) => {
          req.resume();
          res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' }, () => {
            res.setHeader('x-amzn-requestid', 'final');
            res.end('{"final":true}');
          });
        }),
      );
      const response = await transportFor().send(post(server.port));
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-amzn-requestid']).toBe('final');
      expect(response.headers['link']).toBeUndefined();
      expect(Buffer.from(response.body).toString()).toBe('{"final":true}');
    });

    it('keeps a given content-length and drops the hop-by-hop headers it manages', async () => {
      const seen: Array<Record<string, unknown>> = [];
      const server = track(
        await startHttpServer(async (req, res) => {
          seen.push({ ...req.headers, body: (await readBody(req)).toString() });
          res.end('{}');
        }),
      );
      const transport = transportFor();
      const request = post(server.port, '{"a":1}');
      request.headers = {
        ...request.headers,
        'Content-Length': '7',
        Connection: 'close',
        'keep-alive': 'timeout=1',
        expect: '100-continue',
      };
      expect((await transport.send(request)).statusCode).toBe(200);
      expect((await transport.send(request)).statusCode).toBe(200);
      expect(seen[0]).toMatchObject({ 'content-length': '7', body: '{"a":1}' });
      expect(seen[0]?.['expect']).toBeUndefined();
      expect(seen[0]?.['keep-alive']).toBeUndefined();
      expect(seen[0]?.['connection']).not.toBe('close');
      // `Connection: close` of the caller would have cost a connection per request.
      expect(server.connections).toBe(1);
    });

    it('reaches an IPv6 literal host, with or without brackets', async (context) => {
      if (!(await ipv6Loopback())) context.skip();
      const hosts: string[] = [];
      const server = track(
        await startHttpServer((req, res) => {
          hosts.push(req.headers.host!);
          req.resume();
          res.end('{}');
        }, '::1'),
      );
      const transport = transportFor();
      for (const hostname of ['::1', '[::1]']) {
        const response = await transport.send({ ...post(server.port), hostname });
        expect(response.statusCode).toBe(200);
      }
      expect(hosts).toEqual([`[::1]:${server.port}`, `[::1]:${server.port}`]);
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

    it('does not cut off a response that takes longer than keepAliveTimeoutMs', async () => {
      const server = track(
        await startHttpServer((req, res) => {
          req.resume();
          setTimeout(() => res.end('{"late":true}'), 300);
        }),
      );
      const response = await transportFor({ keepAliveTimeoutMs: 20 }).send(post(server.port));
      expect(response.statusCode).toBe(200);
      expect(Buffer.from(response.body).toString()).toBe('{"late":true}');
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
      const error = await rejection(
        transportFor({ maxResponseBytes: 1000 }).send(post(server.port)),
      );
      expect(error).toBeInstanceOf(AwsNetworkError);
      expect(error).toMatchObject({ code: 'ResponseTooLarge', retryable: false });
    });

    it('refuses a chunked response once it outgrows maxResponseBytes, without waiting for its end', async () => {
      const server = track(
        await startHttpServer((req, res) => {
          req.resume();
          // No content-length, and never ended: only counting the bytes can stop it.
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
          res.write(Buffer.alloc(600));
          res.write(Buffer.alloc(600));
        }),
      );
      const error = await rejection(
        transportFor({ maxResponseBytes: 1000 }).send(post(server.port)),
      );
      expect(error).toBeInstanceOf(AwsNetworkError);
      expect(error).toMatchObject({
        code: 'ResponseTooLarge',
        phase: 'receive',
        mayHaveBeenProcessed: true,
        retryable: false,
      });
    });

    it('accepts a response of exactly maxResponseBytes, with or without content-length', async () => {
      const server = track(
        await startHttpServer((req, res) => {
          req.resume();
          if (req.url === '/chunked') {
            res.write(Buffer.alloc(600, 1));
            res.end(Buffer.alloc(400, 2));
          } else {
            res.end(Buffer.alloc(1000, 3));
          }
        }),
      );
      const transport = transportFor({ maxResponseBytes: 1000 });
      for (const path of ['/', '/chunked']) {
        const response = await transport.send(post(server.port, '{}', path));
        expect(response.body.byteLength).toBe(1000);
      }
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

    const identity = selfSignedCertificate();
    it.skipIf(identity === undefined)(
      'refuses an untrusted certificate as a permanent connect failure',
      async () => {
        let reached = false;
        const server = track(
          await startHttpsServer((_req, res) => {
            reached = true;
            res.end('{}');
          }, identity!),
        );
        const error = await rejection(
          transportFor().send({ ...post(server.port), protocol: 'https:' }),
        );
        expect(error).toBeInstanceOf(AwsNetworkError);
        expect(error).toMatchObject({
          code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
          phase: 'connect',
          mayHaveBeenProcessed: false,
          retryable: false,
        });
        expect(reached).toBe(false);
      },
    );

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
      const error = await rejection(
        transportFor({ requestTimeoutMs: 150 }).send(post(server.port)),
      );
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
      const error = await rejection(
        transportFor({ requestTimeoutMs: 150 }).send(post(server.port)),
      );
      expect(error).toMatchObject({ name: 'AwsRequestTimeoutError', phase: 'response' });
    });

    it('aborts mid-request with the signal reason and closes the socket', async () => {
      const arrived = signal();
      let serverSawClose = false;
      const server = track(
        await startHttpServer((req, res) => {
          req.resume();
          res.on('close', () => {
            serverSawClose = true;
          });
          arrived.fire();
        }),
      );
      const controller = new AbortController();
      const pending = transportFor().send(post(server.port), { signal: controller.signal });
      await arrived.promise;
      const reason = new Error('caller gave up');
      controller.abort(reason);
      expect(await rejection(pending)).toBe(reason);
      await expect.poll(() => serverSawClose).toBe(true);
    });

    it('aborts while the TLS handshake is pending with the signal reason', async () => {
      const transport = transportFor();
      // Closed before the transport after the test: a pending handshake then fails at once.
      const silent = track(await startSilentTcpServer());
      const controller = new AbortController();
      const pending = transport.send(
        { ...post(silent.port), protocol: 'https:' },
        { signal: controller.signal },
      );
      await turns();
      const reason = new Error('caller gave up');
      controller.abort(reason);
      expect(await rejection(pending)).toBe(reason);
    });

    it('close() does not wait for a request aborted while connecting', async () => {
      // The default connect timeout, 10 s, is what close() must not sit out.
      const transport = transportFor();
      const silent = track(await startSilentTcpServer());
      const controller = new AbortController();
      const pending = transport.send(
        { ...post(silent.port), protocol: 'https:' },
        { signal: controller.signal },
      );
      await turns();
      controller.abort(new Error('caller gave up'));
      await rejection(pending);
      let closed = false;
      void transport.close!().then(() => {
        closed = true;
      });
      await expect.poll(() => closed).toBe(true);
    });

    it('removes its abort listener once a request has settled', async () => {
      const server = track(
        await startHttpServer((req, res) => {
          req.resume();
          if (req.url === '/fail') req.socket.destroy();
          else res.end('{}');
        }),
      );
      const transport = transportFor();
      // One signal for many requests, as a process-wide shutdown signal is.
      const controller = new AbortController();
      for (const path of ['/', '/fail', '/', '/fail']) {
        await transport.send(post(server.port, '{}', path), { signal: controller.signal }).then(
          () => {},
          () => {},
        );
      }
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
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
      const transport = create();
      await transport.send(post(server.port));
      await transport.close!();
      await transport.close!();
      const error = await rejection(transport.send(post(server.port)));
      expect(error).toMatchObject({ name: 'AwsNetworkError', code: 'TransportClosed' });
    });

    it('closes before its first request without opening anything', async () => {
      const transport = create();
      await transport.close!();
      const error = await rejection(transport.send(post(await closedPort())));
      expect(error).toMatchObject({ name: 'AwsNetworkError', code: 'TransportClosed' });
    });

    it('lets requests in flight finish on close(), then releases its sockets', async () => {
      const arrived = signal();
      let respond!: () => void;
      const server = track(
        await startHttpServer((req, res) => {
          req.resume();
          respond = () => res.end('{"done":true}');
          arrived.fire();
        }),
      );
      const transport = create();
      const pending = transport.send(post(server.port));
      await arrived.promise;
      let closed = false;
      const closing = transport.close!().then(() => {
        closed = true;
      });
      const refused = await rejection(transport.send(post(server.port)));
      expect(refused).toMatchObject({ name: 'AwsNetworkError', code: 'TransportClosed' });
      await turns();
      expect(closed).toBe(false);
      expect(server.sockets.size).toBe(1);
      respond();
      const response = await pending;
      expect(Buffer.from(response.body).toString()).toBe('{"done":true}');
      await closing;
      // The kept-alive socket is closed, not left for the server's idle timeout.
      await expect.poll(() => server.sockets.size).toBe(0);
      expect(server.connections).toBe(1);
    });

    it('refuses a timeout beyond the range of setTimeout, which would fire at once', () => {
      // 2^31 ms (24.8 days) is one past what setTimeout takes; Node turns longer delays into 1 ms.
      for (const name of ['requestTimeoutMs', 'connectTimeoutMs', 'keepAliveTimeoutMs'] as const) {
        expect(() => create({ [name]: 2 ** 31 })).toThrow(AwsJsonRpcConfigurationError);
        expect(() => create({ [name]: 2 ** 31 })).toThrow(new RegExp(`${name}.*2147483647`));
        expect(() => create({ [name]: 2 ** 31 - 1 })).not.toThrow();
      }
    });

    it('rejects invalid options by name', () => {
      expect(() => create({ connections: 0 })).toThrow(AwsJsonRpcConfigurationError);
      expect(() => create({ connections: 1.5 })).toThrow(/connections/);
      expect(() => create({ connectTimeoutMs: Number.NaN })).toThrow(/connectTimeoutMs/);
      expect(() => create({ requestTimeoutMs: -1 })).toThrow(/requestTimeoutMs/);
    });
  });
}
