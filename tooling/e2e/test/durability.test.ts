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

/** What a child process needs to reach the emulator, as a deployed service would be told. */
function childEnv(endpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
  };
  delete env.AWS_SESSION_TOKEN;
  return env;
}

/** Runs a fixture of ./support with node and the emulator's address; resolves with its output. */
function runChild(
  script: string,
  endpoint: string,
  nodeArgs: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, fileURLToPath(new URL(`./support/${script}`, import.meta.url))],
    {
      env: { ...childEnv(endpoint), ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${script} exited with ${code}: ${stdout}`));
      else resolve({ code, stdout });
    });
  });
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
  next = new Map<string, number>(),
) {
  const perProducer = total / producers;
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
    const faults = { throttleRate: 0.2, serverErrorRate: 0.2, resetRate: 0.15 };
    const first = await emulatorAt({ persistDir: dir });
    const port = first.port;
    // Every reset here comes after the server stored the batch: each may store it twice.
    first.faults.set({ ...faults, resetWhen: 'after', seed: 7, operations: ['PutLogEvents'] });
    const dropped: DroppedEvents[] = [];
    const BATCH = 500;
    const client = clientFor(first.endpoint, {
      maxBatchEvents: BATCH,
      onDropped: (d: DroppedEvents) => dropped.push(d),
      closeTimeoutMs: 120_000,
    });
    const group = '/durable/faults';
    const counts = new Map<string, number>();
    const phase = () => produce(client, group, 4, 10, 15_000, counts);
    // Up, under faults: a quarter of the events delivered, a quarter in flight at the stop.
    await phase();
    expect(await client.flush()).toMatchObject({ failed: 0, dropped: 0, rejected: 0 });
    await phase();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const postStoreResets = first.faults.stats.resets;
    await first.close();
    // Down for 10 s: another quarter is put while nothing answers.
    await phase();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    // Back on the same port and data; resets now come before the server stores anything.
    const second = await emulatorAt({ port, persistDir: dir });
    second.faults.set({ ...faults, resetWhen: 'before', seed: 8, operations: ['PutLogEvents'] });
    await phase();
    expect(await client.flush()).toMatchObject({ failed: 0, dropped: 0, rejected: 0 });
    const { throttled, serverErrors, resets: preStoreResets } = second.faults.stats;
    second.faults.clear();
    expect(dropped).toEqual([]);
    let duplicates = 0;
    for (const [stream, count] of counts) {
      const seqs = await sequences(client, group, stream);
      const unique = new Set(seqs);
      // Complete and in order: first occurrences are exactly 0..count-1, in that order.
      expect([...unique]).toEqual(Array.from({ length: count }, (_, i) => i));
      duplicates += seqs.length - unique.size;
    }
    // A duplicate needs the connection to drop after the server stored a batch: an injected
    // post-store reset, or one of the (at most `concurrency`) requests cut by the stop. Each
    // stores one extra copy of a batch of at most BATCH events.
    expect(duplicates).toBeLessThanOrEqual((postStoreResets + 8) * BATCH);
    if (postStoreResets > 0) expect(duplicates).toBeGreaterThan(0);
    expect(postStoreResets + preStoreResets).toBeGreaterThan(0);
    console.log(
      `faults: ${postStoreResets} post-store resets, ${preStoreResets} pre-store resets, ` +
        `${throttled} throttled and ${serverErrors} 5xx after the restart; ` +
        `${duplicates} duplicate events (counted), none lost`,
    );
  }, 120_000);

  for (const overflow of ['drop-newest', 'block'] as const) {
    it(`with the server stalled, memory stays within maxBufferedBytes (${overflow})`, async () => {
      const emulator = await emulatorAt();
      emulator.faults.set({ latencyMs: 600_000, operations: ['PutLogEvents'] });
      const maxBufferedBytes = 8 * 1024 * 1024;
      const out = await runChild('stalled-child.mjs', emulator.endpoint, ['--expose-gc'], {
        MAX_BUFFERED_BYTES: String(maxBufferedBytes),
        OVERFLOW: overflow,
      });
      const r = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as {
        offered: number;
        accepted: number;
        dropped: number;
        peakBuffered: number;
        heapDelta: number;
      };
      console.log(`stalled (${overflow}): ${JSON.stringify(r)}`);
      // The buffer's own accounting never passes the limit...
      expect(r.peakBuffered).toBeLessThanOrEqual(maxBufferedBytes);
      expect(r.peakBuffered).toBeGreaterThan(maxBufferedBytes * 0.9);
      // ...ten times the limit was offered, so most of it was refused (and reported)...
      expect(r.accepted * 1026).toBeLessThanOrEqual(maxBufferedBytes + 4 * 1026);
      if (overflow === 'drop-newest') expect(r.dropped).toBe(r.offered - r.accepted);
      // ...and the heap after gc holds the buffered bytes plus a fixed overhead: two batch
      // bodies in flight (string and Buffer, 1 MiB each) and the client's own structures.
      expect(r.heapDelta).toBeLessThan(maxBufferedBytes * 1.25 + 8 * 1024 * 1024);
    }, 60_000);
  }

  it('SIGTERM to a process that logged 50,000 events delivers all of them before it exits', async () => {
    const emulator = await emulatorAt();
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('./support/sigterm-child.mjs', import.meta.url))],
      {
        env: childEnv(emulator.endpoint),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve) =>
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The service stumbles as the process ends: the hook has to retry, not give up.
    emulator.faults.set({
      rejectNext: { count: 3, error: 'ServiceUnavailableException' },
      operations: ['PutLogEvents'],
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    const client = clientFor(emulator.endpoint);
    const seen: number[] = [];
    for await (const e of client.events.getAll({
      logGroupName: '/sigterm',
      logStreamName: 'child',
    }))
      seen.push(JSON.parse(e.message!).i);
    // All 50,000, once each, in the order logged.
    expect(seen).toEqual(Array.from({ length: 50_000 }, (_, i) => i));
    expect(emulator.faults.stats.rejected).toBe(3);
  }, 60_000);
});
