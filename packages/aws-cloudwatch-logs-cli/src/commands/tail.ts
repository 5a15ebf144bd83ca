import type { FilteredLogEvent } from '@integrations/aws-cloudwatch-logs';
import type { Command } from 'commander';
import { type ActionRunner, pause } from '../command-context.js';
import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';
import { writeLine } from '../io.js';
import { formatEventJson, formatEventText } from '../render/event-line.js';

/** Events that arrive late with an older timestamp are still caught within this window. */
const LOOKBACK_MS = 10_000;

export function registerTail(program: Command, run: ActionRunner): void {
  program
    .command('tail <group>')
    .description("print a log group's events, and with --follow keep printing new ones")
    .option('-f, --follow', 'keep watching for new events (Ctrl-C stops)')
    .option('--filter <pattern>', 'a CloudWatch filter pattern, e.g. \'{ $.level = "ERROR" }\'')
    .option('--since <duration>', 'how far back to start, e.g. 30s, 10m, 2h, 1d', '10m')
    .option('--stream-prefix <prefix>', 'only streams whose name starts with this')
    .option('--format <format>', 'text | json', 'text')
    .option('--poll-interval <duration>', 'how often --follow asks for new events', '1s')
    .addHelpText(
      'after',
      `
Examples:
  $ cwlogs tail /app/api --since 1h
  $ cwlogs tail /app/api --follow --filter '{ $.level = "ERROR" }'
  $ cwlogs tail /app/api --stream-prefix web- --format json | jq .message`,
    )
    .action(
      run(
        async (
          ctx,
          group: string,
          opts: {
            follow?: boolean;
            filter?: string;
            since: string;
            streamPrefix?: string;
            format: string;
            pollInterval: string;
          },
        ) => {
          if (opts.format !== 'text' && opts.format !== 'json')
            throw new UsageError(`--format must be text or json, not ${opts.format}`);
          const since = parseDuration(opts.since, '--since');
          const poll = parseDuration(opts.pollInterval, '--poll-interval');
          const client = await ctx.client();
          const signal = ctx.io.signal;
          const print = (e: FilteredLogEvent) =>
            writeLine(
              ctx.io.stdout,
              opts.format === 'json' ? formatEventJson(e) : formatEventText(e, ctx.out),
            );
          let startTime = Date.now() - since;
          let newest = startTime;
          const seen = new Map<string, number>();
          while (!signal.aborted) {
            const batch: FilteredLogEvent[] = [];
            try {
              for await (const e of client.events.filterAll(
                {
                  logGroupName: group,
                  startTime,
                  ...(opts.filter !== undefined ? { filterPattern: opts.filter } : {}),
                  ...(opts.streamPrefix !== undefined
                    ? { logStreamNamePrefix: opts.streamPrefix }
                    : {}),
                },
                { signal },
              )) {
                const id = e.eventId ?? `${e.logStreamName}:${e.timestamp}:${e.message}`;
                if (seen.has(id)) continue;
                seen.set(id, e.timestamp ?? 0);
                batch.push(e);
              }
            } catch (error) {
              if (signal.aborted) break;
              throw error;
            }
            batch.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
            for (const e of batch) {
              print(e);
              newest = Math.max(newest, e.timestamp ?? 0);
            }
            if (!opts.follow) break;
            startTime = Math.max(startTime, newest - LOOKBACK_MS);
            for (const [id, ts] of seen) if (ts < startTime) seen.delete(id);
            await pause(poll, signal);
          }
        },
      ),
    );
}
