import type { Command } from 'commander';
import type { ActionRunner } from '../command-context.js';
import { parseDuration } from '../duration.js';
import { CommandError, UsageError } from '../errors.js';
import { writeLine } from '../io.js';
import { renderWaterfall } from '../render/waterfall.js';
import { spinnerFor } from '../spinner.js';
import { windowFrom } from '../time-window.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerTrace(program: Command, run: ActionRunner): void {
  program
    .command('trace <id>')
    .description(
      'follow one trace (or, with --request, one request) across log groups as a waterfall',
    )
    .requiredOption('-g, --group <group>', 'log group name or ARN (repeat for several)', collect)
    .option('--request', 'the id is a request ID rather than a trace ID')
    .option('--since <duration>', 'look back this far (default 1h)')
    .option('--start <time>', 'start of the window: ISO date-time or epoch milliseconds')
    .option('--end <time>', 'end of the window (default now)')
    .option('--widen <duration>', 'if nothing is found, look again over this longer window', '24h')
    .option('--format <format>', 'waterfall | json', 'waterfall')
    .addHelpText(
      'after',
      `
Examples:
  $ cwlogs trace 4bf92f3577b34da6a3ce929d0e0e4736 -g /app/api -g /app/auth -g /app/db
  $ cwlogs trace req-8f3a --request -g /app/api --since 6h --format json`,
    )
    .action(
      run(
        async (
          ctx,
          id: string,
          opts: {
            group: string[];
            request?: boolean;
            since?: string;
            start?: string;
            end?: string;
            widen: string;
            format: string;
          },
        ) => {
          if (opts.format !== 'waterfall' && opts.format !== 'json')
            throw new UsageError(`--format must be waterfall or json, not ${opts.format}`);
          const window = windowFrom(opts);
          const widen = { durationMs: parseDuration(opts.widen, '--widen') };
          const client = await ctx.client();
          const spinner = spinnerFor(ctx.io, `looking for ${id}…`);
          const options = { widenIfEmpty: widen, signal: ctx.io.signal };
          let timeline: Awaited<ReturnType<typeof client.insights.queryByTraceId>>;
          try {
            timeline = opts.request
              ? await client.insights.queryByRequestId(opts.group, id, window, options)
              : await client.insights.queryByTraceId(opts.group, id, window, options);
            spinner.stop(`${timeline.events.length} events`);
          } catch (error) {
            spinner.stop('query failed', false);
            throw error;
          }
          if (timeline.events.length === 0)
            throw new CommandError(
              `no events with ${opts.request ? 'request_id' : 'trace_id'} ${id} in ${opts.group.join(', ')} (try a longer --since)`,
            );
          writeLine(
            ctx.io.stdout,
            opts.format === 'json'
              ? JSON.stringify(timeline, null, 2)
              : renderWaterfall(timeline, { colours: ctx.out }),
          );
        },
      ),
    );
}
