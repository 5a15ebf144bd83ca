// The Logs Insights engine of the CloudWatch Logs emulator over 1,000,000 stored events of about
// 200 bytes (structured JSON: level, service, trace_id, …), loaded in-process. Each query is
// timed from StartQuery to the GetQueryResults that reports Complete (polled every 5 ms, with no
// scheduling delay), 3 runs each; the medians are reported.
//
//   cd tooling/bench && node run.mjs insights     (needs packages/aws-cloudwatch-logs-emulator built)
import { performance } from 'node:perf_hooks';
import { createEmulator, type EmulatorCore } from '@integrations/aws-cloudwatch-logs-emulator';
import { median } from '../lib/measure.js';
import { checkTarget } from '../lib/report.js';

const EVENTS = 1_000_000;
const BATCH = 2_500;
const RUNS = 3;
const GROUP = '/bench/insights';
const STREAMS = ['api-1', 'api-2', 'worker-1', 'worker-2'];
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
const SERVICES = ['checkout', 'payments', 'inventory', 'shipping'];
const START = Date.now() - 3 * 3_600_000;
/** Events per millisecond of log time: 1,000,000 events over about 2.8 hours. */
const SPACING_MS = 10;

const traceId = (i: number) => ((i * 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(4);
/** A JSON log line of about 200 bytes; event i is always the same line. */
function message(i: number): string {
  const line = `{"level":"${LEVELS[i % LEVELS.length]}","service":"${SERVICES[i % SERVICES.length]}","trace_id":"${traceId(Math.floor(i / 4))}","span_id":"${(i * 7919).toString(16).padStart(8, '0')}","latency_ms":${(i * 31) % 1000},"msg":"handled request"`;
  return `${line},"pad":"${'x'.repeat(Math.max(0, 196 - line.length))}"}`;
}

async function call(emulator: EmulatorCore, operation: string, body: unknown) {
  const response = await emulator.handle({
    method: 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    path: '/',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Logs_20140328.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const text = Buffer.from(response.body).toString('utf8');
  if (response.statusCode !== 200)
    throw new Error(`${operation}: ${response.statusCode} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function load(): Promise<EmulatorCore> {
  const emulator = createEmulator({ auth: { mode: 'none' }, queryDelayMs: 0 });
  await call(emulator, 'CreateLogGroup', { logGroupName: GROUP });
  for (const stream of STREAMS)
    await call(emulator, 'CreateLogStream', { logGroupName: GROUP, logStreamName: stream });
  const perStream = EVENTS / STREAMS.length;
  for (let s = 0; s < STREAMS.length; s += 1) {
    for (let b = 0; b < perStream; b += BATCH) {
      const logEvents = [];
      for (let k = b; k < b + BATCH; k += 1) {
        const i = k * STREAMS.length + s;
        logEvents.push({ timestamp: START + i * SPACING_MS, message: message(i) });
      }
      const answer = await call(emulator, 'PutLogEvents', {
        logGroupName: GROUP,
        logStreamName: STREAMS[s],
        logEvents,
      });
      if (answer.rejectedLogEventsInfo)
        throw new Error(`rejected: ${JSON.stringify(answer.rejectedLogEventsInfo)}`);
    }
  }
  return emulator;
}

async function timeQuery(emulator: EmulatorCore, queryString: string) {
  const t0 = performance.now();
  const { queryId } = await call(emulator, 'StartQuery', {
    logGroupName: GROUP,
    startTime: Math.floor(START / 1000) - 60,
    endTime: Math.floor(Date.now() / 1000) + 60,
    queryString,
  });
  for (;;) {
    const answer = await call(emulator, 'GetQueryResults', { queryId });
    if (answer.status === 'Complete') return { seconds: (performance.now() - t0) / 1000, answer };
    if (answer.status !== 'Running' && answer.status !== 'Scheduled')
      throw new Error(`query ended ${String(answer.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const loadStart = performance.now();
const emulator = await load();
console.log(
  `loaded ${EVENTS.toLocaleString('en-US')} events in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
);

const wanted = traceId(123_457);
const queries = [
  {
    name: 'filter trace_id = "<id>" | sort @timestamp asc',
    query: `filter trace_id = "${wanted}" | sort @timestamp asc`,
    target: 1,
    check: (a: Record<string, unknown>) => (a.results as unknown[]).length === 4,
  },
  {
    name: 'stats count(*) by bin(1m), level',
    query: 'stats count(*) by bin(1m), level',
    target: 2,
    check: (a: Record<string, unknown>) => {
      const rows = a.results as Array<Array<{ field: string; value: string }>>;
      const total = rows.reduce(
        (n, r) => n + Number(r.find((f) => f.field === 'count(*)')?.value),
        0,
      );
      return total === EVENTS;
    },
  },
];

console.log(
  `\nLogs Insights engine, ${EVENTS.toLocaleString('en-US')} events of ~200 bytes, StartQuery to Complete, median of ${RUNS}`,
);
for (const q of queries) {
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    const { seconds, answer } = await timeQuery(emulator, q.query);
    if (!q.check(answer))
      throw new Error(`${q.name}: wrong results ${JSON.stringify(answer).slice(0, 500)}`);
    runs.push(seconds);
  }
  const m = median(runs);
  console.log(`${q.name}: ${m.toFixed(3)} s  runs ${runs.map((s) => s.toFixed(3)).join(', ')}`);
  checkTarget(`${q.name} seconds`, m, q.target, false);
}
await emulator.close();
