import { describe, expect, it } from 'vitest';
import {
  createInMemoryObservability,
  noopSpan,
  ObservabilityConfigError,
  REDACTED,
} from '../src/index.js';

function clockFrom(start: number) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('in-memory logs', () => {
  it('records level, message, fields and time of every record, oldest first', () => {
    const { clock, advance } = clockFrom(1000);
    const o = createInMemoryObservability({ clock });
    o.logger.debug('d', { a: 1 });
    advance(5);
    o.logger.info('i');
    o.logger.warn('w');
    o.logger.error('e', { error: new Error('boom') });
    expect(o.logs.map(({ level, msg, time }) => [level, msg, time])).toEqual([
      ['debug', 'd', 1000],
      ['info', 'i', 1005],
      ['warn', 'w', 1005],
      ['error', 'e', 1005],
    ]);
    expect(o.logs[0]!.fields).toEqual({ a: 1 });
    expect(o.logs[1]!.fields).toEqual({});
    expect(o.logs[3]!.fields.error).toMatchObject({ name: 'Error', message: 'boom' });
    expect(o.logsAt('warn').map((r) => r.msg)).toEqual(['w']);
  });

  it('records from the given level up, and reports it through isLevelEnabled', () => {
    const o = createInMemoryObservability({ level: 'warn' });
    o.logger.debug('d');
    o.logger.info('i');
    o.logger.warn('w');
    o.logger.error('e');
    expect(o.logs.map((r) => r.level)).toEqual(['warn', 'error']);
    expect(o.logger.isLevelEnabled?.('info')).toBe(false);
    expect(o.logger.isLevelEnabled?.('warn')).toBe(true);
    expect(createInMemoryObservability().logger.isLevelEnabled?.('debug')).toBe(true);
  });

  it('merges base, child and record fields; the record wins', () => {
    const o = createInMemoryObservability({ fields: { service: 'api', shard: 1 } });
    o.logger
      .child({ shard: 2, component: 'c' })
      .child({ stream: 's' })
      .info('m', { stream: 'own' });
    expect(o.logs[0]!.fields).toEqual({ service: 'api', shard: 2, component: 'c', stream: 'own' });
  });

  it('redacts as the real loggers do, or keeps values as given with redact: false', () => {
    const o = createInMemoryObservability({ fields: { apiKey: 'k' } });
    o.logger
      .child({ sessionToken: 's' })
      .info('Authorization: Bearer abcdefghijklmnopqrstuvwxyz', { password: 'p', n: 1n });
    expect(o.logs[0]).toMatchObject({
      msg: `Authorization: Bearer ${REDACTED}`,
      fields: { apiKey: REDACTED, sessionToken: REDACTED, password: REDACTED, n: '1' },
    });

    const custom = createInMemoryObservability({ redact: { keys: ['user'], censor: 'x' } });
    custom.logger.info('m', { user: 'u', password: 'p' });
    expect(custom.logs[0]!.fields).toEqual({ user: 'x', password: 'x' });

    const raw = createInMemoryObservability({ redact: false, fields: { apiKey: 'k' } });
    const error = new Error('e');
    raw.logger
      .child({ sessionToken: 's' })
      .info('Bearer abcdefghijklmnopqrstuvwxyz', { password: 'p', error });
    expect(raw.logs[0]!.msg).toBe('Bearer abcdefghijklmnopqrstuvwxyz');
    expect(raw.logs[0]!.fields).toEqual({ apiKey: 'k', sessionToken: 's', password: 'p', error });
    expect(raw.logs[0]!.fields.error).toBe(error);
  });
});

