// The CloudWatch Logs client against @aws-sdk/client-cloudwatch-logs, in the same run:
// - import time: a fresh `node` that imports the package and creates a client (gross), and the
//   same minus a bare `node -e ''` run in the same round (net: what the package itself costs);
//   medians over interleaved rounds;
// - cold start: the same fresh `node`, which also sends one DescribeLogGroups to the emulator and
//   exits, so that nothing deferred from import to the first request goes unmeasured;
// - installed size: the package and its whole run-time dependency closure on disk (workspace
//   packages as `pnpm pack` packs them, third-party ones as installed in node_modules);
// - DescribeLogGroups round trips per second against the emulator (in a child process, SigV4,
//   50 log groups), one and sixteen calls in flight, interleaved rounds, medians.
//
//   cd tooling/bench && node run.mjs client     (needs `pnpm build` first)
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { createCloudWatchLogsClient } from '@integrations/aws-cloudwatch-logs';
import { fromStatic } from '@integrations/aws-credentials';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { installedSize } from '../lib/installed-size.js';
import { compare, median } from '../lib/measure.js';
import { checkTarget, printRatios } from '../lib/report.js';

const HERE = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const IMPORT_RUNS = 21;
const KEY = {
  accessKeyId: 'AKIDBENCHMARK0000001',
  secretAccessKey: 'bench-secret-key-000000000000000000000000',
};

const SCRIPTS = {
  baseline: '',
  ours: `import { createCloudWatchLogsClient } from '@integrations/aws-cloudwatch-logs';
createCloudWatchLogsClient({ region: 'us-east-1', credentials: { getCredentials: async () => (${JSON.stringify(KEY)}) } });`,
  sdk: `import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
new CloudWatchLogsClient({ region: 'us-east-1', credentials: ${JSON.stringify(KEY)} });`,
};

const COLD_SCRIPTS = {
  baseline: '',
  ours: `import { createCloudWatchLogsClient } from '@integrations/aws-cloudwatch-logs';
const client = createCloudWatchLogsClient({ region: 'us-east-1', endpoint: process.env.BENCH_ENDPOINT, credentials: { getCredentials: async () => (${JSON.stringify(KEY)}) } });
await client.groups.describe({ limit: 1 });
await client.close();`,
  sdk: `import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
const client = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: process.env.BENCH_ENDPOINT, credentials: ${JSON.stringify(KEY)} });
await client.send(new DescribeLogGroupsCommand({ limit: 1 }));
client.destroy();`,
};

function timeNode(script: string, env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: HERE,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`import failed: ${result.stderr.toString()}`);
  return ms;
}

/**
 * Fresh-process times of each script, interleaved round by round: node alone, ours, the SDK. The
 * gross times are medians; the net ones are medians of each round's own difference from node
 * alone, so that a slow spell of the machine, which stretches a whole round, cancels out.
 */
function processTimes(scripts: typeof SCRIPTS, env?: NodeJS.ProcessEnv): ProcessTimes {
  const runs = { baseline: [] as number[], ours: [] as number[], sdk: [] as number[] };
  for (const name of ['baseline', 'ours', 'sdk'] as const) timeNode(scripts[name], env);
  for (let i = 0; i < IMPORT_RUNS; i += 1)
    for (const name of ['baseline', 'ours', 'sdk'] as const)
      runs[name].push(timeNode(scripts[name], env));
  const net = (name: 'ours' | 'sdk') => median(runs[name].map((ms, i) => ms - runs.baseline[i]!));
  return {
    base: median(runs.baseline),
    ours: median(runs.ours),
    sdk: median(runs.sdk),
    oursNet: net('ours'),
    sdkNet: net('sdk'),
  };
}

interface ProcessTimes {
  base: number;
  ours: number;
  sdk: number;
  oursNet: number;
  sdkNet: number;
}

