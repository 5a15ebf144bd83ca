// The client's resilience against the emulator's injected faults over the real stack: retries
// under seeded throttling and 503s, cancellation while a request is in flight, and the circuit
// breaker opening, failing fast and closing again.
import {
  type CloudWatchLogsError,
  NetworkError,
  ResourceAlreadyExistsError,
  ServiceUnavailableError,
  ThrottlingError,
} from '@integrations/aws-cloudwatch-logs';
import type { Emulator } from '@integrations/aws-cloudwatch-logs-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  collect,
  createRecorder,
  fastRetry,
  ManualClock,
  type RequestLog,
  rejectionOf,
  startLoggedEmulator,
} from './support/harness.js';

let emulator: Emulator;
let log: RequestLog;
const group = '/resilience/app';

beforeAll(async () => {
  ({ emulator, log } = await startLoggedEmulator());
  const setup = clientFor(emulator);
  await setup.groups.create({ logGroupName: group });
  await setup.close();
});

afterEach(() => emulator.faults.clear());

afterAll(async () => {
  await emulator?.close();
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('retries under injected faults', () => {
  it('rides out 50% throttling: every call succeeds and the server saw every attempt', async () => {
    const recorder = createRecorder();
    const client = clientFor(emulator, {
      retry: fastRetry(12),
      observability: recorder.observability,
    });
    try {
      const throttledBefore = emulator.faults.stats.throttled;
      const requestsBefore = log.seen.length;
      emulator.faults.set({ throttleRate: 0.5, seed: 7 });
      const calls = 20;
      for (let i = 0; i < calls; i += 1) {
        const page = await client.groups.describe({ logGroupNamePrefix: group });
        expect(page.logGroups.map((g) => g.logGroupName)).toEqual([group]);
      }
      const attempts = recorder.attempts('DescribeLogGroups');
      const requests = log.seen.length - requestsBefore;
      const throttled = emulator.faults.stats.throttled - throttledBefore;
      expect(attempts).toHaveLength(calls);
      expect(attempts.some((n) => n > 1)).toBe(true);
      // Every attempt reached the server; every one beyond the first of a call was throttled.
      expect(sum(attempts)).toBe(requests);
      expect(throttled).toBe(requests - calls);
      expect(throttled).toBeGreaterThan(0);
      expect(recorder.counters.filter((c) => c.name === 'aws.client.retries')).toHaveLength(
        requests - calls,
      );
    } finally {
      await client.close();
    }
  });

  it('is deterministic: the same seed fails the same attempts', async () => {
    const runOnce = async () => {
      const recorder = createRecorder();
      const client = clientFor(emulator, {
        retry: fastRetry(12),
        observability: recorder.observability,
      });
      try {
        emulator.faults.set({ throttleRate: 0.4, serverErrorRate: 0.3, seed: 99 });
        for (let i = 0; i < 10; i += 1) await client.groups.exists(group);
        return recorder.attempts('DescribeLogGroups');
      } finally {
        await client.close();
      }
    };
    const first = await runOnce();
    expect(await runOnce()).toEqual(first);
    expect(first.some((n) => n > 1)).toBe(true);
  });

  it('retries PutLogEvents after 503s and throttling, storing every event exactly once', async () => {
    const recorder = createRecorder();
    const client = clientFor(emulator, {
      retry: fastRetry(15),
      observability: recorder.observability,
    });
    try {
      await client.streams.create(group, 'retried-puts');
      const before = { ...emulator.faults.stats };
      const requestsBefore = log.count('PutLogEvents');
      emulator.faults.set({
        throttleRate: 0.3,
        serverErrorRate: 0.3,
        seed: 3,
        operations: ['PutLogEvents'],
      });
      const start = Date.now() - 60_000;
      const batches = 12;
      for (let b = 0; b < batches; b += 1) {
        await client.events.put({
          logGroupName: group,
          logStreamName: 'retried-puts',
          logEvents: [0, 1, 2].map((i) => ({
            timestamp: start + b * 3 + i,
            message: `b${b}e${i}`,
          })),
        });
      }
      emulator.faults.clear();
      const attempts = recorder.attempts('PutLogEvents');
      const requests = log.count('PutLogEvents') - requestsBefore;
      const injected =
        emulator.faults.stats.throttled -
        before.throttled +
        (emulator.faults.stats.serverErrors - before.serverErrors);
      expect(attempts).toHaveLength(batches);
      expect(sum(attempts)).toBe(requests);
      expect(injected).toBe(requests - batches);
      expect(emulator.faults.stats.serverErrors).toBeGreaterThan(before.serverErrors);
      expect(emulator.faults.stats.throttled).toBeGreaterThan(before.throttled);

      const stored = await collect(
        client.events.getAll({ logGroupName: group, logStreamName: 'retried-puts' }),
      );
      expect(stored.map((e) => e.message)).toEqual(
        Array.from({ length: batches * 3 }, (_, i) => `b${Math.floor(i / 3)}e${i % 3}`),
      );
    } finally {
      await client.close();
    }
  });

  it('gives up after maxAttempts with the last error', async () => {
    const recorder = createRecorder();
    const client = clientFor(emulator, {
      retry: fastRetry(3),
      observability: recorder.observability,
    });
    try {
      emulator.faults.set({ throttleRate: 1 });
      const before = log.seen.length;
      const error = await rejectionOf(client.groups.describe());
      expect(error).toBeInstanceOf(ThrottlingError);
      expect(log.seen.length - before).toBe(3);
      expect(recorder.attempts('DescribeLogGroups')).toEqual([3]);
    } finally {
      await client.close();
    }
  });

  it('retries a read after a connection reset, but not a put the server may have stored', async () => {
    const client = clientFor(emulator, { retry: fastRetry(5) });
    try {
      await client.streams.create(group, 'resets');
      // Reads are idempotent: the reset is retried on a fresh connection.
      emulator.faults.set({ rejectNext: { count: 2, error: 'reset' } });
      let before = log.seen.length;
      expect(await client.groups.exists(group)).toBe(true);
      expect(log.seen.length - before).toBe(3);

      // PutLogEvents is not: after a reset it may have been stored, so it fails rather than
      // risk storing the batch twice.
      emulator.faults.set({ resetRate: 1, resetWhen: 'after', operations: ['PutLogEvents'] });
      before = log.seen.length;
      const error = await rejectionOf(
        client.events.put({
          logGroupName: group,
          logStreamName: 'resets',
          logEvents: [{ timestamp: Date.now(), message: 'stored, never acknowledged' }],
        }),
      );
      expect(error).toBeInstanceOf(NetworkError);
      expect(log.seen.length - before).toBe(1);
      emulator.faults.clear();
      const stored = await collect(
        client.events.getAll({ logGroupName: group, logStreamName: 'resets' }),
      );
      expect(stored.map((e) => e.message)).toEqual(['stored, never acknowledged']);
    } finally {
      await client.close();
    }
  });
});

describe('cancellation mid-request', () => {
  it('rejects with the abort reason while the request is in flight; the pool stays usable', async () => {
    // One socket: if an aborted request leaked it, the next call could not be sent.
    const client = clientFor(emulator, { retry: fastRetry(3), http: { connections: 1 } });
    try {
      emulator.faults.set({ latencyMs: 60_000, operations: ['DescribeLogStreams'] });
      for (let i = 0; i < 3; i += 1) {
        const controller = new AbortController();
        const before = log.count('DescribeLogStreams');
        const call = client.streams.describe(
          { logGroupName: group },
          { signal: controller.signal },
        );
        const outcome = rejectionOf(call);
        // The emulator has the request (it is sitting in the injected latency): abort now.
        await log.waitFor((l) => l.count('DescribeLogStreams') > before);
        const reason = new Error(`caller gave up ${i}`);
        controller.abort(reason);
        expect(await outcome).toBe(reason);
        // Aborted, not retried.
        expect(log.count('DescribeLogStreams')).toBe(before + 1);
      }
      emulator.faults.clear();
      const page = await client.streams.describe({ logGroupName: group });
      expect(page.logStreams).toBeInstanceOf(Array);
      expect(await client.groups.exists(group)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('an already aborted signal sends nothing', async () => {
    const client = clientFor(emulator);
    try {
      const before = log.seen.length;
      const reason = new Error('never mind');
      const error = await rejectionOf(
        client.groups.describe({}, { signal: AbortSignal.abort(reason) }),
      );
      expect(error).toBe(reason);
      expect(log.seen.length).toBe(before);
    } finally {
      await client.close();
    }
  });

  it('aborting a listing stops it between pages', async () => {
    const client = clientFor(emulator);
    try {
      const g = '/resilience/abort-listing';
      await client.groups.create({ logGroupName: g });
      for (let i = 0; i < 6; i += 1) await client.streams.create(g, `s${i}`);
      const controller = new AbortController();
      const reason = new Error('enough');
      const before = log.count('DescribeLogStreams');
      const seen: string[] = [];
      const error = await rejectionOf(
        (async () => {
          for await (const s of client.streams.listAll(
            { logGroupName: g, pageSize: 2 },
            { signal: controller.signal },
          )) {
            seen.push(s.logStreamName ?? '');
            if (seen.length === 3) controller.abort(reason);
          }
        })(),
      );
      expect(error).toBe(reason);
      expect(seen).toEqual(['s0', 's1', 's2', 's3']);
      expect(log.count('DescribeLogStreams') - before).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('ensureExists: one caller abandoning a shared create does not cancel it for the others', async () => {
    const client = clientFor(emulator);
    try {
      emulator.faults.set({ latencyMs: 150, operations: ['CreateLogStream'] });
      const before = log.count('CreateLogStream');
      const controller = new AbortController();
      const reason = new Error('first caller left');
      const leaving = rejectionOf(
        client.streams.ensureExists(group, 'shared', { signal: controller.signal }),
      );
      const staying = client.streams.ensureExists(group, 'shared');
      await log.waitFor((l) => l.count('CreateLogStream') > before);
      controller.abort(reason);
      expect(await leaving).toBe(reason);
      await staying;
      expect(log.count('CreateLogStream') - before).toBe(1);
      const page = await client.streams.describe({
        logGroupName: group,
        logStreamNamePrefix: 'shared',
      });
      expect(page.logStreams.map((s) => s.logStreamName)).toEqual(['shared']);
    } finally {
      await client.close();
    }
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, fails fast without reaching the server, and closes after the cool-down', async () => {
    const clock = new ManualClock();
    const client = clientFor(emulator, {
      retry: false,
      circuitBreaker: { failureThreshold: 3, coolDownMs: 60_000, halfOpenMaxProbes: 1 },
      clock,
    });
    try {
      emulator.faults.set({ serverErrorRate: 1 });
      let before = log.seen.length;
      for (let i = 0; i < 3; i += 1) {
        const error = await rejectionOf(client.groups.describe());
        expect(error).toBeInstanceOf(ServiceUnavailableError);
        expect(error).toMatchObject({ code: 'ServiceUnavailableException', statusCode: 503 });
      }
      expect(log.seen.length - before).toBe(3);

      // Open: five more calls fail fast with the breaker's error; none reaches the server.
      before = log.seen.length;
      for (let i = 0; i < 5; i += 1) {
        const error = await rejectionOf(client.groups.describe());
        expect(error).toBeInstanceOf(ServiceUnavailableError);
        expect(error).toMatchObject({ code: 'CircuitOpen', retryable: true });
        expect((error as Error).message).toContain('circuit breaker is open');
        expect((error as CloudWatchLogsError).cause).toBeDefined();
      }
      expect(log.seen.length).toBe(before);

      // The service recovers, but the circuit stays open until the cool-down is over.
      emulator.faults.clear();
      expect(await rejectionOf(client.groups.exists(group))).toMatchObject({ code: 'CircuitOpen' });
      expect(log.seen.length).toBe(before);

      clock.advance(60_000);
      expect(await client.groups.exists(group)).toBe(true); // the half-open probe
      expect(log.seen.length - before).toBe(1);
      for (let i = 0; i < 3; i += 1) expect(await client.groups.exists(group)).toBe(true);
      expect(log.seen.length - before).toBe(4);
    } finally {
      await client.close();
    }
  });

  it('a failed probe opens the circuit again for another cool-down', async () => {
    const clock = new ManualClock();
    const client = clientFor(emulator, {
      retry: false,
      circuitBreaker: { failureThreshold: 2, coolDownMs: 30_000 },
      clock,
    });
    try {
      emulator.faults.set({ serverErrorRate: 1 });
      await rejectionOf(client.groups.describe());
      await rejectionOf(client.groups.describe());
      const before = log.seen.length;
      clock.advance(30_000);
      expect(await rejectionOf(client.groups.describe())).toMatchObject({
        code: 'ServiceUnavailableException',
      });
      expect(log.seen.length - before).toBe(1);
      expect(await rejectionOf(client.groups.describe())).toMatchObject({ code: 'CircuitOpen' });
      expect(log.seen.length - before).toBe(1);
      emulator.faults.clear();
      clock.advance(30_000);
      expect(await client.groups.exists(group)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('stops a call’s retries as soon as the circuit opens', async () => {
    const clock = new ManualClock();
    const client = clientFor(emulator, {
      retry: fastRetry(10),
      circuitBreaker: { failureThreshold: 3, coolDownMs: 60_000 },
      clock,
    });
    try {
      emulator.faults.set({ serverErrorRate: 1 });
      const before = log.seen.length;
      const error = await rejectionOf(client.groups.describe());
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(log.seen.length - before).toBe(3);
    } finally {
      await client.close();
    }
  });

  it('answers the service refused (already exists, not found) do not open the circuit', async () => {
    const clock = new ManualClock();
    const client = clientFor(emulator, {
      retry: false,
      circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 },
      clock,
    });
    try {
      await client.streams.create(group, 'exists-already');
      for (let i = 0; i < 4; i += 1) {
        expect(await rejectionOf(client.streams.create(group, 'exists-already'))).toBeInstanceOf(
          ResourceAlreadyExistsError,
        );
      }
      // A healthy service that said "no" is still reachable.
      const before = log.seen.length;
      expect(await client.groups.exists(group)).toBe(true);
      expect(log.seen.length - before).toBe(1);
    } finally {
      await client.close();
    }
  });
});
