import { createCloudWatchLogsClient } from '@integrations/aws-cloudwatch-logs';
import { type Emulator, startEmulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { fromStatic } from '@integrations/aws-credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cwlogs, envFor, spawnCli } from './cli.js';

let emulator: Emulator;
let env: Record<string, string>;
let at: string[];

beforeAll(async () => {
  emulator = await startEmulator({ auth: { mode: 'sigv4' }, queryDelayMs: 20 });
  env = envFor(emulator);
  at = ['--endpoint', emulator.endpoint];
  const client = createCloudWatchLogsClient({
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: fromStatic(emulator.credentials!),
  });
  const now = Date.now();
  const line = (service: string, level: string, trace: string, i: number, message: string) => ({
    timestamp: now - 5000 + i,
    message: JSON.stringify({
      level,
      message,
      timestamp: new Date(now - 5000 + i).toISOString(),
      trace_id: trace,
      request_id: `r-${trace}`,
      service,
    }),
  });
  for (const [service, events] of [
    [
      'api',
      [
        line('api', 'INFO', 't-1', 0, 'api received'),
        line('api', 'INFO', 't-1', 40, 'api answered'),
        line('api', 'INFO', 't-2', 50, 'other'),
      ],
    ],
    ['auth', [line('auth', 'INFO', 't-1', 5, 'auth ok')]],
    ['db', [line('db', 'ERROR', 't-1', 10, 'db failed')]],
  ] as const) {
    await client.streams.ensureExists(`/cli-q/${service}`, 'main', { createGroup: true });
    await client.events.put({
      logGroupName: `/cli-q/${service}`,
      logStreamName: 'main',
      logEvents: [...events],
    });
  }
  await client.close();
});

afterAll(async () => {
  await emulator?.close();
});

const groups = ['-g', '/cli-q/api', '-g', '/cli-q/auth', '-g', '/cli-q/db'];

describe('query', () => {
  it('prints results as JSON, CSV and a table', async () => {
    const q = 'stats count(*) as n by service | sort service asc';
    const json = await cwlogs(
      [...at, 'query', q, ...groups, '--since', '10m', '--format', 'json'],
      env,
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { service: 'api', n: '3' },
      { service: 'auth', n: '1' },
      { service: 'db', n: '1' },
    ]);
    const csv = await cwlogs([...at, 'query', q, ...groups, '--format', 'csv'], env);
    expect(csv.stdout.trim()).toBe('service,n\r\napi,3\r\nauth,1\r\ndb,1');
    const table = await cwlogs([...at, 'query', q, ...groups], env);
    expect(table.stdout).toMatch(/│ api\s+│ 3\s+│/);
  });

  it("a malformed query exits 1 with the service's message", async () => {
    const { code, stderr } = await cwlogs([...at, 'query', 'stats count(* by x', ...groups], env);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('Ctrl-C', () => {
  it('stops a running query on the server and exits 130', async () => {
    const slow = await startEmulator({ auth: { mode: 'none' }, queryDelayMs: 600_000 });
    const describeQueries = async () => {
      const response = await slow.handle({
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Logs_20140328.DescribeQueries',
        },
        body: JSON.stringify({ logGroupName: '/slow' }),
      });
      return (
        JSON.parse(Buffer.from(response.body).toString()) as { queries: { status: string }[] }
      ).queries;
    };
    try {
      const env = { ...envFor(emulator), AWS_REGION: slow.region };
      expect(
        (await cwlogs(['--endpoint', slow.endpoint, 'groups', 'create', '/slow'], env)).code,
      ).toBe(0);
      const child = spawnCli(
        ['--endpoint', slow.endpoint, 'query', 'fields @message', '-g', '/slow'],
        env,
      );
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      while ((await describeQueries()).length === 0) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect((await describeQueries()).map((q) => q.status)).toEqual(['Cancelled']);
    } finally {
      await slow.close();
    }
  });
});

describe('trace', () => {
  it('draws the waterfall of one trace across three groups', async () => {
    const { code, stdout } = await cwlogs(
      [...at, 'trace', 't-1', ...groups, '--since', '10m'],
      env,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^trace t-1 — 3 services, 4 events/);
    const rows = stdout
      .split('\n')
      .slice(2, 5)
      .map((l) => l.split(/\s+/)[0]);
    expect(rows).toEqual(['api', 'auth', 'db']);
    expect(stdout).toContain('db failed');
    expect(stdout).not.toContain('other');
  });

  it('an unknown trace exits 1 saying nothing was found', async () => {
    const { code, stderr } = await cwlogs(
      [...at, 'trace', 'nope', ...groups, '--widen', '1h'],
      env,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/no events with trace_id nope/);
  });
});

describe('put', () => {
  it('sends stdin lines, and NDJSON as structured events, all flushed on EOF', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
    const plain = await cwlogs([...at, 'put', '/cli-put/g', 'lines'], env, `${lines}\n`);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('sent 500 events');
    const ndjson = [
      JSON.stringify({ level: 'warn', message: 'careful', trace_id: 'tp', user: 'u1' }),
      JSON.stringify({ message: 'plain info' }),
    ].join('\n');
    expect((await cwlogs([...at, 'put', '/cli-put/g', 'json', '--ndjson'], env, ndjson)).code).toBe(
      0,
    );
    const tail = await cwlogs(
      [...at, 'tail', '/cli-put/g', '--format', 'json', '--stream-prefix', 'json'],
      env,
    );
    const messages = tail.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(JSON.parse(l).message));
    expect(messages[0]).toMatchObject({
      level: 'WARN',
      message: 'careful',
      trace_id: 'tp',
      user: 'u1',
    });
    expect(messages[1]).toMatchObject({ level: 'INFO', message: 'plain info' });
    const all = await cwlogs([...at, 'tail', '/cli-put/g', '--stream-prefix', 'lines'], env);
    expect(all.stdout.trim().split('\n')).toHaveLength(500);
    const bad = await cwlogs([...at, 'put', '/cli-put/g', 'json', '--ndjson'], env, 'not json\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/line 1 is not JSON/);
  });
});