async function coldStart(): Promise<void> {
  const { child, endpoint } = await startEmulatorProcess(KEY);
  try {
    const times = processTimes(COLD_SCRIPTS, { ...process.env, BENCH_ENDPOINT: endpoint });
    reportProcessTimes(
      'Cold start: import, create a client, one DescribeLogGroups, exit (gross, ms; lower is better)',
      times,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

/** Prints the three gross times and their net of node's start-up; returns the net ratio. */
function reportProcessTimes(title: string, times: ProcessTimes): number {
  printRatios(
    title,
    [
      { name: 'node -e ""', value: times.base, unit: 'ms' },
      { name: '@integrations/aws-cloudwatch-logs', value: times.ours, unit: 'ms' },
      { name: '@aws-sdk/client-cloudwatch-logs', value: times.sdk, unit: 'ms' },
    ],
    '@aws-sdk/client-cloudwatch-logs',
    false,
  );
  const net = times.oursNet / times.sdkNet;
  console.log(
    `net of node start-up (median of per-round differences): ours ${times.oursNet.toFixed(1)} ms, sdk ${times.sdkNet.toFixed(1)} ms, ours / sdk ${net.toFixed(3)}`,
  );
  if (!(times.oursNet > 0 && times.sdkNet > 0)) {
    console.log('the machine was too noisy for a net time: run the benchmark again');
    return Number.NaN;
  }
  return net;
}

function importTimes(): void {
  const net = reportProcessTimes(
    'Import and create a client, fresh node process (gross, ms; lower is better)',
    processTimes(SCRIPTS),
  );
  // The target is about what the package costs, so it is checked net of node's own start-up.
  checkTarget('import time net, ours / sdk', net, 0.2, false);
}

function sizes(): void {
  const ours = installedSize('@integrations/aws-cloudwatch-logs', HERE, ROOT);
  const sdk = installedSize('@aws-sdk/client-cloudwatch-logs', HERE, ROOT);
  printRatios(
    'Installed size with the run-time dependency closure (bytes; lower is better)',
    [
      {
        name: `@integrations/aws-cloudwatch-logs (${ours.packages} packages)`,
        value: ours.bytes,
        unit: 'bytes',
      },
      {
        name: `@aws-sdk/client-cloudwatch-logs (${sdk.packages} packages)`,
        value: sdk.bytes,
        unit: 'bytes',
      },
    ],
    `@aws-sdk/client-cloudwatch-logs (${sdk.packages} packages)`,
    false,
  );
  const largest = (size: typeof ours) =>
    size.parts
      .slice(0, 4)
      .map((p) => `${p.name} ${(p.bytes / 1e6).toFixed(2)} MB`)
      .join(', ');
  console.log(`largest in ours: ${largest(ours)}`);
  console.log(`largest in sdk: ${largest(sdk)}`);
  checkTarget('installed size, ours / sdk', ours.bytes / sdk.bytes, 0.1, false);
}

async function roundTrips(): Promise<void> {
  const { child, endpoint } = await startEmulatorProcess(KEY);
  try {
    const ours = createCloudWatchLogsClient({
      region: 'us-east-1',
      endpoint,
      credentials: fromStatic(KEY),
    });
    const sdk = new CloudWatchLogsClient({ region: 'us-east-1', endpoint, credentials: KEY });
    for (let i = 0; i < 50; i += 1)
      await sdk.send(
        new CreateLogGroupCommand({
          logGroupName: `/bench/client/group-${String(i).padStart(2, '0')}`,
        }),
      );
    const check = await ours.groups.describe({ logGroupNamePrefix: '/bench/client/', limit: 50 });
    if (check.logGroups?.length !== 50) throw new Error('expected 50 log groups');
    for (const inFlight of [1, 16]) {
      const oursCall = () =>
        ours.groups.describe({ logGroupNamePrefix: '/bench/client/', limit: 50 });
      const sdkCall = () =>
        sdk.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/bench/client/', limit: 50 }));
      const samples = await compare(
        [
          {
            name: '@integrations/aws-cloudwatch-logs',
            fn: () => Promise.all(Array.from({ length: inFlight }, oursCall)),
          },
          {
            name: '@aws-sdk/client-cloudwatch-logs',
            fn: () => Promise.all(Array.from({ length: inFlight }, sdkCall)),
          },
        ],
        { repeats: 7, roundMs: 700 },
      );
      const ratios = printRatios(
        `DescribeLogGroups (50 groups) round trips per second, ${inFlight} in flight`,
        samples.map((s) => ({ name: s.name, value: s.opsPerSecond * inFlight, unit: 'calls/s' })),
        '@aws-sdk/client-cloudwatch-logs',
      );
      checkTarget(
        `round trips, ${inFlight} in flight, ours / sdk`,
        ratios.get('@integrations/aws-cloudwatch-logs')!,
        1.5,
      );
    }
    await ours.close();
    sdk.destroy();
  } finally {
    child.kill('SIGTERM');
  }
}

importTimes();
await coldStart();
sizes();
await roundTrips();
