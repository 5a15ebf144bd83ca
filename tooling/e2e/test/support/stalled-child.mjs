// Run with --expose-gc against an emulator whose PutLogEvents is stalled: offers ten times
// maxBufferedBytes to a batch buffer and prints, as one JSON line, what the buffer's own
// accounting and the process heap (after gc) say it holds.
import {
  clientSink,
  createBatchBuffer,
  createCloudWatchLogsClientFromEnv,
} from '@integrations/aws-cloudwatch-logs';

const MAX_BUFFERED = Number(process.env.MAX_BUFFERED_BYTES);
const OVERFLOW = process.env.OVERFLOW;
const STREAMS = 4;
const LENGTH = 1000;
// A fresh flat string per event, as real messages are (one shared string would hide the cost).
const template = Buffer.alloc(LENGTH, 'x');
const message = (i) => {
  template.write(String(i).padStart(12, '0'));
  return template.toString('latin1');
};
const offered = Math.ceil((MAX_BUFFERED * 10) / (LENGTH + 26));

// Region, endpoint and credentials come from the environment, as in a deployed service.
const client = createCloudWatchLogsClientFromEnv();
for (let s = 0; s < STREAMS; s += 1)
  await client.streams.ensureExists('/durable/stall', `s-${s}`, { createGroup: true });

const heap = () => {
  globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

let dropped = 0;
const buffer = createBatchBuffer({
  ...clientSink(client),
  maxBufferedBytes: MAX_BUFFERED,
  overflow: OVERFLOW,
  concurrency: 2,
  flushIntervalMs: 20,
  closeTimeoutMs: 0,
  onDropped: (d) => {
    dropped += d.events.length;
  },
});
const before = heap();
let peakBuffered = 0;
let accepted = 0;
const sample = () => {
  peakBuffered = Math.max(peakBuffered, buffer.stats().bufferedBytes);
};

if (OVERFLOW === 'block') {
  // Four producers, each awaiting room: they stall once the buffer is full.
  let blocked = 0;
  for (let p = 0; p < STREAMS; p += 1) {
    void (async () => {
      for (let i = 0; i < offered / STREAMS; i += 1) {
        const pending = buffer.add('/durable/stall', `s-${p}`, {
          timestamp: Date.now(),
          message: message(i),
        });
        sample();
        if (pending) {
          blocked += 1;
          await pending;
          blocked -= 1;
        }
        accepted += 1;
      }
    })();
  }
  while (blocked < STREAMS) await tick();
} else {
  for (let i = 0; i < offered; i += 1) {
    buffer.add('/durable/stall', `s-${i % STREAMS}`, {
      timestamp: Date.now(),
      message: message(i),
    });
    sample();
    if (i % 1000 === 0) await tick();
  }
  accepted = offered - dropped;
}
// Let the batches the buffer started reach the (stalled) server, so their bodies are counted.
for (let i = 0; i < 50; i += 1) {
  await tick();
  sample();
}
await new Promise((resolve) => setTimeout(resolve, 200));
const heapDelta = heap() - before;
sample();
process.stdout.write(
  `${JSON.stringify({ offered, accepted, dropped, peakBuffered, heapDelta, stats: buffer.stats() })}\n`,
);
process.exit(0);
