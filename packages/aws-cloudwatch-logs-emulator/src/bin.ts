#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { AuthOptions } from './auth.js';
import { startEmulator } from './emulator.js';

const USAGE = `Usage: cwlogs-emulator [options]

A local AWS CloudWatch Logs server speaking the real wire protocol.

Options:
  --host <address>     address to listen on (default 127.0.0.1; others need --auth sigv4)
  --port <number>      port to listen on (default 4566; 0 picks a free one)
  --region <region>    region in ARNs and signatures (default us-east-1)
  --account <id>       12-digit account ID in ARNs (default 000000000000)
  --auth <mode>        sigv4 | any-key | none (default sigv4)
  --persist <dir>      keep data in <dir> across restarts (journal and snapshots)
  -h, --help           show this help

In sigv4 mode the key pair comes from CWLOGS_EMULATOR_ACCESS_KEY_ID and
CWLOGS_EMULATOR_SECRET_ACCESS_KEY when both are set, else a random pair is made;
either way it is printed at start.`;

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const mode = args.auth ?? 'sigv4';
  if (mode !== 'sigv4' && mode !== 'any-key' && mode !== 'none') {
    process.stderr.write(`--auth must be sigv4, any-key or none, got ${mode}\n`);
    return 2;
  }
  const port = Number(args.port ?? '4566');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be an integer from 0 to 65535, got ${args.port}\n`);
    return 2;
  }
  const id = process.env.CWLOGS_EMULATOR_ACCESS_KEY_ID;
  const secret = process.env.CWLOGS_EMULATOR_SECRET_ACCESS_KEY;
  const auth: AuthOptions =
    mode === 'sigv4'
      ? {
          mode,
          ...(id && secret ? { credentials: [{ accessKeyId: id, secretAccessKey: secret }] } : {}),
        }
      : { mode };
  // Listen for signals before printing: a supervisor may signal as soon as it reads the endpoint.
  let stopRequested = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopRequested = true;
    wake?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const emulator = await startEmulator({
    host: args.host ?? '127.0.0.1',
    port,
    auth,
    ...(args.region !== undefined ? { region: args.region } : {}),
    ...(args.account !== undefined ? { accountId: args.account } : {}),
    ...(args.persist !== undefined ? { persistDir: args.persist } : {}),
    onError: (error) =>
      process.stderr.write(`cwlogs-emulator: ${(error as Error).message ?? error}\n`),
  });
  const lines = [
    `CloudWatch Logs emulator listening on ${emulator.endpoint}`,
    `endpoint: ${emulator.endpoint}`,
    `region: ${emulator.region}`,
    `auth: ${mode}`,
  ];
  if (emulator.credentials)
    lines.push(
      `access key ID: ${emulator.credentials.accessKeyId}`,
      `secret access key: ${emulator.credentials.secretAccessKey}`,
    );
  if (args.persist !== undefined) lines.push(`data: ${args.persist}`);
  process.stdout.write(`${lines.join('\n')}\n`);

  if (!stopRequested)
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  await emulator.close();
  process.stdout.write('stopped\n');
  return 0;
}

function parse() {
  return parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      region: { type: 'string' },
      account: { type: 'string' },
      auth: { type: 'string' },
      persist: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `cwlogs-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
