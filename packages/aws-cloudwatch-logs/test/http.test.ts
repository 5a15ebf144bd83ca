// The default transport (undici) against a real HTTP server on loopback.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromStatic } from '@integrations/aws-credentials';
import { afterEach, expect, it } from 'vitest';
import {
  type CloudWatchLogsClient,
  createCloudWatchLogsClient,
  ResourceNotFoundError,
} from '../src/index.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function serve(
  handle: (target: string, body: unknown) => { status: number; body: unknown },
): Promise<{ url: string; seen: Array<{ headers: IncomingHttpHeaders; body: unknown }> }> {
  const seen: Array<{ headers: IncomingHttpHeaders; body: unknown }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      seen.push({ headers: req.headers, body });
      const answer = handle(String(req.headers['x-amz-target']), body);
      res.writeHead(answer.status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': 'rid-http',
      });
      res.end(JSON.stringify(answer.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

function client(url: string): CloudWatchLogsClient {
  const made = createCloudWatchLogsClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    http: { connections: 2, requestTimeoutMs: 10_000 },
  });
  closers.push(() => made.close());
  return made;
}

it('talks to a real server through the default undici transport, then closes', async () => {
  const server = await serve((target) =>
    target === 'Logs_20140328.DescribeLogGroups'
      ? { status: 200, body: { logGroups: [{ logGroupName: '/app/api' }] } }
      : {
          status: 400,
          body: {
            __type: 'ResourceNotFoundException',
            message: 'The specified log group does not exist.',
          },
        },
  );
  const logs = client(server.url);
  expect(await logs.groups.exists('/app/api')).toBe(true);
  const error = await logs.streams.create('/missing', 's').catch((e) => e);
  expect(error).toBeInstanceOf(ResourceNotFoundError);
  expect(error.requestId).toBe('rid-http');
  expect(server.seen.map((s) => s.headers['x-amz-target'])).toEqual([
    'Logs_20140328.DescribeLogGroups',
    'Logs_20140328.CreateLogStream',
  ]);
  expect(server.seen[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
  expect(server.seen[1]?.body).toEqual({ logGroupName: '/missing', logStreamName: 's' });
  await logs.close();
  await expect(logs.groups.describe()).rejects.toMatchObject({ name: 'ClientClosedError' });
});
