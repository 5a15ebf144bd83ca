import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@integrations/aws-cloudwatch-logs-emulator';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const HOME = mkdtempSync(join(tmpdir(), 'cwlogs-home-'));

/** An environment with no AWS configuration of the machine's: only what the test gives. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME,
    NO_COLOR: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(HOME, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(HOME, 'credentials'),
    ...extra,
  };
}

export function envFor(emulator: Emulator): Record<string, string> {
  return cleanEnv({
    AWS_REGION: emulator.region,
    AWS_ACCESS_KEY_ID: emulator.credentials!.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials!.secretAccessKey,
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs the built `cwlogs` to completion. */
export function cwlogs(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin!.end(stdin);
  });
}

/** Resolves once `text` has appeared on the stream, collecting everything seen. */
export function waitFor(
  stream: NodeJS.ReadableStream,
  test: (all: string) => boolean,
): Promise<string> {
  return new Promise((resolve) => {
    let all = '';
    const onData = (d: Buffer | string) => {
      all += d.toString();
      if (test(all)) {
        stream.off('data', onData);
        resolve(all);
      }
    };
    stream.on('data', onData);
  });
}
