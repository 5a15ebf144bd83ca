import type { Command } from 'commander';
import type { ActionRunner } from '../command-context.js';
import { parseDuration, parsePositiveInt } from '../duration.js';
import { writeLine } from '../io.js';
import { checkRecordFormat, renderRecords } from '../render/records.js';
import { spinnerFor } from '../spinner.js';
import { groupsRequest, windowFrom } from '../time-window.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerQuery(program: Command, run: ActionRunner): void {
  program
    .command('query <query>')
    .description('run a Logs Insights query and print its results')
    .requiredOption('-g, --group <group>', 'log group name or ARN (repeat for several)', collect)
    .option('--since <duration>', 'query the last 30m, 1h, 2d… (default 1h)')
    .option('--start <time>', 'start of the window: ISO date-time or epoch milliseconds')
    .option('--end <time>', 'end of the window (default now)')
    .option('--limit <n>', 'at most this many rows')
    .option('--timeout <duration>', 'give up (and stop the query) after this long', '5m')
    .option('--format <format>', 'table | json | csv', 'table')
    .addHelpText(
      'after',
      `
Examples:
  $ cwlogs query 'fields @timestamp, @message | filter level = "ERROR" | limit 20' -g /app/api
  $ cwlogs query 'stats count(*) by service, level' -g /app/api -g /app/db --since 2h
  $ cwlogs query 'stats avg(duration_ms) by bin(5m)' -g /app/api --format csv > latency.csv

Ctrl-C stops the query on the server too.`,
    )
    .action(
      run(
        async (
          ctx,
          queryString: string,
          opts: {
            group: string[];
            since?: string;
            start?: string;
            end?: string;
            limit?: string;
            timeout: string;
            format: string;
          },
        ) => {
          const format = checkRecordFormat(opts.format);
          const window = windowFrom(opts);
          const timeoutMs = parseDuration(opts.timeout, '--timeout');
          const limit =
            opts.limit === undefined ? undefined : parsePositiveInt(opts.limit, '--limit');
          const client = await ctx.client();
          const spinner = spinnerFor(ctx.io, 'running query…');
          try {
            const result = await client.insights.query(
              {
                queryString,
                ...groupsRequest(opts.group),
                ...window.toEpochSeconds(),
                ...(limit !== undefined ? { limit } : {}),
              },
              { timeoutMs, signal: ctx.io.signal },
            );
            const s = result.statistics;
            spinner.stop(
              `${result.records.length} rows · ${s?.recordsMatched ?? 0} matched of ${s?.recordsScanned ?? 0} scanned`,
            );
            writeLine(
              ctx.io.stdout,
              renderRecords(result.records, format, { colour: ctx.out.isColorSupported }),
            );
          } catch (error) {
            spinner.stop('query failed', false);
            throw error;
          }
        },
      ),
    );
}
