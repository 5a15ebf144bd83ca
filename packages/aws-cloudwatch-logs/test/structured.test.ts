import { EventEmitter } from 'node:events';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installShutdownHooks } from '../src/buffer/shutdown-hooks.js';
import {
  getCorrelation,
  runWithCorrelation,
  type StructuredLogEvent,
  safeStringify,
  serializeStructured,
} from '../src/index.js';
import { createLogger } from '../src/logger/logger.js';

const T = Date.UTC(2026, 0, 2, 3, 4, 5, 6);

describe('serializeStructured', () => {
  it('writes the documented shape, IDs from the event before the scope', () => {
    const line = serializeStructured(
      { level: 'INFO', message: 'ok "quoted"', traceId: 't-event', fields: { userId: 'u1', n: 2 } },
      T,
      { traceId: 't-scope', requestId: 'r-scope', service: 'api' },
    );
    expect(line).toBe(
      '{"level":"INFO","message":"ok \\"quoted\\"","timestamp":"2026-01-02T03:04:05.006Z","trace_id":"t-event","request_id":"r-scope","service":"api","userId":"u1","n":2}',
    );
    expect(JSON.parse(line)).toBeTypeOf('object');
  });

  it('writes the same JSON as JSON.stringify for any strings and any timestamp', () => {
    const strings = [
      'plain',
      'q"uo\\te',
      'line\nbreak\u0001',
      'é ✓ 😀',
      'lone \ud800 half',
      '\u2028',
    ];
    const stamps = [0, 999, 1000, 1001, T, T + 994, T + 1_000, -1, 253_402_300_800_000, 1.5];
    for (const text of strings) {
      for (const ms of stamps) {
        const line = serializeStructured(
          {
            level: 'WARN',
            message: text,
            traceId: text,
            requestId: text,
            spanId: text,
            service: text,
          },
          ms,
          undefined,
        );
        expect(JSON.parse(line)).toEqual({
          level: 'WARN',
          message: text,
          timestamp: new Date(ms).toISOString(),
          trace_id: text,
          request_id: text,
          span_id: text,
          service: text,
        });
        expect(line).toContain(`"message":${JSON.stringify(text)}`);
      }
    }
  });

  it('never lets a field overwrite a reserved key', () => {
    const line = serializeStructured(
      { level: 'WARN', message: 'm', fields: { level: 'DEBUG', trace_id: 'x', other: 1 } },
      T,
      undefined,
    );
    expect(JSON.parse(line)).toEqual({
      level: 'WARN',
      message: 'm',
      timestamp: '2026-01-02T03:04:05.006Z',
      _level: 'DEBUG',
      _trace_id: 'x',
      other: 1,
    });
  });

  it('renames a reserved field past any field already named like the rename', () => {
    const fields = JSON.parse('{"level":"a","_level":"b","__proto__":{"p":1},"service":"s"}');
    const line = serializeStructured({ level: 'INFO', message: 'm', fields }, T, undefined);
    expect(JSON.parse(line)).toEqual({
      level: 'INFO',
      message: 'm',
      timestamp: '2026-01-02T03:04:05.006Z',
      _level: 'b',
      __level: 'a',
      ['__proto__']: { p: 1 },
      _service: 's',
    });
    expect(line).toContain('"__proto__":{"p":1}');
  });

  it('writes BigInt, Date, Error with cause, Map, Set, cycles and undefined without throwing', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const error = new TypeError('bad', { cause: new Error('root') });
    const event: StructuredLogEvent = {
      level: 'ERROR',
      message: 'edge',
      fields: {
        big: 10n ** 20n,
        when: new Date(T),
        error,
        map: new Map([['a', 1]]),
        set: new Set([1, 2]),
        cyclic,
        missing: undefined,
      },
    };
    const parsed = JSON.parse(serializeStructured(event, T, undefined));
    expect(parsed.big).toBe('100000000000000000000');
    expect(parsed.when).toBe('2026-01-02T03:04:05.006Z');
    expect(parsed.error).toMatchObject({
      name: 'TypeError',
      message: 'bad',
      cause: { message: 'root' },
    });
    expect(parsed.error.stack).toContain('TypeError: bad');
    expect(parsed.map).toEqual({ a: 1 });
    expect(parsed.set).toEqual([1, 2]);
    expect(parsed.cyclic).toEqual({ name: 'loop', self: '[Circular]' });
    expect('missing' in parsed).toBe(false);
    expect(safeStringify(cyclic)).toBe('{"name":"loop","self":"[Circular]"}');
  });

  it('writes objects with toJSON as JSON.stringify does, even beside a cycle', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const fields = {
      url: new URL('https://example.com/a?b=1'),
      bytes: Buffer.from('hi'),
      broken: {
        toJSON() {
          throw new Error('no');
        },
      },
      cyclic,
    };
    expect(JSON.parse(safeStringify(fields))).toEqual({
      url: 'https://example.com/a?b=1',
      bytes: { type: 'Buffer', data: [104, 105] },
      broken: '[Unreadable]',
      cyclic: { self: '[Circular]' },
    });
  });
});

