// The batch buffer end to end through the default undici transport and SigV4, against a real
// HTTP server on loopback that behaves as CloudWatch Logs does for the calls the buffer makes.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromStatic } from '@integrations/aws-credentials';
import { afterEach, expect, it } from 'vitest';
import {
  type CloudWatchLogsClient,
  createCloudWatchLogsClient,
  type DroppedEvents,
  runWithCorrelation,
} from '../src/index.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

interface Body {
  logGroupName?: string;
  logStreamName?: string;
  logEvents?: Array<{ timestamp: number; message: string }>;
}

/** A tiny CloudWatch Logs: groups, streams, PutLogEvents; throttles the second PutLogEvents. */
async function fakeService() {
  const groups = new Map<string, Map<string, string[]>>();
  const targets: string[] = [];
  let puts = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']).split('.')[1] ?? '';
      targets.push(target);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
      const answer = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      const missing = () =>
        answer(400, {
          __type: 'ResourceNotFoundException',
          message: 'The specified log group does not exist.',
        });
      const group = groups.get(body.logGroupName ?? '');
      switch (target) {
        case 'CreateLogGroup':
          if (group) return answer(400, { __type: 'ResourceAlreadyExistsException' });
          groups.set(body.logGroupName ?? '', new Map());
          return answer(200, {});
        case 'CreateLogStream':
          if (!group) return missing();
          if (group.has(body.logStreamName ?? ''))
            return answer(400, { __type: 'ResourceAlreadyExistsException' });
          group.set(body.logStreamName ?? '', []);
          return answer(200, {});
        case 'PutLogEvents': {
          const stream = group?.get(body.logStreamName ?? '');
          if (!stream) return missing();
          puts += 1;
          if (puts === 2)
            return answer(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
          for (const e of body.logEvents ?? []) stream.push(e.message);
          return answer(200, {});
        }
        default:
          return answer(400, { __type: 'UnknownOperationException' });
      }
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
  return { url: `http://127.0.0.1:${port}`, groups, targets, throttled: () => (puts >= 2 ? 1 : 0) };
}

function client(url: string, dropped: DroppedEvents[]): CloudWatchLogsClient {
  const made = createCloudWatchLogsClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    http: { connections: 4, requestTimeoutMs: 10_000 },
    retry: { maxAttempts: 3, baseDelayMs: 1, throttleBaseDelayMs: 1, maxDelayMs: 5 },
    buffer: { maxBatchEvents: 50, concurrency: 2, onDropped: (d) => dropped.push(d) },
  });
  closers.push(() => made.close());
  return made;
}

it('delivers every logged event, in order per stream, creating groups and streams, through a throttle', async () => {
  const service = await fakeService();
  const dropped: DroppedEvents[] = [];
  const logs = client(service.url, dropped);
  const streams = ['web-1', 'web-2', 'worker'];
  const loggers = streams.map((logStream) =>
    logs.logger({ logGroup: '/app/http', logStream, service: 'api', level: 'DEBUG' }),
  );
  runWithCorrelation({ traceId: 'trace-http', requestId: 'req-http' }, () => {
    for (let i = 0; i < 120; i += 1)
      for (const [n, log] of loggers.entries()) log.debug(`event ${i}`, { n, i });
  });
  expect(await logs.flush()).toEqual({ sent: 360, rejected: 0, failed: 0, dropped: 0 });
  expect(dropped).toEqual([]);

  const stored = service.groups.get('/app/http');
  for (const stream of streams) {
    const messages = (stored?.get(stream) ?? []).map((m) => JSON.parse(m));
    expect(messages.map((m) => m.i)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(messages[0]).toMatchObject({
      level: 'DEBUG',
      message: 'event 0',
      trace_id: 'trace-http',
      request_id: 'req-http',
      service: 'api',
    });
  }
  expect(service.targets).toContain('CreateLogGroup');
  expect(service.throttled()).toBe(1);

  // Events after a flush go out on close(), which then releases the connection pool.
  logs.events.putBuffered('/app/http', 'web-1', { timestamp: Date.now(), message: 'last' });
  await logs.close();
  expect(stored?.get('web-1')?.at(-1)).toBe('last');
  expect(() =>
    logs.events.putStructured('/app/http', 'web-1', { level: 'INFO', message: 'late' }),
  ).toThrow(expect.objectContaining({ name: 'ClientClosedError' }));
});
