import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/index.js';
import {
  generateEvents,
  MockLogStream,
  replay,
  type SimulatedEvent,
  simulatedEventToJson,
} from '../src/simulation/index.js';

const T0 = Date.UTC(2026, 0, 1);

describe('generateEvents', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = [...generateEvents({ seed: 7, count: 300, startTime: T0 })];
    const b = [...generateEvents({ seed: 7, count: 300, startTime: T0 })];
    const c = [...generateEvents({ seed: 8, count: 300, startTime: T0 })];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(300);
  });

  it('gives events in time order, each request crossing every service with one trace and request ID', () => {
    const events = [...generateEvents({ seed: 3, count: 3000, errorRate: 0, startTime: T0 })];
    for (let i = 1; i < events.length; i += 1)
      expect(events[i]!.timestamp).toBeGreaterThanOrEqual(events[i - 1]!.timestamp);
    const byTrace = new Map<string, SimulatedEvent[]>();
    for (const e of events) byTrace.set(e.traceId, [...(byTrace.get(e.traceId) ?? []), e]);
    const complete = [...byTrace.values()].filter((list) => list.length === 6);
    expect(complete.length).toBeGreaterThan(400);
    for (const list of complete) {
      expect(new Set(list.map((e) => e.service))).toEqual(new Set(['api', 'auth', 'db']));
      expect(new Set(list.map((e) => e.requestId)).size).toBe(1);
      expect(list.every((e) => /^[0-9a-f]{32}$/.test(e.traceId))).toBe(true);
      expect(list.filter((e) => e.level === 'ERROR')).toEqual([]);
      // the caller starts first and answers last
      const api = list.filter((e) => e.service === 'api');
      expect(api[0]!.timestamp).toBe(Math.min(...list.map((e) => e.timestamp)));
    }
  });

  it('injects errors at the requested rate: an ERROR where it failed, WARN upstream', () => {
    const all = [...generateEvents({ seed: 5, count: 2000, errorRate: 1, startTime: T0 })];
    const byTrace = new Map<string, SimulatedEvent[]>();
    for (const e of all) byTrace.set(e.traceId, [...(byTrace.get(e.traceId) ?? []), e]);
    for (const list of [...byTrace.values()].slice(1, -1)) {
      const final = list.filter((e) => e.level !== 'DEBUG');
      expect(final.filter((e) => e.level === 'ERROR')).toHaveLength(1);
      expect(final.filter((e) => e.level === 'WARN')).toHaveLength(final.length - 1);
    }
    const some = [...generateEvents({ seed: 5, count: 20_000, errorRate: 0.1, startTime: T0 })];
    const traces = new Set(some.map((e) => e.traceId)).size;
    const failed = new Set(some.filter((e) => e.level === 'ERROR').map((e) => e.traceId)).size;
    expect(failed / traces).toBeGreaterThan(0.07);
    expect(failed / traces).toBeLessThan(0.13);
  });

  it('fills custom templates and custom services', () => {
    const events = [
      ...generateEvents({
        seed: 1,
        count: 40,
        services: ['edge', 'db'],
        templates: { edge: { ok: ['edge {status} {nope}'], error: ['edge broke'] } },
        errorRate: 0,
        startTime: T0,
      }),
    ];
    expect(events.filter((e) => e.service === 'edge' && e.level === 'INFO')[0]!.message).toBe(
      'edge 200 {nope}',
    );
    expect(events.some((e) => e.service === 'db')).toBe(true);
  });

  it('refuses bad options with a ValidationError naming the field', () => {
    expect(() => generateEvents({ count: -1 }).next()).toThrow(ValidationError);
    expect(() => generateEvents({ errorRate: 2 }).next()).toThrow(/errorRate/);
    expect(() => generateEvents({ services: [] }).next()).toThrow(/services/);
    expect(() => generateEvents({ ratePerSecond: 0 }).next()).toThrow(/ratePerSecond/);
  });
});

