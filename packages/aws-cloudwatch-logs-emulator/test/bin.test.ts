import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => {
    out += c;
  });
  child.stderr!.on('data', (c) => {
    err += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const printed = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.match(pattern);
        if (m) resolve(m);
      };
      child.stdout!.on('data', check);
      child.on('exit', () => reject(new Error(`exited before printing ${pattern}: ${out}${err}`)));
      check();
    });
  return { child, exited, printed, output: () => out + err };
}

describe('cwlogs-emulator', () => {
  it('prints its endpoint and sigv4 key pair, serves, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cwl-bin-'));
    try {
      const env = {
        CWLOGS_EMULATOR_ACCESS_KEY_ID: 'AKIDBIN',
        CWLOGS_EMULATOR_SECRET_ACCESS_KEY: 'bin-secret',
      };
      const proc = run(['--port', '0', '--region', 'eu-west-2', '--persist', dir], env);
      const [, endpoint] = await proc.printed(/endpoint: (http:\/\/127\.0\.0\.1:\d+)/);
      await proc.printed(/secret access key: bin-secret/);
      expect(proc.output()).toContain('access key ID: AKIDBIN');
      expect(proc.output()).toContain('region: eu-west-2');
      const health = await fetch(`${endpoint}/_emulator/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', region: 'eu-west-2' });
      const unsigned = await fetch(endpoint!, {
        method: 'POST',
        headers: { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
        body: '{}',
      });
      expect(unsigned.status).toBe(403);
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      expect(existsSync(join(dir, 'journal.bin'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops on SIGINT too, in none mode without printing keys', async () => {
    const proc = run(['--port', '0', '--auth', 'none']);
    await proc.printed(/endpoint: http/);
    expect(proc.output()).not.toContain('secret access key');
    proc.child.kill('SIGINT');
    expect(await proc.exited).toBe(0);
  });

  it('refuses bad arguments with exit code 2 and usage', async () => {
    const proc = run(['--auth', 'open']);
    expect(await proc.exited).toBe(2);
    const unknown = run(['--bogus']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain('Usage: cwlogs-emulator');
  });

  it('refuses none mode on a non-loopback address', async () => {
    const proc = run(['--host', '0.0.0.0', '--port', '0', '--auth', 'none']);
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('requires auth mode sigv4');
  });
});