describe('in-memory metrics', () => {
  it('records every call with its kind, value, tags and time', () => {
    const { clock } = clockFrom(7);
    const o = createInMemoryObservability({ clock });
    o.metrics.counter('calls');
    o.metrics.counter('calls', 3, { op: 'Put' });
    o.metrics.histogram('latency', 12.5, { op: 'Put' });
    o.metrics.gauge('queue', 4);
    expect(o.metricRecords).toEqual([
      { kind: 'counter', name: 'calls', value: 1, tags: {}, time: 7 },
      { kind: 'counter', name: 'calls', value: 3, tags: { op: 'Put' }, time: 7 },
      { kind: 'histogram', name: 'latency', value: 12.5, tags: { op: 'Put' }, time: 7 },
      { kind: 'gauge', name: 'queue', value: 4, tags: {}, time: 7 },
    ]);
  });

  it('sums counters, lists histogram values and reads the latest gauge, filtered by tag subsets', () => {
    const o = createInMemoryObservability();
    o.metrics.counter('calls', 1, { op: 'Put', status: 'ok' });
    o.metrics.counter('calls', 2, { op: 'Put', status: 'error' });
    o.metrics.counter('calls', 4, { op: 'Get', status: 'ok' });
    o.metrics.histogram('calls', 100);
    o.metrics.histogram('latency', 10, { op: 'Put' });
    o.metrics.histogram('latency', 20, { op: 'Get' });
    o.metrics.histogram('latency', 30, { op: 'Put' });
    o.metrics.gauge('queue', 5, { group: 'a' });
    o.metrics.gauge('queue', 6, { group: 'b' });
    o.metrics.gauge('queue', 2, { group: 'a' });
    expect(o.counterTotal('calls')).toBe(7);
    expect(o.counterTotal('calls', { op: 'Put' })).toBe(3);
    expect(o.counterTotal('calls', { op: 'Put', status: 'ok' })).toBe(1);
    expect(o.counterTotal('calls', { op: 'Delete' })).toBe(0);
    expect(o.counterTotal('missing')).toBe(0);
    expect(o.histogramValues('latency')).toEqual([10, 20, 30]);
    expect(o.histogramValues('latency', { op: 'Put' })).toEqual([10, 30]);
    expect(o.histogramValues('calls')).toEqual([100]);
    expect(o.gaugeValue('queue')).toBe(2);
    expect(o.gaugeValue('queue', { group: 'b' })).toBe(6);
    expect(o.gaugeValue('queue', { group: 'c' })).toBeUndefined();
  });

  it('redacts secret tags and drops non-primitive tag values', () => {
    const o = createInMemoryObservability();
    o.metrics.counter('c', 1, { token: 't', op: 'x', obj: {} as unknown as string });
    expect(o.metricRecords[0]!.tags).toEqual({ token: REDACTED, op: 'x' });
    const raw = createInMemoryObservability({ redact: false });
    raw.metrics.gauge('g', 1, { token: 't' });
    expect(raw.metricRecords[0]!.tags).toEqual({ token: 't' });
  });
});