describe('MockLogStream', () => {
  it('puts, gets in time order, filters, notifies subscribers until they unsubscribe, clears', () => {
    const stream = new MockLogStream('/g', 's', () => 42);
    const seen: string[] = [];
    const unsubscribe = stream.subscribe((e) => seen.push(e.message));
    stream.put({ timestamp: 20, message: 'b' });
    stream.put([
      { timestamp: 10, message: 'a' },
      { timestamp: 30, message: 'c' },
    ]);
    unsubscribe();
    stream.put({ timestamp: 40, message: 'd' });
    expect(seen).toEqual(['b', 'a', 'c']);
    expect(stream.get().map((e) => e.message)).toEqual(['a', 'b', 'c', 'd']);
    expect(stream.get({ startTime: 20, endTime: 40 }).map((e) => e.message)).toEqual(['b', 'c']);
    expect(stream.filter((e) => e.message > 'b').map((e) => e.message)).toEqual(['c', 'd']);
    expect(stream.get()[0]).toEqual({ timestamp: 10, message: 'a', ingestionTime: 42 });
    stream.clear();
    expect(stream.size).toBe(0);
  });

  it('stores simulated events as the library writes them', () => {
    const stream = new MockLogStream();
    const [event] = [...generateEvents({ seed: 2, count: 1, startTime: T0 })];
    stream.put(event!);
    expect(JSON.parse(stream.get()[0]!.message)).toMatchObject({
      level: event!.level,
      message: event!.message,
      trace_id: event!.traceId,
      request_id: event!.requestId,
      service: event!.service,
      timestamp: new Date(event!.timestamp).toISOString(),
    });
  });
});

describe('replay', () => {
  const events = [...generateEvents({ seed: 9, count: 30, startTime: T0, ratePerSecond: 10 })];

  it('waits the recorded gaps scaled by speed and rebases time to now', async () => {
    const waits: number[] = [];
    const stream = new MockLogStream();
    const { count } = await replay(events, stream, {
      speed: 2,
      now: () => T0 + 1_000_000,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(count).toBe(30);
    const gaps = events
      .slice(1)
      .map((e, i) => (e.timestamp - events[i]!.timestamp) / 2)
      .filter((g) => g > 0);
    expect(waits).toEqual(gaps);
    expect(stream.get()[0]!.timestamp).toBe(T0 + 1_000_000);
  });

  it('does not wait without preserveGaps or at infinite speed, and keeps times when asked', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const stream = new MockLogStream();
    await replay(events, stream, { preserveGaps: false, rebaseTime: false, sleep });
    await replay(events, new MockLogStream(), { speed: Number.POSITIVE_INFINITY, sleep });
    expect(waits).toEqual([]);
    expect(stream.get()[0]!.timestamp).toBe(events[0]!.timestamp);
  });

  it('routes into a client-like sink by service and into a buffer-like sink as JSON lines', async () => {
    const structured: string[] = [];
    await replay(
      events,
      {
        events: {
          putStructured: (group, stream, e) =>
            void structured.push(`${group} ${stream} ${e.service}`),
        },
      },
      { preserveGaps: false },
    );
    expect(new Set(structured)).toEqual(
      new Set(['/simulation/api api api', '/simulation/auth auth auth', '/simulation/db db db']),
    );
    const buffered: { group: string; message: string }[] = [];
    await replay(
      events.slice(0, 3),
      {
        add: async (group, _stream, e) => void buffered.push({ group, message: e.message }),
      },
      { preserveGaps: false, rebaseTime: false },
    );
    expect(buffered.map((b) => b.message)).toEqual(events.slice(0, 3).map(simulatedEventToJson));
  });

  it('reads an NDJSON file in the library format and names a bad line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, `${events.slice(0, 5).map(simulatedEventToJson).join('\n')}\n\n`);
    const stream = new MockLogStream();
    expect(await replay(file, stream, { preserveGaps: false, rebaseTime: false })).toEqual({
      count: 5,
    });
    expect(stream.get().map((e) => JSON.parse(e.message).trace_id)).toEqual(
      events.slice(0, 5).map((e) => e.traceId),
    );
    writeFileSync(file, `${simulatedEventToJson(events[0]!)}\nnot json\n`);
    await expect(replay(file, new MockLogStream(), { preserveGaps: false })).rejects.toThrow(
      /events\.ndjson:2/,
    );
  });

  it('stops when aborted, keeping what was delivered', async () => {
    const controller = new AbortController();
    const stream = new MockLogStream();
    stream.subscribe(() => {
      if (stream.size === 4) controller.abort(new Error('enough'));
    });
    await expect(
      replay(events, stream, { preserveGaps: false, signal: controller.signal }),
    ).rejects.toThrow('enough');
    expect(stream.size).toBe(4);
  });
});
