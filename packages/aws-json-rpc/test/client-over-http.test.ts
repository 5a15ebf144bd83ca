import { fromStatic } from '@integrations/aws-credentials';
import { verifySignature } from '@integrations/aws-signing';
import { ResilienceOrchestrator } from '@integrations/resilience';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AwsJsonRpcClient,
  AwsNetworkError,
  classifyAwsError,
  createAwsJsonRpcClient,
  type HttpRequest,
} from '../src/index.js';
import { readBody, startHttpServer, type TestServer } from './support/http-server.js';

const ACCESS_KEY = 'AKIDLOCAL';
const SECRET = 'local-secret-key';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

type Behaviour = (
  n: number,
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
) => Promise<void> | void;

/** A JSON 1.1 server on loopback that verifies SigV4 like AWS before running `behaviour`. */
async function awsLikeServer(behaviour: Behaviour): Promise<TestServer & { calls: number }> {
  const state = { calls: 0 };
  const server = await startHttpServer(async (req, res) => {
    state.calls++;
    await behaviour(state.calls, req, res);
  });
  cleanups.push(() => server.close());
  return Object.defineProperty(server, 'calls', { get: () => state.calls }) as TestServer & {
    calls: number;
  };
}

async function verified(req: import('node:http').IncomingMessage, body: Buffer) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers[name] = value;
  const request: HttpRequest = {
    method: req.method!,
    protocol: 'http:',
    hostname: '127.0.0.1',
    path: req.url!,
    headers,
    body,
  };
  return verifySignature(request, {
    lookupSecret: (id) => (id === ACCESS_KEY ? SECRET : undefined),
    region: 'us-east-1',
    service: 'logs',
    mismatchCode: 'InvalidSignatureException',
  });
}

function clientFor(server: TestServer, idempotentRetries = 3): AwsJsonRpcClient {
  const client = createAwsJsonRpcClient({
    targetPrefix: 'Logs_20140328',
    signingName: 'logs',
    endpoint: server.origin,
    region: 'us-east-1',
    credentials: fromStatic({ accessKeyId: ACCESS_KEY, secretAccessKey: SECRET }),
    resilience: new ResilienceOrchestrator({
      retry: {
        maxAttempts: idempotentRetries,
        baseDelayMs: 1,
        throttleBaseDelayMs: 1,
        classifier: (error) => classifyAwsError(error),
      },
    }),
  });
  cleanups.push(() => client.close());
  return client;
}

describe('the client over the default transport and a real HTTP server', () => {
  it('makes a signed call the server verifies, and reads the request id', async () => {
    let target: string | undefined;
    const server = await awsLikeServer(async (_n, req, res) => {
      const body = await readBody(req);
      const result = await verified(req, body);
      target = req.headers['x-amz-target'] as string;
      res.setHeader('x-amzn-RequestId', 'srv-1');
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      res.end(
        JSON.stringify(result.ok ? { echo: JSON.parse(body.toString()) } : { __type: result.code }),
      );
    });
    const output = await clientFor(server).call<{ echo: unknown }>('DescribeLogGroups', {
      limit: 1,
    });
    expect(target).toBe('Logs_20140328.DescribeLogGroups');
    expect(output.echo).toEqual({ limit: 1 });
    expect(output.$metadata.requestId).toBe('srv-1');
  });

  it('retries throttling from the server and succeeds', async () => {
    const server = await awsLikeServer(async (n, req, res) => {
      await readBody(req);
      res.statusCode = n < 3 ? 400 : 200;
      res.end(
        JSON.stringify(n < 3 ? { __type: 'ThrottlingException', message: 'Rate exceeded' } : {}),
      );
    });
    const output = await clientFor(server).call('PutLogEvents', {});
    expect(output.$metadata.attempts).toBe(3);
    expect(server.calls).toBe(3);
  });

  it('retries, without consent, a connection reset before the large body was sent', async () => {
    const server = await awsLikeServer(async (n, req, res) => {
      if (n === 1) {
        req.socket.resetAndDestroy();
        return;
      }
      const body = await readBody(req);
      const result = await verified(req, body);
      res.end(JSON.stringify({ ok: result.ok, bytes: body.byteLength }));
    });
    const big = { message: 'x'.repeat(24 * 1024 * 1024) };
    const output = await clientFor(server).call<{ ok: boolean; bytes: number }>(
      'PutLogEvents',
      big,
    );
    expect(output.ok).toBe(true);
    expect(output.bytes).toBe(JSON.stringify(big).length);
    expect(output.$metadata.attempts).toBe(2);
  });

  it('does not retry a reset after the body was sent unless the call is idempotent', async () => {
    const server = await awsLikeServer(async (n, req, res) => {
      await readBody(req);
      if (n <= 2) {
        req.socket.resetAndDestroy();
        return;
      }
      res.end('{}');
    });
    const client = clientFor(server);
    const error = await client.call('PutLogEvents', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsNetworkError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true });
    expect(server.calls).toBe(1);

    const output = await client.call('DescribeLogGroups', {}, { idempotent: true });
    expect(output.$metadata.attempts).toBe(2);
  });

  it('aborts a call in flight', async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const server = await awsLikeServer((_n, req) => {
      req.resume();
      arrived();
    });
    const controller = new AbortController();
    const pending = clientFor(server).call('GetLogEvents', {}, { signal: controller.signal });
    await inFlight;
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(server.calls).toBe(1);
  });
});
