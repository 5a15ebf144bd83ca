import type { Command } from 'commander';
import type { ActionRunner } from '../command-context.js';
import { writeLine } from '../io.js';
import { checkRecordFormat, renderRecords } from '../render/records.js';

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

export function registerStreams(program: Command, run: ActionRunner): void {
  const streams = program
    .command('streams')
    .description('list, create and delete the log streams of a group')
    .addHelpText(
      'after',
      `
Examples:
  $ cwlogs streams ls /app/api --prefix web-
  $ cwlogs streams create /app/api web-1
  $ cwlogs streams rm /app/api web-1`,
    );

  streams
    .command('ls <group>')
    .description('list the streams of a log group, most recently written first')
    .option('--prefix <prefix>', 'only streams whose name starts with this')
    .option('--format <format>', 'table | json | csv', 'table')
    .action(
      run(async (ctx, group: string, opts: { prefix?: string; format: string }) => {
        const format = checkRecordFormat(opts.format);
        const client = await ctx.client();
        const rows: Record<string, string>[] = [];
        for await (const s of client.streams.listAll(
          opts.prefix !== undefined
            ? { logGroupName: group, logStreamNamePrefix: opts.prefix }
            : { logGroupName: group, orderBy: 'LastEventTime', descending: true },
          { signal: ctx.io.signal },
        )) {
          rows.push({
            name: s.logStreamName ?? '',
            lastEvent: iso(s.lastEventTimestamp),
            firstEvent: iso(s.firstEventTimestamp),
            created: iso(s.creationTime),
          });
        }
        writeLine(
          ctx.io.stdout,
          renderRecords(rows, format, {
            colour: ctx.out.isColorSupported,
            columns: ['name', 'lastEvent', 'firstEvent', 'created'],
          }),
        );
      }),
    );

  streams
    .command('create <group> <stream>')
    .description('create a log stream')
    .option('--create-group', 'create the log group too when it does not exist')
    .action(
      run(async (ctx, group: string, stream: string, opts: { createGroup?: boolean }) => {
        const client = await ctx.client();
        if (opts.createGroup)
          await client.streams.ensureExists(group, stream, {
            createGroup: true,
            signal: ctx.io.signal,
          });
        else await client.streams.create(group, stream, { signal: ctx.io.signal });
        writeLine(ctx.io.stderr, `created ${group} ${stream}`);
      }),
    );

  streams
    .command('rm <group> <stream>')
    .description('delete a log stream and its events')
    .action(
      run(async (ctx, group: string, stream: string) => {
        const client = await ctx.client();
        await client.streams.delete(group, stream, { signal: ctx.io.signal });
        writeLine(ctx.io.stderr, `deleted ${group} ${stream}`);
      }),
    );
}
