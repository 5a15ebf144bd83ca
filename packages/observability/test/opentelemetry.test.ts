import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createInMemoryObservability,
  createOpenTelemetryObservability,
  createOpenTelemetryObservabilitySync,
  type Observability,
  ObservabilityConfigError,
  type OpenTelemetryApi,
  type OtelMeterProviderLike,
  REDACTED,
  withSpan,
} from '../src/index.js';

class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
  async metrics(): Promise<ResourceMetrics> {
    const { resourceMetrics, errors } = await this.collect();
    expect(errors).toEqual([]);
    return resourceMetrics;
  }
}

function metricNamed(resource: ResourceMetrics, name: string) {
  for (const scope of resource.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name === name) return { scope: scope.scope, metric };
    }
  }
  return undefined;
}

function points<T>(resource: ResourceMetrics, name: string): DataPoint<T>[] {
  const found = metricNamed(resource, name);
  if (!found) throw new Error(`no metric ${name}`);
  return found.metric.dataPoints as DataPoint<T>[];
}

let exporter: InMemorySpanExporter;
let tracerProvider: BasicTracerProvider;
let reader: CollectingReader;
let meterProvider: MeterProvider;

beforeEach(() => {
  exporter = new InMemorySpanExporter();
  tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  reader = new CollectingReader();
  meterProvider = new MeterProvider({ readers: [reader] });
});

afterEach(async () => {
  api.trace.disable();
  api.metrics.disable();
  api.context.disable();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
});

const bridge = (options: Parameters<typeof createOpenTelemetryObservabilitySync>[0]) =>
  createOpenTelemetryObservabilitySync(options);

const finished = (): ReadableSpan[] => exporter.getFinishedSpans();

describe('createOpenTelemetryObservability', () => {
  it('loads @opentelemetry/api by itself when `api` is not passed and uses the global providers', async () => {
    api.trace.setGlobalTracerProvider(tracerProvider);
    api.metrics.setGlobalMeterProvider(meterProvider);
    const o = await createOpenTelemetryObservability();
    o.tracer.startSpan('global span').end();
    o.metrics.counter('global.counter');
    expect(finished().map((span) => span.name)).toEqual(['global span']);
    expect(finished()[0]!.instrumentationScope.name).toBe('@integrations/observability');
    expect(points<number>(await reader.metrics(), 'global.counter')[0]!.value).toBe(1);
  });

  it('accepts the api module it is given and names the instrumentation scopes', async () => {
    const o = await createOpenTelemetryObservability({
      api,
      tracerProvider,
      meterProvider,
      tracerName: 'my-lib',
      meterName: 'my-lib-metrics',
      version: '1.2.3',
    });
    o.tracer.startSpan('s').end();
    o.metrics.counter('c');
    expect(finished()[0]!.instrumentationScope).toMatchObject({ name: 'my-lib', version: '1.2.3' });
    const found = metricNamed(await reader.metrics(), 'c');
    expect(found?.scope).toMatchObject({ name: 'my-lib-metrics', version: '1.2.3' });
  });

  it('names the meter after the tracer by default', async () => {
    const o = bridge({ api, meterProvider, tracerName: 'shared-name' });
    o.metrics.counter('c');
    expect(metricNamed(await reader.metrics(), 'c')?.scope.name).toBe('shared-name');
  });

  it('rejects options that cannot work with ObservabilityConfigError naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ api: {} }, 'api'],
      [{ api, tracerName: '' }, 'tracerName'],
      [{ api, meterName: 42 }, 'meterName'],
      [{ api, version: 1 }, 'version'],
      [{ api, instruments: { h: { boundaries: [5, 1] } } }, 'instruments.h.boundaries'],
      [{ api, instruments: { h: { boundaries: [1, Number.NaN] } } }, 'instruments.h.boundaries'],
    ];
    for (const [options, field] of cases) {
      const attempt = () => bridge(options as unknown as Parameters<typeof bridge>[0]);
      expect(attempt).toThrow(ObservabilityConfigError);
      try {
        attempt();
      } catch (error) {
        expect((error as ObservabilityConfigError).field).toBe(field);
        expect((error as ObservabilityConfigError).code).toBe('ObservabilityConfigError');
      }
    }
  });
});

