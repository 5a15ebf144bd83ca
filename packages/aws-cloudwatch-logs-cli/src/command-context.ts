import type { CloudWatchLogsClient } from '@integrations/aws-cloudwatch-logs';
import type { Command } from 'commander';
import { createCliClient, type GlobalOptions } from './client-factory.js';
import { type CliIO, type Colours, coloursFor } from './io.js';

/** What every command's action receives. */
export interface CommandContext {
  readonly io: CliIO;
  readonly global: GlobalOptions;
  /** Colours for stdout (machine output) and stderr (messages), each decided on its own TTY. */
  readonly out: Colours;
  readonly err: Colours;
  /** A client from the global options; closed (flushing anything buffered) when the command ends. */
  client(): Promise<CloudWatchLogsClient>;
}

export function contextFor(
  command: Command,
  io: CliIO,
  opened: CloudWatchLogsClient[],
): CommandContext {
  const global = command.optsWithGlobals() as GlobalOptions;
  return {
    io,
    global,
    out: coloursFor(io.stdout, io.env),
    err: coloursFor(io.stderr, io.env),
    async client() {
      const client = await createCliClient(global, io);
      opened.push(client);
      return client;
    },
  };
}

/** Waits `ms`, or less when the signal aborts; never rejects. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Wraps a command's action so it receives a {@link CommandContext} before its arguments. */
export type ActionRunner = <A extends unknown[]>(
  fn: (ctx: CommandContext, ...args: A) => Promise<void>,
) => (...args: unknown[]) => Promise<void>;
