import {
  type CloudWatchLogsClient,
  createCloudWatchLogsClient,
  TimeRange,
} from '@integrations/aws-cloudwatch-logs';
import { type Emulator, startEmulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { fromStatic } from '@integrations/aws-credentials';
import type { Command } from 'commander';
import type { ActionRunner, CommandContext } from '../command-context.js';
import { DEMO_SERVICES, type DemoService, simulateTraffic } from '../demo/traffic.js';
import { parsePositiveInt } from '../duration.js';
import { CommandError } from '../errors.js';
import { writeLine } from '../io.js';
import { createProgressBar } from '../progress.js';
import { renderRecords } from '../render/records.js';
import { renderWaterfall } from '../render/waterfall.js';

interface DemoFlags {
  requests: string;
  concurrency: string;
  seed: string;
  aws?: boolean;
}

async function connect(
  ctx: CommandContext,
  useAws: boolean,
): Promise<{ client: CloudWatchLogsClient; emulator?: Emulator; where: string }> {
  if (useAws) {
    const client = await ctx.client();
    return { client, where: ctx.global.endpoint ?? `CloudWatch Logs in ${client.settings.region}` };
  }
  const emulator = await startEmulator({
    auth: { mode: 'sigv4' },
    port: 0,
    region: ctx.global.region ?? 'us-east-1',
  });
  const client = createCloudWatchLogsClient({
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: fromStatic(emulator.credentials!),
  });
  return { client, emulator, where: `the embedded emulator at ${emulator.endpoint} (SigV4)` };
}

export function registerDemo(program: Command, run: ActionRunner): void {
  program
    .command('demo')
    .description(
      'see it all work: three services log correlated events, then one trace is followed across them',
    )
    .option('--requests <n>', 'requests the simulated services handle', '2000')
    .option('--concurrency <n>', 'requests in flight at once', '100')
    .option('--seed <n>', 'seed of the simulation (same seed, same traffic shape)', '42')
    .option(
      '--aws',
      'use your AWS configuration (real CloudWatch Logs) instead of the embedded emulator',
    )
    .addHelpText(
      'after',
      `
With no AWS configuration it starts a CloudWatch Logs emulator in-process on a loopback port.
--endpoint (or --aws, --profile, --region) points it at any other CloudWatch Logs, real AWS included;
it then writes to the log groups /cwlogs-demo/api, /cwlogs-demo/auth and /cwlogs-demo/db.

Examples:
  $ cwlogs demo
  $ cwlogs demo --requests 5000
  $ cwlogs demo --endpoint http://127.0.0.1:4566 --region us-east-1`,
    )
    .action(
      run(async (ctx, flags: DemoFlags) => {
        const requests = parsePositiveInt(flags.requests, '--requests');
        const concurrency = parsePositiveInt(flags.concurrency, '--concurrency');
        const seed = parsePositiveInt(flags.seed, '--seed');
        const useAws =
          flags.aws === true ||
          ctx.global.endpoint !== undefined ||
          ctx.global.profile !== undefined;
        const { stdout, stderr } = ctx.io;
        const started = Date.now();
        const { client, emulator, where } = await connect(ctx, useAws);
        try {
          writeLine(stderr, ctx.err.bold(`cwlogs demo: writing to ${where}`));
          const groups = Object.fromEntries(
            DEMO_SERVICES.map((s) => [s, `/cwlogs-demo/${s}`]),
          ) as Record<DemoService, string>;
          const logStream = `run-${new Date(started).toISOString().replace(/[:.]/g, '-')}`;

          const bar = createProgressBar(ctx.io, requests, 'api → auth → db');
          const handled = await simulateTraffic({
            client,
            groups,
            logStream,
            requests,
            concurrency,
            seed,
            errorRate: 0.03,
            signal: ctx.io.signal,
            onRequestDone: () => bar.increment(),
          });
          bar.stop();
          const report = await client.flush();
          writeLine(
            stderr,
            `${handled.length} requests handled; every event flushed to ${DEMO_SERVICES.length} log groups`,
          );
          if (report.failed + report.dropped > 0)
            throw new CommandError(`${report.failed + report.dropped} events were not delivered`);

          const chosen = handled.find((h) => h.failedAt === 'db') ?? handled[0];
          if (!chosen) throw new CommandError('no request was handled');
          const window = TimeRange.fromEpochMillis(started - 60_000, Date.now() + 60_000);
          const names = DEMO_SERVICES.map((s) => groups[s]);
          writeLine(stderr, ctx.err.dim(`following trace ${chosen.traceId} with Logs Insights…`));
          const timeline = await client.insights.queryByTraceId(names, chosen.traceId, window, {
            signal: ctx.io.signal,
          });
          writeLine(stdout, renderWaterfall(timeline, { colours: ctx.out }));
          writeLine(stdout);

          const stats = await client.insights.query(
            {
              queryString: `filter @logStream = "${logStream}" | stats count(*) as events by service, level | sort service asc, level asc`,
              logGroupNames: names,
              ...window.toEpochSeconds(),
            },
            { timeoutMs: 60_000, signal: ctx.io.signal },
          );
          writeLine(
            stdout,
            renderRecords(stats.records, 'table', { colour: ctx.out.isColorSupported }),
          );
          writeLine(
            stderr,
            ctx.err.green(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`) +
              ctx.err.dim(' — next: cwlogs serve, then cwlogs tail / query / trace against it'),
          );
        } finally {
          await client.close();
          await emulator?.close();
        }
      }),
    );
}
