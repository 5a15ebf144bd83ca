// putStructured's cost per call, alone: `npx tsx test/bench/put-structured.ts` from the package.
// The sink answers at once, so this measures serialization, correlation and buffering only.
// Medians of 300 rounds of 2,000 calls; the buffer is flushed between rounds, outside the timing.
import { createClientOnCaller } from '../../src/client.js';
import { runWithCorrelation, type StructuredLogEvent } from '../../src/index.js';
import type { OperationCaller } from '../../src/operation-caller.js';

const caller: OperationCaller = {
  call: async <T>() => ({}) as T,
  close: async () => undefined,
};
const client = createClientOnCaller(
  caller,
  { region: 'us-east-1', defaultLogGroup: undefined, defaultRetentionDays: undefined },
  { now: () => Date.now() },
  { buffer: { flushIntervalMs: 3_600_000 } },
);

async function measure(name: string, call: () => void): Promise<void> {
  const perRound = 2_000;
  const rounds = 300;
  const samples: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i += 1) call();
    samples.push(Number(process.hrtime.bigint() - start) / perRound);
    if (r % 20 === 19) await client.flush();
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.floor(rounds * q)]!.toFixed(0);
  console.log(`${name.padEnd(48)} median ${at(0.5)} ns  p90 ${at(0.9)} ns`);
}

const event: StructuredLogEvent = {
  level: 'INFO',
  message: 'order placed for customer',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  requestId: 'req-1',
  service: 'api',
  fields: { userId: 'u-12345', orderId: 'o-98765', amountCents: 1299 },
};
await measure('putStructured, 234-byte event', () =>
  client.events.putStructured('/app/api', 'web-1', event),
);
const scoped: StructuredLogEvent = { level: 'INFO', message: 'order placed', fields: { n: 1 } };
await runWithCorrelation({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', requestId: 'r' }, () =>
  measure('putStructured, IDs from runWithCorrelation', () =>
    client.events.putStructured('/app/api', 'web-1', scoped),
  ),
);
const log = client.logger({ logGroup: '/app/api', logStream: 'web-1', service: 'api' });
const child = log.child({ host: 'web-1' });
await measure('child logger info(message, fields)', () =>
  child.info('order placed for customer', { userId: 'u-12345', amountCents: 1299 }),
);
await client.close();
