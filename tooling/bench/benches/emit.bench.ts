// Emitting structured logs: 500,000 events of about 200 bytes sent to the emulator over HTTP
// (SigV4), by this client (putStructured + close), by @aws-sdk/client-cloudwatch-logs fed
// ready-made batches, by winston-cloudwatch, and by the floor: a bare loop of JSON.stringify,
// SigV4 (which includes the SHA-256 of the body) and one undici request per batch.
// The emulator runs in its own process and each contender in a fresh child process, so the CPU
// time and peak RSS measured are the contender's alone. Medians of 3 runs, each contender of
// each run against a fresh emulator.
//
// Batches hold 4,000 events, not 10,000: 10,000 events of ~226 counted bytes exceed the
// 1,048,576-byte limit of PutLogEvents, so 4,000 (~0.9 MiB) is the optimal batch here.
// Every contender starts from the same event data and pays for turning it into messages
// (JSON.stringify), except 'sdk-prebuilt', whose batches are built before its clock starts.
// The floor signs with aws-signing's signRequest, as this client does (SigV4 hashes the body
// with SHA-256), so it is a true lower bound of this client's work per batch; it sends one
// request at a time on one connection, as a single stream's batches must go in order, building
// the next batch while one is in flight (so does the SDK contender).
//
//   cd tooling/bench && node run.mjs emit     (needs `pnpm build` first)
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { median } from '../lib/measure.js';
import { checkTarget, printRatios } from '../lib/report.js';

const EVENTS = 500_000;
const BATCH = 4_000;
const RUNS = 3;
const KEY = {
  accessKeyId: 'AKIDEMITBENCH0000001',
  secretAccessKey: 'emit-bench-secret-00000000000000000000',
};
const SELF = fileURLToPath(import.meta.url);
type Contender = 'ours' | 'ours-undici' | 'sdk' | 'sdk-prebuilt' | 'winston' | 'floor';

interface Result {
  events: number;
  seconds: number;
  cpuMicros: number;
  peakRss: number;
  putMicros?: number;
}

function fields(i: number) {
  return {
    route: `/api/orders/${i % 977}`,
    status: 200,
    durationMs: (i * 7919) % 1000,
    userId: `user-${i % 5003}`,
    pad: 'x'.repeat(40),
  };
}

function line(i: number): string {
  return JSON.stringify({
    level: 'INFO',
    message: 'handled request',
    timestamp: new Date().toISOString(),
    trace_id: `t-${i}`,
    ...fields(i),
  });
}

/** One optimal batch of ready messages, events i..i+BATCH-1. */
function batch(i: number): Array<{ timestamp: number; message: string }> {
  const logEvents = [];
  for (let j = i; j < i + BATCH; j += 1)
    logEvents.push({ timestamp: Date.now(), message: line(j) });
  return logEvents;
}

/**
 * Lets a request just started reach the socket, so the next batch is built while it is in
 * flight: one request at a time, as a stream's batches must go, but never idle while the
 * server works (this client overlaps the same way).
 */
const onTheWire = () => new Promise<void>((resolve) => setImmediate(resolve));

async function contender(name: Contender, endpoint: string): Promise<Result> {
  const group = `/bench/emit/${name}-${process.pid}`;
  // The SDK's second run gets every batch built before the clock starts: it then pays for
  // nothing but the sending, an upper bound for any SDK-based shipper.
  const prebuilt: Array<Array<{ timestamp: number; message: string }>> = [];
  if (name === 'sdk-prebuilt') for (let i = 0; i < EVENTS; i += BATCH) prebuilt.push(batch(i));
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const events = EVENTS;
  let putMicros: number | undefined;
  if (name === 'ours' || name === 'ours-undici') {
    const { createCloudWatchLogsClient } = await import('@integrations/aws-cloudwatch-logs');
    // The same client over the optional undici transport, to show what the default costs.
    const transport =
      name === 'ours-undici'
        ? (await import('@integrations/aws-json-rpc/undici')).createUndiciTransport()
        : undefined;
    const client = createCloudWatchLogsClient({
      region: 'us-east-1',
      endpoint,
      credentials: { getCredentials: async () => KEY },
      ...(transport !== undefined ? { transport } : {}),
    });
    await client.streams.ensureExists(group, 's', { createGroup: true });
    const perCall: number[] = [];
    for (let i = 0; i < EVENTS; i += 1000) {
      const s = process.hrtime.bigint();
      for (let j = i; j < i + 1000; j += 1) {
        const p = client.events.putStructured(group, 's', {
          level: 'INFO',
          message: 'handled request',
          traceId: `t-${j}`,
          fields: fields(j),
        });
        if (p) await p;
      }
      perCall.push(Number(process.hrtime.bigint() - s) / 1000 / 1000);
    }
    putMicros = median(perCall);
    await client.close();
    await transport?.close?.();
  } else if (name === 'sdk' || name === 'sdk-prebuilt') {
    const sdk = await import('@aws-sdk/client-cloudwatch-logs');
    const client = new sdk.CloudWatchLogsClient({
      region: 'us-east-1',
      endpoint,
      credentials: KEY,
    });
    await client.send(new sdk.CreateLogGroupCommand({ logGroupName: group }));
    await client.send(new sdk.CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
    let inFlight: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < EVENTS; i += BATCH) {
      const logEvents = prebuilt[i / BATCH] ?? batch(i);
      await inFlight;
      inFlight = client.send(
        new sdk.PutLogEventsCommand({ logGroupName: group, logStreamName: 's', logEvents }),
      );
      await onTheWire();
    }
    await inFlight;
    client.destroy();
  } else if (name === 'winston') {
    const winston = (await import('winston')).default;
    const WinstonCloudWatch = (await import('winston-cloudwatch')).default as unknown as new (
      o: object,
    ) => import('winston').transport & { kthxbye(cb: () => void): void };
    const transport = new WinstonCloudWatch({
      logGroupName: group,
      logStreamName: 's',
      awsOptions: { region: 'us-east-1', endpoint, credentials: KEY },
      jsonMessage: true,
      uploadRate: 10,
    });
    const logger = winston.createLogger({ transports: [transport] });
    for (let i = 0; i < events; i += 1)
      logger.info('handled request', { trace_id: `t-${i}`, ...fields(i) });
    await new Promise<void>((resolve) => transport.kthxbye(resolve));
  } else {
    const { signRequest } = await import('@integrations/aws-signing');
    const { Pool } = await import('undici');
    const url = new URL(endpoint);
    const pool = new Pool(endpoint, { connections: 1 });
    const send = async (target: string, body: string) => {
      const headers = signRequest(
        {
          method: 'POST',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: '/',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': `Logs_20140328.${target}`,
          },
          body,
        },
        { service: 'logs', region: 'us-east-1', credentials: KEY },
      ).headers;
      const response = await pool.request({ method: 'POST', path: '/', headers, body });
      await response.body.text();
      if (response.statusCode !== 200) throw new Error(`${target} ${response.statusCode}`);
    };
    await send('CreateLogGroup', JSON.stringify({ logGroupName: group }));
    await send('CreateLogStream', JSON.stringify({ logGroupName: group, logStreamName: 's' }));
    let inFlight: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < EVENTS; i += BATCH) {
      const body = JSON.stringify({ logGroupName: group, logStreamName: 's', logEvents: batch(i) });
      await inFlight;
      inFlight = send('PutLogEvents', body);
      await onTheWire();
    }
    await inFlight;
    await pool.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  return {
    events,
    seconds,
    cpuMicros: (cpu.user + cpu.system) / events,
    peakRss,
    ...(putMicros !== undefined ? { putMicros } : {}),
  };
}