describe('correlation', () => {
  it('is in scope across awaits and nests, adding to the outer scope', async () => {
    expect(getCorrelation()).toBeUndefined();
    await runWithCorrelation({ traceId: 't1', requestId: 'r1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(getCorrelation()).toEqual({ traceId: 't1', requestId: 'r1' });
      runWithCorrelation({ spanId: 's2' }, () => {
        expect(getCorrelation()).toEqual({ traceId: 't1', requestId: 'r1', spanId: 's2' });
      });
    });
    expect(getCorrelation()).toBeUndefined();
  });

  describe('with OpenTelemetry', () => {
    const manager = new AsyncLocalStorageContextManager();
    beforeAll(() => {
      manager.enable();
      context.setGlobalContextManager(manager);
    });
    afterAll(() => {
      context.disable();
    });

    it("takes the active span's trace and span IDs when no correlation is set", () => {
      const spanContext = {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: 1,
      };
      const span = trace.wrapSpanContext(spanContext);
      context.with(trace.setSpan(context.active(), span), () => {
        expect(getCorrelation()).toEqual({
          traceId: spanContext.traceId,
          spanId: spanContext.spanId,
        });
        runWithCorrelation({ requestId: 'r9' }, () => {
          expect(getCorrelation()).toEqual({
            traceId: spanContext.traceId,
            spanId: spanContext.spanId,
            requestId: 'r9',
          });
        });
        runWithCorrelation({ traceId: 'explicit' }, () => {
          expect(getCorrelation()).toEqual({ traceId: 'explicit' });
        });
      });
      expect(getCorrelation()).toBeUndefined();
    });
  });
});

describe('logger', () => {
  function capture(level?: StructuredLogEvent['level']) {
    const events: StructuredLogEvent[] = [];
    const errors: unknown[] = [];
    let fail = false;
    const logger = createLogger(
      { logGroup: '/g', logStream: 's', service: 'api', ...(level ? { level } : {}) },
      {
        put: (e) => {
          if (fail) throw new Error('unreachable service');
          events.push(e);
        },
        flush: async () => ({ sent: events.length, rejected: 0, failed: 0, dropped: 0 }),
        onError: (e) => errors.push(e),
      },
    );
    return {
      logger,
      events,
      errors,
      breakIt: () => {
        fail = true;
      },
    };
  }

  it('filters by level, merges child fields, names the service', () => {
    const { logger, events } = capture('INFO');
    logger.debug('hidden');
    logger.info('shown', { a: 1 });
    logger.child({ route: '/x' }).child({ user: 'u' }).error('boom', { a: 2 });
    logger.fatal('down');
    expect(events).toEqual([
      { level: 'INFO', message: 'shown', service: 'api', fields: { a: 1 } },
      { level: 'ERROR', message: 'boom', service: 'api', fields: { route: '/x', user: 'u', a: 2 } },
      { level: 'FATAL', message: 'down', service: 'api' },
    ]);
    expect(logger.isLevelEnabled('DEBUG')).toBe(false);
    expect(logger.isLevelEnabled('WARN')).toBe(true);
  });

  it('never throws into the application', () => {
    const { logger, errors, breakIt } = capture();
    breakIt();
    expect(() => logger.warn('still fine')).not.toThrow();
    expect(errors).toHaveLength(1);
  });

  it('never throws even when reporting the failure throws, or a blocked put later rejects', async () => {
    const logger = createLogger(
      { logGroup: '/g', logStream: 's' },
      {
        put: () => Promise.reject(new Error('closed while waiting for room')),
        flush: async () => ({ sent: 0, rejected: 0, failed: 0, dropped: 0 }),
        onError: () => {
          throw new Error('metrics backend down');
        },
      },
    );
    expect(() => logger.error('x')).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    const throwing = createLogger(
      { logGroup: '/g', logStream: 's' },
      {
        put: () => {
          throw new Error('unreachable');
        },
        flush: async () => ({ sent: 0, rejected: 0, failed: 0, dropped: 0 }),
        onError: () => {
          throw new Error('metrics backend down');
        },
      },
    );
    expect(() => throwing.info('y')).not.toThrow();
  });
});

describe('shutdown hooks', () => {
  function fakeProcess() {
    const emitter = new EventEmitter() as EventEmitter & {
      pid: number;
      exitCode?: number;
      kill(): void;
      exit(code?: number): void;
    };
    emitter.pid = 1;
    emitter.kill = () => {};
    emitter.exit = (code) => {
      emitter.exitCode = code;
    };
    return emitter;
  }

  it('flushes on SIGTERM, then exits 143 when nobody else listens; removes itself', async () => {
    const proc = fakeProcess();
    let flushed = 0;
    const uninstall = installShutdownHooks(
      async () => {
        flushed += 1;
      },
      () => true,
      { process: proc },
    );
    proc.emit('SIGTERM', 'SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toBe(1);
    expect(proc.exitCode).toBe(143);
    expect(proc.listenerCount('SIGTERM')).toBe(0);
    uninstall();
  });

  it('leaves the exit to another listener of the signal, and flushes on beforeExit only with events waiting', async () => {
    const proc = fakeProcess();
    proc.on('SIGINT', () => {});
    let flushed = 0;
    let waiting = false;
    const uninstall = installShutdownHooks(
      async () => {
        flushed += 1;
      },
      () => waiting,
      { process: proc },
    );
    proc.emit('beforeExit');
    expect(flushed).toBe(0);
    waiting = true;
    proc.emit('beforeExit');
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toBe(1);
    proc.emit('SIGINT', 'SIGINT');
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toBe(2);
    expect(proc.exitCode).toBeUndefined();
    uninstall();
  });
});
