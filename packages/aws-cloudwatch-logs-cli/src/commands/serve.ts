import { startEmulator } from '@integrations/aws-cloudwatch-logs-emulator';
import type { Command } from 'commander';
import type { ActionRunner, CommandContext } from '../command-context.js';
import { UsageError } from '../errors.js';
import { writeLine } from '../io.js';

type Auth = 'sigv4' | 'any-key' | 'none';

export function registerServe(program: Command, run: ActionRunner): void {
  program
    .command('serve')
    .description('run the local CloudWatch Logs emulator (the AWS SDK and CLI work against it)')
    .option(
      '--host <address>',
      'address to listen on (others than loopback need --auth sigv4)',
      '127.0.0.1',
    )
    .option('--port <number>', 'port to listen on; 0 picks a free one', '4566')
    .option('--persist <dir>', 'keep the data in <dir> across restarts')
    .option('--auth <mode>', 'sigv4 | any-key | none', 'sigv4')
    .addHelpText(
      'after',
      `
Examples:
  $ cwlogs serve
  $ cwlogs serve --port 0 --persist ./cwlogs-data
  $ cwlogs serve --auth any-key     # accept any well-formed SigV4 key, as LocalStack does`,
    )
    .action(
      run(
        async (
          ctx: CommandContext,
          opts: { host: string; port: string; persist?: string; auth: string },
        ) => {
          const port = Number(opts.port);
          if (!Number.isInteger(port) || port < 0 || port > 65_535)
            throw new UsageError(`--port must be a whole number from 0 to 65535, not ${opts.port}`);
          if (opts.auth !== 'sigv4' && opts.auth !== 'any-key' && opts.auth !== 'none')
            throw new UsageError(`--auth must be sigv4, any-key or none, not ${opts.auth}`);
          const emulator = await startEmulator({
            host: opts.host,
            port,
            auth: { mode: opts.auth as Auth },
            region: ctx.global.region ?? 'us-east-1',
            ...(opts.persist !== undefined ? { persistDir: opts.persist } : {}),
            onError: (error) => writeLine(ctx.io.stderr, `emulator: ${(error as Error).message}`),
          });
          const { stdout, stderr } = ctx.io;
          writeLine(stdout, `endpoint: ${emulator.endpoint}`);
          writeLine(stdout, `region: ${emulator.region}`);
          if (emulator.credentials) {
            writeLine(stdout, `access key ID: ${emulator.credentials.accessKeyId}`);
            writeLine(stdout, `secret access key: ${emulator.credentials.secretAccessKey}`);
          }
          writeLine(
            stderr,
            ctx.err.dim(
              `Use it with: cwlogs --endpoint ${emulator.endpoint} --region ${emulator.region} … (credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). Ctrl-C stops it.`,
            ),
          );
          await new Promise<void>((resolve) => {
            if (ctx.io.signal.aborted) resolve();
            else ctx.io.signal.addEventListener('abort', () => resolve(), { once: true });
          });
          await emulator.close();
          writeLine(stderr, 'emulator stopped');
        },
      ),
    );
}
