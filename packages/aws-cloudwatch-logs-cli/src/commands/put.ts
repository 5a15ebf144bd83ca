import { createInterface } from 'node:readline';
import { LOG_LEVELS, type LogLevel, RESERVED_KEYS } from '@integrations/aws-cloudwatch-logs';
import type { Command } from 'commander';
import type { ActionRunner } from '../command-context.js';
import { CommandError, UsageError } from '../errors.js';
import { writeLine } from '../io.js';

function levelOf(value: unknown): LogLevel {
  const upper = typeof value === 'string' ? value.toUpperCase() : 'INFO';
  return (LOG_LEVELS as readonly string[]).includes(upper)
    ? (upper as LogLevel)
    : ('INFO' as LogLevel);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function registerPut(program: Command, run: ActionRunner): void {
  program
    .command('put <group> <stream>')
    .description('send stdin to a log stream, one event per line, through the batch buffer')
    .option(
      '--ndjson',
      'each line is a JSON object; {level, message, trace_id, …} become structured events',
    )
    .option('--no-create', 'fail instead of creating the group and stream when missing')
    .addHelpText(
      'after',
      `
Examples:
  $ tail -f app.log | cwlogs put /app/api web-1
  $ cat events.ndjson | cwlogs put /app/api web-1 --ndjson

Every line is sent before the command exits (flushed on end of input).`,
    )
    .action(
      run(
        async (ctx, group: string, stream: string, opts: { ndjson?: boolean; create: boolean }) => {
          const client = await ctx.client();
          if (opts.create)
            await client.streams.ensureExists(group, stream, {
              createGroup: true,
              signal: ctx.io.signal,
            });
          const lines = createInterface({
            input: ctx.io.stdin,
            crlfDelay: Number.POSITIVE_INFINITY,
          });
          let count = 0;
          let lineNumber = 0;
          for await (const line of lines) {
            lineNumber += 1;
            if (line.trim() === '') continue;
            let pending: void | Promise<void>;
            if (opts.ndjson) {
              let parsed: unknown;
              try {
                parsed = JSON.parse(line);
              } catch {
                throw new UsageError(
                  `line ${lineNumber} is not JSON; drop --ndjson to send lines as they are`,
                );
              }
              if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
                throw new UsageError(`line ${lineNumber} is not a JSON object`);
              const o = parsed as Record<string, unknown>;
              const fields = Object.fromEntries(
                Object.entries(o).filter(([k]) => !RESERVED_KEYS.has(k)),
              );
              const time =
                typeof o.timestamp === 'string' || typeof o.timestamp === 'number'
                  ? new Date(o.timestamp).getTime()
                  : Number.NaN;
              const traceId = text(o.trace_id);
              const requestId = text(o.request_id);
              const spanId = text(o.span_id);
              const service = text(o.service);
              pending = client.events.putStructured(group, stream, {
                level: levelOf(o.level),
                message:
                  typeof o.message === 'string' ? o.message : JSON.stringify(o.message ?? ''),
                ...(Number.isFinite(time) ? { timestamp: time } : {}),
                ...(traceId ? { traceId } : {}),
                ...(requestId ? { requestId } : {}),
                ...(spanId ? { spanId } : {}),
                ...(service ? { service } : {}),
                fields,
              });
            } else {
              pending = client.events.putBuffered(group, stream, {
                timestamp: Date.now(),
                message: line,
              });
            }
            if (pending) await pending;
            count += 1;
          }
          const report = await client.flush();
          const failed = report.failed + report.dropped;
          if (failed > 0)
            throw new CommandError(
              `${failed} of ${count} events were not accepted (${JSON.stringify(report)})`,
            );
          writeLine(ctx.io.stderr, `sent ${count} events to ${group} ${stream}`);
        },
      ),
    );
}
