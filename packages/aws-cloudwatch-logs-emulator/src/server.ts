import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest, HttpResponse } from '@integrations/aws-json-rpc';
import { ConnectionResetError, type RequestHandler } from './handler.js';

export interface ServerOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  onError?: (error: unknown) => void;
}

/** Header names as AWS writes them on the wire. */
const WIRE_NAMES: Record<string, string> = { 'x-amzn-requestid': 'x-amzn-RequestId' };

function toRequest(req: IncomingMessage, body: Buffer): HttpRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query: Record<string, string | string[]> = {};
  if (q !== -1) {
    for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
      const prev = query[k];
      query[k] = prev === undefined ? v : ([] as string[]).concat(prev, v);
    }
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = v;
  const host = req.headers.host ?? '';
  const colon = host.lastIndexOf(':');
  const hostname = colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host;
  const port = colon > 0 && !host.endsWith(']') ? Number(host.slice(colon + 1)) : undefined;
  return {
    method: req.method ?? 'GET',
    protocol: 'http:',
    hostname,
    ...(port !== undefined && Number.isFinite(port) ? { port } : {}),
    path,
    ...(q !== -1 ? { query } : {}),
    headers,
    body,
  };
}

/** Serves the handler over node:http on a loopback (or given) address. */
export async function listen(
  handler: RequestHandler,
  options: ServerOptions,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer({ keepAlive: true, requestTimeout: 120_000 }, (req, res) => {
    serve(handler, options, req, res).catch((error) => {
      options.onError?.(error);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setImmediate(() => server.closeAllConnections()).unref();
      }),
  };
}

async function serve(
  handler: RequestHandler,
  options: ServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  await new Promise<void>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', resolve);
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('client aborted the request')));
  });
  if (tooLarge) {
    const body = JSON.stringify({
      __type: 'SerializationException',
      message: `The request body of ${size} bytes is larger than the emulator accepts (${options.maxBodyBytes} bytes).`,
    });
    res.writeHead(413, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
  });
  let response: HttpResponse;
  try {
    response = await handler.handle(toRequest(req, Buffer.concat(chunks, size)), {
      remoteAddress: req.socket.remoteAddress ?? '',
      signal: controller.signal,
    });
  } catch (error) {
    if (error instanceof ConnectionResetError) {
      req.socket.resetAndDestroy();
      return;
    }
    if (controller.signal.aborted) return;
    throw error;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) headers[WIRE_NAMES[k] ?? k] = v;
  res.writeHead(response.statusCode, headers);
  res.end(response.body);
}
