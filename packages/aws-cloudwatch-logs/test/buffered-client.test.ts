import { EventEmitter } from 'node:events';
import type { Metrics } from '@integrations/observability';
import { describe, expect, it } from 'vitest';
import {
  ClientClosedError,
  type ProcessLike,
  runWithCorrelation,
  ValidationError,
} from '../src/index.js';
import { awsError, harness, NOW } from './helpers/harness.js';

function counting() {
  const counters: Array<[string, Record<string, string> | undefined]> = [];
  const metrics: Metrics = {
    counter: (name, _value, tags) => counters.push([name, tags as Record<string, string>]),
    gauge() {},
    histogram() {},
  };
  return { metrics, counters };
}

const sentMessages = (h: ReturnType<typeof harness>) =>
  h.requests
    .filter((r) => r.target.endsWith('.PutLogEvents'))
    .flatMap((r) => (r.body.logEvents as Array<{ message: string }>).map((e) => e.message));

describe('the client with its batch buffer', () => {
  it('creates a missing group and stream on ResourceNotFoundException, then resends', async () => {
    const h = harness();
    const notFound = () =>
      awsError('ResourceNotFoundException', 'The specified log group does not exist.');
    h.reply('PutLogEvents', notFound());
    h.reply('CreateLogStream', notFound());
    h.client.events.putBuffered('/app/new', 'web-1', { timestamp: NOW, message: 'first' });
    expect(await h.client.flush()).toEqual({ sent: 1, rejected: 0, failed: 0, dropped: 0 });
    expect(h.targets()).toEqual([
      'PutLogEvents',
      'CreateLogStream',
      'CreateLogGroup',
      'CreateLogStream',
      'PutLogEvents',
    ]);
    expect(sentMessages(h)).toEqual(['first', 'first']);
  });

  it('recreates a stream deleted elsewhere even though the client had created it before', async () => {
    const h = harness();
    await h.client.streams.ensureExists('/app/api', 'web-1', { createGroup: true });
    // Deleted by someone else: gone until created again.
    let gone = true;
    h.on('CreateLogStream', () => {
      gone = false;
      return {};
    });
    h.on('PutLogEvents', () =>
      gone ? awsError('ResourceNotFoundException', 'The specified log stream does not exist.') : {},
    );
    h.client.events.putBuffered('/app/api', 'web-1', { timestamp: NOW, message: 'after delete' });
    expect(await h.client.flush()).toMatchObject({ sent: 1, failed: 0 });
    expect(h.targets()).toEqual([
      'CreateLogStream',
      'PutLogEvents',
      'CreateLogStream',
      'PutLogEvents',
    ]);
  });

  it('logger: levels, child fields, correlation in scope, the client clock, one stream', async () => {
    const h = harness();
    const log = h.client.logger({
      logGroup: '/app/api',
      logStream: 'web-1',
      service: 'api',
      level: 'INFO',
    });
    expect(log.isLevelEnabled('DEBUG')).toBe(false);
    expect(log.isLevelEnabled('ERROR')).toBe(true);
    runWithCorrelation({ traceId: 't-1', requestId: 'r-1' }, () => {
      log.debug('hidden');
      log.child({ orderId: 'o-1' }).warn('slow', { ms: 900 });
    });
    await log.flush();
    expect(sentMessages(h).map((m) => JSON.parse(m))).toEqual([
      {
        level: 'WARN',
        message: 'slow',
        timestamp: new Date(NOW).toISOString(),
        trace_id: 't-1',
        request_id: 'r-1',
        service: 'api',
        orderId: 'o-1',
        ms: 900,
      },
    ]);
  });

  it('after close(), puts throw ClientClosedError while the logger only counts the error', async () => {
    const { metrics, counters } = counting();
    const h = harness({}, { metrics });
    const log = h.client.logger({ logGroup: '/app/api', logStream: 'web-1' });
    log.info('before');
    await h.client.close();
    expect(sentMessages(h)).toHaveLength(1);
    expect(h.closed).toBe(true);
    expect(() =>
      h.client.events.putStructured('/app/api', 'web-1', { level: 'INFO', message: 'late' }),
    ).toThrow(ClientClosedError);
    expect(() =>
      h.client.events.putBuffered('/app/api', 'web-1', { timestamp: NOW, message: 'late' }),
    ).toThrow(/putBuffered/);
    expect(() => log.error('late')).not.toThrow();
    expect(counters).toContainEqual([
      'cloudwatch_logs.logger.errors',
      { error: 'ClientClosedError' },
    ]);
  });

  it('checks names at put time; the logger checks its options when created, then never throws', () => {
    const h = harness();
    expect(() =>
      h.client.events.putStructured('bad group name!', 's', { level: 'INFO', message: 'x' }),
    ).toThrow(ValidationError);
    expect(() => h.client.logger({ logGroup: 'bad group name!', logStream: 's' })).toThrow(
      /Invalid logGroup/,
    );
    expect(() => h.client.logger({ logGroup: '/g', logStream: 'a:b' })).toThrow(
      /Invalid logStream/,
    );
    expect(() =>
      h.client.logger({ logGroup: '/g', logStream: 's', level: 'verbose' as never }),
    ).toThrow(/must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL/);
    const log = h.client.logger({ logGroup: '/g', logStream: 's', level: 'debug' });
    expect(log.level).toBe('DEBUG');
    expect(log.child({ a: 1 }).isLevelEnabled('DEBUG')).toBe(true);
    // Fields that cannot be serialized plainly and a message over 1 MB still do not throw.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => log.fatal('x'.repeat(2_000_000), { cyclic, n: 10n })).not.toThrow();
  });

  it("rejects an oversized event at put time under oversized: 'reject'", () => {
    const h = harness({}, { buffer: { oversized: 'reject' } });
    expect(() =>
      h.client.events.putStructured('/app/api', 'web-1', {
        level: 'INFO',
        message: 'x'.repeat(1_048_576),
      }),
    ).toThrow(ValidationError);
  });

  it('shutdown hooks: beforeExit flushes and logging goes on; SIGINT closes and exits 130', async () => {
    const proc = Object.assign(new EventEmitter(), {
      pid: 1,
      exitCode: undefined as number | undefined,
      kill() {},
      exit(code?: number) {
        proc.exitCode = code;
      },
    });
    const h = harness();
    const uninstall = h.client.installShutdownHooks({
      process: proc as ProcessLike,
      timeoutMs: 1000,
    });
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    h.client.events.putBuffered('/app/api', 'web-1', { timestamp: NOW, message: 'one' });
    proc.emit('beforeExit', 0);
    await settle();
    expect(sentMessages(h)).toEqual(['one']);
    expect(proc.exitCode).toBeUndefined();
    h.client.events.putBuffered('/app/api', 'web-1', { timestamp: NOW, message: 'two' });
    proc.emit('SIGINT', 'SIGINT');
    await settle();
    await settle();
    expect(sentMessages(h)).toEqual(['one', 'two']);
    expect(proc.exitCode).toBe(130);
    expect(proc.listenerCount('SIGINT') + proc.listenerCount('beforeExit')).toBe(0);
    uninstall();
  });
});