describe('spans', () => {
  let o: Observability;
  beforeEach(() => {
    o = bridge({ api, tracerProvider, meterProvider });
  });

  it('maps attributes, events, exceptions, status, kind and times onto the OpenTelemetry span', () => {
    const span = o.tracer.startSpan(
      'PutLogEvents',
      { 'rpc.system': 'aws-api', attempt: 1 },
      { kind: 'client', startTime: Date.UTC(2024, 0, 1, 0, 0, 0) },
    );
    span.setAttribute('aws.region', 'us-east-1').setAttribute('retried', false);
    span.setAttributes?.({ 'http.status_code': 400, 'aws.request_id': 'r-1' });
    span.addEvent?.('retry', { delayMs: 100 });
    const error = new TypeError('bad input');
    span.recordException(error);
    span.setStatus('error', 'ValidationException');
    span.end(Date.UTC(2024, 0, 1, 0, 0, 1));

    const [exported] = finished();
    expect(exported!.name).toBe('PutLogEvents');
    expect(exported!.kind).toBe(api.SpanKind.CLIENT);
    expect(exported!.attributes).toEqual({
      'rpc.system': 'aws-api',
      attempt: 1,
      'aws.region': 'us-east-1',
      retried: false,
      'http.status_code': 400,
      'aws.request_id': 'r-1',
    });
    expect(exported!.status).toEqual({
      code: api.SpanStatusCode.ERROR,
      message: 'ValidationException',
    });
    expect(exported!.startTime).toEqual([1704067200, 0]);
    expect(exported!.endTime).toEqual([1704067201, 0]);
    expect(exported!.events.map((event) => event.name)).toEqual(['retry', 'exception']);
    expect(exported!.events[0]!.attributes).toEqual({ delayMs: 100 });
    expect(exported!.events[1]!.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'bad input',
    });
    expect(exported!.events[1]!.attributes?.['exception.stacktrace']).toContain('bad input');
  });

  it('maps every span kind and the ok status', () => {
    const kinds = ['internal', 'server', 'client', 'producer', 'consumer'] as const;
    for (const kind of kinds) o.tracer.startSpan(kind, {}, { kind }).setStatus('ok').end();
    o.tracer.startSpan('default').end();
    const byName = new Map(finished().map((span) => [span.name, span]));
    expect(byName.get('internal')!.kind).toBe(api.SpanKind.INTERNAL);
    expect(byName.get('server')!.kind).toBe(api.SpanKind.SERVER);
    expect(byName.get('client')!.kind).toBe(api.SpanKind.CLIENT);
    expect(byName.get('producer')!.kind).toBe(api.SpanKind.PRODUCER);
    expect(byName.get('consumer')!.kind).toBe(api.SpanKind.CONSUMER);
    expect(byName.get('default')!.kind).toBe(api.SpanKind.INTERNAL);
    expect(byName.get('client')!.status).toEqual({ code: api.SpanStatusCode.OK });
    expect(byName.get('default')!.status).toEqual({ code: api.SpanStatusCode.UNSET });
  });

  it('sets an error status without a message', () => {
    o.tracer.startSpan('s').setStatus('error').end();
    expect(finished()[0]!.status).toEqual({ code: api.SpanStatusCode.ERROR });
  });

  it('records non-Error exceptions as messages', () => {
    const span = o.tracer.startSpan('s');
    span.recordException('plain text');
    span.recordException({ reason: 'x', password: 'hunter2' });
    span.end();
    const messages = finished()[0]!.events.map((event) => event.attributes?.['exception.message']);
    expect(messages).toEqual(['plain text', `{"reason":"x","password":"${REDACTED}"}`]);
  });

  it('ignores everything after end, and a second end', () => {
    const span = o.tracer.startSpan('s', {}, { startTime: Date.UTC(2024, 0, 1) });
    span.end(Date.UTC(2024, 0, 1, 0, 0, 1));
    span.setAttribute('late', 1).setAttributes?.({ later: 2 });
    span.addEvent?.('late');
    span.recordException(new Error('late'));
    span.setStatus('error', 'late');
    span.end(Date.UTC(2025, 0, 1));
    const [exported] = finished();
    expect(finished()).toHaveLength(1);
    expect(exported!.attributes).toEqual({});
    expect(exported!.events).toEqual([]);
    expect(exported!.status.code).toBe(api.SpanStatusCode.UNSET);
    expect(exported!.endTime).toEqual([1704067201, 0]);
  });

  it('exposes the span context of the OpenTelemetry span', () => {
    const span = o.tracer.startSpan('s');
    const context = span.spanContext?.();
    span.end();
    expect(context).toEqual({
      traceId: finished()[0]!.spanContext().traceId,
      spanId: finished()[0]!.spanContext().spanId,
    });
    expect(context?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('has no span context when no tracer provider is registered', () => {
    const unregistered = bridge({ api });
    expect(unregistered.tracer.startSpan('s').spanContext?.()).toBeUndefined();
  });

  it('parents spans explicitly, and starts a new trace for parent null', () => {
    const parent = o.tracer.startSpan('parent');
    const child = o.tracer.startSpan('child', {}, { parent });
    const root = o.tracer.withActiveSpan!(parent, () =>
      o.tracer.startSpan('root', {}, { parent: null }),
    );
    const foreign = createInMemoryObservability().tracer.startSpan('foreign');
    const orphan = o.tracer.startSpan('orphan', {}, { parent: foreign });
    for (const span of [child, root, orphan, parent]) span.end();
    const byName = new Map(finished().map((span) => [span.name, span]));
    const parentContext = byName.get('parent')!.spanContext();
    expect(byName.get('child')!.parentSpanContext?.spanId).toBe(parentContext.spanId);
    expect(byName.get('child')!.spanContext().traceId).toBe(parentContext.traceId);
    expect(byName.get('root')!.parentSpanContext).toBeUndefined();
    expect(byName.get('root')!.spanContext().traceId).not.toBe(parentContext.traceId);
    expect(byName.get('orphan')!.parentSpanContext).toBeUndefined();
  });

  it('makes a span active so OpenTelemetry instrumentation and nested spans become children', async () => {
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const outer = o.tracer.startSpan('outer');
    await o.tracer.withActiveSpan!(outer, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(api.trace.getActiveSpan()?.spanContext().spanId).toBe(outer.spanContext?.()?.spanId);
      o.tracer.startSpan('ours').end();
      tracerProvider.getTracer('other-instrumentation').startSpan('theirs').end();
    });
    outer.end();
    expect(
      o.tracer.withActiveSpan!(createInMemoryObservability().tracer.startSpan('x'), () => 7),
    ).toBe(7);
    const byName = new Map(finished().map((span) => [span.name, span]));
    const outerId = byName.get('outer')!.spanContext().spanId;
    expect(byName.get('ours')!.parentSpanContext?.spanId).toBe(outerId);
    expect(byName.get('theirs')!.parentSpanContext?.spanId).toBe(outerId);
  });

  it('continues the application span that is active when a span starts', () => {
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const appSpan = tracerProvider.getTracer('app').startSpan('http request');
    api.context.with(api.trace.setSpan(api.context.active(), appSpan), () => {
      o.tracer.startSpan('aws call').end();
    });
    appSpan.end();
    const call = finished().find((span) => span.name === 'aws call')!;
    expect(call.parentSpanContext?.spanId).toBe(appSpan.spanContext().spanId);
  });

  it('withSpan records a failure on the OpenTelemetry span and ends it', async () => {
    await expect(
      withSpan(o.tracer, 'failing', () => Promise.reject(new Error('denied')), { kind: 'client' }),
    ).rejects.toThrow('denied');
    const [exported] = finished();
    expect(exported!.status).toEqual({ code: api.SpanStatusCode.ERROR, message: 'denied' });
    expect(exported!.kind).toBe(api.SpanKind.CLIENT);
    expect(exported!.events[0]!.name).toBe('exception');
  });

  it('redacts secret attributes, secret-looking strings, exception texts and status messages', () => {
    const span = o.tracer.startSpan('s', { 'http.request.header.authorization': 'AWS4 abc' });
    span.setAttribute('password', 'hunter2').setAttribute('object', [] as unknown as string);
    span.setAttributes?.({
      'aws.session_token': 'IQo',
      url: 'https://h/?X-Amz-Security-Token=tok&a=1',
    });
    span.addEvent?.('e', { apiKey: 'k' });
    span.recordException(new Error('Signature=0123456789abcdef0123456789abcdef'));
    span.setStatus('error', 'Bearer abcdefghijklmnopqrstuvwxyz');
    span.end();
    const [exported] = finished();
    expect(exported!.attributes).toEqual({
      'http.request.header.authorization': REDACTED,
      password: REDACTED,
      'aws.session_token': REDACTED,
      url: `https://h/?X-Amz-Security-Token=${REDACTED}&a=1`,
    });
    expect(exported!.events[0]!.attributes).toEqual({ apiKey: REDACTED });
    expect(exported!.events[1]!.attributes?.['exception.message']).toBe(`Signature=${REDACTED}`);
    expect(exported!.status.message).toBe(`Bearer ${REDACTED}`);
    expect(JSON.stringify(exported!.events)).not.toContain('0123456789abcdef0123456789abcdef');
  });

  it('passes values through unchanged with redact: false, and honours custom redaction keys', () => {
    const raw = bridge({ api, tracerProvider, redact: false });
    raw.tracer.startSpan('raw', { password: 'hunter2' }).end();
    const custom = bridge({ api, tracerProvider, redact: { keys: ['tenant'], censor: '***' } });
    custom.tracer.startSpan('custom', { tenant: 't-1', password: 'p' }).end();
    const byName = new Map(finished().map((span) => [span.name, span]));
    expect(byName.get('raw')!.attributes).toEqual({ password: 'hunter2' });
    expect(byName.get('custom')!.attributes).toEqual({ tenant: '***', password: '***' });
  });
});

describe('metrics', () => {
  it('maps counters, histograms and gauges onto OpenTelemetry instruments with tags as attributes', async () => {
    const o = bridge({ api, meterProvider });
    o.metrics.counter('aws.calls', 1, { operation: 'PutLogEvents' });
    o.metrics.counter('aws.calls', undefined, { operation: 'PutLogEvents' });
    o.metrics.counter('aws.calls', 5, { operation: 'CreateLogGroup' });
    o.metrics.histogram('aws.latency', 12, { operation: 'PutLogEvents' });
    o.metrics.histogram('aws.latency', 30, { operation: 'PutLogEvents' });
    o.metrics.gauge('buffer.events', 10, { group: '/app' });
    o.metrics.gauge('buffer.events', 3, { group: '/app' });
    o.metrics.gauge('buffer.events', 7, { group: '/db' });
    const collected = await reader.metrics();

    const calls = points<number>(collected, 'aws.calls');
    expect(calls.map((p) => [p.attributes, p.value])).toEqual([
      [{ operation: 'PutLogEvents' }, 2],
      [{ operation: 'CreateLogGroup' }, 5],
    ]);
    const [latency] = points<Histogram>(collected, 'aws.latency');
    expect(latency!.attributes).toEqual({ operation: 'PutLogEvents' });
    expect(latency!.value).toMatchObject({ count: 2, sum: 42, min: 12, max: 30 });
    const gauges = points<number>(collected, 'buffer.events');
    expect(gauges.map((p) => [p.attributes, p.value])).toEqual([
      [{ group: '/app' }, 3],
      [{ group: '/db' }, 7],
    ]);
  });

  it('creates each instrument once per name and caches it', () => {
    const created: string[] = [];
    const countingProvider: OtelMeterProviderLike = {
      getMeter(name, version) {
        const meter = meterProvider.getMeter(name, version);
        const track = <T>(entry: string, instrument: T): T => {
          created.push(entry);
          return instrument;
        };
        return {
          createCounter: (n, opts) => track(`counter:${n}`, meter.createCounter(n, opts)),
          createHistogram: (n, opts) => track(`histogram:${n}`, meter.createHistogram(n, opts)),
          createGauge: (n, opts) => track(`gauge:${n}`, meter.createGauge(n, opts)),
          createObservableGauge: (n, opts) => meter.createObservableGauge(n, opts),
        };
      },
    };
    const o = bridge({ api, meterProvider: countingProvider });
    for (let i = 0; i < 3; i++) {
      o.metrics.counter('c');
      o.metrics.histogram('h', i);
      o.metrics.gauge('g', i);
    }
    o.metrics.counter('c2');
    expect(created).toEqual(['counter:c', 'histogram:h', 'gauge:g', 'counter:c2']);
  });

  it('describes instruments: description, unit and histogram buckets', async () => {
    const o = bridge({
      api,
      meterProvider,
      instruments: {
        'aws.latency': { description: 'AWS call latency', unit: 'ms', boundaries: [10, 100, 1000] },
        'aws.calls': { description: 'AWS calls', unit: '{call}' },
        'buffer.bytes': { unit: 'By' },
      },
    });
    o.metrics.histogram('aws.latency', 50);
    o.metrics.histogram('aws.latency', 5000);
    o.metrics.counter('aws.calls');
    o.metrics.gauge('buffer.bytes', 1);
    const collected = await reader.metrics();
    const latency = metricNamed(collected, 'aws.latency')!.metric;
    expect(latency.descriptor).toMatchObject({ description: 'AWS call latency', unit: 'ms' });
    const histogram = (latency.dataPoints[0] as DataPoint<Histogram>).value;
    expect(histogram.buckets.boundaries).toEqual([10, 100, 1000]);
    expect(histogram.buckets.counts).toEqual([0, 1, 0, 1]);
    expect(metricNamed(collected, 'aws.calls')!.metric.descriptor).toMatchObject({
      description: 'AWS calls',
      unit: '{call}',
    });
    expect(metricNamed(collected, 'buffer.bytes')!.metric.descriptor.unit).toBe('By');
  });

  it('falls back to an observable gauge reporting the latest value per tag set when createGauge is missing', async () => {
    const withoutSyncGauge: OtelMeterProviderLike = {
      getMeter(name, version) {
        const meter = meterProvider.getMeter(name, version);
        return {
          createCounter: (n, opts) => meter.createCounter(n, opts),
          createHistogram: (n, opts) => meter.createHistogram(n, opts),
          createObservableGauge: (n, opts) => meter.createObservableGauge(n, opts),
        };
      },
    };
    const o = bridge({
      api,
      meterProvider: withoutSyncGauge,
      instruments: { queue: { description: 'queued events' } },
    });
    o.metrics.gauge('queue', 4, { b: 2, a: 1 });
    o.metrics.gauge('queue', 9, { a: 1, b: 2 });
    o.metrics.gauge('queue', 1);
    const collected = await reader.metrics();
    const found = metricNamed(collected, 'queue')!;
    expect(found.metric.descriptor.description).toBe('queued events');
    expect(found.metric.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ b: 2, a: 1 }, 9],
      [{}, 1],
    ]);
  });

  it('follows the global meter provider when it is registered after the bridge was created', async () => {
    const o = bridge({ api });
    o.metrics.counter('early');
    o.metrics.histogram('early.h', 1);
    o.metrics.gauge('early.g', 1);
    api.metrics.setGlobalMeterProvider(meterProvider);
    o.metrics.counter('early', 2);
    o.metrics.histogram('early.h', 3);
    o.metrics.gauge('early.g', 4);
    const collected = await reader.metrics();
    expect(points<number>(collected, 'early')[0]!.value).toBe(2);
    expect(points<Histogram>(collected, 'early.h')[0]!.value.sum).toBe(3);
    expect(points<number>(collected, 'early.g')[0]!.value).toBe(4);
  });

  it('redacts secret tags and scrubs tag values; non-primitive tags are dropped', async () => {
    const o = bridge({ api, meterProvider });
    o.metrics.counter('c', 1, {
      token: 'abc',
      op: 'x',
      url: 'https://h/?X-Amz-Security-Token=secret',
      bad: { nested: true } as unknown as string,
    });
    const [point] = points<number>(await reader.metrics(), 'c');
    expect(point!.attributes).toEqual({
      token: REDACTED,
      op: 'x',
      url: `https://h/?X-Amz-Security-Token=${REDACTED}`,
    });
  });
});

