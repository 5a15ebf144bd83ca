import { isRetentionDays, type RetentionDays } from '@integrations/aws-cloudwatch-logs';
import type { Command } from 'commander';
import type { ActionRunner } from '../command-context.js';
import { UsageError } from '../errors.js';
import { writeLine } from '../io.js';
import { checkRecordFormat, renderRecords } from '../render/records.js';

function retentionFrom(text: string): RetentionDays {
  const days = Number(text);
  if (!isRetentionDays(days)) {
    throw new UsageError(
      `retention must be one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days), not ${text}`,
    );
  }
  return days;
}

export function registerGroups(program: Command, run: ActionRunner): void {
  const groups = program
    .command('groups')
    .description('list, create and delete log groups, and set their retention')
    .addHelpText(
      'after',
      `
Examples:
  $ cwlogs groups ls --prefix /app/
  $ cwlogs groups create /app/api --retention 30
  $ cwlogs groups retention /app/api 90
  $ cwlogs groups retention /app/api none
  $ cwlogs groups rm /app/api`,
    );

  groups
    .command('ls')
    .description('list log groups')
    .option('--prefix <prefix>', 'only groups whose name starts with this')
    .option('--pattern <text>', 'only groups whose name contains this (case-insensitive)')
    .option('--format <format>', 'table | json | csv', 'table')
    .action(
      run(async (ctx, opts: { prefix?: string; pattern?: string; format: string }) => {
        const format = checkRecordFormat(opts.format);
        if (opts.prefix !== undefined && opts.pattern !== undefined)
          throw new UsageError('give --prefix or --pattern, not both');
        const client = await ctx.client();
        const rows: Record<string, string>[] = [];
        for await (const g of client.groups.listAll(
          {
            ...(opts.prefix !== undefined ? { logGroupNamePrefix: opts.prefix } : {}),
            ...(opts.pattern !== undefined ? { logGroupNamePattern: opts.pattern } : {}),
          },
          { signal: ctx.io.signal },
        )) {
          rows.push({
            name: g.logGroupName ?? '',
            retention:
              g.retentionInDays === undefined ? 'never expire' : `${g.retentionInDays} days`,
            storedBytes: String(g.storedBytes ?? 0),
            created: g.creationTime === undefined ? '' : new Date(g.creationTime).toISOString(),
            class: g.logGroupClass ?? '',
          });
        }
        writeLine(
          ctx.io.stdout,
          renderRecords(rows, format, {
            colour: ctx.out.isColorSupported,
            columns: ['name', 'retention', 'storedBytes', 'created', 'class'],
          }),
        );
      }),
    );

  groups
    .command('create <group>')
    .description('create a log group')
    .option('--retention <days>', 'delete events older than this many days')
    .option('--class <class>', 'STANDARD | INFREQUENT_ACCESS')
    .action(
      run(async (ctx, group: string, opts: { retention?: string; class?: string }) => {
        const retention = opts.retention === undefined ? undefined : retentionFrom(opts.retention);
        if (
          opts.class !== undefined &&
          opts.class !== 'STANDARD' &&
          opts.class !== 'INFREQUENT_ACCESS'
        )
          throw new UsageError(`--class must be STANDARD or INFREQUENT_ACCESS, not ${opts.class}`);
        const client = await ctx.client();
        await client.groups.create(
          {
            logGroupName: group,
            ...(opts.class !== undefined ? { logGroupClass: opts.class as 'STANDARD' } : {}),
          },
          { signal: ctx.io.signal },
        );
        if (retention !== undefined)
          await client.retention.set(group, retention, { signal: ctx.io.signal });
        writeLine(ctx.io.stderr, `created ${group}`);
      }),
    );

  groups
    .command('rm <group>')
    .description('delete a log group and every event in it')
    .action(
      run(async (ctx, group: string) => {
        const client = await ctx.client();
        await client.groups.delete(group, { signal: ctx.io.signal });
        writeLine(ctx.io.stderr, `deleted ${group}`);
      }),
    );

  groups
    .command('retention <group> <days>')
    .description('set how long events are kept, or "none" to keep them forever')
    .action(
      run(async (ctx, group: string, days: string) => {
        const client = await ctx.client();
        if (days === 'none' || days === 'never') {
          await client.retention.remove(group, { signal: ctx.io.signal });
          writeLine(ctx.io.stderr, `${group}: events never expire`);
        } else {
          await client.retention.set(group, retentionFrom(days), { signal: ctx.io.signal });
          writeLine(ctx.io.stderr, `${group}: events kept ${days} days`);
        }
      }),
    );
}
