import { createCloudWatchLogsClient } from '@integrations/aws-cloudwatch-logs';
import { type Emulator, startEmulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { fromStatic } from '@integrations/aws-credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, cwlogs, envFor, spawnCli, waitFor } from './cli.js';

let emulator: Emulator;
let env: Record<string, string>;
let at: string[];

beforeAll(async () => {
  emulator = await startEmulator({
    auth: { mode: 'sigv4' },
    region: 'eu-west-1',
    queryDelayMs: 20,
  });
  env = envFor(emulator);
  at = ['--endpoint', emulator.endpoint];
});

afterAll(async () => {
  await emulator?.close();
});

function client() {
  return createCloudWatchLogsClient({
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: fromStatic(emulator.credentials!),
  });
}

describe('usage', () => {
  it('--help lists every command with examples and exits 0', async () => {
    const { code, stdout } = await cwlogs(['--help'], cleanEnv());
    expect(code).toBe(0);
    for (const command of ['demo', 'serve', 'groups', 'streams', 'put', 'tail', 'query', 'trace'])
      expect(stdout).toContain(command);
    const tail = await cwlogs(['tail', '--help'], cleanEnv());
    expect(tail.code).toBe(0);
    expect(tail.stdout).toContain('Examples:');
  });

  it('bad usage exits 2 with a message on stderr and nothing on stdout', async () => {
    for (const args of [
      ['nope'],
      ['groups', 'ls', '--bogus'],
      ['tail', '/g', '--since', '5x'],
      ['query', 'fields @message'],
    ]) {
      const { code, stdout, stderr } = await cwlogs([...at, ...args], env);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stdout).toBe('');
      expect(stderr.length).toBeGreaterThan(0);
    }
  });

  it('without a region it says how to give one (exit 2)', async () => {
    const { code, stderr } = await cwlogs(['groups', 'ls', ...at], cleanEnv());
    expect(code).toBe(2);
    expect(stderr).toMatch(/No region: pass --region/);
  });
});

describe('groups and streams', () => {
  it('creates, lists, sets retention and removes', async () => {
    expect(
      (await cwlogs([...at, 'groups', 'create', '/cli/a', '--retention', '30'], env)).code,
    ).toBe(0);
    expect((await cwlogs([...at, 'groups', 'create', '/cli/b'], env)).code).toBe(0);
    const listed = await cwlogs(
      [...at, 'groups', 'ls', '--prefix', '/cli/', '--format', 'json'],
      env,
    );
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: '/cli/a', retention: '30 days' }),
      expect.objectContaining({ name: '/cli/b', retention: 'never expire' }),
    ]);
    expect((await cwlogs([...at, 'groups', 'retention', '/cli/b', '7'], env)).code).toBe(0);
    expect((await cwlogs([...at, 'groups', 'retention', '/cli/a', 'none'], env)).code).toBe(0);
    const csv = await cwlogs([...at, 'groups', 'ls', '--prefix', '/cli/', '--format', 'csv'], env);
    expect(csv.stdout.split('\r\n').map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'name,retention',
      '/cli/a,never expire',
      '/cli/b,7 days',
    ]);
    const badRetention = await cwlogs([...at, 'groups', 'retention', '/cli/b', '8'], env);
    expect(badRetention.code).toBe(2);
    expect((await cwlogs([...at, 'streams', 'create', '/cli/a', 'web-1'], env)).code).toBe(0);
    expect(
      (await cwlogs([...at, 'streams', 'create', '/cli/new', 'w', '--create-group'], env)).code,
    ).toBe(0);
    const streams = await cwlogs([...at, 'streams', 'ls', '/cli/a', '--format', 'json'], env);
    expect(JSON.parse(streams.stdout).map((s: { name: string }) => s.name)).toEqual(['web-1']);
    expect((await cwlogs([...at, 'streams', 'rm', '/cli/a', 'web-1'], env)).code).toBe(0);
    expect((await cwlogs([...at, 'groups', 'rm', '/cli/b'], env)).code).toBe(0);
    const table = await cwlogs([...at, 'groups', 'ls', '--prefix', '/cli/'], env);
    expect(table.stdout).toContain('/cli/a');
    expect(table.stdout).not.toContain('/cli/b');
  });

  it('a failed operation exits 1 with one line saying what to do; the stack only with --debug', async () => {
    const failed = await cwlogs([...at, 'groups', 'rm', '/cli/missing'], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toMatch(/^cwlogs: .*does not exist.*cwlogs groups ls/);
    const debug = await cwlogs([...at, '--debug', 'groups', 'rm', '/cli/missing'], env);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('wrong credentials fail with exit 1 and never print the secret', async () => {
    const bad = { ...env, AWS_SECRET_ACCESS_KEY: 'not-the-secret-at-all-0123456789' };
    const { code, stderr } = await cwlogs([...at, 'groups', 'ls'], bad);
    expect(code).toBe(1);
    expect(stderr).not.toContain('not-the-secret-at-all');
  });
});

describe('tail', () => {
  it('prints recent events, as text or JSON, filtered', async () => {
    const c = client();
    await c.streams.ensureExists('/cli/tail', 'web-1', { createGroup: true });
    const now = Date.now();
    await c.events.put({
      logGroupName: '/cli/tail',
      logStreamName: 'web-1',
      logEvents: [
        { timestamp: now - 2000, message: '{"level":"INFO","message":"hello"}' },
        { timestamp: now - 1000, message: '{"level":"ERROR","message":"boom"}' },
      ],
    });
    await c.close();
    const text = await cwlogs([...at, 'tail', '/cli/tail', '--since', '1m'], env);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z web-1 \{"level":"INFO","message":"hello"\}$/,
    );
    const json = await cwlogs(
      [...at, 'tail', '/cli/tail', '--format', 'json', '--filter', '{ $.level = "ERROR" }'],
      env,
    );
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).message),
    ).toEqual(['{"level":"ERROR","message":"boom"}']);
  });

  it('--follow shows an event written after it started, and Ctrl-C ends it with exit 0', async () => {
    const c = client();
    await c.streams.ensureExists('/cli/follow', 's', { createGroup: true });
    const child = spawnCli(
      [...at, 'tail', '/cli/follow', '--follow', '--poll-interval', '200ms'],
      env,
    );
    // Let the first poll run before writing.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await c.events.put({
      logGroupName: '/cli/follow',
      logStreamName: 's',
      logEvents: [{ timestamp: Date.now(), message: 'written later' }],
    });
    await c.close();
    const seen = await waitFor(child.stdout!, (all) => all.includes('written later'));
    expect(seen).toContain(' s written later');
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});

describe('serve', () => {
  it('prints the endpoint and credentials, serves the API, and stops on SIGINT', async () => {
    const child = spawnCli(['serve', '--port', '0'], cleanEnv());
    const out = await waitFor(child.stdout!, (all) => all.includes('secret access key:'));
    const endpoint = /endpoint: (\S+)/.exec(out)![1]!;
    const accessKeyId = /access key ID: (\S+)/.exec(out)![1]!;
    const secretAccessKey = /secret access key: (\S+)/.exec(out)![1]!;
    const served = await cwlogs(['--endpoint', endpoint, 'groups', 'create', '/served'], {
      ...cleanEnv(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
    });
    expect(served.code).toBe(0);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