describe('in-memory spans', () => {
  it('records a span from its start, with everything done to it, and its end', () => {
    const { clock, advance } = clockFrom(100);
    const o = createInMemoryObservability({ clock });
    const span = o.tracer.startSpan('PutLogEvents', { 'aws.service': 'logs' }, { kind: 'client' });
    expect(o.spans).toHaveLength(1);
    expect(o.spans[0]!.ended).toBe(false);
    advance(10);
    span.setAttribute('attempt', 2).setAttributes?.({ retried: true, status: 500 });
    span.addEvent?.('retry', { delayMs: 50 });
    span.addEvent?.('bare');
    span.recordException(new RangeError('slow down'));
    span.recordException('text');
    span.recordException({ code: 42, password: 'p' });
    span.setStatus('error', 'Throttled');
    advance(5);
    span.end();
    const [recorded] = o.spans;
    expect(recorded).toMatchObject({
      name: 'PutLogEvents',
      kind: 'client',
      parentSpanId: undefined,
      attributes: { 'aws.service': 'logs', attempt: 2, retried: true, status: 500 },
      events: [
        { name: 'retry', attributes: { delayMs: 50 }, time: 110 },
        { name: 'bare', attributes: {}, time: 110 },
      ],
      status: { code: 'error', message: 'Throttled' },
      startTime: 100,
      endTime: 115,
      ended: true,
    });
    expect(recorded!.exceptions).toMatchObject([
      { name: 'RangeError', message: 'slow down' },
      { name: 'Error', message: 'text' },
      { name: 'Error', message: `{"code":42,"password":"${REDACTED}"}` },
    ]);
    expect(recorded!.exceptions[0]!.stack).toContain('slow down');
    expect(recorded!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(recorded!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.spanContext?.()).toEqual({ traceId: recorded!.traceId, spanId: recorded!.spanId });
  });

  it('defaults to kind internal, unset status, and honours explicit start and end times', () => {
    const o = createInMemoryObservability();
    o.tracer.startSpan('s', undefined, { startTime: 5 }).end(9);
    o.tracer.startSpan('ok').setStatus('ok', 'ignored for ok').end();
    expect(o.spans[0]).toMatchObject({
      kind: 'internal',
      status: { code: 'unset' },
      startTime: 5,
      endTime: 9,
    });
    expect(o.spans[0]!.attributes).toEqual({});
    expect(o.spans[1]!.status).toEqual({ code: 'ok' });
  });

  it('ignores changes after end and a second end', () => {
    const { clock, advance } = clockFrom(0);
    const o = createInMemoryObservability({ clock });
    const span = o.tracer.startSpan('s');
    span.end();
    advance(50);
    span.setAttribute('a', 1).setAttributes?.({ b: 2 });
    span.addEvent?.('late');
    span.recordException(new Error('late'));
    span.setStatus('error');
    span.end();
    expect(o.spans[0]).toMatchObject({
      attributes: {},
      events: [],
      exceptions: [],
      status: { code: 'unset' },
      endTime: 0,
    });
  });

  it('links parents explicitly, through the active span, and starts new traces for parent null', async () => {
    const o = createInMemoryObservability();
    const root = o.tracer.startSpan('root');
    o.tracer.startSpan('explicit', {}, { parent: root });
    await o.tracer.withActiveSpan!(root, async () => {
      await Promise.resolve();
      o.tracer.startSpan('active child');
      o.tracer.startSpan('detached', {}, { parent: null });
      o.tracer.startSpan('foreign parent', {}, { parent: noopSpan });
    });
    o.tracer.startSpan('after');
    const byName = new Map(o.spans.map((s) => [s.name, s]));
    const rootRecord = byName.get('root')!;
    for (const name of ['explicit', 'active child']) {
      expect(byName.get(name)!.parentSpanId, name).toBe(rootRecord.spanId);
      expect(byName.get(name)!.traceId, name).toBe(rootRecord.traceId);
    }
    for (const name of ['detached', 'foreign parent', 'after']) {
      expect(byName.get(name)!.parentSpanId, name).toBeUndefined();
      expect(byName.get(name)!.traceId, name).not.toBe(rootRecord.traceId);
    }
    expect(o.tracer.withActiveSpan!(noopSpan, () => 'ran')).toBe('ran');
    expect(o.spansNamed('root')).toEqual([rootRecord]);
    expect(o.spansNamed('none')).toEqual([]);
  });

  it('redacts secret attributes and scrubs strings and status messages', () => {
    const o = createInMemoryObservability();
    const span = o.tracer.startSpan('s', { authorization: 'a' });
    span.setAttribute('cookie', 'c').setAttributes?.({ url: '?X-Amz-Security-Token=abc' });
    span.setAttribute('object', {} as unknown as string);
    span.addEvent?.('e', { secret: 's' });
    span.setStatus('error', 'Signature=00112233445566778899');
    expect(o.spans[0]).toMatchObject({
      attributes: {
        authorization: REDACTED,
        cookie: REDACTED,
        url: `?X-Amz-Security-Token=${REDACTED}`,
      },
      events: [{ attributes: { secret: REDACTED } }],
      status: { message: `Signature=${REDACTED}` },
    });
    const raw = createInMemoryObservability({ redact: false });
    raw.tracer
      .startSpan('s', { authorization: 'a' })
      .setStatus('error', 'Signature=00112233445566778899');
    raw.tracer.startSpan('t').recordException({ big: 1n });
    expect(raw.spans[0]).toMatchObject({
      attributes: { authorization: 'a' },
      status: { message: 'Signature=00112233445566778899' },
    });
    expect(raw.spans[1]!.exceptions[0]!.message).toBe('[object Object]');
  });
});

describe('reset and options', () => {
  it('empties logs, metrics and spans in place', () => {
    const o = createInMemoryObservability();
    const { logs, metricRecords, spans } = o;
    o.logger.info('x');
    o.metrics.counter('c');
    o.tracer.startSpan('s');
    o.reset();
    expect([logs.length, metricRecords.length, spans.length]).toEqual([0, 0, 0]);
    expect(o.logs).toBe(logs);
    o.logger.info('after');
    expect(logs).toHaveLength(1);
  });

  it('rejects invalid options with ObservabilityConfigError naming the field', () => {
    for (const [options, field, value] of [
      [{ clock: 'now' }, 'clock', 'now'],
      [{ level: 'silent' }, 'level', 'silent'],
      [{ redact: { censor: 1 } }, 'censor', 1],
    ] as const) {
      let caught: unknown;
      try {
        createInMemoryObservability(options as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ObservabilityConfigError);
      expect((caught as ObservabilityConfigError).field).toBe(field);
      expect((caught as ObservabilityConfigError).value).toBe(value);
    }
  });
});
