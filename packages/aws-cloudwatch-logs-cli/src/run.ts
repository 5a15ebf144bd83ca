import type { CloudWatchLogsClient } from '@integrations/aws-cloudwatch-logs';
import { Command, CommanderError, Option } from 'commander';
import { type ActionRunner, contextFor } from './command-context.js';
import { registerDemo } from './commands/demo.js';
import { registerGroups } from './commands/groups.js';
import { registerPut } from './commands/put.js';
import { registerQuery } from './commands/query.js';
import { registerServe } from './commands/serve.js';
import { registerStreams } from './commands/streams.js';
import { registerTail } from './commands/tail.js';
import { registerTrace } from './commands/trace.js';
import { describeError, UsageError } from './errors.js';
import { type CliIO, coloursFor, writeLine } from './io.js';

const VERSION = '0.1.0';

/**
 * Runs `cwlogs` with `argv` (without the node and script paths) and resolves to its exit code:
 * 0 success, 1 a failed operation, 2 bad usage. It never calls `process.exit`.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const opened: CloudWatchLogsClient[] = [];
  const errColours = coloursFor(io.stderr, io.env);
  let debug = argv.includes('--debug');
  const runner: ActionRunner =
    (fn) =>
    async (...args) => {
      const command = args.at(-1) as Command;
      const ctx = contextFor(command, io, opened);
      debug = ctx.global.debug === true;
      await fn(ctx, ...(args.slice(0, -1) as never));
    };

  const program = new Command('cwlogs')
    .description(
      'AWS CloudWatch Logs from the command line: tail, query, trace, manage groups and streams, run a local emulator.',
    )
    .version(VERSION)
    .addOption(
      new Option('--region <region>', 'AWS region (default: AWS_REGION, then your profile)'),
    )
    .addOption(
      new Option('--profile <name>', 'AWS profile from ~/.aws/config and ~/.aws/credentials'),
    )
    .addOption(
      new Option(
        '--endpoint <url>',
        'a CloudWatch Logs endpoint, e.g. an emulator: http://127.0.0.1:4566',
      ),
    )
    .addOption(new Option('--debug', 'print stack traces of errors'))
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(errColours.red(s)),
    })
    .showHelpAfterError('(run cwlogs --help, or cwlogs <command> --help, for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ cwlogs demo                                  # no AWS account needed
  $ cwlogs serve --port 4566                     # a local CloudWatch Logs
  $ cwlogs tail /app/api --follow
  $ cwlogs query 'stats count(*) by level' -g /app/api --since 1h
  $ cwlogs trace 4bf92f3577b34da6a3ce929d0e0e4736 -g /app/api -g /app/db`,
    );

  registerDemo(program, runner);
  registerServe(program, runner);
  registerGroups(program, runner);
  registerStreams(program, runner);
  registerPut(program, runner);
  registerTail(program, runner);
  registerQuery(program, runner);
  registerTrace(program, runner);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help' ||
        error.code === 'commander.version'
      )
        return 0;
      return 2;
    }
    // Ctrl-C: the command has stopped what it started (a query is stopped on the server).
    if (io.signal.aborted) {
      writeLine(io.stderr, errColours.dim('cwlogs: interrupted'));
      return 130;
    }
    writeLine(io.stderr, errColours.red(`cwlogs: ${describeError(error)}`));
    if (debug && error instanceof Error && error.stack) writeLine(io.stderr, error.stack);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await Promise.allSettled(opened.map((client) => client.close()));
  }
}
