// Issue 7's proof against the emulator over HTTP: nothing the buffer accepted is lost, under
// concurrency, injected faults, a server restart and SIGTERM; memory stays bounded.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CloudWatchLogsClient,
  createCloudWatchLogsClient,
  type DroppedEvents,
} from '@integrations/aws-cloudwatch-logs';
import { type Emulator, startEmulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { fromStatic } from '@integrations/aws-credentials';
import { afterEach, describe, expect, it } from 'vitest';

const KEY = {
  accessKeyId: 'AKIDDURABILITY000001',
  secretAccessKey: 'durability-secret-0000000000000000000000',
};
const open: Array<{ close(): Promise<unknown> }> = [];

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close().catch(() => undefined);
});

async function emulatorAt(options: { port?: number; persistDir?: string } = {}): Promise<Emulator> {
  const emulator = await startEmulator({ auth: { mode: 'sigv4', credentials: [KEY] }, ...options });
  open.push(emulator);
  return emulator;
}

function clientFor(endpoint: string, buffer: Record<string, unknown> = {}): CloudWatchLogsClient {
  const client = createCloudWatchLogsClient({
    region: 'us-east-1',
    endpoint,
    credentials: fromStatic(KEY),
    retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 50 },
    buffer: { flushIntervalMs: 200, concurrency: 8, ...buffer },
  });
  open.push(client);
  return client;
}

/** Reads every event of a stream back and returns the sequence numbers in stored order. */
async function sequences(
  client: CloudWatchLogsClient,
  group: string,
  stream: string,
): Promise<number[]> {
  const out: number[] = [];
  for await (const e of client.events.getAll({ logGroupName: group, logStreamName: stream }))
    out.push(JSON.parse(e.message!).seq);
  return out;
}

async function produce(
  client: CloudWatchLogsClient,
  group: string,
  producers: number,
  streams: number,
  total: number,
) {
  const perProducer = total / producers;
  const next = new Map<string, number>();
  await Promise.all(
    Array.from({ length: producers }, async (_, p) => {
      for (let i = 0; i < perProducer; i += 1) {
        const stream = `s-${(p * 7 + i) % streams}`;
        const seq = next.get(stream) ?? 0;
        next.set(stream, seq + 1);
        const pending = client.events.putStructured(group, stream, {
          level: 'INFO',
          message: 'event',
          fields: { seq, producer: p },
        });
        if (pending) await pending;
        if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  return next;
}

describe('the batch buffer against the emulator', () => {
  it('200,000 events from 8 producers across 20 streams arrive complete and in order', async () => {
    const emulator = await emulatorAt();
    const client = clientFor(emulator.endpoint);
    const counts = await produce(client, '/durable/plain', 8, 20, 200_000);
    expect(await client.flush()).toMatchObject({ rejected: 0, failed: 0, dropped: 0 });
    for (const [stream, count] of counts) {
      const seqs = await sequences(client, '/durable/plain', stream);
      expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i));
    }
  }, 120_000);

  it('loses nothing under throttling, 5xx, connection resets and a 10 s server outage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'durable-'));
    const first = await emulatorAt({ persistDir: dir });
    const port = first.port;
    first.faults.set({
      throttleRate: 0.2,
      serverErrorRate: 0.2,
      resetRate: 0.1,
      resetWhen: 'either',
      seed: 7,
      operations: ['PutLogEvents'],
    });
    const dropped: DroppedEvents[] = [];
    const client = clientFor(first.endpoint, {
      onDropped: (d: DroppedEvents) => dropped.push(d),
      closeTimeoutMs: 120_000,
    });
    const total = 40_000;
    const producing = produce(client, '/durable/faults', 4, 10, total);
    // Stop the server mid-run, keep it down 10 s, bring it back on the same port and data.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const resetsBefore = first.faults.stats.resets;
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const second = await emulatorAt({ port, persistDir: dir });
    second.faults.set({
      throttleRate: 0.2,
      serverErrorRate: 0.2,
      resetRate: 0.1,
      seed: 8,
      operations: ['PutLogEvents'],
    });
    const counts = await producing;
    await client.flush();
    second.faults.clear();
    expect(dropped).toEqual([]);
    let duplicates = 0;
    for (const [stream, count] of counts) {
      const seqs = await sequences(client, '/durable/faults', stream);
      const unique = new Set(seqs);
      expect(unique.size).toBe(count);
      expect(Math.max(...unique)).toBe(count - 1);
      duplicates += seqs.length - unique.size;
    }
    const resets = resetsBefore + second.faults.stats.resets;
    // A duplicate needs a reset after the server stored the batch; each such reset
    // duplicates at most one batch of at most 10,000 events.
    expect(duplicates).toBeLessThanOrEqual(resets * 10_000);
    console.log(`faults: ${resets} resets, ${duplicates} duplicate events (counted, none lost)`);
  }, 120_000);

  it('with the server stalled, buffered memory stays within maxBufferedBytes', async () => {
    const emulator = await emulatorAt();
    emulator.faults.set({ latencyMs: 60_000, operations: ['PutLogEvents'] });
    const maxBufferedBytes = 4 * 1024 * 1024;
    const dropped: DroppedEvents[] = [];
    const client = clientFor(emulator.endpoint, {
      maxBufferedBytes,
      overflow: 'drop-newest',
      closeTimeoutMs: 0,
      onDropped: (d: DroppedEvents) => dropped.push(d),
    });
    await client.streams.ensureExists('/durable/stall', 's', { createGroup: true });
    const heapBefore = process.memoryUsage().heapUsed;
    const line = 'x'.repeat(1000);
    let peak = 0;
    for (let i = 0; i < 40_000; i += 1) {
      client.events.putBuffered('/durable/stall', `s-${i % 4}`, {
        timestamp: Date.now(),
        message: line,
      });
      if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
    }
    // 40 MB offered, 4 MiB may be held: the rest is dropped, and every drop is reported.
    const droppedEvents = dropped.reduce((n, d) => n + d.events.length, 0);
    expect(droppedEvents).toBeGreaterThan(35_000);
    expect(peak).toBeLessThan(maxBufferedBytes * 3 + 16 * 1024 * 1024);
  }, 60_000);

  it('SIGTERM to a process that logged 50,000 events delivers all of them before it exits', async () => {
    const emulator = await emulatorAt();
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('./support/sigterm-child.mjs', import.meta.url))],
      {
        env: {
          ...process.env,
          ENDPOINT: emulator.endpoint,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: KEY.accessKeyId,
          AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve) =>
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    const client = clientFor(emulator.endpoint);
    const seen = new Set<number>();
    for await (const e of client.events.getAll({
      logGroupName: '/sigterm',
      logStreamName: 'child',
    }))
      seen.add(JSON.parse(e.message!).i);
    expect(seen.size).toBe(50_000);
  }, 60_000);
});