describe('log correlation', () => {
  it('adds trace_id and span_id of the active span to log records, in children too', () => {
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const memory = createInMemoryObservability();
    const o = bridge({ api, tracerProvider, logger: memory.logger });
    o.logger.info('outside');
    const span = o.tracer.startSpan('s');
    o.tracer.withActiveSpan!(span, () => {
      o.logger.debug('d', { a: 1 });
      o.logger.info('i');
      o.logger.warn('w');
      o.logger.error('e');
      o.logger.child({ component: 'buffer' }).info('from child');
    });
    span.end();
    const { traceId, spanId } = span.spanContext!()!;
    expect(memory.logs[0]!.fields).toEqual({});
    expect(memory.logs.slice(1).map((log) => [log.level, log.msg, log.fields])).toEqual([
      ['debug', 'd', { trace_id: traceId, span_id: spanId, a: 1 }],
      ['info', 'i', { trace_id: traceId, span_id: spanId }],
      ['warn', 'w', { trace_id: traceId, span_id: spanId }],
      ['error', 'e', { trace_id: traceId, span_id: spanId }],
      ['info', 'from child', { component: 'buffer', trace_id: traceId, span_id: spanId }],
    ]);
  });

  it('skips spans without a valid context, and can be turned off', () => {
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const memory = createInMemoryObservability({ level: 'info' });
    const unsampled = bridge({ api, logger: memory.logger });
    const noContext = unsampled.tracer.startSpan('s');
    unsampled.tracer.withActiveSpan!(noContext, () => unsampled.logger.info('no context'));
    const off = bridge({ api, tracerProvider, logger: memory.logger, logCorrelation: false });
    const span = off.tracer.startSpan('s');
    off.tracer.withActiveSpan!(span, () => off.logger.info('off'));
    expect(memory.logs.map((log) => log.fields)).toEqual([{}, {}]);
    expect(off.logger).toBe(memory.logger);
    expect(unsampled.logger.isLevelEnabled?.('debug')).toBe(false);
    expect(unsampled.logger.isLevelEnabled?.('info')).toBe(true);
  });

  it('uses the no-op logger by default, and reports levels enabled for loggers without isLevelEnabled', () => {
    const o = bridge({ api });
    expect(() => o.logger.error('nowhere')).not.toThrow();
    expect(o.logger.isLevelEnabled?.('error')).toBe(false);
    const lines: string[] = [];
    const plain = {
      debug: (msg: string) => lines.push(msg),
      info: (msg: string) => lines.push(msg),
      warn: (msg: string) => lines.push(msg),
      error: (msg: string) => lines.push(msg),
      child: () => plain,
    };
    const withPlain = bridge({ api, logger: plain });
    expect(withPlain.logger.isLevelEnabled?.('debug')).toBe(true);
    withPlain.logger.child({}).warn('w');
    expect(lines).toEqual(['w']);
  });
});

it('accepts the real @opentelemetry/api module as OpenTelemetryApi', () => {
  const typed: OpenTelemetryApi = api;
  expect(typed.trace).toBe(api.trace);
});
