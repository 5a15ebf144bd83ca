import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, expect } from 'vitest';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A temporary HOME with the given files (paths relative to it); removed after the test. */
export async function tempHome(files: Record<string, string> = {}): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'aws-credentials-test-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    const full = join(home, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return home;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Handler = (request: RecordedRequest) => Reply | 'hang' | Promise<Reply | 'hang'>;

export interface TestServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
}

/** A real HTTP server on 127.0.0.1 and a random port; closed after the test. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const reply = await handler(recorded);
      if (reply === 'hang') return;
      res.writeHead(reply.status ?? 200, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, requests };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A fetch that fails the test if anything calls it. */
export const forbiddenFetch = async (url: string): Promise<Response> => {
  throw new Error(`unexpected HTTP request to ${url}`);
};

/** Asserts that none of the secrets shows in any printable form of the value. */
export function expectNoSecrets(value: unknown, secrets: readonly string[]): void {
  const forms = [
    String(value),
    inspect(value, { depth: 10, showHidden: false }),
    (() => {
      try {
        return JSON.stringify(value) ?? '';
      } catch {
        return '';
      }
    })(),
  ];
  if (value instanceof Error) {
    forms.push(value.message, value.stack ?? '', inspect(value.cause, { depth: 10 }));
  }
  for (const form of forms) {
    for (const secret of secrets) expect(form).not.toContain(secret);
  }
}

export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

export const ISO_IN_ONE_HOUR = () => new Date(Date.now() + 3600_000).toISOString();
