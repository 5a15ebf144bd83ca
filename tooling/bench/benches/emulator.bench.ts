// The CloudWatch Logs emulator under load: 1,000,000 events of about 200 bytes ingested through
// PutLogEvents over HTTP, then FilterLogEvents with a JSON pattern over all of them (paging to the
// end), and the memory the stored events take. Each of the 3 runs uses a fresh emulator; the
// medians are reported.
//
// Batches hold 4,000 events, not 10,000: 10,000 events of 200 bytes are 2.26 MB, which AWS (and
// so the emulator) refuses, since a batch may hold at most 1,048,576 bytes counting 26 per event.
//
//   cd tooling/bench && node run.mjs emulator     (needs packages/aws-cloudwatch-logs-emulator built)
import { performance } from 'node:perf_hooks';
import { type Emulator, startEmulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { signRequest } from '@integrations/aws-signing';
import { Pool } from 'undici';
import { median } from '../lib/measure.js';
import { checkTarget } from '../lib/report.js';

const EVENTS = 1_000_000;
const BATCH = 4_000;
const RUNS = 3;
const GROUP = '/bench/emulator';
const STREAM = 'stream-1';
const PATTERN = '{ $.level = "ERROR" && $.latencyMs > 900 }';
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];

/** A JSON log line of about 200 bytes; event i is always the same line. */
function message(i: number): string {
  const level = LEVELS[i % LEVELS.length]!;
  const latency = (i * 7919) % 1000;
  const id = (i * 2654435761) >>> 0;
  const line = `{"level":"${level}","requestId":"req-${id.toString(16).padStart(8, '0')}","path":"/api/orders/${i % 977}","latencyMs":${latency},"userId":"user-${i % 5003}","msg":"handled request"`;
  return `${line},"pad":"${'x'.repeat(Math.max(0, 196 - line.length))}"}`;
}

interface Run {
  ingestPerSecond: number;
  filterSeconds: number;
  matched: number;
  memoryRatio: number;
  rawBytes: number;
}

function usedBytes(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

async function call(
  pool: Pool,
  emulator: Emulator,
  operation: string,
  body: string,
  sign: boolean,
): Promise<Record<string, unknown>> {
  const url = new URL(emulator.endpoint);
  let headers: Record<string, string | string[]> = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `Logs_20140328.${operation}`,
  };
  if (sign) {
    headers = signRequest(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers,
        body,
      },
      { service: 'logs', region: emulator.region, credentials: emulator.credentials! },
    ).headers;
  }
  const response = await pool.request({ method: 'POST', path: '/', headers, body });
  const text = await response.body.text();
  if (response.statusCode !== 200)
    throw new Error(`${operation}: ${response.statusCode} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function run(sign: boolean): Promise<Run> {
  const emulator = await startEmulator({ auth: sign ? { mode: 'sigv4' } : { mode: 'none' } });
  const pool = new Pool(emulator.endpoint, { connections: 1, pipelining: 1 });
  try {
    await call(pool, emulator, 'CreateLogGroup', JSON.stringify({ logGroupName: GROUP }), sign);
    await call(
      pool,
      emulator,
      'CreateLogStream',
      JSON.stringify({ logGroupName: GROUP, logStreamName: STREAM }),
      sign,
    );
    const before = usedBytes();
    const start = Date.now() - 3_600_000;
    let rawBytes = 0;
    let sending = 0;
    for (let b = 0; b < EVENTS / BATCH; b += 1) {
      const events = [];
      for (let i = b * BATCH; i < (b + 1) * BATCH; i += 1) {
        const m = message(i);
        rawBytes += m.length;
        events.push({ timestamp: start + Math.floor(i / 1000), message: m });
      }
      const body = JSON.stringify({
        logGroupName: GROUP,
        logStreamName: STREAM,
        logEvents: events,
      });
      const t0 = performance.now();
      const answer = await call(pool, emulator, 'PutLogEvents', body, sign);
      sending += performance.now() - t0;
      if (answer.rejectedLogEventsInfo)
        throw new Error(`events rejected: ${JSON.stringify(answer.rejectedLogEventsInfo)}`);
    }
    const memoryRatio = (usedBytes() - before) / rawBytes;

    const f0 = performance.now();
    let matched = 0;
    let nextToken: unknown;
    do {
      const page = await call(
        pool,
        emulator,
        'FilterLogEvents',
        JSON.stringify({
          logGroupName: GROUP,
          filterPattern: PATTERN,
          ...(nextToken ? { nextToken } : {}),
        }),
        sign,
      );
      matched += (page.events as unknown[]).length;
      nextToken = page.nextToken;
    } while (nextToken);
    const filterSeconds = (performance.now() - f0) / 1000;
    return {
      ingestPerSecond: (EVENTS * 1000) / sending,
      filterSeconds,
      matched,
      memoryRatio,
      rawBytes,
    };
  } finally {
    await pool.close();
    await emulator.close();
  }
}

const expected = Array.from({ length: EVENTS }, (_, i) => i).filter((i) => {
  const m = JSON.parse(message(i)) as { level: string; latencyMs: number };
  return m.level === 'ERROR' && m.latencyMs > 900;
}).length;

for (const sign of [false, true]) {
  const runs: Run[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    const result = await run(sign);
    if (result.matched !== expected)
      throw new Error(`FilterLogEvents matched ${result.matched}, expected ${expected}`);
    runs.push(result);
  }
  const label = sign ? 'auth sigv4 (client signs, emulator verifies)' : 'auth none';
  console.log(
    `\nCloudWatch Logs emulator, ${label}, ${EVENTS.toLocaleString('en-US')} events of ~200 bytes, median of ${RUNS}`,
  );
  const ingest = median(runs.map((r) => r.ingestPerSecond));
  const filter = median(runs.map((r) => r.filterSeconds));
  const memory = median(runs.map((r) => r.memoryRatio));
  console.log(
    `ingest (PutLogEvents over HTTP, ${BATCH.toLocaleString('en-US')} per batch): ${Math.round(ingest).toLocaleString('en-US')} events/s  runs ${runs.map((r) => Math.round(r.ingestPerSecond).toLocaleString('en-US')).join(', ')}`,
  );
  console.log(
    `FilterLogEvents ${PATTERN} over all events (${expected.toLocaleString('en-US')} matches, paged): ${filter.toFixed(3)} s  runs ${runs.map((r) => r.filterSeconds.toFixed(3)).join(', ')}`,
  );
  console.log(
    `memory of stored events / raw message bytes: ${memory.toFixed(2)}x  (${(runs[0]!.rawBytes / 1e6).toFixed(0)} MB raw)  runs ${runs.map((r) => r.memoryRatio.toFixed(2)).join(', ')}`,
  );
  if (!sign) {
    checkTarget('ingest events/s', ingest, 300_000);
    checkTarget('filter seconds', filter, 1.5, false);
    checkTarget('memory ratio', memory, 2.5, false);
  }
}
