import { request } from 'node:http';
import { signRequest } from '@integrations/aws-signing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

const open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

async function start(options: Parameters<typeof startEmulator>[0] = {}) {
  const emulator = await startEmulator(options);
  open.push(emulator);
  return emulator;
}

interface RawAnswer {
  status: number;
  rawHeaders: string[];
  body: string;
}

function post(
  endpoint: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer,
): Promise<RawAnswer> {
  const url = new URL(path, endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function signed(emulator: Emulator, operation: string, body: unknown): Record<string, string> {
  const url = new URL(emulator.endpoint);
  const text = JSON.stringify(body);
  const request = signRequest(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `Logs_20140328.${operation}`,
      },
      body: text,
    },
    { service: 'logs', region: emulator.region, credentials: emulator.credentials! },
  );
  return Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
}

describe('the HTTP server', () => {
  it('listens on a loopback port and serves signed requests', async () => {
    const emulator = await start();
    expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const body = { logGroupName: '/over/http' };
    const created = await post(
      emulator.endpoint,
      '/',
      signed(emulator, 'CreateLogGroup', body),
      JSON.stringify(body),
    );
    expect(created.status).toBe(200);
    expect(created.rawHeaders).toContain('x-amzn-RequestId');
    const listed = await post(
      emulator.endpoint,
      '/',
      signed(emulator, 'DescribeLogGroups', {}),
      '{}',
    );
    expect(JSON.parse(listed.body).logGroups[0].logGroupName).toBe('/over/http');
  });

  it('refuses an unsigned request', async () => {
    const emulator = await start();
    const answer = await post(
      emulator.endpoint,
      '/',
      { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
      '{}',
    );
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).__type).toBe('MissingAuthenticationTokenException');
  });

  it('answers 413 for a body over the limit and keeps serving', async () => {
    const emulator = await start({ auth: { mode: 'none' }, maxBodyBytes: 1000 });
    const answer = await post(
      emulator.endpoint,
      '/',
      { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
      'x'.repeat(5000),
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).__type).toBe('SerializationException');
    expect(
      (
        await post(
          emulator.endpoint,
          '/',
          { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
          '{}',
        )
      ).status,
    ).toBe(200);
  });

  it('resets the connection for a reset fault', async () => {
    const emulator = await start({ auth: { mode: 'none' } });
    emulator.faults.set({ resetRate: 1 });
    await expect(
      post(emulator.endpoint, '/', { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' }, '{}'),
    ).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
  });

  it('serves the admin endpoints to loopback peers', async () => {
    const emulator = await start();
    const set = await post(
      emulator.endpoint,
      '/_emulator/faults',
      { 'content-type': 'application/json' },
      '{"throttleRate":1}',
    );
    expect(set.status).toBe(200);
    expect(emulator.faults.get().throttleRate).toBe(1);
    const health = await new Promise<string>((resolve, reject) => {
      request(new URL('/_emulator/health', emulator.endpoint), (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(health)).toEqual({
      status: 'ok',
      region: 'us-east-1',
      accountId: '000000000000',
    });
  });

  it('close() stops listening', async () => {
    const emulator = await start({ auth: { mode: 'none' } });
    await emulator.close();
    await expect(post(emulator.endpoint, '/', {}, '{}')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