async function main(): Promise<void> {
  const contenders: Contender[] = [
    'floor',
    'ours',
    'ours-undici',
    'sdk',
    'sdk-prebuilt',
    'winston',
  ];
  const results = new Map<Contender, Result[]>(contenders.map((c) => [c, []]));
  // A fresh emulator for every contender and run: a server already holding the earlier
  // contenders' events would be slower for the later ones.
  for (let run = 0; run < RUNS; run += 1) {
    for (const c of contenders) {
      const { child, endpoint } = await startEmulatorProcess(KEY);
      try {
        const out = spawnSync(process.execPath, ['--import', 'tsx', SELF, c, endpoint], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const last = out.stdout.trim().split('\n').at(-1) ?? '';
        if (out.status !== 0 || !last.startsWith('{'))
          throw new Error(`${c} failed: ${out.stdout}`);
        results.get(c)!.push(JSON.parse(last) as Result);
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  }
  const med = (c: Contender, f: (r: Result) => number) => median(results.get(c)!.map(f));
  const rate = (c: Contender) => med(c, (r) => r.events / r.seconds);
  const names: Record<Contender, string> = {
    floor: 'floor (stringify + SigV4 + undici)',
    ours: '@integrations/aws-cloudwatch-logs',
    'ours-undici': '@integrations/aws-cloudwatch-logs over undici',
    sdk: '@aws-sdk/client-cloudwatch-logs (4,000-event batches)',
    'sdk-prebuilt': '@aws-sdk/client-cloudwatch-logs (batches built before timing)',
    winston: 'winston-cloudwatch (uploadRate 10 ms)',
  };
  const rates = printRatios(
    'Events per second to the emulator over HTTP (higher is better)',
    contenders.map((c) => ({ name: names[c], value: rate(c), unit: 'events/s' })),
    names.sdk,
  );
  printRatios(
    'CPU per event, client process only (lower is better)',
    contenders.map((c) => ({
      name: names[c],
      value: med(c, (r) => r.cpuMicros),
      unit: 'µs/event',
    })),
    names.sdk,
    false,
  );
  printRatios(
    'Peak RSS (lower is better)',
    contenders.map((c) => ({
      name: names[c],
      value: med(c, (r) => r.peakRss) / 1024 / 1024,
      unit: 'MiB',
    })),
    names.sdk,
    false,
  );
  const put = med('ours', (r) => r.putMicros ?? Number.NaN);
  console.log(`putStructured: ${put.toFixed(3)} µs per call (median of 1,000-call rounds)`);
  // No client doing this work can beat the SDK by more than the floor does.
  console.log(`ceiling: floor / sdk = ${(rate('floor') / rate('sdk')).toFixed(2)}x`);
  console.log(`ours / sdk-prebuilt = ${(rate('ours') / rate('sdk-prebuilt')).toFixed(2)}x`);
  checkTarget('events/s, ours / sdk', rates.get(names.ours)!, 2);
  checkTarget('events/s, ours / winston-cloudwatch', rate('ours') / rate('winston'), 5);
  checkTarget('events/s, floor / ours', rate('floor') / rate('ours'), 1.3, false);
  checkTarget('putStructured µs per call', put, 2, false);
}

const [mode, endpoint] = process.argv.slice(2);
if (mode && endpoint) console.log(JSON.stringify(await contender(mode as Contender, endpoint)));
else await main();
